"""Inbox API: case lists (every filter, every sort, cursor pages), counts per view, the case
screen, agent actions, canned responses, and pinned query counts. Cases are built through
the ingest service, as in production."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from accounts.services import member_add, team_create
from inbox import services
from inbox.events import case_summary
from inbox.models import Case, CaseStatus, Message, Priority
from inbox.selectors import case_list
from integrations.events import ChannelKind, MessageKind
from tests.conftest import client_for, make_tenant
from tests.inbox_helpers import T0, channel_account, image, ingest, later

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def fields_of(response) -> set[str]:
    return set(response.json()["extra"]["fields"])


class Inbox:
    """A small, realistic inbox of workspace A: four customers on two channels."""

    def __init__(self, tenant):
        self.tenant = tenant
        ws = tenant.workspace
        self.api = channel_account(ws, ChannelKind.API, name="Web API")
        self.whatsapp = channel_account(ws, ChannelKind.WHATSAPP, name="WhatsApp")
        self.team = team_create(workspace=ws, name="Social", member_ids=[tenant.agent.pk])
        agent, admin = tenant.agent, tenant.admin

        # Spanish, new, assigned to the agent, team Social, tagged vip, high priority.
        self.spanish = ingest(self.api, sender="ana", name="Ana García", text="Hola, ¿dónde está mi pedido?", language="es", at=T0).case
        services.case_assign(case=self.spanish, assignee=agent, actor=admin)
        services.case_set_team(case=self.spanish, team=self.team, actor=admin)
        services.case_tag(case=self.spanish, add=["vip", "shipping"], actor=admin)
        services.case_set_priority(case=self.spanish, priority=Priority.HIGH, actor=admin)
        # English, on WhatsApp, waiting on the customer (pending), unassigned.
        self.english = ingest(
            self.whatsapp, sender="+4470000", name="John Smith", text="Where is my order?", language="en", at=later(minutes=5)
        ).case
        services.case_set_status(case=self.english, status=CaseStatus.PENDING, actor=admin)
        # Polish, resolved, assigned to the admin.
        self.polish = ingest(
            self.api, sender="kasia", name="Kasia Nowak", text="Dzień dobry, reklamacja zamówienia", language="pl", at=later(minutes=10)
        ).case
        services.case_assign(case=self.polish, assignee=admin, actor=admin)
        services.case_set_status(case=self.polish, status=CaseStatus.RESOLVED, actor=admin)
        # Snoozed, on WhatsApp, unassigned.
        self.snoozed = ingest(
            self.whatsapp, sender="+4470001", name="Sleepy", text="Call me next week", at=later(minutes=15)
        ).case
        services.case_snooze(case=self.snoozed, until=timezone.now() + timedelta(days=7), actor=admin)

    def find(self, client, **params) -> set[int]:
        return set(ids(client.get(CASES, params)))


@pytest.fixture
def inbox(tenant_a) -> Inbox:
    return Inbox(tenant_a)


# --- Rows ---------------------------------------------------------------------------------------


def test_a_row_is_the_realtime_case_summary(inbox):
    """The list row and the realtime event carry the same keys and values, so the client can
    patch its cache with events as they come."""
    row = next(r for r in client_for(inbox.tenant.agent).get(CASES).json()["results"] if r["id"] == inbox.spanish.pk)
    summary = json.loads(json.dumps(case_summary(case_list(workspace=inbox.tenant.workspace).get(pk=inbox.spanish.pk))))
    # The row's SLA clock is the one key events leave out: `sla.updated` carries the clocks.
    assert set(row) == set(summary) | {"sla"}
    for key, value in summary.items():
        if key.endswith("_at") or key == "waiting_since" or key == "snoozed_until":
            assert (row[key] is None) == (value is None), key
            if value:
                assert timezone.datetime.fromisoformat(row[key].replace("Z", "+00:00")) == timezone.datetime.fromisoformat(value)
        else:
            assert row[key] == value, key
    assert row["customer"] == {"id": inbox.spanish.customer_id, "display_name": "Ana García", "avatar_url": ""}
    assert row["channel_kind"] == "api" and row["tags"] == ["vip", "shipping"] and row["priority"] == Priority.HIGH
    assert row["assignee_id"] == inbox.tenant.agent.pk and row["team_id"] == inbox.team.pk
    assert row["last_message_preview"] == "Hola, ¿dónde está mi pedido?"


# --- Filters ------------------------------------------------------------------------------------


def test_status_filter_is_multi_and_open_means_every_open_status(inbox):
    client = client_for(inbox.tenant.agent)
    assert inbox.find(client) == {inbox.spanish.pk, inbox.english.pk, inbox.polish.pk, inbox.snoozed.pk}
    assert inbox.find(client, status="open") == {inbox.spanish.pk, inbox.english.pk, inbox.snoozed.pk}
    assert inbox.find(client, status="pending") == {inbox.english.pk}
    assert inbox.find(client, status="resolved,pending") == {inbox.english.pk, inbox.polish.pk}
    assert set(ids(client.get(f"{CASES}?status=resolved&status=snoozed"))) == {inbox.polish.pk, inbox.snoozed.pk}
    assert inbox.find(client, status="new") == {inbox.spanish.pk}


def test_assignee_filter_me_none_unassigned_and_member(inbox):
    agent_client, admin_client = client_for(inbox.tenant.agent), client_for(inbox.tenant.admin)
    assert inbox.find(agent_client, assignee="me") == {inbox.spanish.pk}
    assert inbox.find(admin_client, assignee="me") == {inbox.polish.pk}
    assert inbox.find(agent_client, assignee="none") == {inbox.english.pk, inbox.snoozed.pk}
    assert inbox.find(agent_client, assignee="unassigned") == {inbox.english.pk, inbox.snoozed.pk}
    assert inbox.find(agent_client, assignee=str(inbox.tenant.admin.pk)) == {inbox.polish.pk}
    assert inbox.find(agent_client, assignee="me", status="open") == {inbox.spanish.pk}


def test_team_channel_account_and_channel_filters(inbox):
    client = client_for(inbox.tenant.agent)
    assert inbox.find(client, team=inbox.team.pk) == {inbox.spanish.pk}
    assert inbox.find(client, team="none") == {inbox.english.pk, inbox.polish.pk, inbox.snoozed.pk}
    assert inbox.find(client, channel_account=inbox.api.pk) == {inbox.spanish.pk, inbox.polish.pk}
    assert inbox.find(client, channel="whatsapp") == {inbox.english.pk, inbox.snoozed.pk}
    assert inbox.find(client, channel="whatsapp,api") == {inbox.spanish.pk, inbox.english.pk, inbox.polish.pk, inbox.snoozed.pk}
    assert inbox.find(client, channel="telegram") == set()


def test_tag_priority_and_customer_filters(inbox):
    client = client_for(inbox.tenant.agent)
    assert inbox.find(client, tag="vip") == {inbox.spanish.pk}
    assert inbox.find(client, tag="VIP,shipping") == {inbox.spanish.pk}
    assert inbox.find(client, tag="vip,billing") == set()  # all listed tags
    assert inbox.find(client, priority=Priority.HIGH) == {inbox.spanish.pk}
    assert inbox.find(client, priority="2,1") == {inbox.spanish.pk, inbox.english.pk, inbox.polish.pk, inbox.snoozed.pk}
    assert inbox.find(client, priority=Priority.URGENT) == set()
    assert inbox.find(client, customer=inbox.english.customer_id) == {inbox.english.pk}


def test_text_search_is_language_aware(inbox):
    client = client_for(inbox.tenant.agent)
    # Spanish stemming: "pedidos" finds "pedido"; English: "orders" finds "order".
    assert inbox.find(client, q="pedidos") == {inbox.spanish.pk}
    assert inbox.find(client, q="orders") == {inbox.english.pk}
    assert inbox.find(client, q="dónde está") == {inbox.spanish.pk}
    # Polish has no stemmer in PostgreSQL: exact words match, other inflections do not.
    assert inbox.find(client, q="zamówienia") == {inbox.polish.pk}
    assert inbox.find(client, q="Reklamacja") == {inbox.polish.pk}
    assert inbox.find(client, q="zamówienie") == set()
    # websearch syntax: OR, quoted phrases, and -exclusion.
    assert inbox.find(client, q="orders OR pedido") == {inbox.spanish.pk, inbox.english.pk}
    assert inbox.find(client, q='"reklamacja zamówienia"') == {inbox.polish.pk}
    assert inbox.find(client, q="pedido -hola") == set()
    assert inbox.find(client, q="pedido -factura") == {inbox.spanish.pk}
    assert inbox.find(client, q="pedidos", status="open", assignee="me") == {inbox.spanish.pk}


def test_a_case_with_many_matching_messages_is_listed_once(inbox):
    for n in range(3):
        ingest(inbox.api, sender="ana", text=f"Mi pedido número {n} no llega", language="es", at=later(minutes=20 + n))
    assert ids(client_for(inbox.tenant.agent).get(CASES, {"q": "pedido"})) == [inbox.spanish.pk]


def test_invalid_filters_name_the_parameter(inbox):
    client = client_for(inbox.tenant.agent)
    for params, field in [
        ({"status": "bogus"}, "status"),
        ({"assignee": "somebody"}, "assignee"),
        ({"team": "sales"}, "team"),
        ({"priority": "9"}, "priority"),
        ({"channel": "myspace"}, "channel"),
        ({"sort": "random"}, "sort"),
        ({"channel_account": "x"}, "channel_account"),
    ]:
        response = client.get(CASES, params)
        assert response.status_code == 400, params
        assert fields_of(response) == {field}
        assert field in response.json()["message"]


# --- Sorts and cursor pages -----------------------------------------------------------------------


def _expected_order(workspace, sort: str) -> list[int]:
    cases = list(Case.objects.for_workspace(workspace))
    far = timezone.now() + timedelta(days=36500)
    keys = {
        "newest": lambda c: (-c.last_message_at.timestamp(), -c.pk),
        "oldest_waiting": lambda c: (c.waiting_since is None, c.waiting_since or far, c.pk),
        "priority": lambda c: (-c.priority, c.waiting_since is None, c.waiting_since or far, c.pk),
    }
    return [c.pk for c in sorted(cases, key=keys[sort])]


def _walk(client, url: str) -> tuple[list[list[int]], str | None]:
    pages, last_url = [], None
    while url:
        response = client.get(url)
        pages.append(ids(response))
        last_url, url = url, response.json()["next"]
    return pages, last_url


@pytest.fixture
def many_cases(tenant_a):
    """17 cases with ties in every sort key: same arrival times, same priorities, and
    answered cases (waiting_since null) mixed in."""
    account = channel_account(tenant_a.workspace)
    cases = []
    for n in range(17):
        # Pairs arrive at the same instant: ties on last_message_at and waiting_since.
        cases.append(ingest(account, sender=f"c{n}", text=f"message {n}", at=later(minutes=n // 2)).case)
    for case in cases[::3]:
        services.case_reply(case=case, author=tenant_a.agent, text="On it!")  # waiting_since → null
    for n, case in enumerate(cases):
        services.case_set_priority(case=case, priority=[Priority.LOW, Priority.HIGH, Priority.NORMAL][n % 3], actor=tenant_a.admin)
    return cases


@pytest.mark.parametrize("sort", ["newest", "oldest_waiting", "priority"])
def test_cursor_pages_cover_every_case_once_in_each_sort(tenant_a, many_cases, sort):
    client = client_for(tenant_a.agent)
    pages, last_url = _walk(client, f"{CASES}?sort={sort}&page_size=4")
    assert [len(page) for page in pages] == [4, 4, 4, 4, 1]
    expected = _expected_order(tenant_a.workspace, sort)
    assert [pk for page in pages for pk in page] == expected  # no duplicates, no gaps, right order

    # And back again with the previous links, page by page.
    response = client.get(last_url)
    back = [ids(response)]
    while response.json()["previous"]:
        response = client.get(response.json()["previous"])
        back.append(ids(response))
    assert back[::-1] == pages
    assert response.json()["previous"] is None


def test_the_default_sort_is_newest(tenant_a, many_cases):
    assert ids(client_for(tenant_a.agent).get(CASES, {"page_size": 100})) == _expected_order(tenant_a.workspace, "newest")


def test_cases_arriving_while_paging_do_not_shift_pages(tenant_a, many_cases):
    client = client_for(tenant_a.agent)
    first = client.get(CASES, {"page_size": 5}).json()
    seen = [row["id"] for row in first["results"]]
    # New cases arrive at the top while the agent reads page one.
    for n in range(3):
        ingest(channel_account(tenant_a.workspace, name=f"late {n}"), sender=f"late{n}", at=timezone.now())
    rest, _ = _walk(client, first["next"])
    seen += [pk for page in rest for pk in page]
    assert seen == [pk for pk in _expected_order(tenant_a.workspace, "newest") if pk in {c.pk for c in many_cases}]


def test_a_tampered_cursor_is_rejected(tenant_a, many_cases):
    client = client_for(tenant_a.agent)
    assert client.get(CASES, {"cursor": "garbage"}).status_code == 404
    # A cursor of one sort does not fit another, even one with as many keys.
    for sort, other_sort in [("priority", "newest"), ("oldest_waiting", "newest")]:
        next_url = client.get(CASES, {"page_size": 3, "sort": sort}).json()["next"]
        response = client.get(next_url.replace(f"sort={sort}", f"sort={other_sort}"))
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert "cursor" in response.json()["message"]


# --- Counts --------------------------------------------------------------------------------------


def test_counts_per_view_match_the_lists_they_label(inbox):
    tenant = inbox.tenant
    # One more open case of the agent's, no team.
    extra = ingest(inbox.api, sender="zoe", text="Hi", at=later(minutes=30)).case
    services.case_assign(case=extra, assignee=tenant.agent, actor=tenant.admin)
    team_create(workspace=tenant.workspace, name="Not mine")  # not the agent's team: not counted
    client = client_for(tenant.agent)

    counts = client.get(f"{CASES}counts/").json()
    assert counts == {
        "mine": 2,
        "unassigned": 2,
        "all": 4,
        "pending": 1,
        "snoozed": 1,
        "teams": [{"id": inbox.team.pk, "name": "Social", "count": 1}],
    }
    assert counts["mine"] == len(ids(client.get(CASES, {"status": "open", "assignee": "me"})))
    assert counts["unassigned"] == len(ids(client.get(CASES, {"status": "open", "assignee": "none"})))
    assert counts["all"] == len(ids(client.get(CASES, {"status": "open"})))
    assert counts["teams"][0]["count"] == len(ids(client.get(CASES, {"status": "open", "team": inbox.team.pk})))
    admin_counts = client_for(tenant.admin).get(f"{CASES}counts/").json()
    assert admin_counts["mine"] == 0 and admin_counts["teams"] == []


# --- The case screen ----------------------------------------------------------------------------


def test_case_detail_has_conversation_timeline_and_customer(tenant_a):
    account = channel_account(tenant_a.workspace)
    case = ingest(account, sender="ana", name="Ana García", text="Hola", language="es", email="ana@example.com", at=T0).case
    ingest(account, sender="ana", text="", attachments=(image(),), at=later(minutes=1))
    services.case_assign(case=case, assignee=tenant_a.agent, actor=tenant_a.admin)
    reply = services.case_reply(case=case, author=tenant_a.agent, text="¡Hola Ana!")
    services.case_add_note(case=case, author=tenant_a.admin, text="Check the courier", mention_ids=[tenant_a.agent.pk])

    detail = client_for(tenant_a.agent).get(f"{CASES}{case.pk}/").json()
    assert [m["text"] for m in detail["messages"]] == ["Hola", "", "¡Hola Ana!", "Check the courier"]
    inbound_with_image = detail["messages"][1]
    attachment = inbound_with_image["attachments"][0]
    assert attachment | {"id": None} == {
        "id": None, "kind": "image", "url": f"/api/v1/attachments/{attachment['id']}/", "original_url": "https://cdn.example/photo.jpg",
        "mime_type": "image/jpeg", "size_bytes": 1234, "name": "", "fetch_status": "pending",
    }
    assert detail["messages"][0]["author"] is None and detail["messages"][0]["direction"] == "in"
    assert {key: detail["messages"][2][key] for key in ["id", "author", "direction", "status", "kind"]} == {
        "id": reply.pk, "author": {"id": tenant_a.agent.pk, "name": "acme agent"}, "direction": "out", "status": "queued", "kind": "public",
    }
    assert detail["messages"][3]["kind"] == "note"
    assert detail["messages"][3]["mentions"] == [{"id": tenant_a.agent.pk, "name": "acme agent"}]

    timeline = [(event["kind"], event["actor"]["name"] if event["actor"] else None) for event in detail["timeline"]]
    assert timeline[:2] == [("created", None), ("assigned", "acme admin")]
    assert ("status_changed", "acme agent") in timeline  # the reply opened the new case

    assert detail["customer"] | {"identities": None} == {
        "id": case.customer_id, "display_name": "Ana García", "avatar_url": "", "email": "ana@example.com", "phone": "",
        "language": "es", "locale": "", "tags": [], "follower_count": None, "identities": None,
    }
    assert [(i["channel_kind"], i["external_id"]) for i in detail["customer"]["identities"]] == [("api", "ana")]
    assert detail["assignee"] == {"id": tenant_a.agent.pk, "name": "acme agent"}
    assert detail["channel_account"] == {"id": account.pk, "kind": "api", "name": account.name}
    assert detail["status"] == "open" and detail["waiting_since"] is None and detail["agent_reply_count"] == 1


def test_unknown_case_is_404(tenant_a):
    response = client_for(tenant_a.agent).get(f"{CASES}999999/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


# --- Actions -------------------------------------------------------------------------------------


@pytest.fixture
def case(tenant_a) -> Case:
    return ingest(channel_account(tenant_a.workspace), sender="ana", name="Ana García", text="Hola", at=T0).case


@pytest.fixture
def other(db):
    return make_tenant("other")


def post(client, case, action: str, body: dict):
    return client.post(f"{CASES}{case.pk}/{action}/", body, format="json")


def test_reply_queues_an_outbound_message(tenant_a, case):
    client = client_for(tenant_a.agent)
    first = Message.objects.get(case=case)
    response = post(client, case, "reply", {"text": "¡Hola! Lo miro ahora.", "reply_to_id": first.pk})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["direction"] == "out" and body["status"] == "queued" and body["reply_to_id"] == first.pk
    assert body["author"] == {"id": tenant_a.agent.pk, "name": "acme agent"}
    case.refresh_from_db()
    assert case.waiting_since is None and case.first_response_at is not None and case.status == "open"
    assert fields_of(post(client, case, "reply", {})) == {"text"}


def test_reply_refuses_objects_of_another_workspace(tenant_a, case, other):
    foreign_case = ingest(channel_account(other.workspace), sender="x", text="hi").case
    foreign_message = Message.objects.get(case=foreign_case)
    foreign_canned = services.canned_response_create(workspace=other.workspace, shortcut="hi", title="Hi", body="Hi!")
    client = client_for(tenant_a.agent)
    assert fields_of(post(client, case, "reply", {"text": "x", "reply_to_id": foreign_message.pk})) == {"reply_to_id"}
    assert fields_of(post(client, case, "reply", {"text": "x", "canned_response_id": foreign_canned.pk})) == {"canned_response_id"}
    assert not Message.objects.filter(case=case, direction="out").exists()


def test_reply_with_a_canned_response(tenant_a, case):
    canned = services.canned_response_create(workspace=tenant_a.workspace, shortcut="hello", title="Hello", body="Hi {{customer.first_name}}")
    response = post(client_for(tenant_a.agent), case, "reply", {"text": "Hi Ana", "canned_response_id": canned.pk})
    assert response.status_code == 201, response.json()


def test_note_with_mentions(tenant_a, case, other):
    client = client_for(tenant_a.admin)
    response = post(client, case, "notes", {"text": "Can you take this?", "mention_ids": [tenant_a.agent.pk]})
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "note" and response.json()["mentions"] == [{"id": tenant_a.agent.pk, "name": "acme agent"}]
    assert fields_of(post(client, case, "notes", {"text": "x", "mention_ids": [other.agent.pk]})) == {"mention_ids"}


def test_assign_and_unassign(tenant_a, case, other):
    client = client_for(tenant_a.agent)
    response = post(client, case, "assign", {"assignee_id": tenant_a.agent.pk})
    assert response.status_code == 200 and response.json()["assignee_id"] == tenant_a.agent.pk
    assert post(client, case, "assign", {"assignee_id": None}).json()["assignee_id"] is None
    assert fields_of(post(client, case, "assign", {"assignee_id": other.agent.pk})) == {"assignee_id"}
    assert fields_of(post(client, case, "assign", {})) == {"assignee_id"}
    case.refresh_from_db()
    assert case.assignee_id is None


def test_move_to_team(tenant_a, case, other):
    team = team_create(workspace=tenant_a.workspace, name="Billing")
    foreign_team = team_create(workspace=other.workspace, name="Billing")
    client = client_for(tenant_a.agent)
    assert post(client, case, "team", {"team_id": team.pk}).json()["team_id"] == team.pk
    assert fields_of(post(client, case, "team", {"team_id": foreign_team.pk})) == {"team_id"}
    assert post(client, case, "team", {"team_id": None}).json()["team_id"] is None


def test_status_changes_and_invalid_transitions(tenant_a, case):
    client = client_for(tenant_a.agent)
    assert post(client, case, "status", {"status": "resolved"}).json()["status"] == "resolved"
    assert post(client, case, "status", {"status": "closed"}).json()["status"] == "closed"
    refused = post(client, case, "status", {"status": "open"})
    assert refused.status_code == 409 and refused.json()["code"] == "invalid_transition"
    assert fields_of(post(client, case, "status", {"status": "sleeping"})) == {"status"}


def test_snooze(tenant_a, case):
    client = client_for(tenant_a.agent)
    until = (timezone.now() + timedelta(hours=3)).isoformat()
    response = post(client, case, "snooze", {"until": until})
    assert response.status_code == 200 and response.json()["status"] == "snoozed" and response.json()["snoozed_until"]
    assert fields_of(post(client, case, "snooze", {"until": (timezone.now() - timedelta(hours=1)).isoformat()})) == {"until"}
    assert fields_of(post(client, case, "snooze", {"until": "tomorrow"})) == {"until"}


def test_priority_and_tags(tenant_a, case):
    client = client_for(tenant_a.agent)
    assert post(client, case, "priority", {"priority": Priority.URGENT}).json()["priority"] == Priority.URGENT
    assert fields_of(post(client, case, "priority", {"priority": 7})) == {"priority"}
    assert post(client, case, "tags", {"add": ["VIP", "refund"]}).json()["tags"] == ["vip", "refund"]
    assert post(client, case, "tags", {"remove": ["vip"], "add": ["late"]}).json()["tags"] == ["refund", "late"]
    assert fields_of(post(client, case, "tags", {})) == {"add"}


def test_merge_cases_of_one_customer(tenant_a, other):
    account = channel_account(tenant_a.workspace, ChannelKind.INSTAGRAM)
    source = ingest(account, sender="ana", text="Love it", message_kind=MessageKind.COMMENT, post_id="p1").case
    target = ingest(account, sender="ana", text="DM: where is it?").case
    foreign = ingest(channel_account(other.workspace), sender="ana", text="hi").case
    client = client_for(tenant_a.agent)

    assert fields_of(post(client, source, "merge", {"target_case_id": foreign.pk})) == {"target_case_id"}
    response = post(client, source, "merge", {"target_case_id": target.pk})
    assert response.status_code == 200 and response.json()["id"] == target.pk
    source.refresh_from_db()
    assert source.status == CaseStatus.MERGED and source.merged_into_id == target.pk
    assert Message.objects.filter(case=target).count() == 2
    assert post(client, source, "merge", {"target_case_id": target.pk}).status_code == 409


def test_agents_act_on_cases_but_need_a_session_or_token(tenant_a, case):
    from rest_framework.test import APIClient

    assert post(APIClient(), case, "assign", {"assignee_id": None}).status_code in (401, 403)
    assert post(client_for(tenant_a.agent), case, "priority", {"priority": 0}).status_code == 200


# --- Canned responses ---------------------------------------------------------------------------


def test_canned_responses_crud_roles_and_render(tenant_a, case, other):
    supervisor = member_add(workspace=tenant_a.workspace, email="sup@acme.test", name="Sofía Ruiz", role=Role.SUPERVISOR, password=None)
    team = team_create(workspace=tenant_a.workspace, name="Social")
    sup_client, agent_client = client_for(supervisor), client_for(tenant_a.agent)
    url = "/api/v1/canned-responses/"
    body = {"shortcut": "where", "title": "Where is my order", "body": "Hola {{customer.first_name}}, soy {{agent.first_name}}. Caso {{case.id}}."}

    assert agent_client.post(url, body, format="json").status_code == 403
    created = sup_client.post(url, {**body, "team_id": team.pk}, format="json")
    assert created.status_code == 201, created.json()
    canned = created.json()
    assert canned["team"] == {"id": team.pk, "name": "Social"}
    assert sup_client.post(url, body, format="json").json()["code"] == "shortcut_taken"
    assert fields_of(sup_client.post(url, {**body, "shortcut": "x", "body": "{{customer.age}}"}, format="json")) == {"body"}
    assert fields_of(sup_client.post(url, {**body, "shortcut": "y", "team_id": team_create(workspace=other.workspace, name="T").pk}, format="json")) == {"team_id"}

    assert [row["shortcut"] for row in agent_client.get(url).json()["results"]] == ["where"]
    rendered = agent_client.get(f"{url}{canned['id']}/render/", {"case": case.pk})
    assert rendered.json() == {"text": f"Hola Ana, soy acme. Caso {case.pk}."}
    foreign_case = ingest(channel_account(other.workspace), sender="z", text="x").case
    assert fields_of(agent_client.get(f"{url}{canned['id']}/render/", {"case": foreign_case.pk})) == {"case"}
    assert fields_of(agent_client.get(f"{url}{canned['id']}/render/")) == {"case"}

    patched = sup_client.patch(f"{url}{canned['id']}/", {"title": "Order status", "team_id": None}, format="json")
    assert patched.status_code == 200 and patched.json()["title"] == "Order status" and patched.json()["team"] is None
    assert agent_client.patch(f"{url}{canned['id']}/", {"title": "x"}, format="json").status_code == 403
    assert agent_client.delete(f"{url}{canned['id']}/").status_code == 403
    assert sup_client.delete(f"{url}{canned['id']}/").status_code == 204
    assert agent_client.get(f"{url}{canned['id']}/").status_code == 404


# --- Query counts --------------------------------------------------------------------------------


def _queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.json()
    return len(queries)


def _grow(tenant, account, start: int, count: int) -> None:
    team = team_create(workspace=tenant.workspace, name=f"Team {start}", member_ids=[tenant.agent.pk])
    for n in range(start, start + count):
        case = ingest(account, sender=f"grow{n}", text=f"Hola, mi pedido {n}", language="es", at=later(minutes=n)).case
        services.case_assign(case=case, assignee=tenant.agent, actor=tenant.admin)
        services.case_set_team(case=case, team=team, actor=tenant.admin)
        services.case_tag(case=case, add=["vip"], actor=tenant.admin)
        services.case_reply(case=case, author=tenant.agent, text="Lo miro")
        services.case_add_note(case=case, author=tenant.admin, text="ok", mention_ids=[tenant.agent.pk])
        ingest(account, sender=f"grow{n}", text="gracias", attachments=(image(),), at=later(minutes=n, seconds=30))


# session + user + membership resolution, then the page itself (cursor pages need no COUNT),
# then the SLA clocks of the page's rows (one query for the whole page).
PINNED_CASE_LIST_QUERIES = {
    "plain": ({}, 5),
    "every filter": ({"status": "open", "assignee": "me", "channel": "api", "tag": "vip", "priority": "1", "q": "pedidos"}, 5),
    "oldest waiting": ({"sort": "oldest_waiting"}, 5),
    "priority": ({"sort": "priority"}, 5),
}


@pytest.mark.parametrize("case_name", list(PINNED_CASE_LIST_QUERIES))
def test_case_list_query_count_is_pinned(tenant_a, case_name):
    from tests.test_sla_engine import office_calendar, sla_policy

    # Business-time clocks on a calendar: the costliest rows to summarise.
    sla_policy(tenant_a.workspace, office_calendar(tenant_a.workspace), resolution_seconds=8 * 3600)
    params, pinned = PINNED_CASE_LIST_QUERIES[case_name]
    account, client = channel_account(tenant_a.workspace), client_for(tenant_a.agent)
    _grow(tenant_a, account, 0, 1)
    assert _queries(client, CASES, params) == pinned
    _grow(tenant_a, account, 1, 8)
    assert len(ids(client.get(CASES, params))) == 9
    assert _queries(client, CASES, params) == pinned
    # A later page costs the same as the first.
    next_url = client.get(CASES, {**params, "page_size": 3}).json()["next"]
    assert _queries(client, next_url) == pinned


def test_counts_query_count_is_pinned(tenant_a):
    account, client = channel_account(tenant_a.workspace), client_for(tenant_a.agent)
    _grow(tenant_a, account, 0, 1)
    # resolution (3) + the caller's teams + one aggregate with a filtered COUNT per view
    assert _queries(client, f"{CASES}counts/") == 5
    _grow(tenant_a, account, 1, 5)  # more cases and one more team
    assert _queries(client, f"{CASES}counts/") == 5


def test_case_detail_query_count_is_pinned(tenant_a):
    account, client = channel_account(tenant_a.workspace), client_for(tenant_a.agent)
    _grow(tenant_a, account, 0, 1)
    case = Case.objects.for_workspace(tenant_a.workspace).get()
    # resolution (3) + case with customer/account/assignee/team/SLA clocks + messages (with
    # authors) + attachments + mentions + timeline + identities
    pinned = 9
    assert _queries(client, f"{CASES}{case.pk}/") == pinned
    for n in range(6):
        ingest(account, sender="grow0", text=f"more {n}", attachments=(image(),), at=later(hours=1, minutes=n))
        services.case_add_note(case=case, author=tenant_a.admin, text=f"note {n}", mention_ids=[tenant_a.agent.pk])
    assert _queries(client, f"{CASES}{case.pk}/") == pinned


def test_canned_response_list_query_count_is_pinned(tenant_a):
    client = client_for(tenant_a.agent)
    team = team_create(workspace=tenant_a.workspace, name="Social")
    services.canned_response_create(workspace=tenant_a.workspace, shortcut="a0", title="A", body="x", team=team)
    # resolution (3) + count + page (team joined)
    assert _queries(client, "/api/v1/canned-responses/") == 5
    for n in range(1, 10):
        services.canned_response_create(workspace=tenant_a.workspace, shortcut=f"a{n}", title="A", body="x", team=team)
    assert _queries(client, "/api/v1/canned-responses/") == 5


def test_case_tags_lists_tags_on_open_cases_with_counts_in_this_workspace_only(tenant_a, tenant_b):
    account_a = channel_account(tenant_a.workspace)
    first, second, third = (ingest(account_a, sender=f"tag-{n}") for n in range(3))
    Case.objects.filter(pk=first.case.pk).update(tags=["vip", "refund"])
    Case.objects.filter(pk=second.case.pk).update(tags=["vip"])
    Case.objects.filter(pk=third.case.pk).update(tags=["spam"], status="resolved")
    other = ingest(channel_account(tenant_b.workspace), sender="tag-b")
    Case.objects.filter(pk=other.case.pk).update(tags=["globex-only"])
    response = client_for(tenant_a.agent).get("/api/v1/case-tags/")
    assert response.json() == [{"tag": "vip", "open_count": 2}, {"tag": "refund", "open_count": 1}]
