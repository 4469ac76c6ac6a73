"""Transactions whose COMMIT need not wait for the WAL flush.

PostgreSQL normally answers a COMMIT once its WAL is on disk. With `synchronous_commit` off
for one transaction, the COMMIT returns at once and the flush follows within a fraction of a
second: a crash in between loses that transaction entirely (never part of it, never another
one). That is safe only for work that is redone or repaired anyway — the inbound drain's
batches (their raw events were made durable by the accept path, and stay pending until a
batch commits) and presence beats (the next beat repairs a lost one). Each such COMMIT is one
flush fewer for the durable ones that must wait, such as a webhook's accept: under write load
the flushes queue (WALSync waits of 100–800 ms were measured with bench/webhooks.py).
"""

from __future__ import annotations

from django.db import connection

# For the current transaction only; as a CTE it also turns it off for a single autocommit statement.
NO_FLUSH_WAIT_SQL = "SELECT set_config('synchronous_commit', 'off', true)"


def commit_without_flush_wait() -> None:
    """The current transaction (call inside `transaction.atomic`) commits without waiting."""
    with connection.cursor() as cursor:
        cursor.execute(NO_FLUSH_WAIT_SQL)
