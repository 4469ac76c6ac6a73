"""Customers API: search, the customer card across channels, their cases, edits, loyalty
tags, merge suggestions and merges; query counts pinned."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from accounts.services import member_add
from customers.models import Customer, CustomerMerge
from customers.services import customer_merge, customer_tag, customer_update
from inbox import services
from inbox.models import Case
from integrations.events import ChannelKind, MessageKind
from tests.conftest import client_for
from tests.inbox_helpers import T0, channel_account, ingest, later

pytestmark = pytest.mark.django_db

CUSTOMERS = "/api/v1/customers/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def fields_of(response) -> set[str]:
    return set(response.json()["extra"]["fields"])


class People:
    def __init__(self, tenant):
        ws = tenant.workspace
        self.tenant = tenant
        self.api = channel_account(ws, ChannelKind.API)
        self.whatsapp = channel_account(ws, ChannelKind.WHATSAPP)
        self.telegram = channel_account(ws, ChannelKind.TELEGRAM)
        self.ana_case = ingest(self.api, sender="ana-1", name="Ana García", email="ana@example.com", text="Hola", at=T0).case
        self.ana = self.ana_case.customer
        customer_tag(customer=self.ana, add=["gold"])
        # Ana again, on WhatsApp: a second record of the same person (same email).
        self.ana_wa_case = ingest(
            self.whatsapp, sender="+34600111222", name="Ana G.", email="ANA@example.com", phone="+34 600 111 222", text="Soy Ana", at=later(hours=1)
        ).case
        self.ana_wa = self.ana_wa_case.customer
        self.bob = ingest(self.telegram, sender="tg-bob", name="Bob Marley", text="Hi", at=later(hours=2)).case.customer
        customer_update(customer=self.bob, phone="600 111 222")  # same digits as Ana's WhatsApp number
        customer_tag(customer=self.bob, add=["gold", "influencer"])


@pytest.fixture
def people(tenant_a) -> People:
    return People(tenant_a)


def test_list_newest_first_with_channels(people, agent_client):
    rows = agent_client.get(CUSTOMERS).json()["results"]
    assert [row["id"] for row in rows] == [people.bob.pk, people.ana_wa.pk, people.ana.pk]
    assert rows[0]["channels"] == ["telegram"] and rows[0]["tags"] == ["gold", "influencer"]


def test_search_by_name_email_phone_username(people, agent_client):
    assert ids(agent_client.get(CUSTOMERS, {"q": "garcía"})) == [people.ana.pk]
    assert set(ids(agent_client.get(CUSTOMERS, {"q": "ana@example"}))) == {people.ana.pk, people.ana_wa.pk}
    assert ids(agent_client.get(CUSTOMERS, {"q": "600 111 222"})) == [people.bob.pk, people.ana_wa.pk]
    assert ids(agent_client.get(CUSTOMERS, {"q": "+34600"})) == [people.ana_wa.pk]
    assert ids(agent_client.get(CUSTOMERS, {"q": "tg-bob"})) == [people.bob.pk]  # the identity's external id
    assert ids(agent_client.get(CUSTOMERS, {"q": "Ana G."})) == [people.ana_wa.pk]
    assert ids(agent_client.get(CUSTOMERS, {"q": "nobody"})) == []


def test_filter_by_tag_and_channel(people, agent_client):
    assert ids(agent_client.get(CUSTOMERS, {"tag": "gold"})) == [people.bob.pk, people.ana.pk]
    assert ids(agent_client.get(CUSTOMERS, {"tag": "gold,influencer"})) == [people.bob.pk]
    assert ids(agent_client.get(CUSTOMERS, {"channel": "whatsapp"})) == [people.ana_wa.pk]
    assert ids(agent_client.get(f"{CUSTOMERS}?channel=whatsapp&channel=telegram")) == [people.bob.pk, people.ana_wa.pk]
    assert fields_of(agent_client.get(CUSTOMERS, {"channel": "fax"})) == {"channel"}


def test_customer_card_has_identities_tags_and_followers(people, agent_client):
    ingest(people.telegram, sender="tg-bob", text="again", follower_count=12000, at=later(hours=3))
    card = agent_client.get(f"{CUSTOMERS}{people.bob.pk}/").json()
    assert card["display_name"] == "Bob Marley" and card["follower_count"] == 12000
    assert card["tags"] == ["gold", "influencer"] and card["opted_in"] == {}
    assert [(i["channel_kind"], i["external_id"], i["follower_count"]) for i in card["identities"]] == [("telegram", "tg-bob", 12000)]


def test_customer_cases_across_channels_newest_first_and_paged(people, agent_client, tenant_a):
    # Merge Ana's WhatsApp record into Ana: her cases from both channels are now hers.
    client = client_for(tenant_a.admin)
    assert client.post(f"{CUSTOMERS}{people.ana.pk}/merge/", {"source_id": people.ana_wa.pk}, format="json").status_code == 200
    instagram = channel_account(tenant_a.workspace, ChannelKind.INSTAGRAM)
    extra = [ingest(instagram, sender="ana-ig", text=f"post {n}", message_kind=MessageKind.COMMENT, post_id=f"p{n}", at=later(hours=5 + n)).case for n in range(3)]
    customer_merge(source=extra[0].customer, target=people.ana, actor=None)

    url = f"{CUSTOMERS}{people.ana.pk}/cases/"
    first = agent_client.get(url, {"page_size": 3}).json()
    second = agent_client.get(first["next"]).json()
    rows = first["results"] + second["results"]
    expected = list(Case.objects.filter(customer=people.ana).order_by("-last_message_at", "-pk").values_list("pk", flat=True))
    assert [row["id"] for row in rows] == expected and len(expected) == 5
    assert {row["channel_kind"] for row in rows} == {"api", "whatsapp", "instagram"}
    assert second["next"] is None
    # The merged-away record is gone from lists and from its own URL.
    assert agent_client.get(f"{CUSTOMERS}{people.ana_wa.pk}/").status_code == 404
    assert agent_client.get(f"{CUSTOMERS}{people.ana_wa.pk}/cases/").status_code == 404
    assert people.ana_wa.pk not in ids(agent_client.get(CUSTOMERS))


def test_agents_edit_customers(people, agent_client):
    url = f"{CUSTOMERS}{people.ana.pk}/"
    response = agent_client.patch(
        url, {"display_name": "Ana María García", "email": "Ana.Maria@Example.com", "locale": "es_ES", "opted_in": {"whatsapp": True}}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["display_name"], body["email"], body["locale"], body["opted_in"]) == (
        "Ana María García", "ana.maria@example.com", "es_ES", {"whatsapp": True},
    )
    assert fields_of(agent_client.patch(url, {"email": "nope"}, format="json")) == {"email"}
    assert fields_of(agent_client.patch(url, {"opted_in": {"pigeon": True}}, format="json")) == {"opted_in"}
    assert agent_client.put(url, {"display_name": "x"}, format="json").status_code == 405


def test_loyalty_tags(people, agent_client):
    url = f"{CUSTOMERS}{people.ana.pk}/tags/"
    assert agent_client.post(url, {"add": ["Platinum", "vip"], "remove": ["gold"]}, format="json").json()["tags"] == ["platinum", "vip"]
    assert agent_client.post(url, {"add": ["vip"]}, format="json").json()["tags"] == ["platinum", "vip"]
    assert fields_of(agent_client.post(url, {}, format="json")) == {"add"}
    assert fields_of(agent_client.post(url, {"add": ["x" * 65]}, format="json")) == {"add"}


def test_merge_suggestions_show_their_reasons(people, agent_client):
    suggestions = agent_client.get(f"{CUSTOMERS}{people.ana_wa.pk}/merge-suggestions/").json()
    by_id = {s["customer"]["id"]: s["reasons"] for s in suggestions}
    assert by_id == {people.ana.pk: ["same_email"], people.bob.pk: ["same_phone"]}
    assert agent_client.get(f"{CUSTOMERS}{people.bob.pk}/merge-suggestions/").json()[0]["customer"]["channels"] == ["whatsapp"]


def test_merging_needs_a_supervisor_and_moves_everything(people, agent_client, tenant_a):
    url = f"{CUSTOMERS}{people.ana.pk}/merge/"
    assert agent_client.post(url, {"source_id": people.ana_wa.pk}, format="json").status_code == 403
    supervisor = member_add(workspace=tenant_a.workspace, email="sup@acme.test", role=Role.SUPERVISOR, password=None)
    client = client_for(supervisor)

    response = client.post(url, {"source_id": people.ana_wa.pk}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["merged_customer_id"] == people.ana_wa.pk and body["moved_case_count"] == 1
    assert body["customer"]["phone"] == "+34600111222"  # filled from the merged record
    assert sorted(i["channel_kind"] for i in body["customer"]["identities"]) == ["api", "whatsapp"]
    assert Case.objects.get(pk=people.ana_wa_case.pk).customer_id == people.ana.pk
    audit = CustomerMerge.objects.get()
    assert (audit.source_id, audit.target_id, audit.actor_id) == (people.ana_wa.pk, people.ana.pk, supervisor.pk)

    again = client.post(url, {"source_id": people.ana_wa.pk}, format="json")
    assert fields_of(again) == {"source_id"}  # merged records are gone
    itself = client.post(url, {"source_id": people.ana.pk}, format="json")
    assert itself.status_code == 400 and itself.json()["code"] == "same_customer"
    assert fields_of(client.post(url, {}, format="json")) == {"source_id"}


# --- Query counts --------------------------------------------------------------------------------


def _queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.json()
    return len(captured)


def _grow(tenant, accounts, start: int, count: int) -> None:
    for n in range(start, start + count):
        for account in accounts:  # one customer per account, each with an identity and a case
            case = ingest(account, sender=f"g{n}-{account.kind}", name=f"Grow {n}", email=f"g{n}@example.com", text="Hola", at=later(minutes=n)).case
            customer_tag(customer=case.customer, add=["gold"])
            services.case_tag(case=case, add=["vip"], actor=tenant.admin)


@pytest.mark.parametrize(
    ("url_name", "pinned"),
    # Each starts with session + user + membership (3). list/search: count, page, identities;
    # detail: customer, identities; cases: customer exists, page, the rows' SLA clocks;
    # suggestions: customer, candidates, their identities.
    [("list", 6), ("search", 6), ("detail", 5), ("cases", 6), ("suggestions", 6)],
)
def test_customer_endpoints_query_counts_are_pinned(tenant_a, url_name, pinned):
    accounts = [channel_account(tenant_a.workspace, ChannelKind.API), channel_account(tenant_a.workspace, ChannelKind.WHATSAPP)]
    _grow(tenant_a, accounts, 0, 1)
    customer = Customer.objects.order_by("pk").first()
    client = client_for(tenant_a.agent)
    urls = {
        "list": (CUSTOMERS, {}),
        "search": (CUSTOMERS, {"q": "grow", "tag": "gold", "channel": "api"}),
        "detail": (f"{CUSTOMERS}{customer.pk}/", {}),
        "cases": (f"{CUSTOMERS}{customer.pk}/cases/", {}),
        "suggestions": (f"{CUSTOMERS}{customer.pk}/merge-suggestions/", {}),
    }
    url, params = urls[url_name]
    assert _queries(client, url, params) == pinned
    _grow(tenant_a, accounts, 1, 6)
    for n in range(4):  # more cases for this customer, more people sharing their email
        ingest(accounts[0], sender=f"g0-{accounts[0].kind}", text=f"post {n}", message_kind=MessageKind.COMMENT, post_id=f"p{n}")
        ingest(accounts[1], sender=f"twin{n}", email="g0@example.com", text="hi")
    assert _queries(client, url, params) == pinned
