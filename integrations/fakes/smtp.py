"""A real SMTP server on 127.0.0.1 for tests and the embedded demo: replies "go out" and are recorded.

aiosmtpd's `Controller` runs the server in a daemon thread; port 0 lets the OS pick a free port
(read it from `.port` after `start()`). Optional AUTH (PLAIN/LOGIN, allowed without TLS because the
fake only listens on loopback). `reject_next(n, code, text, stage=...)` makes the next `n`
transactions fail with that SMTP reply at MAIL FROM, RCPT TO or DATA, to exercise error mapping.

    with FakeSmtp(username="bot", password="s3cret") as smtp:
        client = SmtpClient(credentials=smtp.credentials(), account_external_id="help@brand.test")
        client.send(...)
        smtp.messages[0].message["Subject"]
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

STAGES = ("mail", "rcpt", "data")


@dataclass(frozen=True, slots=True)
class ReceivedMail:
    """One accepted SMTP transaction: the envelope and the exact bytes of DATA."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    peer: str = ""
    login: str = ""  # the AUTH user, "" without AUTH

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=default_policy)  # type: ignore[return-value]


@dataclass
class _Rejection:
    count: int
    code: int
    text: str
    stage: str


@dataclass
class _Handler:
    server: FakeSmtp
    rejections: list[_Rejection] = field(default_factory=list)

    def _reject(self, stage: str) -> str | None:
        with self.server._lock:
            for rejection in self.rejections:
                if rejection.stage == stage and rejection.count > 0:
                    rejection.count -= 1
                    if rejection.count == 0:
                        self.rejections.remove(rejection)
                    return f"{rejection.code} {rejection.text}"
        return None

    async def handle_MAIL(self, server: SMTP, session: Any, envelope: Any, address: str, mail_options: list[str]) -> str:
        # AUTH is enforced here rather than with aiosmtpd's `auth_required`, which warns on every
        # connection when TLS is not required (the fake only listens on loopback).
        if self.server.username and not getattr(session, "authenticated", False):
            return "530 5.7.0 Authentication required"
        refusal = self._reject("mail")
        if refusal:
            return refusal
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        refusal = self._reject("rcpt")
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Any, envelope: Any) -> str:
        refusal = self._reject("data")
        if refusal:
            return refusal
        login = getattr(session, "auth_data", None)
        mail = ReceivedMail(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            data=bytes(envelope.original_content or b""),
            peer=str(session.peer[0]) if session.peer else "",
            login=login.login.decode("utf-8", "replace") if isinstance(login, LoginPassword) else "",
        )
        with self.server._lock:
            self.server.messages.append(mail)
        if self.server.on_message is not None:
            self.server.on_message(mail)
        return "250 Message accepted for delivery"


class _Controller(Controller):
    """Binds port 0 and learns the real port before aiosmtpd's readiness probe connects to it."""

    def _trigger_server(self) -> None:
        if self.server is not None and self.server.sockets:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class FakeSmtp:
    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str = "",
        password: str = "",
        on_message: Callable[[ReceivedMail], None] | None = None,
        tls_context: ssl.SSLContext | None = None,
        security: str = "none",
    ) -> None:
        """`security` with a `tls_context` (a server context, see fakes.tls): `starttls` offers
        STARTTLS and refuses mail and logins before it; `tls` is TLS from the first byte."""
        if security not in ("none", "starttls", "tls") or (security != "none") != (tls_context is not None):
            raise ValueError("security starttls or tls needs a tls_context, and none needs none")
        self.tls_context = tls_context
        self.security = security
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.on_message = on_message
        self.messages: list[ReceivedMail] = []
        self.auth_attempts: list[str] = []
        self._lock = threading.Lock()
        self._handler = _Handler(self)
        self._controller: _Controller | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeSmtp:
        kwargs: dict[str, Any] = {"auth_require_tls": self.security == "starttls"}
        if self.username:
            kwargs["authenticator"] = self._authenticate
        if self.security == "starttls":
            kwargs.update(tls_context=self.tls_context, require_starttls=True)
        elif self.security == "tls":
            kwargs["ssl_context"] = self.tls_context
        self._controller = _Controller(self._handler, hostname=self.host, port=self.port, **kwargs)
        self._controller.start()
        self.port = self._controller.port
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> FakeSmtp:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- control ------------------------------------------------------------------------------

    def credentials(self, **overrides: str) -> dict[str, str]:
        """The channel account credentials that point an `SmtpClient` at this fake."""
        values = {
            "smtp_host": self.host,
            "smtp_port": str(self.port),
            "smtp_security": self.security,
            "smtp_username": self.username,
            "smtp_password": self.password,
        }
        values.update(overrides)
        return values

    def reject_next(
        self, count: int = 1, *, code: int = 550, text: str = "5.1.1 Mailbox unavailable", stage: str = "rcpt"
    ) -> None:
        """Fail the next `count` transactions with `code text` at `stage` (mail | rcpt | data)."""
        if stage not in STAGES:
            raise ValueError(f"stage must be one of {STAGES}")
        with self._lock:
            self._handler.rejections.append(_Rejection(count=count, code=code, text=text, stage=stage))

    def reset(self) -> None:
        with self._lock:
            self.messages.clear()
            self.auth_attempts.clear()
            self._handler.rejections.clear()

    def _authenticate(self, server: SMTP, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode("utf-8", "replace")
        self.auth_attempts.append(login)
        ok = login == self.username and auth_data.password.decode("utf-8", "replace") == self.password
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
