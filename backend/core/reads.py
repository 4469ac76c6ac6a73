"""Fixed-shape reads on the hot path: constant SQL, rows made into model instances.

The ORM compiles a QuerySet's SQL anew on every call: 1–2.5 ms of CPU for a read with
select_related or select_for_update. The inbound drain makes about ten such reads per batch,
≈ 40 % of a one-message batch's time (bench/ingest_drain.py --batch-size 1), and a
lone customer message waits for all of them before agents see it. Its reads have one
shape each, so they are written once as SQL here and in their callers.

`columns(Model, alias)` lists a model's concrete columns in field order; `instance(Model,
row, start)` builds the instance from that slice of a row (`joined`: one per model of a join)
the way the ORM would: through `Model.from_db` after the fields' own database converters
(Django's psycopg setup loads JSON as text, for JSONField to decode). Parameters that are lists go in as one array
(`= ANY(%s)`), so the SQL text never changes with a batch's size, and each statement is
prepared once per connection (core.prepared).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.db import connection, models

from core import prepared

ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass(frozen=True)
class _Shape:
    names: tuple[str, ...]  # database columns, in concrete-field order
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple, Any], ...]  # (position, converters, expression)


@cache
def _shape(model: type[models.Model]) -> _Shape:
    fields = model._meta.concrete_fields
    converters = []
    for position, model_field in enumerate(fields):
        column = model_field.get_col(model._meta.db_table)
        # The compiler's order: the backend's converters, then the field's.
        found = tuple(connection.ops.get_db_converters(column) + column.get_db_converters(connection))
        if found:
            converters.append((position, found, column))
    return _Shape(
        names=tuple(model_field.column for model_field in fields),
        attnames=tuple(model_field.attname for model_field in fields),
        converters=tuple(converters),
    )


def columns(model: type[models.Model], alias: str) -> str:
    """`alias."column", …` for every concrete field of `model`, in the order `instance` reads."""
    return ", ".join(f'{alias}."{name}"' for name in _shape(model).names)


def instance(model: type[ModelT], row: Sequence[Any], start: int = 0) -> ModelT:
    """The instance in the slice of `row` from `start` that `columns(model, …)` selected."""
    shape = _shape(model)
    values = list(row[start : start + len(shape.names)])
    for position, converters, expression in shape.converters:
        value = values[position]
        for converter in converters:
            value = converter(value, expression, connection)
        values[position] = value
    return model.from_db(connection.alias, shape.attnames, values)


def joined(row: Sequence[Any], *models: type[models.Model]) -> list[models.Model]:
    """One instance per model from a row that selected `columns(model, …)` of each in turn (a
    join, as select_related reads it)."""
    found, start = [], 0
    for model in models:
        found.append(instance(model, row, start))
        start += len(_shape(model).names)
    return found


def fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """The rows of `sql`, a statement PostgreSQL keeps prepared (core.prepared)."""
    with prepared.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def instances(model: type[ModelT], sql: str, params: Sequence[Any] = ()) -> list[ModelT]:
    """Every row of `sql` (which selects `columns(model, …)` first) as an instance."""
    return [instance(model, row) for row in fetch(sql, params)]
