"""Tagging rules: the admin API, and their application on ingest (inbox.ingest.message_ingest),
on real PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers import tagging
from customers.models import Customer, TaggingRule
from customers.services import customer_tag, tagging_rule_create, tagging_rule_update
from customers.tagging import keyword_pattern
from inbox.models import CaseEvent
from integrations.events import ChannelKind
from tests.conftest import client_for, make_tenant
from tests.inbox_helpers import channel_account, ingest

pytestmark = pytest.mark.django_db

URL = "/api/v1/tagging-rules/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def account(tenant_a):
    return channel_account(tenant_a.workspace, ChannelKind.WHATSAPP)


def rule(workspace, **fields):
    defaults = {"name": "Refunds", "keywords": ["refund"], "tags": ["refund-risk"]}
    return tagging_rule_create(workspace=workspace, **{**defaults, **fields})


# --- Matching ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("I want a REFUND now", True),
        ("Refund!", True),
        ("refunded already", False),
        ("no-refund-policy?", True),  # hyphens are not word characters
        ("¿Reembolso? refund.", True),
        ("I love it", False),
        ("gold   member here", True),  # a keyword's spaces match any whitespace
        ("golden member", False),
    ],
)
def test_keywords_match_whole_words_ignoring_case(text, matches):
    import re

    pattern = re.compile(keyword_pattern(["refund", "gold member"]), re.IGNORECASE)
    assert (pattern.search(text) is not None) is matches


# --- On ingest --------------------------------------------------------------------------------


def test_a_matching_message_tags_the_customer_and_optionally_the_case(tenant_a, account):
    rule(tenant_a.workspace, tags=["refund-risk", "vip"], tag_case=True)
    result = ingest(account, text="Quiero un refund, por favor")
    customer = Customer.objects.get(pk=result.case.customer_id)
    assert customer.tags == ["refund-risk", "vip"]
    result.case.refresh_from_db()
    assert result.case.tags == ["refund-risk", "vip"]
    event = CaseEvent.objects.get(case=result.case, kind="tagged")
    assert event.data["tags"] == ["refund-risk", "vip"] and event.actor is None


def test_tags_are_added_once_and_existing_tags_stay(tenant_a, account):
    rule(tenant_a.workspace)
    first = ingest(account, sender="ana", text="refund please")
    customer = Customer.objects.get(pk=first.case.customer_id)
    customer_tag(customer=customer, add=["tier:gold"])
    ingest(account, sender="ana", text="REFUND!!")
    customer.refresh_from_db()
    assert customer.tags == ["refund-risk", "tier:gold"]
    assert first.case.tags == []  # the rule does not tag cases
    assert not CaseEvent.objects.filter(kind="tagged").exists()


def test_inactive_rules_and_unmet_conditions_do_not_tag(tenant_a, account):
    rule(tenant_a.workspace, name="Off", is_active=False)
    rule(tenant_a.workspace, name="Email only", channel_kinds=[ChannelKind.EMAIL], tags=["email-refund"])
    rule(tenant_a.workspace, name="Polish", languages=["pl"], tags=["pl-refund"])
    result = ingest(account, text="refund", language="es")
    assert Customer.objects.get(pk=result.case.customer_id).tags == []


def test_channel_and_language_conditions_all_must_hold(tenant_a, account):
    rule(tenant_a.workspace, keywords=[], channel_kinds=[ChannelKind.WHATSAPP], languages=["es"], tags=["whatsapp-es"])
    spanish = ingest(account, sender="es-1", text="hola", language="es-ES")
    polish = ingest(account, sender="pl-1", text="cześć", language="pl")
    assert Customer.objects.get(pk=spanish.case.customer_id).tags == ["whatsapp-es"]
    assert Customer.objects.get(pk=polish.case.customer_id).tags == []


def test_rules_never_reach_another_workspace(tenant_a, account):
    other = make_tenant("globex")
    rule(other.workspace, name="Globex refunds", tags=["globex-tag"])
    other_account = channel_account(other.workspace, ChannelKind.WHATSAPP)
    ours = ingest(account, sender="same-person", text="refund")
    theirs = ingest(other_account, sender="same-person", text="refund")
    assert Customer.objects.get(pk=ours.case.customer_id).tags == []
    assert Customer.objects.get(pk=theirs.case.customer_id).tags == ["globex-tag"]


def test_a_change_to_a_rule_applies_to_the_next_message(tenant_a, account):
    refunds = rule(tenant_a.workspace)
    ingest(account, sender="a", text="hello")  # rules are cached now
    tagging_rule_update(rule=refunds, keywords=["hello"])
    result = ingest(account, sender="b", text="hello")
    assert Customer.objects.get(pk=result.case.customer_id).tags == ["refund-risk"]
    tagging_rule_update(rule=refunds, is_active=False)
    result = ingest(account, sender="c", text="hello")
    assert Customer.objects.get(pk=result.case.customer_id).tags == []


def _ingest_queries(account, **kwargs) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        ingest(account, **kwargs)
    return [query["sql"] for query in captured.captured_queries]


def test_rules_cost_no_query_per_message_unless_they_tag(tenant_a, account):
    ingest(account, sender="warm-up", text="hi")  # caches the (empty) rule set
    baseline = len(_ingest_queries(account, sender="warm-up", text="hi again"))

    rule(tenant_a.workspace)
    first = _ingest_queries(account, sender="warm-up", text="nothing to see")
    assert sum("customers_taggingrule" in sql for sql in first) == 1  # the cache was dropped: one load
    assert len(first) == baseline + 1
    assert len(_ingest_queries(account, sender="warm-up", text="still nothing")) == baseline  # cached, no match: free
    tagged = _ingest_queries(account, sender="warm-up", text="a refund")
    assert len(tagged) == baseline + 1  # one UPDATE appending the tag
    assert len(_ingest_queries(account, sender="warm-up", text="refund again")) == baseline  # has it already


# --- API --------------------------------------------------------------------------------------


def test_another_process_change_is_seen_within_the_local_lifetime(tenant_a, account, monkeypatch):
    """Each process keeps the rules it read for LOCAL_SECONDS; a change made elsewhere (the
    rule row written and the shared cache entry dropped, as another process does) shows after."""
    clock = [1000.0]
    monkeypatch.setattr(tagging.time, "monotonic", lambda: clock[0])
    refunds = rule(tenant_a.workspace)
    assert [r.id for r in tagging.active_rules(tenant_a.workspace.pk)] == [refunds.pk]
    TaggingRule.objects.filter(pk=refunds.pk).update(is_active=False)  # another process's write
    cache.delete(tagging._cache_key(tenant_a.workspace.pk))
    assert [r.id for r in tagging.active_rules(tenant_a.workspace.pk)] == [refunds.pk]  # this process's copy
    clock[0] += tagging.LOCAL_SECONDS + 0.01
    assert tagging.active_rules(tenant_a.workspace.pk) == ()


def test_admin_creates_edits_lists_and_deletes_rules(admin_client):
    response = admin_client.post(
        URL,
        {
            "name": "Gold",
            "keywords": [" gold member ", "Gold Member", "vip"],
            "channel_kinds": ["whatsapp", "messenger", "whatsapp"],
            "languages": ["ES"],
            "tags": ["Tier:Gold", "tier:gold"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["keywords"] == ["gold member", "vip"]
    assert created["channel_kinds"] == ["messenger", "whatsapp"]
    assert created["languages"] == ["es"] and created["tags"] == ["tier:gold"]
    assert created["is_active"] is True and created["tag_case"] is False

    patched = admin_client.patch(f"{URL}{created['id']}/", {"is_active": False, "tag_case": True}, format="json").json()
    assert patched["is_active"] is False and patched["tag_case"] is True and patched["keywords"] == ["gold member", "vip"]

    assert [row["name"] for row in admin_client.get(URL).json()["results"]] == ["Gold"]
    assert admin_client.delete(f"{URL}{created['id']}/").status_code == 204
    assert not TaggingRule.objects.exists()


def test_invalid_rules_are_refused_with_the_field_at_fault(admin_client, tenant_a):
    cases = [
        ({"name": "No tags", "keywords": ["x"], "tags": []}, "tags"),
        ({"name": "Blank tags", "keywords": ["x"], "tags": ["  "]}, "tags"),
        ({"name": "No condition", "tags": ["x"]}, "keywords"),
        ({"name": "Bad kind", "channel_kinds": ["fax"], "tags": ["x"]}, "channel_kinds"),
        ({"name": "Bad language", "languages": ["spanish"], "tags": ["x"]}, "languages"),
        ({"name": "Long tag", "keywords": ["x"], "tags": ["x" * 65]}, "tags"),
    ]
    for body, field in cases:
        response = admin_client.post(URL, body, format="json")
        assert response.status_code == 400, body
        assert field in response.json()["extra"]["fields"], (body, response.json())
    rule(tenant_a.workspace, name="Taken")
    response = admin_client.post(URL, {"name": "Taken", "keywords": ["x"], "tags": ["x"]}, format="json")
    assert response.status_code == 409 and response.json()["extra"]["fields"] == {"name": ["Already taken."]}


def test_only_admins_read_or_write_rules(tenant_a):
    from accounts.models import Role
    from accounts.services import member_add

    supervisor = member_add(workspace=tenant_a.workspace, email="sup@acme.test", role=Role.SUPERVISOR, password=None)
    created = rule(tenant_a.workspace)
    for membership in (tenant_a.agent, supervisor):
        client = client_for(membership)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"name": "x", "keywords": ["x"], "tags": ["x"]}, format="json").status_code == 403
        assert client.delete(f"{URL}{created.pk}/").status_code == 403
    assert TaggingRule.objects.count() == 1


def test_list_query_count_is_pinned(admin_client, tenant_a, django_assert_num_queries):
    for n in range(12):
        rule(tenant_a.workspace, name=f"Rule {n}")
    with django_assert_num_queries(5):  # session, user, membership, count, rows
        assert admin_client.get(URL).json()["count"] == 12
