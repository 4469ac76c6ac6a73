"""The foreign keys whose own index was dropped (core.migration_operations) are still served by
an index that leads with their column: deletes that cascade and tenant-scoped reads stay indexed."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

COVERED = [
    ("core_realtimeevent", "workspace_id"),
    ("reports_reportingevent", "workspace_id"),
    ("inbox_case", "workspace_id"),
    ("inbox_case", "customer_id"),
    ("inbox_message", "case_id"),
    ("inbox_caseevent", "case_id"),
    ("customers_customer", "workspace_id"),
    ("customers_identity", "workspace_id"),
]


def leading_columns(table: str) -> dict[str, tuple[str, bool]]:
    """index name → (its first column, whether it is partial)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, a.attname, x.indpred IS NOT NULL FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] WHERE t.relname = %s",
            [table],
        )
        return {name: (column, partial) for name, column, partial in cursor.fetchall()}


@pytest.mark.parametrize(("table", "column"), COVERED)
def test_a_dropped_foreign_key_index_is_covered_by_a_composite_one(table, column):
    indexes = leading_columns(table)
    single = [name for name, (first, _) in indexes.items() if first == column and name.startswith(f"{table}_{column}_")]
    assert single == []  # the foreign key's own index is gone
    assert any(first == column and not partial for first, partial in indexes.values())
