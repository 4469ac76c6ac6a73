"""Sending agent replies over SMTP (`OutboundClient` for email).

One connection per `send` (replies are sent one per job; a pooled connection would have to survive
idle timeouts between jobs for little gain). Credentials are the channel account's
`CREDENTIAL_FIELDS[EMAIL]`: `smtp_host`, `smtp_port` (default 465 for `tls`, 587 for `starttls`, 25
for `none`), `smtp_security` (`none` | `starttls` | `tls`, default `starttls`), and optional
`smtp_username` / `smtp_password` (no AUTH when the username is empty).

Errors: refused credentials (535, AUTH not offered) → `CredentialsRejected`; 4xx anywhere →
`PlatformError(retryable=True)` (`RateLimited` when the server says it is throttling); a refused
recipient (5xx at RCPT) → `RecipientBlocked`; other 5xx → `PlatformError(code="<smtp code>")`;
connection failures and timeouts → retryable `PlatformError(code="connect")`; TLS failures →
`PlatformError(code="tls")`.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from datetime import UTC, datetime

from integrations.email.compose import compose
from integrations.errors import CredentialsRejected, PlatformError, RateLimited, RecipientBlocked
from integrations.events import ChannelKind, Sender
from integrations.outbound import OutboundMessage, SendResult

SECURITY_MODES = ("none", "starttls", "tls")
_DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}


class SmtpClient:
    kind = ChannelKind.EMAIL

    def __init__(
        self,
        *,
        credentials: Mapping[str, str],
        account_external_id: str,
        domain: str = "",
        timeout: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.from_address = account_external_id.strip()
        if "@" not in self.from_address:
            raise ValueError(f"the email channel account's external id must be its address, got {account_external_id!r}")
        self.domain = (domain or self.from_address.rpartition("@")[2]).lower()
        self.host = (credentials.get("smtp_host") or "").strip()
        if not self.host:
            raise CredentialsRejected("smtp_host is not set for this mailbox")
        self.security = (credentials.get("smtp_security") or "starttls").strip().lower()
        if self.security not in SECURITY_MODES:
            raise CredentialsRejected(f"smtp_security must be one of {', '.join(SECURITY_MODES)}, got {self.security!r}")
        port = (str(credentials.get("smtp_port") or "")).strip()
        if port and not port.isdigit():
            raise CredentialsRejected(f"smtp_port must be a number, got {port!r}")
        self.port = int(port) if port else _DEFAULT_PORTS[self.security]
        self.username = credentials.get("smtp_username") or ""
        self.password = credentials.get("smtp_password") or ""
        self.timeout = timeout
        self.ssl_context = ssl_context

    # --- OutboundClient -----------------------------------------------------------------------

    def send(self, message: OutboundMessage) -> SendResult:
        """Compose and send one reply; `external_id` is our Message-ID (without <>), the key its
        echo, bounce or reply will come back with."""
        mail = compose(message, from_address=self.from_address, domain=self.domain)
        message_id = str(mail["Message-ID"]).strip().strip("<>")
        with self._connection() as smtp:
            try:
                refused = smtp.send_message(mail, from_addr=self.from_address, to_addrs=[message.recipient_external_id])
            except (smtplib.SMTPException, OSError) as exc:
                raise _translate(exc) from exc
        if refused:  # partial refusal cannot happen with one recipient, but say so if it does
            code, text = next(iter(refused.values()))
            raise _by_code(code, _text(text), recipient=True)
        return SendResult(external_id=message_id, sent_at=datetime.now(UTC))

    def mark_read(self, *, recipient_external_id: str, external_message_id: str = "") -> None:
        """Email has no read receipts we could send (MDNs are the recipient's to send)."""

    def profile(self, external_user_id: str) -> Sender | None:
        """Email carries no profile beyond the From display name, which the inbound message has."""
        return None

    def check(self) -> None:
        """Connect and authenticate without sending: for channel setup ("test connection")."""
        with self._connection() as smtp:
            smtp.noop()

    # --- connection ---------------------------------------------------------------------------

    def _context(self) -> ssl.SSLContext:
        return self.ssl_context or ssl.create_default_context()

    def _connection(self) -> smtplib.SMTP:
        try:
            if self.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._context())
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except smtplib.SMTPConnectError as exc:
            raise _by_code(exc.smtp_code, _text(exc.smtp_error)) from exc
        except ssl.SSLError as exc:
            raise PlatformError(f"TLS with {self.host}:{self.port} failed: {exc}", code="tls") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise PlatformError(
                f"cannot reach SMTP server {self.host}:{self.port}: {exc}", code="connect", retryable=True
            ) from exc
        try:
            smtp.ehlo()
            if self.security == "starttls":
                smtp.starttls(context=self._context())
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password)
        except Exception as exc:
            _close(smtp)
            if isinstance(exc, smtplib.SMTPAuthenticationError):
                raise CredentialsRejected(f"SMTP server refused the login: {exc.smtp_code} {_text(exc.smtp_error)}") from exc
            if isinstance(exc, smtplib.SMTPNotSupportedError):
                raise CredentialsRejected(f"SMTP server does not offer what smtp_security/login need: {exc}") from exc
            if isinstance(exc, ssl.SSLError):
                raise PlatformError(f"STARTTLS with {self.host}:{self.port} failed: {exc}", code="tls") from exc
            if isinstance(exc, smtplib.SMTPException | OSError):
                raise _translate(exc) from exc
            raise
        return smtp


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.close()
    except Exception:
        pass


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _by_code(code: int, text: str, *, recipient: bool = False) -> Exception:
    detail = f"SMTP {code} {text}".strip()
    if 400 <= code < 500:
        lowered = text.lower()
        if any(word in lowered for word in ("rate", "too many", "throttl", "try again later", "4.7.28")):
            return RateLimited(detail)
        return PlatformError(detail, code=str(code), retryable=True)
    if recipient and code in (550, 551, 553, 554, 521, 556):
        return RecipientBlocked(detail)
    return PlatformError(detail, code=str(code), retryable=False)


def _translate(exc: BaseException) -> Exception:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        return _by_code(code, _text(text), recipient=True)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return CredentialsRejected(f"SMTP server refused the login: {exc.smtp_code} {_text(exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPResponseException):  # sender refused, data refused, …
        return _by_code(exc.smtp_code, _text(exc.smtp_error))
    if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
        return PlatformError(f"SMTP connection lost: {exc}", code="connect", retryable=True)
    return PlatformError(f"SMTP error: {exc}", code="smtp", retryable=False)
