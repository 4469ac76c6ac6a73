"""Channel accounts API, and the generic `api` channel: any system posts a normalized
customer message with an API token and it takes the one ingest path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from channel_accounts.models import ChannelAccount
from customers.models import Customer, Identity
from inbox.models import Case, Message, MessageAttachment
from integrations.events import ChannelKind
from tests.conftest import token_client_for
from tests.inbox_helpers import channel_account

pytestmark = pytest.mark.django_db

ACCOUNTS = "/api/v1/channel-accounts/"


def fields_of(response) -> set[str]:
    return set(response.json()["extra"]["fields"])


# --- Channel accounts ---------------------------------------------------------------------------


def test_admin_connects_tunes_and_deactivates_a_channel_account(admin_client, agent_client):
    created = admin_client.post(
        ACCOUNTS, {"kind": "email", "name": "Support mailbox", "external_id": "help@acme.test", "reopen_window": "P3D"}, format="json"
    )
    assert created.status_code == 201, created.json()
    account = created.json()
    credentials, setup = account.pop("credentials"), account.pop("setup")
    # A generated inbound secret: masked in `credentials`, shown in full to the admin in `setup`.
    assert list(credentials) == ["inbound_secret"] and credentials["inbound_secret"].startswith("••••")
    assert setup["webhook_url"].endswith(f"/webhooks/email/{account['id']}/")
    assert setup["secret_header"] == "X-Dialogo-Webhook-Secret" and setup["secret"].endswith(credentials["inbound_secret"][-4:])
    assert "secret" not in agent_client.get(f"{ACCOUNTS}{account['id']}/").json()["setup"]
    assert account | {"id": None, "created_at": None, "updated_at": None} == {
        "id": None, "kind": "email", "name": "Support mailbox", "external_id": "help@acme.test", "is_active": True,
        "reopen_window": 3 * 86400, "email_subject_threading": True, "default_team_id": None, "created_at": None, "updated_at": None,
    }
    url = f"{ACCOUNTS}{account['id']}/"
    patched = admin_client.patch(url, {"reopen_window": 3600, "email_subject_threading": False, "name": "Help"}, format="json")
    assert patched.status_code == 200
    assert (patched.json()["reopen_window"], patched.json()["email_subject_threading"], patched.json()["name"]) == (3600, False, "Help")
    assert admin_client.patch(url, {"reopen_window": "PT12H"}, format="json").json()["reopen_window"] == 12 * 3600

    assert agent_client.get(url).status_code == 200
    assert [row["id"] for row in agent_client.get(ACCOUNTS).json()["results"]] == [account["id"]]
    assert agent_client.patch(url, {"name": "Mine"}, format="json").status_code == 403
    assert agent_client.delete(url).status_code == 403

    assert admin_client.delete(url).status_code == 204
    assert admin_client.get(url).json()["is_active"] is False  # deactivated, history kept
    assert admin_client.delete(url).status_code == 204  # twice is harmless
    assert [row["id"] for row in agent_client.get(ACCOUNTS, {"is_active": "true"}).json()["results"]] == []
    assert admin_client.patch(url, {"is_active": True}, format="json").json()["is_active"] is True


def test_channel_account_validation_names_the_field(admin_client):
    assert fields_of(admin_client.post(ACCOUNTS, {"kind": "myspace", "name": "x"}, format="json")) == {"kind"}
    assert fields_of(admin_client.post(ACCOUNTS, {"kind": "api"}, format="json")) == {"name"}
    assert fields_of(admin_client.post(ACCOUNTS, {"kind": "api", "name": "x", "reopen_window": "a week"}, format="json")) == {"reopen_window"}
    assert fields_of(admin_client.post(ACCOUNTS, {"kind": "api", "name": "x", "reopen_window": -5}, format="json")) == {"reopen_window"}
    first = admin_client.post(ACCOUNTS, {"kind": "telegram", "name": "Bot", "external_id": "bot1"}, format="json")
    duplicate = admin_client.post(ACCOUNTS, {"kind": "telegram", "name": "Bot 2", "external_id": "bot1"}, format="json")
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "channel_account_exists"
    assert fields_of(duplicate) == {"external_id"}
    refused = admin_client.patch(f"{ACCOUNTS}{first.json()['id']}/", {"kind": "email"}, format="json")
    assert fields_of(refused) == {"kind"}


def test_new_cases_of_an_account_go_to_its_default_team(tenant_a, tenant_b, admin_client):
    from accounts.services import team_create
    from tests.inbox_helpers import ingest

    social = team_create(workspace=tenant_a.workspace, name="Social")
    foreign = team_create(workspace=tenant_b.workspace, name="Theirs")
    created = admin_client.post(ACCOUNTS, {"kind": "api", "name": "Shop", "default_team_id": social.pk}, format="json")
    assert created.status_code == 201 and created.json()["default_team_id"] == social.pk
    url = f"{ACCOUNTS}{created.json()['id']}/"
    # Only a team of the account's own workspace.
    assert fields_of(admin_client.patch(url, {"default_team_id": foreign.pk}, format="json")) == {"default_team_id"}
    assert fields_of(admin_client.post(ACCOUNTS, {"kind": "api", "name": "x", "default_team_id": foreign.pk}, format="json")) == {"default_team_id"}

    account = ChannelAccount.objects.get(pk=created.json()["id"])
    assert ingest(account, sender="routed").case.team_id == social.pk
    assert admin_client.patch(url, {"default_team_id": None}, format="json").json()["default_team_id"] is None
    account.refresh_from_db()
    assert ingest(account, sender="shared queue").case.team_id is None


def test_channel_account_list_query_count_is_pinned(tenant_a, agent_client):
    channel_account(tenant_a.workspace)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert agent_client.get(ACCOUNTS).status_code == 200
        return len(captured)

    # session + user + membership, count, page
    assert queries() == 5
    for kind in ChannelKind:
        channel_account(tenant_a.workspace, kind)
    assert queries() == 5


# --- The generic api channel --------------------------------------------------------------------


@pytest.fixture
def api_account(tenant_a) -> ChannelAccount:
    return channel_account(tenant_a.workspace, ChannelKind.API, name="Shop backend")


def message_body(**overrides) -> dict:
    body = {
        "external_id": "order-123-msg-1",
        "sender": {"external_id": "shop-user-42", "display_name": "Marta López", "email": "Marta@Example.com", "language": "es"},
        "sent_at": "2026-11-20T10:00:00Z",
        "text": "Mi pedido llegó roto",
    }
    return {**body, **overrides}


def messages_url(account) -> str:
    return f"{ACCOUNTS}{account.pk}/messages/"


def test_posting_a_message_opens_a_case_for_a_new_customer(tenant_a, api_account):
    client = token_client_for(tenant_a.agent)
    response = client.post(
        messages_url(api_account),
        message_body(
            attachments=[{"kind": "image", "url": "https://cdn.example/broken.jpg", "mime_type": "image/jpeg", "size_bytes": 2048}],
            thread={"subject": "Order 123"},
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] is True
    message = Message.objects.select_related("case__customer").get(pk=body["message_id"])
    assert message.case_id == body["case_id"] and message.direction == "in"
    assert message.sent_at == datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert message.case.subject == "Order 123" and message.case.customer.email == "marta@example.com"
    assert MessageAttachment.objects.get(message=message).size_bytes == 2048
    assert Identity.objects.get(customer=message.case.customer).channel_kind == "api"
    # The message is searchable in Spanish straight away.
    assert [row["id"] for row in client.get("/api/v1/cases/", {"q": "pedidos rotos"}).json()["results"]] == [body["case_id"]]


def test_the_same_external_id_twice_is_one_message(tenant_a, api_account):
    client = token_client_for(tenant_a.agent)
    first = client.post(messages_url(api_account), message_body(), format="json")
    again = client.post(messages_url(api_account), message_body(text="edited?"), format="json")
    assert again.status_code == 200
    assert again.json() == {**first.json(), "created": False}
    assert Message.objects.count() == 1 and Customer.objects.count() == 1


def test_next_messages_join_the_open_case(tenant_a, api_account):
    client = token_client_for(tenant_a.agent)
    first = client.post(messages_url(api_account), message_body(), format="json").json()
    second = client.post(messages_url(api_account), message_body(external_id="order-123-msg-2", text="¿Hola?"), format="json").json()
    assert second["case_id"] == first["case_id"] and second["message_id"] != first["message_id"]
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    "sent_at",
    [1795168800, 1795168800000, "1795168800", 1795168800.5, "2026-11-20T10:00:00+00:00", "2026-11-20T11:00:00+01:00"],
    ids=["seconds", "milliseconds", "seconds as text", "fractional seconds", "iso utc", "iso offset"],
)
def test_timestamps_in_seconds_milliseconds_or_iso(tenant_a, api_account, sent_at):
    response = token_client_for(tenant_a.agent).post(messages_url(api_account), message_body(sent_at=sent_at), format="json")
    assert response.status_code == 201, response.json()
    stored = Message.objects.get(pk=response.json()["message_id"]).sent_at
    assert abs(stored - datetime(2026, 11, 20, 10, 0, tzinfo=UTC)) < timedelta(seconds=1)


def test_only_api_accounts_take_posted_messages(tenant_a):
    whatsapp = channel_account(tenant_a.workspace, ChannelKind.WHATSAPP)
    response = token_client_for(tenant_a.agent).post(messages_url(whatsapp), message_body(), format="json")
    assert response.status_code == 400 and response.json()["code"] == "wrong_channel_kind"
    assert "whatsapp" in response.json()["message"]
    assert not Message.objects.exists()


def test_a_deactivated_api_account_refuses_messages(tenant_a, api_account, admin_client):
    admin_client.delete(f"{ACCOUNTS}{api_account.pk}/")
    response = token_client_for(tenant_a.agent).post(messages_url(api_account), message_body(), format="json")
    assert response.status_code == 409 and response.json()["code"] == "channel_account_inactive"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"external_id": ""}, "external_id"),
        ({"sender": {"display_name": "No id"}}, "sender"),
        ({"sender": None}, "sender"),
        ({"sent_at": "yesterday"}, "sent_at"),
        ({"sent_at": True}, "sent_at"),
        ({"sent_at": 10**20}, "sent_at"),
        ({"text": "", "attachments": []}, "text"),
        ({"kind": "shout"}, "kind"),
        ({"attachments": [{"kind": "hologram", "url": "https://x.test/a"}]}, "attachments"),
        ({"attachments": [{"kind": "image", "url": "not a url"}]}, "attachments"),
        ({"sender": {"external_id": "u1", "email": "not-an-email"}}, "sender"),
    ],
)
def test_validation_errors_name_the_field(tenant_a, api_account, changes, field):
    body = message_body(**changes)
    body = {key: value for key, value in body.items() if value is not None}
    response = token_client_for(tenant_a.agent).post(messages_url(api_account), body, format="json")
    assert response.status_code == 400, response.json()
    assert fields_of(response) == {field}
    assert response.json()["message"].startswith(f"{field}:")


def test_nested_errors_point_inside_the_object(tenant_a, api_account):
    response = token_client_for(tenant_a.agent).post(
        messages_url(api_account), message_body(sender={"display_name": "No id"}), format="json"
    )
    assert response.json()["extra"]["fields"]["sender"] == {"external_id": ["This field is required."]}
    assert response.json()["message"] == "sender: external_id: This field is required."


def test_comments_on_one_post_thread_together(tenant_a, api_account):
    client = token_client_for(tenant_a.agent)
    post_comment = {"kind": "comment", "thread": {"post_id": "launch-post"}}
    first = client.post(messages_url(api_account), message_body(external_id="c1", **post_comment), format="json").json()
    second = client.post(messages_url(api_account), message_body(external_id="c2", **post_comment), format="json").json()
    direct = client.post(messages_url(api_account), message_body(external_id="dm1"), format="json").json()
    assert first["case_id"] == second["case_id"] != direct["case_id"]
    assert Message.objects.get(pk=first["message_id"]).source_kind == "comment"


def test_a_session_agent_may_post_too(agent_client, api_account):
    assert agent_client.post(messages_url(api_account), message_body(), format="json").status_code == 201


def test_unauthenticated_posts_are_refused(api_account):
    response = APIClient().post(messages_url(api_account), message_body(), format="json")
    assert response.status_code == 401


def test_reply_to_a_known_message(tenant_a, api_account):
    client = token_client_for(tenant_a.agent)
    first = client.post(messages_url(api_account), message_body(), format="json").json()
    second = client.post(
        messages_url(api_account), message_body(external_id="m2", thread={"reply_to_external_id": "order-123-msg-1"}), format="json"
    ).json()
    assert Message.objects.get(pk=second["message_id"]).reply_to_id == first["message_id"]



def test_the_api_webhook_path_takes_the_same_messages(tenant_a, tenant_b, api_account):
    """DESIGN's webhook contract: POST /webhooks/api/<channel_account_id>/ with a token."""
    client = token_client_for(tenant_a.agent)
    response = client.post(f"/webhooks/api/{api_account.pk}/", message_body(external_id="via-webhook"), format="json")
    assert response.status_code == 201, response.json()
    assert Message.objects.filter(external_id="via-webhook", channel_account=api_account).exists()
    foreign = token_client_for(tenant_b.agent).post(f"/webhooks/api/{api_account.pk}/", message_body(), format="json")
    assert foreign.status_code == 404
    assert APIClient().post(f"/webhooks/api/{api_account.pk}/", message_body(), format="json").status_code == 401


