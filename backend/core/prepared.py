"""Prepared statements for the hot path's constant SQL (core.reads, core.bulk).

Django binds parameters on the client (psycopg's ClientCursor): PostgreSQL parses and plans
every statement anew. A one-message batch of the inbound drain runs about twenty constant
statements, and planning them was a third of PostgreSQL's CPU for it
(bench/ingest_drain.py --batch-size 1: 9.2 → 6.0 ms a batch with them prepared) —
time a lone customer message waits before agents see it.

`cursor()` gives a Django cursor (errors translated, queries logged under DEBUG and in tests)
over psycopg's server-side-binding Cursor. The connection prepares every statement such a
cursor runs, on its first run, and keeps it for the connection's life (psycopg keeps up to
`prepared_max`, 100, per connection, least recently used out first). Django's own cursors
bind client-side and never prepare, so nothing else changes.

A connection pooler in transaction mode that cannot keep prepared statements (PgBouncer
before 1.21) needs `DATABASE_PREPARED_STATEMENTS=0`: `cursor()` is then Django's usual one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

# psycopg prepares a statement once it has run this many times on a connection (0: at once).
# Only server-binding cursors prepare at all: Django's ClientCursor never does.
PREPARE_AFTER = 0


def cursor() -> CursorWrapper:
    """A cursor whose statements PostgreSQL keeps prepared (see the module's docstring)."""
    if not settings.DATABASE_PREPARED_STATEMENTS:
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's default: prepared statements off
        raw.prepare_threshold = PREPARE_AFTER
    server_binding = ServerBindingCursor(raw)
    return _LoggedCursor(server_binding, connection) if connection.queries_logged else connection.make_cursor(server_binding)


class _LoggedCursor(CursorDebugWrapper):
    """Django's debug cursor logs `last_executed_query`, which a server-binding cursor does not
    keep: this one logs the statement as written (placeholders, not the values)."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return super(CursorDebugWrapper, self).execute(sql, params)
