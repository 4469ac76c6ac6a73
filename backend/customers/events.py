"""Signals other apps listen to. Named here, in one place (DESIGN: cross-app side effects
go through explicit signals), sent inside the transaction that made the change."""

from django.dispatch import Signal

# sender=Customer, source=Customer, target=Customer, actor=Membership|None.
# Receivers move what they own from source to target and return how many rows moved.
customer_merged = Signal()
