"""X end to end with either user-context credential set: an OAuth 2.0 bearer token, or the four
OAuth 1.0a keys (every request HMAC-SHA1 signed). Signed Account Activity webhook → case → reply
API → delivery job → the fake X API recomputes the signature of what it received → status sent;
a wrong token secret comes back as X's 401 and the agent reads it under the reply. The consumer
secret is stored once: it answers the CRC, checks webhook signatures and signs outbound requests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import client_for
from procrastinate.contrib.django.models import ProcrastinateJob

from channel_accounts.models import ChannelAccount
from channel_accounts.services import channel_account_create
from inbox.inbound import inbound_events_drain
from inbox.models import Case, Message
from inbox.tasks import deliver_message
from integrations.fakes.x import FakeX
from integrations.x import oauth1
from integrations.x.verify import sign as x_sign

pytestmark = pytest.mark.django_db

DM_FIXTURE = Path(__file__).parent / "integrations/fixtures/x/dm_message.json"
ACCOUNT = "1450283746512093184"  # the fixture's for_user_id: our X account
CUSTOMER = "982374651029384756"  # the fixture's sender
CONSUMER_KEY = "xvz1evFS4wEEPTGEFPHBog"
CONSUMER_SECRET = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"
OAUTH1_TOKEN = f"{ACCOUNT}-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"
TOKEN_SECRET = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"
BEARER = "dGhpcy1pcy1hbi1vYXV0aDItdXNlci10b2tlbg"

OAUTH1 = {
    "consumer_key": CONSUMER_KEY,
    "consumer_secret": CONSUMER_SECRET,
    "access_token": OAUTH1_TOKEN,
    "access_token_secret": TOKEN_SECRET,
}
OAUTH2 = {"consumer_secret": CONSUMER_SECRET, "access_token": BEARER}
ACCOUNTS = "/api/v1/channel-accounts/"


@pytest.fixture
def fake_x(settings):
    fake = FakeX()
    fake.add_app(CONSUMER_KEY, CONSUMER_SECRET)
    fake.add_account(ACCOUNT, access_token=OAUTH1_TOKEN, access_token_secret=TOKEN_SECRET, username="dialogo_shop")
    fake.add_account(ACCOUNT, access_token=BEARER, username="dialogo_shop")
    fake.add_user(CUSTOMER, name="Sophie Turner", username="sophie_t_uk", followers_count=1843)
    fake.start()
    settings.PLATFORM_API_BASE_URLS = {**settings.PLATFORM_API_BASE_URLS, "x": fake.base_url}
    yield fake
    fake.stop()


def _x_account(tenant, credentials: dict[str, str]) -> ChannelAccount:
    return channel_account_create(
        workspace=tenant.workspace, kind="x", name="Dialogo on X", external_id=ACCOUNT, credentials=credentials
    )


def _customer_dms(client, account: ChannelAccount) -> Case:
    body = DM_FIXTURE.read_bytes()
    response = client.post(
        f"/webhooks/x/{account.pk}/",
        data=body,
        content_type="application/json",
        HTTP_X_TWITTER_WEBHOOKS_SIGNATURE=x_sign(body, CONSUMER_SECRET),
    )
    assert response.status_code == 200, response.content
    assert inbound_events_drain() == 1
    return Case.objects.get(channel_account=account)


def _reply_and_deliver(tenant, case: Case, text: str) -> tuple[dict, str]:
    agent = client_for(tenant.agent)
    reply = agent.post(f"/api/v1/cases/{case.pk}/reply/", {"text": text}, format="json")
    assert reply.status_code == 201, reply.json()
    job = ProcrastinateJob.objects.get(task_name="deliver_message", args={"message_id": reply.json()["id"]})
    outcome = deliver_message(**job.args)
    timeline = agent.get(f"/api/v1/cases/{case.pk}/").json()["messages"]
    return next(m for m in timeline if m["id"] == reply.json()["id"]), outcome


@pytest.mark.parametrize("credentials", [OAUTH1, OAUTH2], ids=["oauth1", "oauth2"])
def test_a_reply_to_an_x_dm_leaves_with_the_account_credentials_and_is_sent(client, tenant_a, fake_x, credentials):
    case = _customer_dms(client, _x_account(tenant_a, credentials))
    text = "Hi Sophie, your refund for order 48213 left today + it takes 3–5 days!"

    reply, outcome = _reply_and_deliver(tenant_a, case, text)

    assert outcome == "sent"
    request = fake_x.last_request()
    assert (request.method, request.path, request.body) == (
        "POST",
        f"/2/dm_conversations/with/{CUSTOMER}/messages",
        {"text": text},
    )
    if credentials is OAUTH1:
        protocol = oauth1.parse_authorization(request.headers["authorization"])
        assert (protocol["oauth_consumer_key"], protocol["oauth_token"], protocol["oauth_signature_method"]) == (
            CONSUMER_KEY,
            OAUTH1_TOKEN,
            "HMAC-SHA1",
        )
        # Recomputed here too, from what the fake received: JSON body unsigned, URL and oauth_* signed.
        base_string = oauth1.signature_base_string("POST", f"{fake_x.base_url}{request.path}", protocol.items())
        assert protocol["oauth_signature"] == oauth1.hmac_sha1_signature(
            base_string, consumer_secret=CONSUMER_SECRET, token_secret=TOKEN_SECRET
        )
    else:
        assert request.headers["authorization"] == f"Bearer {BEARER}"
    assert (reply["direction"], reply["status"]) == ("out", "sent")
    assert Message.objects.get(pk=reply["id"]).external_id.isdigit()  # the dm_event_id the echo will carry


def test_the_customer_profile_is_read_with_oauth1_too(client, tenant_a, fake_x):
    from inbox.profiles import identity_profile_fetch

    account = _x_account(tenant_a, OAUTH1)
    case = _customer_dms(client, account)  # the DM's `users` map already names the sender: no lookup queued
    fake_x.add_user(CUSTOMER, name="Sophie T.", username="sophie_t_uk", followers_count=1900)
    assert identity_profile_fetch(identity_id=case.identity_id, channel_account_id=account.pk) == "updated"
    lookup = fake_x.last_request()
    assert lookup.path == f"/2/users/{CUSTOMER}" and lookup.headers["authorization"].startswith("OAuth ")
    case.identity.refresh_from_db()
    assert case.identity.display_name == "Sophie T."


def test_a_wrong_token_secret_gets_x_401_and_the_agent_reads_it_under_the_reply(client, tenant_a, fake_x):
    case = _customer_dms(client, _x_account(tenant_a, {**OAUTH1, "access_token_secret": "an-old-token-secret"}))

    reply, outcome = _reply_and_deliver(tenant_a, case, "Hi Sophie")

    assert outcome == "failed"
    assert fake_x.last_request().path == f"/2/dm_conversations/with/{CUSTOMER}/messages"  # it reached X, X refused
    assert (reply["status"], reply["error_code"]) == ("failed", "credentials_rejected")
    assert "reconnect" in reply["error_message"] and "Unauthorized" in reply["error_message"]


def test_one_consumer_secret_answers_the_crc_checks_webhooks_and_signs(client, tenant_a):
    account = _x_account(tenant_a, OAUTH1)
    response = client.get(f"/webhooks/x/{account.pk}/", {"crc_token": "challenge-abc"})
    assert response.status_code == 200 and response.json() == {"response_token": x_sign(b"challenge-abc", CONSUMER_SECRET)}
    body = DM_FIXTURE.read_bytes()
    forged = client.post(
        f"/webhooks/x/{account.pk}/",
        data=body,
        content_type="application/json",
        HTTP_X_TWITTER_WEBHOOKS_SIGNATURE=x_sign(body, TOKEN_SECRET),
    )
    assert forged.status_code == 403  # keyed with the token secret: not what X signs with
    assert sorted(account.credentials) == sorted(OAUTH1)  # no second copy of the secret anywhere


# --- Credentials through the API ----------------------------------------------------------------


def test_admin_connects_x_with_oauth1_keys_masked_and_described(admin_client):
    created = admin_client.post(
        ACCOUNTS, {"kind": "x", "name": "X", "external_id": ACCOUNT, "credentials": OAUTH1}, format="json"
    )
    assert created.status_code == 201, created.json()
    account = created.json()
    assert account["credentials"] == {name: f"••••{value[-4:]}" for name, value in sorted(OAUTH1.items())}
    assert "OAuth 1.0a" in account["setup"]["instructions"] and "OAuth 2.0" in account["setup"]["instructions"]
    stored = ChannelAccount.objects.get(pk=account["id"])
    assert stored.credentials == OAUTH1
    assert all(value not in stored.credentials_ciphertext for value in OAUTH1.values())  # encrypted at rest


@pytest.mark.parametrize(
    ("credentials", "missing"),
    [
        ({"consumer_key": CONSUMER_KEY, "access_token": OAUTH1_TOKEN}, ["consumer_secret", "access_token_secret"]),
        (
            {"consumer_secret": CONSUMER_SECRET, "access_token": OAUTH1_TOKEN, "access_token_secret": TOKEN_SECRET},
            ["consumer_key"],
        ),
    ],
)
def test_a_partial_oauth1_set_is_refused_naming_what_is_missing(admin_client, credentials, missing):
    response = admin_client.post(
        ACCOUNTS, {"kind": "x", "name": "X", "external_id": ACCOUNT, "credentials": credentials}, format="json"
    )
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "x_credentials_incomplete"
    assert error["extra"]["auth"] == "oauth1" and error["extra"]["missing"] == missing
    assert set(error["extra"]["fields"]) == {f"credentials.{name}" for name in missing}
    assert all(name in error["message"] for name in missing)
    assert not ChannelAccount.objects.filter(kind="x").exists()


def test_switching_sets_needs_the_new_sets_own_access_token(admin_client):
    created = admin_client.post(
        ACCOUNTS, {"kind": "x", "name": "X", "external_id": ACCOUNT, "credentials": OAUTH2}, format="json"
    )
    url = f"{ACCOUNTS}{created.json()['id']}/"

    keeps_bearer = admin_client.patch(
        url, {"credentials": {"consumer_key": CONSUMER_KEY, "access_token_secret": TOKEN_SECRET}}, format="json"
    )
    assert keeps_bearer.status_code == 400 and keeps_bearer.json()["extra"]["fields"] == {
        "credentials.access_token": ["Give the OAuth 1.0a access token."]
    }

    to_oauth1 = admin_client.patch(
        url,
        {"credentials": {"consumer_key": CONSUMER_KEY, "access_token": OAUTH1_TOKEN, "access_token_secret": TOKEN_SECRET}},
        format="json",
    )
    assert to_oauth1.status_code == 200, to_oauth1.json()
    assert sorted(to_oauth1.json()["credentials"]) == sorted(OAUTH1)

    back = admin_client.patch(
        url, {"credentials": {"consumer_key": "", "access_token_secret": "", "access_token": BEARER}}, format="json"
    )
    assert back.status_code == 200, back.json()
    assert ChannelAccount.objects.get(pk=created.json()["id"]).credentials == OAUTH2  # the consumer secret stayed


def test_an_x_account_may_start_with_only_its_webhook_secret(admin_client):
    created = admin_client.post(
        ACCOUNTS,
        {"kind": "x", "name": "X", "external_id": ACCOUNT, "credentials": {"consumer_secret": CONSUMER_SECRET}},
        format="json",
    )
    assert created.status_code == 201, created.json()
