"""The traffic simulator speaks the platforms' wire formats: every builder's bytes parse with our
connector into the expected normalized event, and its signature verifies with our verifier.
No database, no server (the runner is driven through httpx's ASGI transport)."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from channel_accounts.webhooks import WebhookAccount, webhook_answer
from integrations.email import parse as email_parse
from integrations.email.verify import verify_shared_secret
from integrations.events import (
    AttachmentKind,
    DeliveryReceipt,
    Echo,
    Edit,
    InboundMessage,
    MessageKind,
    Postback,
    ReceiptStatus,
)
from integrations.instagram import parse as instagram_parse
from integrations.messenger import parse as messenger_parse
from integrations.meta.verify import verify_signature as meta_verify
from integrations.simulator import Simulator, Traffic, TrafficOptions, parse_rate
from integrations.simulator import payloads as p
from integrations.simulator.payloads import SimAccount, WebhookRequest
from integrations.telegram import parse as telegram_parse
from integrations.telegram.verify import verify_secret_token
from integrations.whatsapp import parse as whatsapp_parse
from integrations.x import parse as x_parse
from integrations.x.verify import verify_signature as x_verify

AT = datetime(2026, 3, 2, 10, 15, 30, 250000, tzinfo=UTC)
ACCOUNTS = {
    "messenger": SimAccount("messenger", 11, "100200300400500", {"app_secret": "meta-secret"}),
    "instagram": SimAccount("instagram", 12, "17841400000000000", {"app_secret": "meta-secret"}),
    "whatsapp": SimAccount("whatsapp", 13, "106540352242922", {"app_secret": "meta-secret"}),
    "telegram": SimAccount("telegram", 14, "7012345678", {"secret_token": "tg-secret_1"}),
    "x": SimAccount("x", 15, "1500000000000000000", {"consumer_secret": "x-consumer-secret"}),
    "email": SimAccount("email", 16, "hola@dialogo.cafe", {"inbound_secret": "mail-secret"}),
}
M, IG, WA, TG, X, MAIL = (ACCOUNTS[k] for k in ("messenger", "instagram", "whatsapp", "telegram", "x", "email"))
EMILY = p.TelegramUser(id=5829301746, first_name="Katarzyna", last_name="Wójcik", username="kasia_w", language_code="pl")
SOPHIE = p.XUser(id="982374651029384756", name="Sophie Turner", screen_name="sophie_t_uk", followers_count=1843)


def parse(request: WebhookRequest):
    """Verify the request as the server does, then parse it with the kind's connector (unknown → raise)."""
    account = ACCOUNTS[request.kind]
    headers = {name.lower(): value for name, value in request.headers.items()}
    if request.kind in ("messenger", "instagram", "whatsapp"):
        meta_verify(request.body, headers["x-hub-signature-256"], account.credentials["app_secret"])
    elif request.kind == "telegram":
        verify_secret_token(headers["x-telegram-bot-api-secret-token"], account.credentials["secret_token"])
    elif request.kind == "x":
        x_verify(request.body, headers["x-twitter-webhooks-signature"], account.credentials["consumer_secret"])
    else:
        verify_shared_secret(headers["x-dialogo-webhook-secret"], account.credentials["inbound_secret"])
    assert request.path == f"/webhooks/{request.kind}/{account.id}/"
    parsers = {
        "messenger": lambda b: messenger_parse.parse(b, unknown="raise"),
        "instagram": lambda b: instagram_parse.parse(b, unknown="raise"),
        "whatsapp": lambda b: whatsapp_parse.parse(b, unknown="raise"),
        "telegram": lambda b: telegram_parse.parse(b, unknown="raise"),
        "x": lambda b: x_parse.parse(b, unknown="raise"),
        "email": lambda b: email_parse.parse(b, mailbox_address=MAIL.external_id),
    }
    events = parsers[request.kind](request.body)
    assert len(events) == 1
    return events[0]


