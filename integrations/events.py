"""Normalized inbound events: what every connector turns a platform payload into.

Pure Python, frozen dataclasses, no Django: the inbox ingest service consumes these, and
connectors (and the generic `api` channel) produce them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ChannelKind(StrEnum):
    MESSENGER = "messenger"
    INSTAGRAM = "instagram"
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    X = "x"
    EMAIL = "email"
    WEBCHAT = "webchat"
    API = "api"


class MessageKind(StrEnum):
    """What the customer did: a private message, a public comment, or a mention of the brand."""

    MESSAGE = "message"
    COMMENT = "comment"
    MENTION = "mention"


class AttachmentKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    FILE = "file"
    STICKER = "sticker"
    LOCATION = "location"


@dataclass(frozen=True, slots=True)
class Sender:
    """Who wrote, as the platform identifies them."""

    external_id: str
    display_name: str = ""
    username: str = ""
    avatar_url: str = ""
    email: str = ""
    phone: str = ""
    language: str = ""
    follower_count: int | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    kind: AttachmentKind
    url: str
    mime_type: str = ""
    size_bytes: int | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class ThreadHints:
    """What a platform tells us about the conversation a message belongs to."""

    email_message_id: str = ""
    email_in_reply_to: str = ""
    email_references: tuple[str, ...] = ()
    subject: str = ""
    post_id: str = ""  # comments and mentions on the same public post thread together
    reply_to_external_id: str = ""


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One customer message, normalized. `external_id` is the platform's message id: the
    key that makes every redelivery of the same message a no-op."""

    channel_kind: ChannelKind
    external_id: str
    sender: Sender
    sent_at: datetime
    text: str = ""
    kind: MessageKind = MessageKind.MESSAGE
    attachments: tuple[Attachment, ...] = ()
    thread: ThreadHints = field(default_factory=ThreadHints)
