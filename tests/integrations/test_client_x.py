"""X client against the local X API v2 fake, over real HTTP."""

from __future__ import annotations

import time

import httpx
import pytest

from integrations.errors import CredentialsRejected, PlatformError, RateLimited, RecipientBlocked
from integrations.events import AttachmentKind, ChannelKind
from integrations.fakes.x import FakeX
from integrations.outbound import OutboundAttachment, OutboundMessage
from integrations.x.client import DEFAULT_BASE_URL, XClient
from integrations.x.oauth1 import OAuth1Auth, OAuth1Credentials, parse_authorization

ACCOUNT = "1500000000000000001"
TOKEN = "dGhpcy1pcy1hbi1vYXV0aDItdXNlci10b2tlbg"
CUSTOMER = "2244994945"


@pytest.fixture
def x():
    fake = FakeX()
    fake.add_account(ACCOUNT, access_token=TOKEN, username="dialogo_care")
    fake.add_user(
        CUSTOMER, name="Sam Lee", username="samlee", profile_image_url="https://pbs.twimg.com/sam.jpg", followers_count=48213
    )
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def client(x):
    with XClient(
        credentials={"access_token": TOKEN, "consumer_secret": "cs"}, account_external_id=ACCOUNT, base_url=x.base_url
    ) as c:
        yield c


def dm(text: str = "Hi Sam, we're on it", **kwargs) -> OutboundMessage:
    return OutboundMessage(recipient_external_id=CUSTOMER, text=text, **kwargs)


def test_kind_and_default_base_url(client):
    assert client.kind is ChannelKind.X
    assert DEFAULT_BASE_URL == "https://api.x.com"


def test_direct_message(x, client):
    result = client.send(dm())

    request = x.last_request()
    assert (request.method, request.path) == ("POST", f"/2/dm_conversations/with/{CUSTOMER}/messages")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.body == {"text": "Hi Sam, we're on it"}
    assert result.external_id.isdigit() and len(result.external_id) == 19  # the dm_event_id the echo carries