def accepted(request: WebhookRequest) -> tuple[int, str | None]:
    """What the webhook accept decision (the same for the ASGI fast path and the Django view) says."""
    account = ACCOUNTS[request.kind]
    answer = webhook_answer(
        kind=request.kind,
        account=WebhookAccount(
            id=int(account.id),
            workspace_id=1,
            kind=account.kind,
            external_id=account.external_id,
            is_active=True,
            credentials=account.credentials,
        ),
        method="POST",
        query={},
        headers={name.lower(): value for name, value in request.headers.items()},
        body=request.body,
    )
    return answer.status_code, answer.store_status


# --- Messenger ----------------------------------------------------------------------------------


def test_messenger_message_as_meta_sends_it():
    request = p.messenger_message(M, psid="6723451987364512", mid="m_abc", text="Hola, mi pedido llegó dañado 😕 / roto", at=AT)
    assert request.body.isascii() and b"\\u00f3" in request.body and b"\\/" in request.body  # escaped as Meta escapes
    assert request.headers["X-Hub-Signature-256"].startswith("sha256=")
    event = parse(request)
    assert isinstance(event, InboundMessage)
    assert (event.external_id, event.sender.external_id, event.account_external_id) == (
        "m_abc",
        "6723451987364512",
        M.external_id,
    )
    assert event.text == "Hola, mi pedido llegó dañado 😕 / roto"
    assert event.sent_at == AT.replace(microsecond=250000)
    assert request.message_id == "m_abc" and request.event == "messenger.message"


def test_messenger_image_message():
    event = parse(
        p.messenger_message(M, psid="1", mid="m_img", text="", image_url="https://scontent.xx.fbcdn.net/v/x_n.jpg?oh=1", at=AT)
    )
    assert event.attachments[0].kind == AttachmentKind.IMAGE and event.attachments[0].url.startswith("https://scontent")


def test_messenger_echo_from_the_page_inbox():
    event = parse(p.messenger_echo(M, psid="6723451987364512", mid="m_echo", text="¡Hola! Lo revisamos", at=AT))
    assert isinstance(event, Echo)
    assert (event.external_id, event.recipient_external_id, event.app_id) == (
        "m_echo",
        "6723451987364512",
        str(p.BUSINESS_SUITE_APP_ID),
    )


def test_messenger_delivery_and_read_receipts():
    delivery = parse(p.messenger_delivery(M, psid="672", mids=["m_echo"], watermark=AT))
    assert isinstance(delivery, DeliveryReceipt)
    assert (delivery.status, delivery.external_message_id, delivery.counterpart_external_id) == (
        ReceiptStatus.DELIVERED,
        "m_echo",
        "672",
    )
    read = parse(p.messenger_read(M, psid="672", watermark=AT, at=AT + timedelta(seconds=5)))
    assert (read.status, read.external_message_id, read.watermark) == (ReceiptStatus.READ, "", AT.replace(microsecond=250000))


def test_messenger_postback():
    event = parse(p.messenger_postback(M, psid="881", mid="m_pb", title="Get Started", payload="GET_STARTED", at=AT))
    assert isinstance(event, Postback)
    assert (event.external_id, event.payload, event.title) == ("m_pb", "GET_STARTED", "Get Started")


# --- Instagram ----------------------------------------------------------------------------------


def test_instagram_dm():
    event = parse(p.instagram_message(IG, igsid="1139485726301948", mid="aWdf_1", text="Czy macie kawę bezkofeinową?", at=AT))
    assert isinstance(event, InboundMessage) and event.kind == MessageKind.MESSAGE
    assert (event.external_id, event.text, event.account_external_id) == (
        "aWdf_1",
        "Czy macie kawę bezkofeinową?",
        IG.external_id,
    )


