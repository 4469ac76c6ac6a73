"""Messenger webhooks are Meta webhooks: `hub.*` GET handshake, `X-Hub-Signature-256` over the raw body
(key = the App Secret of the app whose subscription delivered it)."""

from integrations.meta.verify import SIGNATURE_HEADER, sign, verify_handshake, verify_signature

__all__ = ["SIGNATURE_HEADER", "sign", "verify_handshake", "verify_signature"]