def test_attachments_travel_as_links(x, client):
    client.send(
        dm(
            "Here is the label",
            attachments=(OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://files.example/label.png"),),
        )
    )
    assert x.last_request().body == {"text": "Here is the label\nhttps://files.example/label.png"}


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def test_an_image_with_its_bytes_is_uploaded_and_attached_by_media_id(x, client):
    label = OutboundAttachment(
        kind=AttachmentKind.IMAGE, url="https://dialogo.example/media/replies/1/s/label.png", mime_type="image/png", name="label.png", content=PNG
    )
    invoice = OutboundAttachment(
        kind=AttachmentKind.FILE, url="https://dialogo.example/media/replies/2/s/invoice.pdf", mime_type="application/pdf", content=b"%PDF"
    )
    second = OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://dialogo.example/media/replies/3/s/b.png", mime_type="image/png", content=PNG)
    client.send(dm("Here is the label", attachments=(label, invoice, second)))

    upload, message = x.requests[-2:]
    assert (upload.method, upload.path) == ("POST", "/2/media/upload")
    assert upload.body["media_category"] == "dm_image" and upload.body["media_type"] == "image/png"
    [media_id] = x.media
    assert x.media[media_id].content == PNG
    # One image per DM (X's limit); the PDF and the second image go as links.
    assert message.body == {
        "text": "Here is the label\nhttps://dialogo.example/media/replies/2/s/invoice.pdf\nhttps://dialogo.example/media/replies/3/s/b.png",
        "attachments": [{"media_id": media_id}],
    }


def test_a_public_reply_carries_up_to_four_uploaded_images(x, client):
    images = tuple(
        OutboundAttachment(kind=AttachmentKind.IMAGE, url=f"https://dialogo.example/{n}.png", mime_type="image/png", content=PNG) for n in range(5)
    )
    client.send(dm("", comment_id="1850000000000000042", attachments=images))
    post = x.last_request()
    assert post.path == "/2/tweets"
    assert len(post.body["media"]["media_ids"]) == 4 and all(x.media[m].category == "tweet_image" for m in post.body["media"]["media_ids"])
    assert post.body["text"] == "https://dialogo.example/4.png"


def test_public_reply_to_a_mention(x, client):
    sent = []
    x.on_sent = sent.append
    result = client.send(dm("Thanks for the shout-out!", comment_id="1850000000000000042"))

    request = x.last_request()
    assert (request.method, request.path) == ("POST", "/2/tweets")
    assert request.body == {"text": "Thanks for the shout-out!", "reply": {"in_reply_to_tweet_id": "1850000000000000042"}}
    assert result.external_id == sent[0].external_id


def test_ids_increase(client):
    first = int(client.send(dm("one")).external_id)
    second = int(client.send(dm("two")).external_id)
    assert second > first


def test_bad_token(x):
    client = XClient(credentials={"access_token": "revoked"}, account_external_id=ACCOUNT, base_url=x.base_url)
    with pytest.raises(CredentialsRejected):
        client.send(dm())


def test_rate_limit_until_reset(x, client):
    x.fail_next("rate_limited", retry_after=120)
    with pytest.raises(RateLimited) as caught:
        client.send(dm())
    assert 115 <= caught.value.retry_after <= 121


def test_dm_refused_by_the_user_is_recipient_blocked(x, client):
    x.fail_next("blocked")
    with pytest.raises(RecipientBlocked):
        client.send(dm())


def test_403_on_a_post_is_not_a_block(x, client):
    x.fail_next(
        status=403,
        body={
            "detail": "You are not allowed to create a Tweet with duplicate content.",
            "type": "about:blank",
            "title": "Forbidden",
            "status": 403,
        },
    )
    with pytest.raises(PlatformError) as caught:
        client.send(dm("dup", comment_id="1850000000000000042"))
    assert not isinstance(caught.value, RecipientBlocked)
    assert caught.value.code == "403"


def test_app_not_enrolled_is_credentials_rejected(x, client):
    x.fail_next(
        status=403,
        body={
            "client_id": "123",
            "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.",
            "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
            "title": "Client Forbidden",
            "required_enrollment": "Appropriate Level of API Access",
            "reason": "client-not-enrolled",
            "type": "https://api.twitter.com/2/problems/client-forbidden",
        },
    )
    with pytest.raises(CredentialsRejected):
        client.send(dm())


def test_server_error_is_retryable(x, client):
    x.fail_next("server_error")
    with pytest.raises(PlatformError) as caught:
        client.send(dm())
    assert (caught.value.code, caught.value.retryable) == ("503", True)


def test_unknown_participant_is_an_invalid_request(client):
    with pytest.raises(PlatformError) as caught:
        client.send(OutboundMessage(recipient_external_id="3000000000", text="hello"))
    assert (caught.value.code, caught.value.retryable) == ("invalid-request", False)


def test_mark_read_is_a_no_op(x, client):
    client.mark_read(recipient_external_id=CUSTOMER, external_message_id="1")
    assert x.requests == []


def test_profile(x, client):
    sender = client.profile(CUSTOMER)

    assert sender is not None
    assert (sender.display_name, sender.username, sender.avatar_url, sender.follower_count) == (
        "Sam Lee",
        "samlee",
        "https://pbs.twimg.com/sam.jpg",
        48213,
    )
    request = x.last_request()
    assert (request.method, request.path) == ("GET", f"/2/users/{CUSTOMER}")
    assert request.query == {"user.fields": "name,username,profile_image_url,public_metrics"}


def test_profile_of_unknown_user_is_none(client):
    assert client.profile("3000000000") is None


def test_reset_header_in_the_past_means_retry_now(x, client):
    x.fail_next(
        status=429, body={"title": "Too Many Requests", "status": 429}, headers={"x-rate-limit-reset": str(int(time.time()) - 5)}
    )
    with pytest.raises(RateLimited) as caught:
        client.send(dm())
    assert caught.value.retry_after == 0


# --- OAuth 1.0a user context: every request signed, the fake recomputing the signature ----------

CONSUMER_KEY = "xvz1evFS4wEEPTGEFPHBog"
CONSUMER_SECRET = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"
OAUTH1_TOKEN = f"{ACCOUNT}-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"
TOKEN_SECRET = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"
OAUTH1 = {
    "consumer_key": CONSUMER_KEY,
    "consumer_secret": CONSUMER_SECRET,
    "access_token": OAUTH1_TOKEN,
    "access_token_secret": TOKEN_SECRET,
}


@pytest.fixture
def oauth1_x(x):
    x.add_app(CONSUMER_KEY, CONSUMER_SECRET)
    x.add_account(ACCOUNT, access_token=OAUTH1_TOKEN, access_token_secret=TOKEN_SECRET, username="dialogo_care")
    return x


def _oauth1_client(x, **changes) -> XClient:
    return XClient(credentials={**OAUTH1, **changes}, account_external_id=ACCOUNT, base_url=x.base_url)


def _signed(request) -> dict[str, str]:
    protocol = parse_authorization(request.headers["authorization"])
    assert protocol is not None, request.headers["authorization"]
    return protocol


def test_oauth1_direct_message_reply_upload_and_profile_are_signed_and_accepted(oauth1_x):
    with _oauth1_client(oauth1_x) as client:
        image = OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://dialogo.example/l.png", mime_type="image/png", content=PNG)
        dm_id = client.send(dm("Hi Sam, we're on it", attachments=(image,))).external_id
        post_id = client.send(dm("Thanks!", comment_id="1850000000000000042")).external_id
        sender = client.profile(CUSTOMER)

    assert dm_id.isdigit() and post_id.isdigit() and sender is not None and sender.follower_count == 48213
    upload, message, post, lookup = oauth1_x.requests
    assert [(r.method, r.path) for r in (upload, message, post, lookup)] == [
        ("POST", "/2/media/upload"),
        ("POST", f"/2/dm_conversations/with/{CUSTOMER}/messages"),
        ("POST", "/2/tweets"),
        ("GET", f"/2/users/{CUSTOMER}"),
    ]
    for request in (upload, message, post, lookup):
        protocol = _signed(request)
        assert request.headers["authorization"].startswith("OAuth ")
        assert (protocol["oauth_consumer_key"], protocol["oauth_token"]) == (CONSUMER_KEY, OAUTH1_TOKEN)
        assert (protocol["oauth_signature_method"], protocol["oauth_version"]) == ("HMAC-SHA1", "1.0")
    assert lookup.query_string == "user.fields=name%2Cusername%2Cprofile_image_url%2Cpublic_metrics"  # a signed query
    assert len({_signed(r)["oauth_nonce"] for r in oauth1_x.requests}) == 4


def test_oauth1_wrong_token_secret_gets_x_401(oauth1_x):
    with _oauth1_client(oauth1_x, access_token_secret="not-the-secret") as client, pytest.raises(CredentialsRejected) as caught:
        client.send(dm())
    assert str(caught.value) == "Unauthorized"
    assert oauth1_x.last_request().path == f"/2/dm_conversations/with/{CUSTOMER}/messages"


def test_oauth1_wrong_consumer_secret_or_unknown_app_gets_x_401(oauth1_x):
    for changes in ({"consumer_secret": "other"}, {"consumer_key": "unknown-app"}):
        with _oauth1_client(oauth1_x, **changes) as client, pytest.raises(CredentialsRejected):
            client.send(dm())


def test_oauth1_token_is_not_a_bearer_token_and_a_bearer_token_is_not_signed_in(oauth1_x):
    with XClient(credentials={"access_token": OAUTH1_TOKEN}, account_external_id=ACCOUNT, base_url=oauth1_x.base_url) as bearer:
        with pytest.raises(CredentialsRejected):
            bearer.send(dm())
    with _oauth1_client(oauth1_x, access_token=TOKEN) as signed_with_bearer_token, pytest.raises(CredentialsRejected):
        signed_with_bearer_token.send(dm())


def test_fake_refuses_a_replayed_nonce_a_stale_timestamp_and_a_tampered_body(oauth1_x):
    auth = OAuth1Auth(OAuth1Credentials(CONSUMER_KEY, CONSUMER_SECRET, OAUTH1_TOKEN, TOKEN_SECRET), nonce=lambda: "fixed-nonce")
    url = f"{oauth1_x.base_url}/2/users/{CUSTOMER}"
    with httpx.Client() as http:
        assert http.get(url, auth=auth).status_code == 200
        replay = http.get(url, auth=auth)
        assert (replay.status_code, replay.json()) == (
            401,
            {"title": "Unauthorized", "detail": "Unauthorized", "type": "about:blank", "status": 401},
        )
        stale = OAuth1Auth(auth.credentials, clock=lambda: time.time() - 3600)
        assert http.get(url, auth=stale).status_code == 401

        request = http.build_request("POST", f"{oauth1_x.base_url}/2/tweets?x=1", json={"text": "hola"})
        OAuth1Auth(auth.credentials).sign(request)
        request.url = request.url.copy_with(query=b"x=2")  # the signed query changed on the way
        assert http.send(request).status_code == 401

        form = http.build_request("POST", f"{oauth1_x.base_url}/2/tweets", data={"text": "hola"})
        OAuth1Auth(auth.credentials).sign(form)
        tampered = httpx.Request("POST", form.url, headers=form.headers, content=b"text=chau")  # same length, other words
        assert http.send(tampered).status_code == 401
        signed_form = http.build_request("POST", f"{oauth1_x.base_url}/2/tweets", data={"text": "hola"})
        OAuth1Auth(auth.credentials).sign(signed_form)
        assert http.send(signed_form).status_code == 201  # the same form, untouched: its signature holds


@pytest.mark.parametrize(
    ("credentials", "missing"),
    [
        ({"consumer_key": CONSUMER_KEY, "consumer_secret": CONSUMER_SECRET, "access_token": OAUTH1_TOKEN}, "access_token_secret"),
        ({"access_token_secret": TOKEN_SECRET, "access_token": OAUTH1_TOKEN}, "consumer_key, consumer_secret"),
        ({"consumer_secret": CONSUMER_SECRET}, None),
    ],
)
def test_incomplete_credentials_are_refused_before_any_request(oauth1_x, credentials, missing):
    with pytest.raises(CredentialsRejected) as caught:
        XClient(credentials=credentials, account_external_id=ACCOUNT, base_url=oauth1_x.base_url)
    assert str(caught.value).endswith(f"no {missing}") if missing else "no access token" in str(caught.value)
    assert oauth1_x.requests == []