def test_instagram_comment_on_a_post_is_dated_in_seconds():
    request = p.instagram_comment(
        IG,
        user_id="4478",
        username="marta.k",
        comment_id="18093847561029384",
        media_id="18047293847561029",
        text="¿Cuánto cuesta?",
        at=AT,
    )
    assert json.loads(request.body)["entry"][0]["time"] == int(AT.timestamp())
    event = parse(request)
    assert event.kind == MessageKind.COMMENT
    assert (event.external_id, event.thread.post_id, event.sender.username) == (
        "18093847561029384",
        "18047293847561029",
        "marta.k",
    )
    assert event.sent_at == AT.replace(microsecond=0)


def test_instagram_story_mention():
    event = parse(
        p.instagram_story_mention(
            IG, igsid="229", mid="aWdf_story", cdn_url="https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1", at=AT
        )
    )
    assert event.kind == MessageKind.MENTION and event.external_id == "aWdf_story"
    assert event.attachments[0].url.startswith("https://lookaside.fbsbx.com/")


# --- WhatsApp -----------------------------------------------------------------------------------


def test_whatsapp_text_with_timestamps_as_string_seconds():
    request = p.whatsapp_text(
        WA, wa_id="34612345678", name="María López", wamid="wamid.HBgL1", text="¿Puedo cambiar la dirección?", at=AT
    )
    message = json.loads(request.body)["entry"][0]["changes"][0]["value"]["messages"][0]
    assert message["timestamp"] == str(int(AT.timestamp()))
    event = parse(request)
    assert (event.external_id, event.sender.external_id, event.sender.display_name, event.sender.phone) == (
        "wamid.HBgL1",
        "34612345678",
        "María López",
        "+34612345678",
    )
    assert event.account_external_id == WA.external_id and event.sent_at == AT.replace(microsecond=0)


def test_whatsapp_image():
    event = parse(
        p.whatsapp_image(
            WA,
            wa_id="34612345678",
            name="María",
            wamid="wamid.HBgL2",
            media_id="1287346529183746",
            caption="Así llegó la caja",
            at=AT,
        )
    )
    assert event.text == "Así llegó la caja"
    assert (event.attachments[0].kind, event.attachments[0].url, event.attachments[0].mime_type) == (
        AttachmentKind.IMAGE,
        "whatsapp-media:1287346529183746",
        "image/jpeg",
    )


@pytest.mark.parametrize("status", ["sent", "delivered", "read"])
def test_whatsapp_statuses(status):
    event = parse(p.whatsapp_status(WA, wa_id="34612345678", wamid="wamid.ours", status=status, at=AT))
    assert isinstance(event, DeliveryReceipt)
    assert (event.status, event.external_message_id, event.counterpart_external_id) == (
        ReceiptStatus(status),
        "wamid.ours",
        "34612345678",
    )


def test_whatsapp_business_app_echo():
    event = parse(p.whatsapp_echo(WA, wa_id="34612345678", wamid="wamid.app", text="¡Hola!", at=AT))
    assert isinstance(event, Echo) and (event.recipient_external_id, event.text) == ("34612345678", "¡Hola!")


# --- Telegram -----------------------------------------------------------------------------------


def test_telegram_message():
    request = p.telegram_message(
        TG, update_id=718293645, user=EMILY, message_id=4821, text="Dzień dobry! Zamówienie nie doszło", at=AT
    )
    assert request.headers["X-Telegram-Bot-Api-Secret-Token"] == "tg-secret_1"
    event = parse(request)
    assert (event.external_id, event.sender.display_name, event.sender.language, event.text) == (
        "5829301746:4821",
        "Katarzyna Wójcik",
        "pl",
        "Dzień dobry! Zamówienie nie doszło",
    )
    assert request.message_id == event.external_id


