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
    # The name of our own stored copy, when the bytes reached us directly (a web-chat visitor's
    # upload) rather than as a platform link: the attachment is stored from the start and
    # nothing is fetched. Set by our code only, never parsed from a platform's payload.
    stored_file: str = ""


@dataclass(frozen=True, slots=True)
class ThreadHints:
    """What a platform tells us about the conversation a message belongs to."""

    email_message_id: str = ""
    email_in_reply_to: str = ""
    email_references: tuple[str, ...] = ()
    subject: str = ""
    post_id: str = ""  # comments and mentions on the same public post thread together
    reply_to_external_id: str = ""
    reply_token: str = ""  # email: the token of our plus-addressed Reply-To the customer wrote back to


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
    # The page / IG account / phone_number_id / X user the platform delivered it for: Meta batches
    # several accounts in one POST. Empty where the webhook URL alone says (Telegram, email, api).
    account_external_id: str = ""


# --- Everything else a platform tells us (issue 4) -------------------------------------------
# Additions only: the types above are consumed by the inbox ingest and keep their fields.
# Every event below carries `account_external_id`: the page / IG account / phone_number_id /
# bot the platform delivered it for (Meta batches several accounts in one POST).


class ReceiptStatus(StrEnum):
    """Progress of one of *our* outbound messages. Rank: sent < delivered < read; failed is terminal."""

    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


class ReactionAction(StrEnum):
    REACT = "react"
    UNREACT = "unreact"


@dataclass(frozen=True, slots=True)
class DeliveryReceipt:
    """The platform reports our outbound message(s) as sent/delivered/read/failed.

    `external_message_id` is empty for watermark-only receipts (Messenger reads, Messenger
    deliveries without `mids`): then everything we sent at or before `watermark` has the status.
    """

    channel_kind: ChannelKind
    status: ReceiptStatus
    at: datetime
    external_message_id: str = ""
    watermark: datetime | None = None
    account_external_id: str = ""
    counterpart_external_id: str = ""  # the customer who received / read it
    error_code: str = ""
    error_title: str = ""


@dataclass(frozen=True, slots=True)
class Echo:
    """A message sent *from our side of the account* seen again: by us (match it to the
    outbound record by `external_id` or `metadata`) or by another tool (record it as an agent message)."""

    channel_kind: ChannelKind
    external_id: str
    sent_at: datetime
    recipient_external_id: str  # the customer it went to
    text: str = ""
    attachments: tuple[Attachment, ...] = ()
    account_external_id: str = ""
    app_id: str = ""  # Meta: the app that sent it (us, Business Suite, another CRM)
    metadata: str = ""  # Messenger: the string we passed to the Send API


@dataclass(frozen=True, slots=True)
class Reaction:
    """The customer reacted to (or withdrew a reaction from) message `external_message_id`."""

    channel_kind: ChannelKind
    external_message_id: str
    sender: Sender
    action: ReactionAction
    at: datetime
    emoji: str = ""
    reaction: str = ""  # platform's name for it (Meta: love, like, …) when it gives one
    account_external_id: str = ""


@dataclass(frozen=True, slots=True)
class Edit:
    """The customer edited message `external_message_id`; `text` is the new full text."""

    channel_kind: ChannelKind
    external_message_id: str
    sender: Sender
    text: str
    at: datetime
    edit_count: int | None = None
    account_external_id: str = ""


@dataclass(frozen=True, slots=True)
class Deletion:
    """The customer unsent / deleted message `external_message_id`."""

    channel_kind: ChannelKind
    external_message_id: str
    sender_external_id: str
    at: datetime
    account_external_id: str = ""


@dataclass(frozen=True, slots=True)
class Postback:
    """The customer pressed a button / quick action. `external_id` is the platform's id for the
    press (mid, callback query id, wamid); `reply_to_external_id` the message the button was on."""

    channel_kind: ChannelKind
    external_id: str
    sender: Sender
    payload: str
    at: datetime
    title: str = ""
    reply_to_external_id: str = ""
    account_external_id: str = ""


@dataclass(frozen=True, slots=True)
class Ignored:
    """A well-formed notification we deliberately do not act on: a known type outside the inbox's
    scope (opt-ins, typing, story insights…) or, by default, an unknown type (see `UnknownEvent`).
    Kept so the webhook layer can store the raw event as ignored and answer 200."""

    channel_kind: ChannelKind
    event_type: str
    where: str
    reason: str
    account_external_id: str = ""


Event = InboundMessage | Echo | DeliveryReceipt | Reaction | Edit | Deletion | Postback | Ignored
