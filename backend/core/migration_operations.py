"""Operations that several apps' migrations share (kept stable: applied migrations import them)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import migrations


def covered_indexes_dropped(
    *, indexes: Sequence[tuple[str, str, str]], state_operations: Sequence[migrations.operations.base.Operation]
) -> migrations.SeparateDatabaseAndState:
    """Drop foreign keys' own indexes `(index, table, column)` that a composite index already
    leads with, as `state_operations` (their AlterField to db_index=False) record. Only the
    indexes go: Django's AlterField would also drop the constraints and validate them again
    over the whole table."""
    return migrations.SeparateDatabaseAndState(
        database_operations=[
            migrations.RunSQL(
                f'DROP INDEX IF EXISTS "{index}"',
                reverse_sql=f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" ("{column}")',
            )
            for index, table, column in indexes
        ],
        state_operations=list(state_operations),
    )
