"""Set-based writes: many rows of a model in one INSERT or UPDATE.

The rows travel as one JSON document read with json_to_recordset(): encoding it is one
orjson call (datetimes, dates and UUIDs natively; the stdlib's json spent as long again calling
back into Python for each datetime), where Django's bulk_create builds a placeholder per value (and adapts
each), bulk_update a CASE WHEN per value and field, and array parameters are quoted value by
value in Python — all far more CPU than the database spends on the rows.

Rows are model instances (their attributes are read, so model defaults apply as usual) or
dicts of attribute names (a missing one takes the field's default). auto_now and
auto_now_add columns get the caller's `now`. Keys come back from RETURNING, in input order
(INSERT … SELECT returns rows in the order it reads them, which Django's bulk_create
relies on too); model instances get theirs set. A statement's SQL is the same for every call
with the same model, columns and extras: PostgreSQL keeps it prepared (core.prepared).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson
from django.db import connection, models

from core import prepared

# Fields whose Python values JSON carries as they are (or through _encode); others go
# through the field's own conversion (e.g. a FileField's name).
_PLAIN_KINDS = frozenset(
    {
        "CharField",
        "TextField",
        "URLField",
        "EmailField",
        "SlugField",
        "BooleanField",
        "DateTimeField",
        "DateField",
        "FloatField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
        "ForeignKey",
        "OneToOneField",
        "DecimalField",
        "AutoField",
        "BigAutoField",
        "JSONField",
        "ArrayField",
        "UUIDField",
    }
)


@dataclass(frozen=True)
class Column:
    """One input column: its key in the JSON rows, its type there, and the expression that
    reads it (over `v.<key>`)."""

    field: models.Field | None
    key: str
    record_type: str
    expression: str


@dataclass(frozen=True)
class Extra:
    """A column computed in SQL (`expression` over `v.<key>` of any input), or only an input
    (column None) other expressions read; `values` has one entry per row."""

    column: str | None
    key: str
    record_type: str
    expression: str
    values: Sequence[Any]


_column_cache: dict[type[models.Model], list[Column]] = {}
_field_columns: dict[models.Field, Column] = {}


def _column(model_field: models.Field) -> Column:
    found = _field_columns.get(model_field)
    if found is None:
        found = _field_columns[model_field] = _new_column(model_field)
    return found


def _new_column(model_field: models.Field) -> Column:
    sql_type = model_field.db_type(connection)
    key = model_field.column
    kind = model_field.get_internal_type()
    if kind == "JSONField":
        return Column(model_field, key, "json", f'v."{key}"::jsonb')
    # An array column is read as an array straight from its JSON array: json_to_recordset
    # converts it (no subquery per row).
    return Column(model_field, key, sql_type, f'v."{key}"')


def columns_of(model: type[models.Model]) -> list[Column]:
    """Every concrete column an INSERT writes, but the serial key and search vectors (which
    callers compute with an Extra)."""
    if model not in _column_cache:
        _column_cache[model] = [
            _column(model_field)
            for model_field in model._meta.concrete_fields
            if not model_field.primary_key and model_field.db_type(connection) != "tsvector"
        ]
    return _column_cache[model]


def _encode(value: Any) -> Any:
    """What orjson does not encode itself (datetimes, dates, times and UUIDs it does)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, timedelta):
        return f"{value.total_seconds()} seconds"
    if isinstance(value, datetime | date | time | UUID):  # subclasses orjson leaves to us
        return str(value) if isinstance(value, UUID) else value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# Non-string keys (a JSON payload keyed by ids) become strings, as the stdlib's json does.
_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS


def _json_bytes(value: Any) -> bytes:
    return orjson.dumps(value, default=_encode, option=_ORJSON_OPTIONS)


def json_text(value: Any) -> str:
    """JSON text of `value` for a json/jsonb parameter (what `_rows_json` and realtime use)."""
    return _json_bytes(value).decode()


def json_fragment(value: Any) -> orjson.Fragment:
    """`value` encoded now, to be embedded as it is in documents `json_text` encodes later
    (a payload that goes into several documents is encoded once)."""
    return orjson.Fragment(_json_bytes(value))


