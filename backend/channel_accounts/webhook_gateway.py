"""The webhook fast path: platforms' POSTs answered before Django, on an async connection pool.

This is the hottest code in the product (every message, receipt and echo of every platform
enters here), and Django under ASGI manages a few hundred requests per second for a single
INSERT while a bare ASGI app on an async psycopg pool does several thousand. So this ASGI
middleware answers `/webhooks/<kind>/<id>/` itself: it makes the same decision as the Django
view (channel_accounts.webhooks.webhook_answer — verification over the raw bytes included)
and stores the request with one INSERT; the table's trigger enqueues processing in that same
statement's transaction. Everything else (including `/webhooks/api/…`) goes on to Django.

Group commit: requests to store arriving while an INSERT is in flight wait for it and are then
written together, in one multi-row INSERT (one round trip, one commit, one WAL flush for all).
Each is answered only after the statement holding its row committed, as before; under light
load every request is its own batch and nothing waits. Refusals (stored for inspection) go one
by one: their log line names their row, and so do requests carrying a one-time proof (a Mailgun
token): their row is written with the proof's record in one statement (INSERT_EVENT_ONCE).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from urllib.parse import parse_qsl

from django.db import connections
from psycopg.conninfo import make_conninfo
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from channel_accounts.crypto import credentials_decrypt
from channel_accounts.webhooks import (
    DUPLICATE_NONCE,
    MAX_BODY_BYTES,
    WEBHOOK_KINDS,
    WebhookAccount,
    headers_to_store,
    log_refusal,
    log_replay,
    webhook_answer,
)
from integrations.email.verify import MAILGUN_TOKEN_KEEP
from integrations.events import ChannelKind

logger = logging.getLogger("dialogo.webhooks")

# Mailgun posts the raw message only to a forward() URL ending in "mime": /webhooks/email/<id>/mime.
PATH = re.compile(r"^/webhooks/(?P<kind>[a-z]+)/(?P<pk>\d+)(?:/(?P<mime>mime))?/?$")
ACCOUNT_CACHE_SECONDS = 5.0  # credentials edited in the API take effect within this
ACCOUNT_CACHE_SIZE = 10_000

SELECT_ACCOUNT = """
SELECT workspace_id, external_id, is_active, credentials_ciphertext
FROM channel_accounts_channelaccount WHERE id = %s AND kind = %s
"""
# Same columns as channel_accounts.services.inbound_event_store.
INSERT_EVENT = """
INSERT INTO channel_accounts_inboundevent
    (workspace_id, channel_account_id, kind, status, received_at, headers, query_string, body, error,
     attempts, next_attempt_at, outcome)
VALUES (%s, %s, %s, %s, now(), %s, %s, %s, %s, 0, CASE WHEN %s = 'pending' THEN now() END, '{}')
RETURNING id
"""
# The same row for many requests at once (one statement text for every batch size).
INSERT_EVENTS = """
INSERT INTO channel_accounts_inboundevent
    (workspace_id, channel_account_id, kind, status, received_at, headers, query_string, body, error,
     attempts, next_attempt_at, outcome)
SELECT workspace_id, channel_account_id, kind, status, now(), headers, query_string, body, error,
       0, CASE WHEN status = 'pending' THEN now() END, '{}'
FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::jsonb[], %s::text[], %s::bytea[], %s::text[])
    AS event(workspace_id, channel_account_id, kind, status, headers, query_string, body, error)
"""
# A request with a one-time proof (WebhookAnswer.nonce, Mailgun's token): the proof recorded and the
# row written in one statement — `pending` if the account never saw the proof, else `ignored` —
# after the account's expired proofs are dropped. The rule of services.inbound_event_store.
INSERT_EVENT_ONCE = """
WITH expired AS (
    DELETE FROM channel_accounts_webhooknonce WHERE channel_account_id = %(account)s AND expires_at < now()
), first_use AS (
    INSERT INTO channel_accounts_webhooknonce (workspace_id, channel_account_id, nonce, expires_at)
    VALUES (%(workspace)s, %(account)s, %(nonce)s, now() + make_interval(secs => %(keep)s))
    ON CONFLICT (channel_account_id, nonce) DO NOTHING
    RETURNING 1
), decided AS (
    SELECT CASE WHEN EXISTS (SELECT FROM first_use) THEN 'pending' ELSE 'ignored' END AS status
)
INSERT INTO channel_accounts_inboundevent
    (workspace_id, channel_account_id, kind, status, received_at, headers, query_string, body, error,
     attempts, next_attempt_at, outcome)
SELECT %(workspace)s, %(account)s, %(kind)s, status, now(), %(headers)s, %(query_string)s, %(body)s,
       CASE WHEN status = 'pending' THEN %(error)s ELSE %(duplicate)s END,
       0, CASE WHEN status = 'pending' THEN now() END, '{}'
