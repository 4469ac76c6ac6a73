"""Meta handshake and X-Hub-Signature-256, shared by Messenger, Instagram and WhatsApp."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from integrations.errors import BadSignature, HandshakeRejected
from integrations.instagram import verify as instagram_verify
from integrations.messenger import verify as messenger_verify
from integrations.whatsapp import verify as whatsapp_verify
from tests.integrations.helpers import APP_SECRET, OTHER_SECRET, fixture

VERIFIERS = [messenger_verify, instagram_verify, whatsapp_verify]
FIXTURE = {messenger_verify: ("messenger", "message_text"), instagram_verify: ("instagram", "message_text"), whatsapp_verify: ("whatsapp", "text")}


def test_handshake_returns_the_challenge():
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": "dialogo-verify-7c1e"}
    assert messenger_verify.verify_handshake(query, "dialogo-verify-7c1e") == "1158201444"


@pytest.mark.parametrize(
    "query",
    [
        {"hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": "wrong"},
        {"hub.mode": "unsubscribe", "hub.challenge": "1158201444", "hub.verify_token": "dialogo-verify-7c1e"},
        {"hub.mode": "subscribe", "hub.verify_token": "dialogo-verify-7c1e"},
        {"hub_mode": "subscribe", "hub_challenge": "1158201444", "hub_verify_token": "dialogo-verify-7c1e"},  # PHP-style names
        {},
    ],
)
def test_handshake_rejects(query):
    with pytest.raises(HandshakeRejected):
        messenger_verify.verify_handshake(query, "dialogo-verify-7c1e")


def test_handshake_without_configured_token_rejects_everything():
    with pytest.raises(HandshakeRejected):
        messenger_verify.verify_handshake({"hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": ""}, "")


@pytest.mark.parametrize("verify", VERIFIERS, ids=["messenger", "instagram", "whatsapp"])
def test_signature_over_the_exact_bytes(verify):
    raw = fixture(*FIXTURE[verify])
    header = "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    assert verify.sign(raw, APP_SECRET) == header
    verify.verify_signature(raw, header, APP_SECRET)
    verify.verify_signature(raw, header.upper().replace("SHA256=", "sha256="), APP_SECRET)  # hex case is not significant


@pytest.mark.parametrize("verify", VERIFIERS, ids=["messenger", "instagram", "whatsapp"])
def test_tampered_body_fails(verify):
    raw = fixture(*FIXTURE[verify])
    header = verify.sign(raw, APP_SECRET)
    tampered = raw + b" "  # one extra byte
    with pytest.raises(BadSignature, match="does not match"):
        verify.verify_signature(tampered, header, APP_SECRET)


def test_reserialized_json_fails():
    """Meta signs the escaped bytes (\\u00f3, \\/): hashing re-serialized JSON is the known-wrong pattern."""
    import json

    raw = fixture("messenger", "message_text")
    assert b"\\u00f3" in raw
    header = messenger_verify.sign(raw, APP_SECRET)
    reserialized = json.dumps(json.loads(raw), ensure_ascii=False).encode()
    with pytest.raises(BadSignature):
        messenger_verify.verify_signature(reserialized, header, APP_SECRET)


@pytest.mark.parametrize("verify", VERIFIERS, ids=["messenger", "instagram", "whatsapp"])
def test_wrong_secret_fails(verify):
    raw = fixture(*FIXTURE[verify])
    with pytest.raises(BadSignature):
        verify.verify_signature(raw, verify.sign(raw, OTHER_SECRET), APP_SECRET)


@pytest.mark.parametrize("header", [None, "", "sha1=3b7c1e", "3b7c1e9a", "sha256=", "sha256=zz\u00e9"])
def test_missing_or_malformed_header_fails(header):
    with pytest.raises(BadSignature):
        messenger_verify.verify_signature(fixture("messenger", "message_text"), header, APP_SECRET)


def test_no_configured_secret_fails():
    raw = fixture("messenger", "message_text")
    with pytest.raises(BadSignature):
        messenger_verify.verify_signature(raw, messenger_verify.sign(raw, ""), "")
