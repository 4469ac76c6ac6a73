"""Delivering agent replies to a web-chat visitor: the widget's "platform" is our own socket.

`inbox.delivery.message_deliver` calls `send` outside any transaction. Sending is a push of
`message.created` to the visitor's group; a visitor with no tab open gets the reply from the
history when the widget next connects, so a push that reaches nobody is still a reply sent.
A channel layer that cannot be reached is a retryable platform error (the job retries).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from channel_accounts.models import ChannelAccount
from inbox.models import DeliveryStatus
from inbox.receipts import ECHO_CORRELATION_PREFIX
from integrations.errors import PlatformError
from integrations.events import ChannelKind, Sender
from integrations.outbound import OutboundMessage, SendResult
from webchat import selectors
from webchat.realtime import visitor_group, visitor_push, visitor_push_quietly


@dataclass
class WebchatOutboundClient:
    channel_account: ChannelAccount
    kind: ChannelKind = field(default=ChannelKind.WEBCHAT, init=False)

    def _group(self, recipient_external_id: str) -> str:
        return visitor_group(channel_account_id=self.channel_account.pk, identity_external_id=recipient_external_id)

    def send(self, message: OutboundMessage) -> SendResult:
        sent_at = timezone.now()
        payload = self._payload(message, sent_at)
        try:
            visitor_push(self._group(message.recipient_external_id), {"type": "message.created", "message": payload})
        except Exception as exc:  # Redis down or similar: try again later
            raise PlatformError(f"Could not reach the web-chat sockets: {exc}", code="channel_layer", retryable=True) from exc
        return SendResult(external_id=f"webchat-out:{message.correlation_id}", sent_at=sent_at)

    def _payload(self, message: OutboundMessage, sent_at) -> dict:
        message_id = _message_id(message.correlation_id)
        stored = (
            selectors.outbound_message_for_push(channel_account=self.channel_account, message_id=message_id)
            if message_id is not None
            else None
        )
        if stored is None:  # pragma: no cover - delivery always names one of our messages
            return {
                "id": message_id,
                "seq": message_id,
                "direction": "out",
                "client_message_id": "",
                "text": message.text,
                "status": DeliveryStatus.SENT,
                "author": None,
                "created_at": sent_at.isoformat(),
                "sent_at": sent_at.isoformat(),
                "edited_at": None,
                "deleted": False,
            }
        payload = selectors.message_frame_payload(stored)
        # What the visitor sees is the message as sent (its row commits `sent` right after).
        payload.update(status=DeliveryStatus.SENT, sent_at=sent_at.isoformat())
        return payload

    def mark_read(self, *, recipient_external_id: str, external_message_id: str = "") -> None:
        """An agent read the visitor: their widget may show it ("seen")."""
        seen = selectors.message_id_for_external_id(channel_account=self.channel_account, external_id=external_message_id)
        if seen is not None:
            visitor_push_quietly(self._group(recipient_external_id), {"type": "receipt.read", "up_to_message_id": seen})

    def profile(self, external_user_id: str) -> Sender | None:
        return None  # the host page tells us who the visitor is, at session start


def _message_id(correlation_id: str) -> int | None:
    try:
        return int(correlation_id.removeprefix(ECHO_CORRELATION_PREFIX))
    except ValueError:
        return None
