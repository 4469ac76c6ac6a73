"""Polling a mailbox over IMAP: new messages since the last UID we saw.

Credentials (`CREDENTIAL_FIELDS[EMAIL]`): `imap_host`, `imap_port` (default 993), `imap_username`,
`imap_password`, `imap_folder` (default `INBOX`), `imap_security`: `tls` (implicit TLS, the
certificate and host name checked) or `none` (plain IMAP: a local server). Without it, port 993
means `tls` and any other port `none`.

How the caller dedupes (at-least-once, like every other transport):
1. Keep `(mailbox, uidvalidity, last_uid)` per channel account; pass them back on the next poll.
   UIDs only grow inside one UIDVALIDITY. When the server reports another UIDVALIDITY (the folder
   was recreated or renumbered), every UID we stored is meaningless: the poll starts over from
   UID 1 and `FetchResult.reset` is true.
2. Store each fetched message under `(mailbox, uidvalidity, uid)` (cheap key, stops re-fetch work),
   and then ingest it by its Message-ID (`parse` gives `external_id`), which is what makes a start
   over, or the same mail reaching us through a webhook as well, a no-op instead of a duplicate.

The folder is opened read-only (EXAMINE) and bodies are fetched with `BODY.PEEK[]`, so polling
never marks the customer's mail as `\\Seen` in the mailbox a human may also read.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from integrations.errors import CredentialsRejected, PlatformError

IMAP_SECURITY_MODES = ("tls", "none")
DEFAULT_FOLDER = "INBOX"
DEFAULT_BATCH = 100


@dataclass(frozen=True, slots=True)
class FetchResult:
    uidvalidity: int
    messages: tuple[tuple[int, bytes], ...]  # (uid, raw RFC 5322 bytes), oldest first
    last_uid: int  # highest UID returned (or the one passed in when nothing is new); the next since_uid
    reset: bool = False  # UIDVALIDITY changed: the poll started over from UID 1
    has_more: bool = False  # more new messages than `batch_size`: poll again right away


class ImapPoller:
    def __init__(
        self,
        *,
        credentials: Mapping[str, str],
        account_external_id: str = "",
        timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.account_external_id = account_external_id
        self.host = (credentials.get("imap_host") or "").strip()
        if not self.host:
            raise CredentialsRejected("imap_host is not set for this mailbox")
        port = str(credentials.get("imap_port") or "993").strip()
        if not port.isdigit():
            raise CredentialsRejected(f"imap_port must be a number, got {port!r}")
        self.port = int(port)
        self.username = credentials.get("imap_username") or ""
        self.password = credentials.get("imap_password") or ""
        self.folder = (credentials.get("imap_folder") or "").strip() or DEFAULT_FOLDER
        security = (credentials.get("imap_security") or ("tls" if self.port == 993 else "none")).strip().lower()
        if security not in IMAP_SECURITY_MODES:
            raise CredentialsRejected(f"imap_security must be one of {', '.join(IMAP_SECURITY_MODES)}, got {security!r}")
        self.use_ssl = security == "tls"
        self.timeout = timeout
        self.ssl_context = ssl_context

    def fetch_new(self, *, since_uid: int, uidvalidity: int | None, batch_size: int = DEFAULT_BATCH) -> FetchResult:
        """Messages with UID > `since_uid` (all of them when `uidvalidity` changed), at most
        `batch_size`, oldest first."""
        client = self._connect()
        try:
            try:
                selected = client.select_folder(self.folder, readonly=True)
            except IMAPClientError as exc:
                raise PlatformError(f"cannot open folder {self.folder!r}: {exc}", code="folder") from exc
            current = int(selected.get(b"UIDVALIDITY", 0) or 0)
            reset = uidvalidity is not None and current != uidvalidity
            start = 0 if reset else max(0, since_uid)
            # "n:*" always matches the newest message even when its UID is below n: filter again.
            uids = sorted(uid for uid in client.search(["UID", f"{start + 1}:*"]) if uid > start)
            batch = uids[:batch_size]
            fetched = client.fetch(batch, ["BODY.PEEK[]"]) if batch else {}
            messages = tuple(
                (uid, bytes(fetched[uid][b"BODY[]"]))
                for uid in batch
                if uid in fetched and fetched[uid].get(b"BODY[]") is not None
            )
            last_uid = max((uid for uid, _ in messages), default=start)
            return FetchResult(
                uidvalidity=current, messages=messages, last_uid=last_uid, reset=reset, has_more=len(uids) > batch_size
            )
        except (IMAPClientError, OSError) as exc:  # socket timeouts are OSErrors
            raise PlatformError(f"IMAP error on {self.host}:{self.port}: {exc}", code="imap", retryable=True) from exc
        finally:
            _logout(client)

    def check(self) -> int:
        """Log in and open the folder without fetching; returns its UIDVALIDITY (channel setup)."""
        client = self._connect()
        try:
            return int(client.select_folder(self.folder, readonly=True).get(b"UIDVALIDITY", 0) or 0)
        except IMAPClientError as exc:
            raise PlatformError(f"cannot open folder {self.folder!r}: {exc}", code="folder") from exc
        finally:
            _logout(client)

    def _connect(self) -> IMAPClient:
        try:
            client = IMAPClient(self.host, port=self.port, ssl=self.use_ssl, ssl_context=self.ssl_context, timeout=self.timeout)
        except ssl.SSLError as exc:
            raise PlatformError(f"TLS with {self.host}:{self.port} failed: {exc}", code="tls") from exc
        except (OSError, IMAPClientError) as exc:
            raise PlatformError(
                f"cannot reach IMAP server {self.host}:{self.port}: {exc}", code="connect", retryable=True
            ) from exc
        try:
            client.login(self.username, self.password)
        except LoginError as exc:
            _logout(client)
            raise CredentialsRejected(f"IMAP server refused the login: {exc}") from exc
        except (IMAPClientError, OSError) as exc:
            _logout(client)
            raise PlatformError(f"IMAP login failed: {exc}", code="imap", retryable=True) from exc
        return client


def _logout(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:
        try:
            client.shutdown()
        except Exception:
            pass
