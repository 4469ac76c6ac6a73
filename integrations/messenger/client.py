"""Facebook Messenger outbound: the Send API of one Page, and PSID profile lookups."""

from __future__ import annotations

from typing import Any

from integrations.errors import IntegrationError
from integrations.events import AttachmentKind, ChannelKind, Sender
from integrations.meta.graph import (
    DEFAULT_BASE_URL,
    PRIVATE_REPLY_PREFIX,
    GraphClient,
    GraphError,
    answer_id,
    text_with_links,
    with_sent_ids,
)
from integrations.outbound import OutboundAttachment, OutboundMessage, SendResult

__all__ = ["DEFAULT_BASE_URL", "MessengerClient"]

# What the Send API calls each attachment kind (stickers go as images; locations cannot be sent).
_ATTACHMENT_TYPES = {
    AttachmentKind.IMAGE: "image",
    AttachmentKind.STICKER: "image",
    AttachmentKind.VIDEO: "video",
    AttachmentKind.AUDIO: "audio",
    AttachmentKind.FILE: "file",
}
_NO_PROFILE = 2018218  # "No profile available" (accounts created with a phone number)
_NO_SUCH_OBJECT = 33  # subcode of 100: the id does not exist or is not visible to this token


class MessengerClient(GraphClient):
    """Sends a Page's replies through `POST /{page_id}/messages`.

    Guarantees:
    * A DM is one request for the text, then one per attachment (the Send API carries one of
      either per call). Each carries `metadata` = `correlation_id`, so every echo
      (`message_echoes`) matches our outbound record instead of being stored as a new message.
    * `send` returns the `message_id` (mid) of the first request; echoes and delivery receipts use
      the same mid. If a later part fails, the typed error carries `sent_external_ids` (the mids
      already delivered) so a retry can skip them.
    * `messaging_type` is RESPONSE, or MESSAGE_TAG + HUMAN_AGENT when `human_agent_tag` is set
      (a human replying 24 h – 7 days after the customer).
    * `comment_id` set: a public reply under that Page comment (`POST /{comment_id}/comments`,
      attachment URLs in the text). Recipient `private_reply_recipient(comment_id)`: the one
      allowed private reply to a comment (`recipient{comment_id}`).
    * `profile` gives name and picture, or None when Meta has none to give (no follower count
      exists for Messenger users).
    """

    kind = ChannelKind.MESSENGER

    token_credential = "page_access_token"

    @property
    def page_id(self) -> str:
        """The Page we send as (the channel account's external id)."""
        return self.account_external_id

    def send(self, message: OutboundMessage) -> SendResult:
        if message.comment_id:
            answer = self._graph.post(
                f"/{message.comment_id}/comments", json_body={"message": text_with_links(message.text, message.attachments)}
            )
            return SendResult(external_id=answer_id(answer, "id"))
        recipient = message.recipient_external_id
        if recipient.startswith(PRIVATE_REPLY_PREFIX):
            # a private reply is exactly one message: files travel as links in its text
            body = self._envelope(message, {"comment_id": recipient.removeprefix(PRIVATE_REPLY_PREFIX)})
            body["message"] = self._with_metadata({"text": text_with_links(message.text, message.attachments)}, message)
            return SendResult(external_id=self._post_message(body))
        parts = self._parts(message)
        sent: list[str] = []
        for index, part in enumerate(parts):
            body = self._envelope(message, {"id": recipient})
            body["message"] = self._with_metadata(part, message)
            if index == 0 and message.reply_to_external_id:
                body["reply_to"] = {"mid": message.reply_to_external_id}
            try:
                sent.append(self._post_message(body))
            except IntegrationError as exc:
                if sent:
                    raise with_sent_ids(exc, sent)
                raise
        return SendResult(external_id=sent[0])

    def mark_read(self, *, recipient_external_id: str, external_message_id: str = "") -> None:
        """Sender action `mark_seen` (Messenger marks the whole thread seen; no message id needed)."""
        self._graph.post(
            f"/{self.page_id}/messages", json_body={"recipient": {"id": recipient_external_id}, "sender_action": "mark_seen"}
        )

    def profile(self, external_user_id: str) -> Sender | None:
        try:
            found = self._graph.get(f"/{external_user_id}", params={"fields": "first_name,last_name,profile_pic"})
        except GraphError as exc:
            if exc.code == str(_NO_PROFILE) or exc.subcode in (_NO_PROFILE, _NO_SUCH_OBJECT):
                return None
            raise
        name = " ".join(str(found[key]) for key in ("first_name", "last_name") if found.get(key))
        picture = str(found.get("profile_pic") or "")
        if not name and not picture:  # without profile permission Meta answers an empty object
            return None
        return Sender(external_id=external_user_id, display_name=name, avatar_url=picture)

    # --- helpers -------------------------------------------------------------------------------

    def _envelope(self, message: OutboundMessage, recipient: dict[str, str]) -> dict[str, Any]:
        body: dict[str, Any] = {"recipient": recipient, "messaging_type": "RESPONSE"}
        if message.human_agent_tag:
            body["messaging_type"] = "MESSAGE_TAG"
            body["tag"] = "HUMAN_AGENT"
        return body

    @staticmethod
    def _with_metadata(part: dict[str, Any], message: OutboundMessage) -> dict[str, Any]:
        return {**part, "metadata": message.correlation_id} if message.correlation_id else part

    @staticmethod
    def _parts(message: OutboundMessage) -> list[dict[str, Any]]:
        texts = [message.text] if message.text else []
        files: list[OutboundAttachment] = []
        for attachment in message.attachments:
            if attachment.kind in _ATTACHMENT_TYPES:
                files.append(attachment)
            else:  # a location (geo: URL) has no Send API shape: send it as a link
                texts.append(attachment.url)
        parts: list[dict[str, Any]] = [{"text": "\n".join(texts)}] if texts else []
        for attachment in files:
            payload = {"url": attachment.url, "is_reusable": True}
            parts.append({"attachment": {"type": _ATTACHMENT_TYPES[attachment.kind], "payload": payload}})
        if not parts:
            raise ValueError("nothing to send: the message has no text and no attachment")
        return parts

    def _post_message(self, body: dict[str, Any]) -> str:
        answer = self._graph.post(f"/{self.page_id}/messages", json_body=body)
        return answer_id(answer, "message_id")
