"""Domain signals of the inbox, named in one place. Sent inside the transaction that made
the change; the reports app records them as reporting events (inbox never imports reports).

Every signal is sent with sender=Case and keyword arguments case=Case, at=datetime, plus
those listed.
"""

from django.dispatch import Signal

case_opened = Signal()  # new case
case_reopened = Signal()  # a customer wrote again within the reopen window
message_received = Signal()  # message=Message (from the customer)
agent_replied = Signal()  # message=Message, first_response=bool
case_status_changed = Signal()  # old=str, new=str, actor=Membership|None
case_assigned = Signal()  # assignee=Membership|None, actor=Membership|None, automatic=bool
outbound_message_queued = Signal()  # message=Message: a reply waits for delivery by its channel
