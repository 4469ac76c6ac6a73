"""Outbound: what the inbox asks a connector to send, and what comes back.

Every platform client (`integrations/<kind>/client.py`) takes its channel account's credentials
(plain strings, see `CREDENTIAL_FIELDS`), an API base URL (the real platform, or a local fake in
tests and in the embedded default) and an optional `httpx.Client`, and implements
`OutboundClient`. Errors are the typed ones of `integrations.errors`: `RateLimited`
(retry after), `MessagingWindowClosed` / `TemplateRequired` (offer the HUMAN_AGENT tag or a
WhatsApp template), `RecipientBlocked`, `CredentialsRejected`, `PlatformError` (with the
platform's code; `retryable` for 5xx/timeouts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Protocol, Self

import httpx

from integrations.errors import CredentialsRejected
from integrations.events import AttachmentKind, ChannelKind, Sender
from integrations.http import http_client


@dataclass(frozen=True, slots=True)
class OutboundAttachment:
    kind: AttachmentKind
    url: str  # where the platform can fetch it (Graph API, WhatsApp, Telegram send by link)
    mime_type: str = ""
    name: str = ""
    # The file itself, for channels that take bytes rather than a link (email attaches them, X
    # uploads images to its media endpoint). Empty: those channels fall back to the link.
    content: bytes = field(default=b"", repr=False)


@dataclass(frozen=True, slots=True)
class TemplateRef:
    """WhatsApp: an approved message template (the only thing sendable outside the 24 h window)."""

    name: str
    language: str  # e.g. "es", "en_US"
    parameters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EmailHeaders:
    """Email threading: our own Message-ID and the customer's thread, so replies thread in their client."""

    message_id: str  # ours, without <>; encodes the case (see integrations.email)
    subject: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    reply_to: str = ""  # plus-addressed reply+<token>@ address
    from_name: str = ""


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """One agent reply to one customer on one channel account."""

    recipient_external_id: str  # PSID / IGSID / wa_id / chat id / X user id / email address / webchat session
    text: str = ""
    attachments: tuple[OutboundAttachment, ...] = ()
    reply_to_external_id: str = ""  # the customer's message this answers (platform reply-to / quote)
    correlation_id: str = ""  # our message id: Messenger `metadata`, so the echo is matched, not stored twice
    human_agent_tag: bool = False  # Meta: MESSAGE_TAG HUMAN_AGENT (a human replying 24 h – 7 days after the customer)
    template: TemplateRef | None = None  # WhatsApp outside the window
    comment_id: str = ""  # reply publicly under this comment (Instagram/Facebook comments, X mentions)
    email: EmailHeaders | None = None


@dataclass(frozen=True, slots=True)
class SendResult:
    external_id: str  # the platform's id of what we sent (mid, wamid, message_id, DM event id, Message-ID)
    sent_at: datetime | None = None


class OutboundClient(Protocol):
    kind: ChannelKind

    def send(self, message: OutboundMessage) -> SendResult: ...

    def mark_read(self, *, recipient_external_id: str, external_message_id: str = "") -> None:
        """Tell the customer we read them, where the platform has it (no-op elsewhere)."""

    def profile(self, external_user_id: str) -> Sender | None:
        """Name, avatar, follower count where the platform gives them; None when it does not."""


class HttpPlatformClient:
    """What every HTTP platform client shares: its constructor, `close()` and use as a context manager.

    The default connection is a bearer/bot token read from the credential `token_credential`
    (missing → `CredentialsRejected` naming it), the API base URL (empty → `default_base_url`, the
    real platform) and an `httpx.Client`: the one given (left open by `close()`) or one of our own
    (closed by `close()`). Subclasses with another connection override `_open` and `close`.
    """

    kind: ClassVar[ChannelKind]
    token_credential: ClassVar[str]  # the credential holding the token the client sends with
    default_base_url: ClassVar[str] = ""

    def __init__(
        self,
        *,
        credentials: Mapping[str, str],
        account_external_id: str,
        base_url: str,
        http: httpx.Client | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.account_external_id = account_external_id
        self._open(credentials, base_url=base_url, http=http, timeout=timeout)

    def _open(self, credentials: Mapping[str, str], *, base_url: str, http: httpx.Client | None, timeout: float) -> None:
        token = credentials.get(self.token_credential, "")
        if not token:
            raise CredentialsRejected(f"no {self.token_credential.replace('_', ' ')} configured for this channel account")
        self._token = token
        self._base_url = (base_url or self.default_base_url).rstrip("/")  # empty: the real platform
        self._own_http = http is None
        self._http = http if http is not None else http_client()
        self._timeout = timeout

    def close(self) -> None:
        if self._own_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# The credentials each kind stores (encrypted at rest by the channel_accounts app). The account's
# `external_id` is the page id / IG account id / phone_number_id / bot id / mailbox address.
CREDENTIAL_FIELDS: dict[ChannelKind, tuple[str, ...]] = {
    ChannelKind.MESSENGER: ("app_secret", "verify_token", "page_access_token"),
    ChannelKind.INSTAGRAM: ("app_secret", "verify_token", "access_token"),
    ChannelKind.WHATSAPP: ("app_secret", "verify_token", "access_token"),
    ChannelKind.TELEGRAM: ("secret_token", "bot_token"),
    # OAuth 2.0: access_token (bearer). OAuth 1.0a: all four (integrations.x.credentials). Webhooks: consumer_secret.
    ChannelKind.X: ("consumer_key", "consumer_secret", "access_token", "access_token_secret"),
    ChannelKind.EMAIL: (
        "inbound_format",  # raw | mailgun | sendgrid (integrations.email.esp; default raw)
        "inbound_secret",
        "mailgun_signing_key",
        "smtp_host",
        "smtp_port",
        "smtp_username",
        "smtp_password",
        "smtp_security",  # none | starttls | tls
        "imap_host",
        "imap_port",
        "imap_username",
        "imap_password",
        "imap_folder",
        "imap_security",  # tls | none (default: tls on port 993)
    ),
    ChannelKind.WEBCHAT: ("identity_secret", "allowed_origins"),
    ChannelKind.API: (),
}

# Which credential is secret (never shown back by the API, only "set").
SECRET_CREDENTIALS = frozenset(
    {
        "app_secret",
        "page_access_token",
        "access_token",
        "secret_token",
        "bot_token",
        "consumer_key",
        "consumer_secret",
        "access_token_secret",
        "inbound_secret",
        "mailgun_signing_key",
        "smtp_password",
        "imap_password",
        "identity_secret",
    }
)