def test_telegram_edited_message():
    event = parse(
        p.telegram_edited_message(
            TG, update_id=2, user=EMILY, message_id=4821, text="poprawione", sent=AT, edited=AT + timedelta(minutes=2)
        )
    )
    assert isinstance(event, Edit)
    assert (event.external_message_id, event.text, event.at) == (
        "5829301746:4821",
        "poprawione",
        (AT + timedelta(minutes=2)).replace(microsecond=0),
    )


def test_telegram_callback():
    request = p.telegram_callback(
        TG,
        update_id=3,
        user=EMILY,
        callback_id="2493817265019283746",
        data="csat:5",
        bot_message_id=4830,
        bot_text="Jak oceniasz?",
        buttons=[("⭐", "csat:1"), ("⭐⭐⭐⭐⭐", "csat:5")],
        bot_message_at=AT,
    )
    event = parse(request)
    assert isinstance(event, Postback)
    assert (event.external_id, event.payload, event.reply_to_external_id) == (
        "callback:2493817265019283746",
        "csat:5",
        "5829301746:4830",
    )


# --- X ------------------------------------------------------------------------------------------


def test_x_dm_with_the_users_map():
    request = p.x_dm(X, user=SOPHIE, event_id="1860312938475610293", text="Hi, my refund hasn't arrived", at=AT)
    assert request.headers["x-twitter-webhooks-signature"].startswith("sha256=")
    event = parse(request)
    assert isinstance(event, InboundMessage)
    assert (event.external_id, event.sender.username, event.sender.follower_count, event.account_external_id) == (
        "1860312938475610293",
        "sophie_t_uk",
        1843,
        X.external_id,
    )
    assert json.loads(request.body)["direct_message_events"][0]["created_timestamp"] == str(int(AT.timestamp() * 1000))


def test_x_dm_echo_and_read():
    echo = parse(p.x_dm_echo(X, user=SOPHIE, event_id="1860", text="We're on it", at=AT))
    assert isinstance(echo, Echo) and echo.recipient_external_id == SOPHIE.id
    read = parse(p.x_read(X, user=SOPHIE, last_read_event_id="1860", at=AT))
    assert (read.status, read.external_message_id, read.counterpart_external_id) == (ReceiptStatus.READ, "1860", SOPHIE.id)


def test_x_mention_and_reply_to_a_brand_post():
    mention = parse(
        p.x_mention(
            X,
            user=SOPHIE,
            tweet_id="1860313928374650192",
            text="three weeks waiting " + "x" * 140,
            at=AT,
            brand_screen_name="DialogoCafe",
        )
    )
    assert mention.kind == MessageKind.MENTION and mention.thread.post_id == "1860313928374650192"
    assert (
        mention.text.startswith("@DialogoCafe three weeks") and len(mention.text) > 140
    )  # the extended text, not the truncated one
    reply = parse(
        p.x_mention(
            X,
            user=SOPHIE,
            tweet_id="1860314347561029384",
            text="How much?",
            at=AT,
            brand_screen_name="DialogoCafe",
            in_reply_to="1860200000000000001",
        )
    )
    assert reply.kind == MessageKind.COMMENT and reply.thread.post_id == "1860200000000000001"


# --- Email --------------------------------------------------------------------------------------


def test_email_plain():
    request = p.email_message(
        MAIL,
        from_name="Anna Nowak",
        from_address="anna.nowak@wp.pl",
        subject="Zamówienie 48102",
        text="Dzień dobry, proszę o fakturę.",
        message_id="abc123@mail.wp.pl",
        at=AT,
    )
    assert b"\r\n" in request.body and request.headers["X-Dialogo-Webhook-Secret"] == "mail-secret"
    event = parse(request)
    assert isinstance(event, InboundMessage)
    assert (event.external_id, event.sender.external_id, event.sender.display_name) == (
        "abc123@mail.wp.pl",
        "anna.nowak@wp.pl",
        "Anna Nowak",
    )
    assert event.text == "Dzień dobry, proszę o fakturę." and event.thread.subject == "Zamówienie 48102"
    assert event.sent_at == AT.replace(microsecond=0)


