"""Instagram outbound: DMs (Messenger API for Instagram), comment replies, IGSID profile lookups."""

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
from integrations.outbound import OutboundMessage, SendResult

__all__ = ["DEFAULT_BASE_URL", "InstagramClient"]

_ATTACHMENT_TYPES = {
    AttachmentKind.IMAGE: "image",
    AttachmentKind.STICKER: "image",
    AttachmentKind.VIDEO: "video",
    AttachmentKind.AUDIO: "audio",
    AttachmentKind.FILE: "file",
}
_NO_SUCH_OBJECT = 33  # subcode of 100: the IGSID does not exist or is not visible to this token
_PROFILE_FIELDS = "name,username,profile_pic,follower_count,is_verified_user"


class InstagramClient(GraphClient):
    """Sends an Instagram professional account's replies.

    Guarantees:
    * A DM (`POST /{ig_account_id}/messages`, `recipient{id: IGSID}`) is one request for the text,
      then one per attachment; `send` returns the first `message_id` (the mid echoes carry, since
      Instagram echoes arrive inside `messages` with `is_echo`). If a later part fails, the typed
      error carries `sent_external_ids`.
    * `human_agent_tag` → `messaging_type: MESSAGE_TAG, tag: HUMAN_AGENT` (the only IG tag).
    * `comment_id` set: a public reply under the comment (`POST /{comment_id}/replies`, attachment
      URLs in the text); the result is the new comment's id, which the `comments` webhook repeats.
    * Recipient `private_reply_recipient(comment_id)`: the single private reply a comment allows
      (`recipient{comment_id}`), within 7 days of the comment.
    * `profile` gives name, username, picture and the customer's follower count (the figure
      "cost per follower served" needs), or None when Meta shows nothing.
    """

    kind = ChannelKind.INSTAGRAM

    token_credential = "access_token"

    @property
    def ig_account_id(self) -> str:
        """The Instagram professional account we send as (the channel account's external id)."""
        return self.account_external_id

    def send(self, message: OutboundMessage) -> SendResult:
        if message.comment_id:
            answer = self._graph.post(
                f"/{message.comment_id}/replies", json_body={"message": text_with_links(message.text, message.attachments)}
            )
            return SendResult(external_id=answer_id(answer, "id"))
        recipient = message.recipient_external_id
        if recipient.startswith(PRIVATE_REPLY_PREFIX):
            body = self._envelope(message, {"comment_id": recipient.removeprefix(PRIVATE_REPLY_PREFIX)})
            body["message"] = {"text": text_with_links(message.text, message.attachments)}
            return SendResult(external_id=self._post_message(body))
        parts: list[dict[str, Any]] = []
        texts = [message.text] if message.text else []
        texts += [a.url for a in message.attachments if a.kind not in _ATTACHMENT_TYPES]  # locations: as links
        if texts:
            parts.append({"text": "\n".join(texts)})
        for attachment in message.attachments:
            if attachment.kind in _ATTACHMENT_TYPES:
                parts.append({"attachment": {"type": _ATTACHMENT_TYPES[attachment.kind], "payload": {"url": attachment.url}}})
        if not parts:
            raise ValueError("nothing to send: the message has no text and no attachment")
        sent: list[str] = []
        for part in parts:
            body = self._envelope(message, {"id": recipient})
            body["message"] = part
            try:
                sent.append(self._post_message(body))
            except IntegrationError as exc:
                if sent:
                    raise with_sent_ids(exc, sent)
                raise
        return SendResult(external_id=sent[0])

    def mark_read(self, *, recipient_external_id: str, external_message_id: str = "") -> None:
        """Sender action `mark_seen` on the customer's thread."""
        self._graph.post(
            f"/{self.ig_account_id}/messages",
            json_body={"recipient": {"id": recipient_external_id}, "sender_action": "mark_seen"},
        )

    def profile(self, external_user_id: str) -> Sender | None:
        try:
            found = self._graph.get(f"/{external_user_id}", params={"fields": _PROFILE_FIELDS})
        except GraphError as exc:
            if exc.subcode == _NO_SUCH_OBJECT:
                return None
            raise
        followers = found.get("follower_count")
        sender = Sender(
            external_id=external_user_id,
            display_name=str(found.get("name") or ""),
            username=str(found.get("username") or ""),
            avatar_url=str(found.get("profile_pic") or ""),
            follower_count=followers if type(followers) is int else None,
        )
        if not (sender.display_name or sender.username or sender.avatar_url or sender.follower_count is not None):
            return None
        return sender

    def _envelope(self, message: OutboundMessage, recipient: dict[str, str]) -> dict[str, Any]:
        body: dict[str, Any] = {"recipient": recipient}
        if message.human_agent_tag:
            body["messaging_type"] = "MESSAGE_TAG"
            body["tag"] = "HUMAN_AGENT"
        return body

    def _post_message(self, body: dict[str, Any]) -> str:
        answer = self._graph.post(f"/{self.ig_account_id}/messages", json_body=body)
        return answer_id(answer, "message_id")