def test_credentials_are_write_only_and_merge_field_by_field(admin_client):
    created = admin_client.post(
        ACCOUNTS,
        {"kind": "messenger", "name": "Page", "external_id": "42", "credentials": {"app_secret": "s3cr3t-app", "page_access_token": "EAAG1234"}},
        format="json",
    ).json()
    assert created["credentials"]["app_secret"] == "••••-app"
    assert created["setup"]["verify_token"]  # generated, to paste into the Meta dashboard
    url = f"{ACCOUNTS}{created['id']}/"
    patched = admin_client.patch(url, {"credentials": {"page_access_token": "EAAG5678"}}, format="json").json()
    assert patched["credentials"]["page_access_token"] == "••••5678" and patched["credentials"]["app_secret"] == "••••-app"
    unknown = admin_client.patch(url, {"credentials": {"password": "x"}}, format="json")
    assert unknown.status_code == 400 and "password" in unknown.json()["message"]


def test_a_telegram_bot_is_connected_by_registering_our_webhook(admin_client, agent_client, settings):
    from integrations.fakes.telegram import FakeTelegram

    with FakeTelegram() as telegram:
        telegram.add_bot("123456:ABC-bot-token")
        settings.PLATFORM_API_BASE_URLS = {**settings.PLATFORM_API_BASE_URLS, "telegram": telegram.base_url}
        settings.PUBLIC_BASE_URL = "https://support.acme.test"
        created = admin_client.post(
            ACCOUNTS, {"kind": "telegram", "name": "Bot", "external_id": "123456", "credentials": {"bot_token": "123456:ABC-bot-token"}}, format="json"
        ).json()
        url = f"{ACCOUNTS}{created['id']}/register-webhook/"
        assert agent_client.post(url).status_code == 403
        assert admin_client.post(url).status_code == 200
        registered = telegram.webhooks["123456:ABC-bot-token"]
        assert registered["url"] == f"https://support.acme.test/webhooks/telegram/{created['id']}/"
        assert registered["secret_token"] == created["setup"]["secret"]  # the one our webhook checks

        broken = admin_client.post(ACCOUNTS, {"kind": "telegram", "name": "Other", "credentials": {"bot_token": "999:unknown"}}, format="json").json()
        refused = admin_client.post(f"{ACCOUNTS}{broken['id']}/register-webhook/")
        assert refused.status_code == 502 and refused.json()["code"] == "platform_refused"