def test_email_multipart_with_a_small_attachment():
    facts = dict(
        from_name="Marta Gil",
        from_address="marta@correo.example.es",
        subject="Paquete roto",
        text="Os adjunto una foto.",
        message_id="m1@correo.example.es",
        at=AT,
        attachment=("foto.png", "image/png", p.TINY_PNG),
        with_html=True,
    )
    request = p.email_message(MAIL, **facts)
    event = parse(request)
    assert event.text == "Os adjunto una foto."
    assert [(a.kind, a.name, a.mime_type) for a in event.attachments] == [(AttachmentKind.IMAGE, "foto.png", "image/png")]
    assert email_parse.attachment_bytes(request.body, event.attachments[0].url) == p.TINY_PNG
    assert p.email_message(MAIL, **facts).body == request.body  # same message, same bytes (boundaries derive from the Message-ID)


def test_email_reply_threads_by_in_reply_to_and_references():
    request = p.email_message(
        MAIL,
        from_name="Tom Hughes",
        from_address="tom@outlook.com",
        subject="Re: Order 48377",
        text="Thanks!\n\nOn 1 Mar, Tom wrote:\n> Where is it?",
        message_id="r2@outlook.com",
        at=AT,
        in_reply_to="r1@outlook.com",
        references=["r0@outlook.com", "r1@outlook.com"],
    )
    event = parse(request)
    assert event.thread.email_in_reply_to == "r1@outlook.com"
    assert event.thread.email_references == ("r0@outlook.com", "r1@outlook.com")
    assert event.text == "Thanks!"  # the quoted history is cut


# --- The whole stream ---------------------------------------------------------------------------


def stream(n: int, seed: int = 7, **options) -> list[WebhookRequest]:
    traffic = Traffic(list(ACCOUNTS.values()), seed=seed, options=TrafficOptions(pace=0, **options))
    return [traffic.next_request() for _ in range(n)]


def test_every_request_of_a_long_run_is_accepted_and_parses():
    requests = stream(1500)
    kinds = Counter(r.kind for r in requests)
    events = Counter(r.event for r in requests)
    assert set(kinds) == set(ACCOUNTS)
    for expected in (
        "messenger.echo",
        "messenger.read",
        "instagram.comment",
        "whatsapp.status.read",
        "telegram.edited_message",
        "x.mention",
        "email.reply",
    ):
        assert events[expected], f"no {expected} in 1,500 requests: {events}"
    for request in requests:
        event = parse(request)
        if request.message_id:
            assert isinstance(event, InboundMessage | Postback) and event.external_id == request.message_id
        assert accepted(request) == (200, "pending"), request.event


def test_customers_write_in_three_languages_and_some_requests_are_redelivered_byte_for_byte():
    requests = stream(1200, duplicates=0.1)
    texts = " ".join(getattr(parse(r), "text", "") for r in requests if r.message_id and r.kind != "email")
    assert "pedido" in texts and "order" in texts and "zamówienie" in texts.lower()
    bodies = Counter(r.body for r in requests)
    redelivered = sum(n - 1 for n in bodies.values())
    assert 0.05 * len(requests) < redelivered < 0.16 * len(requests)
    ids = Counter(r.message_id for r in requests if r.message_id)
    assert all(
        bodies[next(r.body for r in requests if r.message_id == mid)] == n for mid, n in ids.items()
    )  # the same id is only ever the same bytes


def test_same_seed_same_stream_other_seed_other_ids():
    first, second = stream(50, seed=3), stream(50, seed=3)
    assert [r.event for r in first] == [r.event for r in second]
    other = {r.message_id for r in stream(50, seed=4)}
    assert not ({r.message_id for r in first} - {""}) & other


