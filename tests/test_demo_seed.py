"""The demo workspace `make run` shows a new user: one channel account per kind, canned
answers and a few live-looking conversations, seeded idempotently."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from channel_accounts.models import ChannelAccount
from inbox.models import AssignmentPolicy, CannedResponse, Case, Message
from integrations.events import ChannelKind
from sla.models import CaseSla, SlaPolicy

pytestmark = pytest.mark.django_db


def test_demo_inbox_is_seeded_once():
    for _ in range(2):
        call_command("seed_demo", verbosity=0)
        call_command("seed_demo_inbox", verbosity=0)
    assert set(ChannelAccount.objects.values_list("kind", flat=True)) == {kind.value for kind in ChannelKind}
    assert Case.objects.count() == 8
    assert Message.objects.filter(direction="in").count() == 9
    assert Message.objects.filter(direction="out").count() == 1
    assert CannedResponse.objects.count() == 4
    assert Case.objects.filter(status="pending", assignee__isnull=False).count() == 1
    # Every demo case runs on an SLA clock: 24/7 for social channels, office hours for email.
    assert SlaPolicy.objects.count() == 2
    assert CaseSla.objects.filter(first_response_due_at__isnull=False).count() == 8
    assert CaseSla.objects.filter(first_response_completed_at__isnull=False).count() == 1  # the one Ana answered
    # Every account routes its new cases to a team, whose agents take them up to a capacity.
    assert not ChannelAccount.objects.filter(default_team__isnull=True).exists()
    assert sorted(AssignmentPolicy.objects.values_list("team__name", "agent_capacity")) == [("Email & web", 5), ("Social care", 8)]
