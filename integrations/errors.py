"""Typed errors of every connector. Each says what was wrong and where; the webhook layer and the
outbound jobs map them to HTTP answers and retry/agent-visible states."""

from __future__ import annotations


class IntegrationError(Exception):
    """Base of every connector error."""


class BadSignature(IntegrationError):
    """The request is not from the platform: missing/forged signature or secret token → 401/403."""


class HandshakeRejected(IntegrationError):
    """The subscription handshake (Meta `hub.*` GET) is not ours: wrong mode or verify token → 403."""


class MalformedPayload(IntegrationError):
    """The bytes are not the platform's documented shape → 400 (raw bytes kept for replay)."""

    def __init__(self, detail: str, where: str = "$") -> None:
        self.detail = detail
        self.where = where
        super().__init__(f"{detail} at {where}")


class UnknownEvent(IntegrationError):
    """A well-formed notification of a type this connector does not know.

    `parse(..., unknown="ignore")` (the default) turns it into an `Ignored` event so that the other
    events of the same batch still get processed; `unknown="raise"` raises this instead.
    """

    def __init__(self, event_type: str, where: str = "$") -> None:
        self.event_type = event_type
        self.where = where
        super().__init__(f"unknown event type {event_type!r} at {where}")


class RateLimited(IntegrationError):
    """The platform throttled us; retry after `retry_after` seconds (None: platform gave no hint)."""

    def __init__(self, detail: str = "rate limited", retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(detail if retry_after is None else f"{detail} (retry after {retry_after:g} s)")


class MessagingWindowClosed(IntegrationError):
    """Free-form reply outside the platform's customer-service window (Meta 24 h; HUMAN_AGENT tag: 7 days)."""


class TemplateRequired(MessagingWindowClosed):
    """WhatsApp: outside the 24 h window only an approved template may be sent (error 131047)."""


class RecipientBlocked(IntegrationError):
    """The customer blocked us / is unreachable (Messenger 551, Telegram 403 bot was blocked…)."""


# --- Outbound (sending replies, profile lookups) ----------------------------------------------


class CredentialsRejected(IntegrationError):
    """The platform refused our credentials (Meta 190, Telegram 401, X 401, SMTP auth): an admin must
    reconnect the channel. Not retried."""


class PlatformError(IntegrationError):
    """Any other refusal by the platform, with its own code and words so the agent can read them.
    `retryable` says whether sending the same thing again later may succeed (5xx, timeouts)."""

    def __init__(self, detail: str, *, code: str = "", retryable: bool = False) -> None:
        self.detail = detail
        self.code = code
        self.retryable = retryable
        super().__init__(f"{detail} (code {code})" if code else detail)