def test_follow_ups_wait_for_their_time():
    clock = [0.0]
    traffic = Traffic([ACCOUNTS["telegram"]], seed=1, clock=lambda: clock[0])
    first = traffic.next_request()
    second = traffic.next_request()  # nothing due: another customer starts
    assert json.loads(first.body)["message"]["from"]["id"] != json.loads(second.body)["message"]["from"]["id"]
    clock[0] += 400  # every follow-up gap has passed
    assert traffic.active == 2
    follow = traffic.next_request()
    assert (
        json.loads(follow.body).get("message", json.loads(follow.body).get("edited_message"))["from"]["id"]
        == json.loads(first.body)["message"]["from"]["id"]
    )


def test_receipts_for_what_the_product_sent():
    traffic = Traffic(list(ACCOUNTS.values()), seed=5, options=TrafficOptions(pace=0), clock=lambda: 1e9)
    assert traffic.outbound_sent("whatsapp", WA.external_id, "34612345678", "wamid.sent-by-us")
    assert not traffic.outbound_sent("telegram", TG.external_id, "5829301746", "5829301746:9")
    assert not traffic.outbound_sent("whatsapp", "another-number", "346", "wamid.x")
    receipts = [parse(traffic.next_request()) for _ in range(3)]
    assert [(r.status, r.external_message_id) for r in receipts] == [
        (ReceiptStatus.SENT, "wamid.sent-by-us"),
        (ReceiptStatus.DELIVERED, "wamid.sent-by-us"),
        (ReceiptStatus.READ, "wamid.sent-by-us"),
    ]


@pytest.mark.parametrize(
    ("text", "rate"), [("2/s", 2.0), ("1/5s", 0.2), ("30/m", 0.5), ("0.25", 0.25), ("max", None), (None, None)]
)
def test_parse_rate(text, rate):
    assert parse_rate(text) == rate


def test_account_without_its_secret_is_refused_up_front():
    with pytest.raises(ValueError, match="app_secret"):
        p.messenger_message(SimAccount("messenger", 1, "1", {}), psid="2", mid="m", text="hi", at=AT)
    with pytest.raises(ValueError, match="kind 'webchat'"):
        SimAccount.from_dict({"kind": "webchat", "id": 1, "external_id": "w"})


# --- The runner, against an ASGI app that makes the server's accept decision ----------------------


def accept_app(seen: list[tuple[str, int]]):
    async def app(scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        _, _, kind, account_id, _ = scope["path"].split("/")
        account = next(a for a in ACCOUNTS.values() if str(a.id) == account_id and a.kind == kind)
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        request = WebhookRequest(kind, account.id, scope["path"], headers, body, "")
        status, _ = accepted(request)
        seen.append((kind, status))
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"ok":true}'})

    return app


def test_simulator_sends_signed_requests_and_summarises():
    seen: list[tuple[str, int]] = []
    simulator = Simulator(
        "http://testserver",
        list(ACCOUNTS.values()),
        rate=None,
        concurrency=4,
        seed=11,
        pace=0,
        transport=httpx.ASGITransport(app=accept_app(seen)),
    )
    summary = asyncio.run(simulator.run(messages=60))
    assert summary.sent == 60 == len(seen) == summary.ok
    assert {status for _, status in seen} == {200}
    assert len(summary.latencies_ms) == 60 and summary.messages > 30
    report = summary.report()
    assert "sent 60 webhook requests" in report and "2xx 60  4xx 0  5xx 0" in report


def test_simulator_in_a_background_thread_keeps_its_rate_until_stopped():
    seen: list[tuple[str, int]] = []
    simulator = Simulator(
        "http://testserver",
        list(ACCOUNTS.values()),
        rate="20/s",
        jitter=False,
        seed=2,
        transport=httpx.ASGITransport(app=accept_app(seen)),
    )
    background = simulator.start_in_thread()
    assert background.running
    import time

    time.sleep(0.6)
    summary = background.stop()
    assert not background.running
    assert 6 <= summary.sent <= 16 and summary.ok == summary.sent