FROM decided
RETURNING id, status
"""
# Rows per INSERT at most, and INSERTs in flight at once (each holds a pool connection).
BATCH_ROWS = 64
BATCHES_IN_FLIGHT = 2


def conninfo_from_settings() -> str:
    """The libpq parameters Django itself connects with (embedded socket, OPTIONS included),
    minus its Python-only ones (cursor class, adapters)."""
    params = connections["default"].get_connection_params()
    return make_conninfo("", **{key: value for key, value in params.items() if isinstance(value, str | int)})


class _GroupCommit:
    """Stores accepted events in as few INSERTs as the load allows (see the module docstring)."""

    def __init__(self, pool) -> None:
        self._pool = pool  # async callable returning the connection pool
        self._waiting: list[tuple[tuple, asyncio.Future]] = []
        self._flushes: set[asyncio.Task] = set()  # held so a running flush is never collected

    async def store(self, row: tuple) -> None:
        """Return once `row` is committed; raise if its INSERT failed."""
        done = asyncio.get_running_loop().create_future()
        self._waiting.append((row, done))
        if len(self._flushes) < BATCHES_IN_FLIGHT:
            flush = asyncio.get_running_loop().create_task(self._flush())
            self._flushes.add(flush)
            flush.add_done_callback(self._flushes.discard)
        await done

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:BATCH_ROWS], self._waiting[BATCH_ROWS:]
            try:
                async with (await self._pool()).connection() as connection:
                    await connection.execute(
                        INSERT_EVENTS, [list(column) for column in zip(*(row for row, _ in batch), strict=True)]
                    )
            except Exception as exc:  # every request of the batch answers 500; platforms retry
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
            else:
                for _, done in batch:
                    if not done.done():
                        done.set_result(None)


class WebhookGateway:
    """ASGI middleware: platform webhooks here, everything else to `app`."""

    def __init__(self, app, *, pool_size: int = 8) -> None:
        self.app = app
        self.pool_size = pool_size
        self._pool: AsyncConnectionPool | None = None
        self._pool_lock = asyncio.Lock()
        self._accounts: dict[tuple[str, int], tuple[float, WebhookAccount | None]] = {}
        self._group_commit = _GroupCommit(self.pool)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            match = PATH.match(scope["path"])
            if match and match["kind"] in WEBHOOK_KINDS and (not match["mime"] or match["kind"] == ChannelKind.EMAIL):
                await self._handle(match["kind"], int(match["pk"]), scope, receive, send)
                return
        elif scope["type"] == "lifespan":
            await self._lifespan(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _lifespan(self, scope, receive, send) -> None:
        # Django's ASGI handler does not speak lifespan; we only need shutdown to close the pool.
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._pool is not None:
                    await self._pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def pool(self) -> AsyncConnectionPool:
        if self._pool is None:
            async with self._pool_lock:
                if self._pool is None:
                    pool = AsyncConnectionPool(
                        conninfo_from_settings(), min_size=2, max_size=self.pool_size, open=False, kwargs={"autocommit": True}
                    )
                    await pool.open()
                    self._pool = pool
        return self._pool

    async def _account(self, kind: str, pk: int) -> WebhookAccount | None:
        now = time.monotonic()
        cached = self._accounts.get((kind, pk))
        if cached and cached[0] > now:
            return cached[1]
        async with (await self.pool()).connection() as connection:
            row = await (await connection.execute(SELECT_ACCOUNT, (pk, kind))).fetchone()
        account = None
        if row is not None:
            workspace_id, external_id, is_active, ciphertext = row
            account = WebhookAccount(
                id=pk,
                workspace_id=workspace_id,
                kind=kind,
                external_id=external_id,
                is_active=is_active,
                credentials=credentials_decrypt(ciphertext),
            )
        if len(self._accounts) >= ACCOUNT_CACHE_SIZE:
            self._accounts.clear()  # requests to made-up ids must not grow it without bound
        self._accounts[(kind, pk)] = (now + ACCOUNT_CACHE_SECONDS, account)
        return account

    async def _handle(self, kind: str, pk: int, scope, receive, send) -> None:
        body, too_large = await _read_body(receive)
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        query_string = scope.get("query_string", b"").decode("latin-1")
        if too_large:
            await _respond(
                send,
                413,
                json.dumps({"message": f"Body over {MAX_BODY_BYTES} bytes.", "code": "payload_too_large", "extra": {}}).encode(),
            )
            return
        try:
            account = await self._account(kind, pk)
            answer = webhook_answer(
                kind=kind,
                account=account,
                method=scope["method"],
                query=dict(parse_qsl(query_string)),
                headers=headers,
                body=body,
            )
            event_id = None
            if answer.store_status is not None:
                row = (
                    account.workspace_id,
                    account.id,
                    kind,
                    answer.store_status,
                    Jsonb(headers_to_store(headers)),
                    query_string,
                    body,
                    answer.error,
                )
                if answer.nonce:
                    event_id, status = await self._store_once(row, answer.nonce)
                    if status != answer.store_status:
                        log_replay(kind, pk, event_id=event_id)
                elif answer.status_code < 400:
                    await self._group_commit.store(row)
                else:
                    async with (await self.pool()).connection() as connection:
                        (event_id,) = await (await connection.execute(INSERT_EVENT, (*row, answer.store_status))).fetchone()
            log_refusal(kind, pk, answer, body, event_id=event_id)
        except Exception:
            # Not stored: answer 500 so the platform delivers it again later.
            logger.exception("webhook %s/%s could not be stored", kind, pk)
            await _respond(
                send, 500, b'{"message":"Could not store the event; deliver it again.","code":"server_error","extra":{}}'
            )
            return
        await _respond(send, answer.status_code, answer.body, answer.content_type)

    async def _store_once(self, row: tuple, nonce: str) -> tuple[int, str]:
        """Store `row` unless its nonce was seen (then as `ignored`): (event id, status stored)."""
        workspace_id, account_id, kind, _, headers, query_string, body, error = row
        params = {
            "workspace": workspace_id,
            "account": account_id,
            "kind": kind,
            "headers": headers,
            "query_string": query_string,
            "body": body,
            "error": error,
            "nonce": nonce,
            "keep": MAILGUN_TOKEN_KEEP,
            "duplicate": DUPLICATE_NONCE,
        }
        async with (await self.pool()).connection() as connection:
            return await (await connection.execute(INSERT_EVENT_ONCE, params)).fetchone()


async def _read_body(receive) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= MAX_BODY_BYTES:
            chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks), size > MAX_BODY_BYTES


async def _respond(send, status: int, body: bytes, content_type: str = "application/json") -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", content_type.encode("latin-1")), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
