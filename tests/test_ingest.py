"""The ingest service: every threading rule, duplicates, and the concurrent first-contact
race, on real PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection

from core.models import RealtimeEvent
from customers.models import Customer, Identity
from inbox.models import Case, CaseEvent, CaseStatus, Message, MessageAttachment
from inbox.services import case_reply, case_set_status, case_snooze
from integrations.events import ChannelKind, MessageKind
from reports.models import ReportingEvent
from tests.conftest import make_tenant
from tests.inbox_helpers import T0, channel_account, image, inbound, ingest, later

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(tenant_a):
    return channel_account(tenant_a.workspace)


def test_first_message_creates_customer_identity_case_and_message(account):
    result = ingest(account, at=T0, follower_count=1200, sent_at=later(seconds=-3))
    assert result.created and result.case_created
    case, message = result.case, result.message
    assert case.status == CaseStatus.NEW
    assert case.opened_at == T0 and case.waiting_since == T0 and case.last_customer_message_at == T0
    assert case.last_message_preview.startswith("Hola")
    assert message.received_at == T0 and message.sent_at == later(seconds=-3)
    customer = Customer.objects.get()
    assert customer.display_name == "Ana García" and customer.follower_count == 1200
    assert customer.first_seen_at == T0
    assert Identity.objects.get().customer == customer
    assert list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True)) == ["created"]
    assert sorted(ReportingEvent.objects.values_list("kind", flat=True)) == ["case_opened", "message_received"]


def test_a_redelivery_changes_nothing(account):
    message = inbound(external_id="wamid.ABC")
    first = ingest(account, message, at=T0)
    counts = (Message.objects.count(), Case.objects.count(), RealtimeEvent.objects.count(), ReportingEvent.objects.count())
    again = ingest(account, message, at=later(minutes=5))
    assert not again.created
    assert again.message.pk == first.message.pk and again.case.pk == first.case.pk
    assert (Message.objects.count(), Case.objects.count(), RealtimeEvent.objects.count(), ReportingEvent.objects.count()) == counts
    assert Case.objects.get().last_customer_message_at == T0


def test_same_message_id_on_another_account_is_another_message(tenant_a, account):
    other = channel_account(tenant_a.workspace)
    ingest(account, inbound(external_id="same"))
    assert ingest(other, inbound(external_id="same")).created
    assert Message.objects.count() == 2


def test_follow_ups_join_the_open_case_and_keep_the_oldest_wait(account):
    first = ingest(account, at=T0)
    second = ingest(account, at=later(minutes=2), text="¿Hola?")
    assert second.case.pk == first.case.pk and not second.case_created
    case = Case.objects.get()
    assert case.waiting_since == T0 and case.last_customer_message_at == later(minutes=2)
    assert case.last_message_preview == "¿Hola?"


def test_agent_reply_then_customer_message_starts_a_new_wait(account, tenant_a):
    case = ingest(account, at=T0).case
    case_reply(case=case, author=tenant_a.agent, text="Lo miro ahora")
    ingest(account, at=later(hours=1))
    case.refresh_from_db()
    assert case.waiting_since == later(hours=1)


@pytest.mark.parametrize("waiting_status", ["pending", "snoozed"])
def test_pending_and_snoozed_cases_wake_up_on_a_customer_message(account, tenant_a, waiting_status):
    case = ingest(account, at=T0).case
    if waiting_status == "pending":
        case_set_status(case=case, status=CaseStatus.PENDING, actor=tenant_a.agent)
    else:
        case_snooze(case=case, until=later(days=3650), actor=tenant_a.agent)
    result = ingest(account, at=later(hours=1))
    assert result.case.pk == case.pk
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.snoozed_until is None
    event = CaseEvent.objects.filter(case=case, kind="status_changed").latest("pk")
    assert event.data == {"old": waiting_status, "new": "open", "reason": "customer_replied"}


def _resolve(case, tenant, at):
    case_set_status(case=case, status=CaseStatus.RESOLVED, actor=tenant.agent)
    Case.objects.filter(pk=case.pk).update(resolved_at=at)


def test_a_message_within_the_reopen_window_reopens_the_resolved_case(account, tenant_a):
    case = ingest(account, at=T0).case
    _resolve(case, tenant_a, later(hours=1))
    result = ingest(account, at=later(days=7, minutes=59))
    assert result.case.pk == case.pk and result.case_reopened
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.reopened_count == 1 and case.resolved_at is None
    assert ReportingEvent.objects.filter(kind="case_reopened", case_id=case.pk).count() == 1


def test_after_the_reopen_window_a_new_case_opens(account, tenant_a):
    case = ingest(account, at=T0).case
    _resolve(case, tenant_a, later(hours=1))
    result = ingest(account, at=later(days=7, hours=1, seconds=1))
    assert result.case_created and result.case.pk != case.pk
    assert result.case.customer_id == case.customer_id


def test_the_reopen_window_is_set_per_channel_account(tenant_a):
    account = channel_account(tenant_a.workspace, reopen_window=timedelta(hours=1))
    case = ingest(account, at=T0).case
    _resolve(case, tenant_a, T0)
    assert ingest(account, at=later(minutes=59)).case_reopened
    _resolve(case, tenant_a, later(minutes=59))
    assert ingest(account, at=later(hours=2)).case_created


def test_closed_cases_never_reopen(account, tenant_a):
    case = ingest(account, at=T0).case
    case_set_status(case=case, status=CaseStatus.CLOSED, actor=tenant_a.agent)
    assert ingest(account, at=later(minutes=1)).case.pk != case.pk


def test_each_channel_account_has_its_own_case(tenant_a, account):
    other = channel_account(tenant_a.workspace)
    first = ingest(account, inbound(sender="u1"))
    second = ingest(other, inbound(sender="u1"))
    assert first.case.pk != second.case.pk
    assert first.case.customer_id == second.case.customer_id, "one customer across accounts of one kind"


def test_the_same_user_id_on_another_channel_kind_is_another_identity(tenant_a):
    telegram = channel_account(tenant_a.workspace, kind=ChannelKind.TELEGRAM)
    whatsapp = channel_account(tenant_a.workspace, kind=ChannelKind.WHATSAPP)
    ingest(telegram, inbound(sender="42", kind="telegram"))
    ingest(whatsapp, inbound(sender="42", kind="whatsapp"))
    assert Identity.objects.count() == 2 and Customer.objects.count() == 2


def test_profile_fields_are_refreshed_but_never_blanked(account):
    ingest(account, inbound(name="ana_g", follower_count=10))
    ingest(account, inbound(name="Ana García", follower_count=25))
    ingest(account, inbound(name="", follower_count=None))
    identity = Identity.objects.get()
    assert identity.display_name == "Ana García" and identity.follower_count == 25
    assert identity.customer.follower_count == 25


class TestPublicComments:
    def test_comments_on_the_same_post_thread_together_apart_from_messages(self, tenant_a):
        instagram = channel_account(tenant_a.workspace, kind=ChannelKind.INSTAGRAM)
        dm = ingest(instagram, inbound(kind="instagram"))
        c1 = ingest(instagram, inbound(kind="instagram", message_kind=MessageKind.COMMENT, post_id="post-1", text="¡Me encanta!"))
        c2 = ingest(instagram, inbound(kind="instagram", message_kind=MessageKind.COMMENT, post_id="post-1", text="¿Precio?"))
        c3 = ingest(instagram, inbound(kind="instagram", message_kind=MessageKind.COMMENT, post_id="post-2"))
        assert c1.case.pk == c2.case.pk
        assert len({dm.case.pk, c1.case.pk, c3.case.pk}) == 3
        assert c1.case.thread_key == "post:post-1"
        assert c2.message.source_kind == "comment"


class TestEmailThreading:
    @pytest.fixture
    def mailbox(self, tenant_a):
        return channel_account(tenant_a.workspace, kind=ChannelKind.EMAIL)

    def email(self, message_id, subject="Order 1234 missing", sender="ana@example.com", **hints):
        return inbound(sender=sender, kind="email", external_id=message_id, email_message_id=message_id, subject=subject, **hints)

    def test_replies_thread_by_in_reply_to_and_references(self, mailbox):
        root = ingest(mailbox, self.email("<a@example.com>"))
        by_reply = ingest(mailbox, self.email("<b@example.com>", subject="Re: Order", email_in_reply_to="<a@example.com>"))
        by_refs = ingest(mailbox, self.email("<c@example.com>", subject="Re: Order", email_references=("<a@example.com>", "<zz@x>")))
        assert root.case.pk == by_reply.case.pk == by_refs.case.pk
        assert root.case.subject == "Order 1234 missing"

    def test_a_new_email_thread_opens_its_own_case(self, mailbox):
        first = ingest(mailbox, self.email("<a@example.com>"))
        second = ingest(mailbox, self.email("<new@example.com>", subject="Another question"))
        assert first.case.pk != second.case.pk

    def test_a_reply_to_our_own_outbound_email_threads_by_its_message_id(self, mailbox, tenant_a):
        case = ingest(mailbox, self.email("<a@example.com>")).case
        reply = case_reply(case=case, author=tenant_a.agent, text="Looking into it")
        Message.objects.filter(pk=reply.pk).update(external_id="<dialogo-1@brand.example>")
        answer = ingest(mailbox, self.email("<b@example.com>", email_in_reply_to="<dialogo-1@brand.example>"))
        assert answer.case.pk == case.pk

    def test_subject_tag_threads_when_headers_are_missing_for_the_same_customer_only(self, mailbox):
        case = ingest(mailbox, self.email("<a@example.com>")).case
        tagged = ingest(mailbox, self.email("<b@example.com>", subject=f"Re: [#{case.pk}] Order"))
        assert tagged.case.pk == case.pk
        stranger = ingest(mailbox, self.email("<c@example.com>", sender="eve@example.com", subject=f"Re: [#{case.pk}] Order"))
        assert stranger.case.pk != case.pk

    def test_subject_threading_can_be_turned_off(self, tenant_a):
        mailbox = channel_account(tenant_a.workspace, kind=ChannelKind.EMAIL, email_subject_threading=False)
        case = ingest(mailbox, self.email("<a@example.com>")).case
        assert ingest(mailbox, self.email("<b@example.com>", subject=f"[#{case.pk}]")).case.pk != case.pk

    def test_a_reply_to_a_resolved_thread_reopens_it_within_the_window(self, mailbox, tenant_a):
        case = ingest(mailbox, self.email("<a@example.com>"), at=T0).case
        _resolve(case, tenant_a, later(hours=1))
        answer = ingest(mailbox, self.email("<b@example.com>", email_in_reply_to="<a@example.com>"), at=later(days=1))
        assert answer.case.pk == case.pk and answer.case_reopened


def test_attachments_are_stored_and_previewed(account):
    result = ingest(account, inbound(text="", attachments=(image(),)))
    attachment = MessageAttachment.objects.get()
    assert (attachment.kind, attachment.url, attachment.size_bytes) == ("image", "https://cdn.example/photo.jpg", 1234)
    assert result.case.last_message_preview == "[image]"


def test_reply_to_links_to_the_quoted_message(account):
    first = ingest(account, inbound(external_id="orig"))
    second = ingest(account, inbound(reply_to_external_id="orig"))
    assert second.message.reply_to_id == first.message.pk


def test_messages_are_searchable_with_stemming(account):
    ingest(account, inbound(text="Mis pedidos no llegaron", language="es"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM inbox_message WHERE search_vector @@ websearch_to_tsquery('spanish', 'pedido')"
        )
        assert cursor.fetchone()[0] == 1


def test_realtime_events_are_logged_for_the_right_groups(account):
    result = ingest(account)
    case_event = RealtimeEvent.objects.get(type="case.created")
    assert f"workspace.{account.workspace_id}" in case_event.groups and f"case.{result.case.pk}" in case_event.groups
    assert case_event.payload["customer"]["display_name"] == "Ana García"
    assert case_event.payload["channel_kind"] == "api"
    assert RealtimeEvent.objects.get(type="message.created").groups == [f"case.{result.case.pk}"]


def test_tenants_with_the_same_sender_ids_stay_apart(tenant_a, tenant_b):
    ingest(channel_account(tenant_a.workspace), inbound(sender="same", external_id="x1"))
    ingest(channel_account(tenant_b.workspace), inbound(sender="same", external_id="x1"))
    assert Customer.objects.filter(workspace=tenant_a.workspace).count() == 1
    assert Customer.objects.filter(workspace=tenant_b.workspace).count() == 1


# --- Concurrency: really parallel, on separate connections ---------------------------------


def _run_concurrently(*calls):
    barrier = threading.Barrier(len(calls))
    errors, results = [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_workers_delivering_the_same_message_store_it_once(round_):
    account = channel_account(make_tenant(f"race{round_}").workspace)
    message = inbound(sender="new-customer", external_id="dup-1")
    results = _run_concurrently(lambda: ingest(account, message), lambda: ingest(account, message))
    assert sorted(r.created for r in results) == [False, True]
    assert (Message.objects.count(), Case.objects.count(), Customer.objects.count()) == (1, 1, 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_first_messages_of_a_new_customer_at_once_give_one_customer_and_one_case(round_):
    account = channel_account(make_tenant(f"first{round_}").workspace)
    results = _run_concurrently(
        lambda: ingest(account, inbound(sender="brand-new", external_id="a", text="Hola")),
        lambda: ingest(account, inbound(sender="brand-new", external_id="b", text="¿Hay alguien?")),
    )
    assert all(r.created for r in results)
    assert sorted(r.case_created for r in results) == [False, True]
    assert (Customer.objects.count(), Identity.objects.count(), Case.objects.count(), Message.objects.count()) == (1, 1, 1, 2)