def _rows_json(columns: list[Column], rows: Sequence[models.Model | dict], extras: Sequence[Extra], now: datetime) -> str:
    keys = [column.key for column in columns]
    attnames = [column.field.attname for column in columns]
    stamped = [
        index
        for index, column in enumerate(columns)
        if getattr(column.field, "auto_now", False) or getattr(column.field, "auto_now_add", False)
    ]
    converted = [
        (index, column.field) for index, column in enumerate(columns) if column.field.get_internal_type() not in _PLAIN_KINDS
    ]
    defaults = None  # only dict rows need them
    read = operator.attrgetter(*attnames) if len(attnames) > 1 else None
    documents = []
    for position, row in enumerate(rows):
        is_dict = isinstance(row, dict)
        if is_dict:
            if defaults is None:
                defaults = [column.field.get_default() for column in columns]
            values = [row.get(attname, default) for attname, default in zip(attnames, defaults, strict=True)]
        else:
            values = list(read(row)) if read is not None else [getattr(row, attname) for attname in attnames]
        for index in stamped:
            values[index] = now
            if not is_dict:
                setattr(row, attnames[index], now)
        for index, model_field in converted:
            if values[index] is not None:
                values[index] = model_field.get_db_prep_save(values[index], connection)
        document = dict(zip(keys, values, strict=True))
        for extra in extras:
            document[extra.key] = extra.values[position]
        documents.append(document)
    return json_text(documents)


def insert_rows(
    model: type[models.Model],
    rows: Sequence[models.Model | dict],
    now: datetime,
    *,
    extras: Sequence[Extra] = (),
    returning: Sequence[str] = (),
) -> list[tuple]:
    """INSERT `rows` in one statement. Returns (key, *returning) per row, in order; model
    instances get their key set."""
    if not rows:
        return []
    replaced = {extra.column for extra in extras if extra.column}
    columns = [column for column in columns_of(model) if column.field.column not in replaced]
    inputs = [*columns, *(Column(None, extra.key, extra.record_type, extra.expression) for extra in extras)]
    targets = [column.field.column for column in columns] + [extra.column for extra in extras if extra.column]
    selects = [column.expression for column in columns] + [extra.expression for extra in extras if extra.column]
    pk = model._meta.pk
    sql = (
        f"INSERT INTO {model._meta.db_table} ({_names(targets)}) SELECT {', '.join(selects)} "
        f"FROM json_to_recordset(%s::json) AS v({_record(inputs)}) RETURNING {_names([pk.column, *returning])}"
    )
    with prepared.cursor() as cursor:
        cursor.execute(sql, [_rows_json(columns, rows, extras, now)])
        returned = cursor.fetchall()
    for row, values in zip(rows, returned, strict=True):
        if not isinstance(row, dict):
            setattr(row, pk.attname, values[0])
            row._state.adding = False
            row._state.db = "default"
    return returned


def update_rows(model: type[models.Model], objects: Sequence[Any], names: Sequence[str], now: datetime) -> None:
    """UPDATE the `names` fields (and updated_at, to `now`) of every object in one statement.
    Objects are model instances, or any with `pk` and the fields' attributes (a lighter row a
    caller read with its own SQL)."""
    if not objects:
        return
    fields = [model._meta.get_field(name) for name in names]
    if any(model_field.name == "updated_at" for model_field in model._meta.concrete_fields) and "updated_at" not in names:
        fields.append(model._meta.get_field("updated_at"))
        for obj in objects:
            obj.updated_at = now
    pk = model._meta.pk
    columns = [_column(model_field) for model_field in fields]
    key = Extra(column=None, key="__pk", record_type="bigint", expression="", values=[obj.pk for obj in objects])
    document = _rows_json(columns, objects, [key], now)
    assignments = ", ".join(f'"{column.field.column}" = {column.expression}' for column in columns)
    record = _record([*columns, Column(None, "__pk", "bigint", "")])
    with prepared.cursor() as cursor:
        cursor.execute(
            f"UPDATE {model._meta.db_table} AS t SET {assignments} "
            f'FROM json_to_recordset(%s::json) AS v({record}) WHERE t."{pk.column}" = v."__pk"',
            [document],
        )


def _names(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _record(columns: Sequence[Column]) -> str:
    return ", ".join(f'"{column.key}" {column.record_type}' for column in columns)
