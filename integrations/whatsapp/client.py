"""WhatsApp Cloud API outbound: free-form replies, templates and read marks of one phone number."""

from __future__ import annotations

from typing import Any

from integrations.errors import IntegrationError, PlatformError
from integrations.events import AttachmentKind, ChannelKind, Sender
from integrations.meta.graph import DEFAULT_BASE_URL, GraphClient, with_sent_ids
from integrations.outbound import OutboundAttachment, OutboundMessage, SendResult

__all__ = ["DEFAULT_BASE_URL", "WhatsAppClient"]

_MEDIA_TYPES = {
    AttachmentKind.IMAGE: "image",
    AttachmentKind.VIDEO: "video",
    AttachmentKind.AUDIO: "audio",
    AttachmentKind.FILE: "document",
    AttachmentKind.STICKER: "sticker",
}


class WhatsAppClient(GraphClient):
    """Sends from one WhatsApp Business phone number (`POST /{phone_number_id}/messages`).

    Guarantees:
    * `template` set: exactly one template message (`type: template`, body parameters in order);
      text and attachments are ignored, since outside the 24 h window only the template may go.
    * Otherwise a text message (`preview_url` on when the text has a link), then one media message
      per attachment by `link` (documents keep their file name); a location URL goes as text.
      `reply_to_external_id` quotes the customer's message (`context.message_id`) on the first part.
    * `send` returns the first part's `wamid`: the id the `statuses[]` webhooks (sent/delivered/
      read/failed) name. If a later part fails, the typed error carries `sent_external_ids`.
    * Free-form outside the window fails with `TemplateRequired` (131047), which is also a
      `MessagingWindowClosed`.
    * `profile` is always None: the Cloud API gives the customer's name only in webhooks.
    """

    kind = ChannelKind.WHATSAPP

    token_credential = "access_token"

    @property
    def phone_number_id(self) -> str:
        """The WhatsApp Business phone number we send as (the channel account's external id)."""
        return self.account_external_id

    def send(self, message: OutboundMessage) -> SendResult:
        parts = self._parts(message)
        sent: list[str] = []
        for index, part in enumerate(parts):
            body: dict[str, Any] = {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": message.recipient_external_id,
                **part,
            }
            if index == 0 and message.reply_to_external_id:
                body["context"] = {"message_id": message.reply_to_external_id}
            try:
                sent.append(self._post(body))
            except IntegrationError as exc:
                if sent:
                    raise with_sent_ids(exc, sent)
                raise
        return SendResult(external_id=sent[0])

    def mark_read(self, *, recipient_external_id: str, external_message_id: str = "") -> None:
        """Mark the customer's message (and the ones before it) read: blue ticks on their phone.
        WhatsApp needs the message id; without one there is nothing to mark."""
        if not external_message_id:
            return
        self._graph.post(
            f"/{self.phone_number_id}/messages",
            json_body={"messaging_product": "whatsapp", "status": "read", "message_id": external_message_id},
        )

    def profile(self, external_user_id: str) -> Sender | None:
        return None

    @staticmethod
    def _parts(message: OutboundMessage) -> list[dict[str, Any]]:
        if message.template is not None:
            template: dict[str, Any] = {"name": message.template.name, "language": {"code": message.template.language}}
            if message.template.parameters:
                parameters = [{"type": "text", "text": value} for value in message.template.parameters]
                template["components"] = [{"type": "body", "parameters": parameters}]
            return [{"type": "template", "template": template}]
        texts = [message.text] if message.text else []
        media: list[OutboundAttachment] = []
        for attachment in message.attachments:
            if attachment.kind in _MEDIA_TYPES:
                media.append(attachment)
            else:
                texts.append(attachment.url)
        parts: list[dict[str, Any]] = []
        if texts:
            body = "\n".join(texts)
            parts.append({"type": "text", "text": {"body": body, "preview_url": "http://" in body or "https://" in body}})
        for attachment in media:
            kind = _MEDIA_TYPES[attachment.kind]
            content = {"link": attachment.url}
            if kind == "document" and attachment.name:
                content["filename"] = attachment.name
            parts.append({"type": kind, kind: content})
        if not parts:
            raise ValueError("nothing to send: the message has no text, attachment or template")
        return parts

    def _post(self, body: dict[str, Any]) -> str:
        answer = self._graph.post(f"/{self.phone_number_id}/messages", json_body=body)
        messages = answer.get("messages")
        if not isinstance(messages, list) or not messages or not isinstance(messages[0], dict) or not messages[0].get("id"):
            raise PlatformError("the Cloud API answered without messages[0].id", code="bad_response")
        return str(messages[0]["id"])
