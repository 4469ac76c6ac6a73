"""Agent actions: each a named service that locks the case, checks its state, records the
timeline and publishes after commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import team_create
from core.errors import ApplicationError, ConflictError
from core.models import RealtimeEvent
from customers.models import Customer, CustomerMerge, Identity
from customers.selectors import customer_merge_suggestions
from customers.services import customer_merge, customer_update
from inbox import services
from inbox.models import Case, CaseEvent, CaseStatus, DeliveryStatus, Mention, Message, Priority
from inbox.signals import outbound_message_queued
from reports.models import ReportingEvent
from tests.inbox_helpers import channel_account, inbound, ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(tenant_a):
    return channel_account(tenant_a.workspace)


@pytest.fixture
def case(account):
    return ingest(account).case


def timeline_kinds(case):
    return list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("kind", flat=True))


class TestReply:
    def test_reply_is_queued_and_stamps_the_first_response_once(self, case, tenant_a):
        queued = []
        outbound_message_queued.connect(lambda sender, message, **kw: queued.append(message.pk), weak=False, dispatch_uid="t")
        try:
            first = services.case_reply(case=case, author=tenant_a.agent, text="  Hola Ana, lo reviso ")
            case.refresh_from_db()
            first_response_at = case.first_response_at
            services.case_reply(case=case, author=tenant_a.agent, text="Ya está enviado")
        finally:
            outbound_message_queued.disconnect(dispatch_uid="t")
        case.refresh_from_db()
        assert first.text == "Hola Ana, lo reviso" and first.status == DeliveryStatus.QUEUED and first.direction == "out"
        assert case.first_response_at == first_response_at is not None
        assert case.status == CaseStatus.OPEN and case.waiting_since is None and case.agent_reply_count == 2
        assert queued == list(Message.objects.filter(direction="out").order_by("pk").values_list("pk", flat=True))
        replies = ReportingEvent.objects.filter(kind="agent_replied").order_by("pk")
        assert [r.data["first_response"] for r in replies] == [True, False]
        assert replies[0].value_seconds is not None and replies[0].membership_id == tenant_a.agent.pk

    def test_blank_reply_is_refused_with_the_field(self, case, tenant_a):
        with pytest.raises(ApplicationError) as error:
            services.case_reply(case=case, author=tenant_a.agent, text="   ")
        assert "text" in error.value.extra["fields"]

    def test_reply_to_must_be_in_the_case(self, tenant_a, account, case):
        other = ingest(account, inbound(sender="someone-else")).message
        with pytest.raises(ApplicationError):
            services.case_reply(case=case, author=tenant_a.agent, text="x", reply_to=other)


class TestNotes:
    def test_notes_mention_colleagues_without_touching_the_clocks(self, case, tenant_a):
        before = Case.objects.get(pk=case.pk)
        note = services.case_add_note(case=case, author=tenant_a.admin, text="@agent ¿puedes mirar esto? cc @nobody")
        after = Case.objects.get(pk=case.pk)
        assert note.kind == "note"
        assert (after.waiting_since, after.first_response_at, after.status) == (before.waiting_since, None, CaseStatus.NEW)
        assert list(Mention.objects.values_list("membership_id", flat=True)) == [tenant_a.agent.pk]
        notice = RealtimeEvent.objects.get(type="mention.created")
        assert notice.groups == [f"user.{tenant_a.agent.user_id}"]

    def test_mention_ids_must_be_colleagues(self, case, tenant_a, tenant_b):
        with pytest.raises(ApplicationError):
            services.case_add_note(case=case, author=tenant_a.admin, text="hey", mention_ids=[tenant_b.agent.pk])


class TestAssignment:
    def test_assign_and_unassign_are_on_the_timeline(self, case, tenant_a):
        services.case_assign(case=case, assignee=tenant_a.agent, actor=tenant_a.admin)
        services.case_assign(case=case, assignee=tenant_a.agent, actor=tenant_a.admin)  # no-op
        services.case_assign(case=case, assignee=None, actor=tenant_a.admin)
        assert timeline_kinds(case) == ["created", "assigned", "unassigned"]
        assigned = CaseEvent.objects.get(case=case, kind="assigned")
        assert assigned.actor == tenant_a.admin and assigned.data["assignee_id"] == tenant_a.agent.pk
        assert ReportingEvent.objects.filter(kind="case_assigned").count() == 2

    def test_assignee_of_another_workspace_is_refused(self, case, tenant_b, tenant_a):
        with pytest.raises(ApplicationError):
            services.case_assign(case=case, assignee=tenant_b.agent, actor=tenant_a.admin)

    def test_team_change_notifies_both_teams(self, case, tenant_a):
        social = team_create(workspace=tenant_a.workspace, name="Social")
        email = team_create(workspace=tenant_a.workspace, name="Email")
        services.case_set_team(case=case, team=social, actor=tenant_a.admin)
        services.case_set_team(case=case, team=email, actor=tenant_a.admin)
        last = RealtimeEvent.objects.filter(type="case.updated").latest("seq")
        assert {f"team.{social.pk}", f"team.{email.pk}"} <= set(last.groups)


class TestStatus:
    def test_resolve_then_reopen_counts_a_reopen(self, case, tenant_a):
        services.case_set_status(case=case, status="resolved", actor=tenant_a.agent)
        case.refresh_from_db()
        assert case.resolved_at is not None
        services.case_set_status(case=case, status="open", actor=tenant_a.agent)
        case.refresh_from_db()
        assert case.resolved_at is None and case.reopened_count == 1
        assert timeline_kinds(case) == ["created", "status_changed", "reopened"]
        assert ReportingEvent.objects.filter(kind="case_resolved").count() == 1

    @pytest.mark.parametrize("status", ["new", "merged", "snoozed", "bogus"])
    def test_statuses_that_cannot_be_set_directly(self, case, tenant_a, status):
        with pytest.raises(ApplicationError):
            services.case_set_status(case=case, status=status, actor=tenant_a.agent)

    def test_closed_is_final(self, case, tenant_a):
        services.case_set_status(case=case, status="closed", actor=tenant_a.agent)
        with pytest.raises(ConflictError) as error:
            services.case_set_status(case=case, status="open", actor=tenant_a.agent)
        assert error.value.code == "invalid_transition"

    def test_reopening_when_the_thread_already_has_an_open_case_is_a_clear_conflict(self, account, case, tenant_a):
        services.case_set_status(case=case, status="resolved", actor=tenant_a.agent)
        Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - timedelta(days=30))
        newer = ingest(account).case
        assert newer.pk != case.pk
        with pytest.raises(ConflictError) as error:
            services.case_set_status(case=case, status="open", actor=tenant_a.agent)
        assert error.value.code == "open_case_exists" and error.value.extra["open_case_id"] == newer.pk


class TestSnooze:
    def test_snooze_needs_a_future_time(self, case, tenant_a):
        with pytest.raises(ApplicationError):
            services.case_snooze(case=case, until=timezone.now() - timedelta(minutes=1), actor=tenant_a.agent)

    def test_due_cases_wake_up_once(self, account, tenant_a):
        due = ingest(account, inbound(sender="a")).case
        not_yet = ingest(account, inbound(sender="b")).case
        now = timezone.now()
        services.case_snooze(case=due, until=now + timedelta(minutes=5), actor=tenant_a.agent)
        services.case_snooze(case=not_yet, until=now + timedelta(hours=5), actor=tenant_a.agent)
        assert services.snoozed_cases_wake(now=now + timedelta(minutes=6)) == 1
        assert services.snoozed_cases_wake(now=now + timedelta(minutes=6)) == 0
        due.refresh_from_db()
        not_yet.refresh_from_db()
        assert (due.status, not_yet.status) == (CaseStatus.OPEN, CaseStatus.SNOOZED)
        assert timeline_kinds(due)[-1] == "woke_up"


def test_priority_and_tags(case, tenant_a):
    services.case_set_priority(case=case, priority=Priority.URGENT, actor=tenant_a.agent)
    with pytest.raises(ApplicationError):
        services.case_set_priority(case=case, priority=9, actor=tenant_a.agent)
    services.case_tag(case=case, add=[" VIP ", "refund", "vip"], actor=tenant_a.agent)
    services.case_tag(case=case, remove=["refund"], actor=tenant_a.agent)
    case.refresh_from_db()
    assert case.priority == Priority.URGENT and case.tags == ["vip"]
    assert timeline_kinds(case) == ["created", "priority_changed", "tagged", "untagged"]


class TestCaseMerge:
    def test_merge_moves_messages_and_combines_the_clocks(self, tenant_a):
        messenger = channel_account(tenant_a.workspace)
        other = channel_account(tenant_a.workspace)
        source = ingest(messenger, inbound(sender="x")).case
        target = ingest(other, inbound(sender="x", text="second channel")).case
        services.case_tag(case=source, add=["vip"], actor=tenant_a.agent)
        merged = services.case_merge(source=source, target=target, actor=tenant_a.agent)
        source.refresh_from_db()
        assert source.status == CaseStatus.MERGED and source.merged_into_id == target.pk
        assert Message.objects.filter(case=merged).count() == 2 and merged.tags == ["vip"]
        assert merged.waiting_since == min(source.waiting_since or merged.waiting_since, merged.waiting_since)
        with pytest.raises(ConflictError):
            services.case_reply(case=source, author=tenant_a.agent, text="too late")

    def test_cases_of_different_customers_do_not_merge(self, account, tenant_a):
        one = ingest(account, inbound(sender="one")).case
        two = ingest(account, inbound(sender="two")).case
        with pytest.raises(ConflictError):
            services.case_merge(source=one, target=two, actor=tenant_a.agent)


class TestCannedResponses:
    def test_render_fills_customer_and_agent(self, case, tenant_a):
        canned = services.canned_response_create(
            workspace=tenant_a.workspace, shortcut="thanks", title="Thanks", body="Hola {{customer.first_name}}, soy {{ agent.first_name }}. Caso #{{case.id}}"
        )
        text = services.canned_response_render(canned_response=canned, case=case, agent=tenant_a.agent)
        assert text == f"Hola Ana, soy acme. Caso #{case.pk}"

    def test_unknown_variables_and_taken_shortcuts_are_refused(self, tenant_a):
        with pytest.raises(ApplicationError):
            services.canned_response_create(workspace=tenant_a.workspace, shortcut="x", title="x", body="{{customer.password}}")
        services.canned_response_create(workspace=tenant_a.workspace, shortcut="x", title="x", body="hi")
        with pytest.raises(ConflictError):
            services.canned_response_create(workspace=tenant_a.workspace, shortcut="x", title="y", body="hi")


class TestCustomerMerge:
    def test_merge_moves_identities_cases_and_tags_and_keeps_an_audit_row(self, tenant_a):
        telegram = channel_account(tenant_a.workspace, kind="telegram")
        whatsapp = channel_account(tenant_a.workspace, kind="whatsapp")
        t_case = ingest(telegram, inbound(kind="telegram", sender="tg-1", email="ana@example.com")).case
        w_case = ingest(whatsapp, inbound(kind="whatsapp", sender="+48600100200", phone="+48 600 100 200")).case
        source, target = t_case.customer, w_case.customer
        source.tags = ["gold"]
        source.save()
        audit = customer_merge(source=source, target=target, actor=tenant_a.admin)
        target.refresh_from_db()
        assert Identity.objects.filter(customer=target).count() == 2
        assert set(Case.objects.filter(customer=target).values_list("pk", flat=True)) == {t_case.pk, w_case.pk}
        assert target.tags == ["gold"] and target.email == "ana@example.com"
        assert audit.moved_case_count == 1 and audit.actor == tenant_a.admin and audit.source_snapshot["email"] == "ana@example.com"
        assert Customer.objects.get(pk=source.pk).merged_into_id == target.pk
        with pytest.raises(ConflictError):
            customer_merge(source=source, target=target)
        assert CustomerMerge.objects.count() == 1

    def test_suggestions_come_from_email_or_phone_never_a_name(self, tenant_a, account):
        ana = ingest(account, inbound(sender="1", name="Ana", email="ana@example.com")).case.customer
        same_email = ingest(account, inbound(sender="2", name="A. G.", email="ANA@example.com")).case.customer
        same_phone = ingest(account, inbound(sender="3", name="Ana", phone="600 100 200")).case.customer
        ingest(account, inbound(sender="4", name="Ana"))
        customer_update(customer=ana, phone="+48 600-100-200")
        assert ana.phone == "+48600100200"
        suggestions = {s.customer.pk: s.reasons for s in customer_merge_suggestions(customer=ana)}
        assert suggestions == {same_email.pk: ("same_email",), same_phone.pk: ("same_phone",)}


def test_realtime_events_name_the_author_and_carry_the_timeline_row(case, tenant_a):
    """Clients append what they receive instead of refetching the case."""
    reply = services.case_reply(case=case, author=tenant_a.agent, text="Hola")
    created = RealtimeEvent.objects.get(type="message.created", payload__id=reply.pk)
    assert created.payload["author"] == {"id": tenant_a.agent.pk, "name": "acme agent"}
    services.case_set_priority(case=case, priority=Priority.HIGH, actor=tenant_a.agent)
    timeline_event = RealtimeEvent.objects.filter(type="case.timeline").latest("seq").payload
    row = CaseEvent.objects.get(case=case, kind="priority_changed")
    assert timeline_event["id"] == row.pk and timeline_event["actor"] == {"id": tenant_a.agent.pk, "name": "acme agent"}
