"""Signals of the sla app, named in one place. Receivers (inbox.sla_bridge, reports) turn
them into timeline rows, realtime events, escalations and reporting events.

Every signal is sent with sender=SlaEvent and event=SlaEvent (case_id, workspace_id,
policy_id, target, cycle, business, due_at, occurred_at, margin_seconds). Events sent by
the dispatcher also carry `event.policy`: the SlaPolicy with its escalation targets
loaded (the team, the member to email), or None if the policy is gone.

- `sla_met` is sent inside the transaction that answered the clock (an agent reply, a
  resolution), like the inbox's own signals.
- `sla_at_risk` and `sla_breached` are sent by `sla_events_dispatch`, in a transaction of
  their own after the sweep committed: the sweep never locks case rows, so it can never
  deadlock with an agent working on the case. Each event is sent once.
"""

from django.dispatch import Signal

sla_met = Signal()
sla_at_risk = Signal()
sla_breached = Signal()
