"""Hand-written reads for the few hot paths where the ORM's query building costs
more than the query: the SQL is a constant, and each value is converted as the
ORM would convert its field (on SQLite a timestamp is read as text, a boolean as
0/1)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model

Converter = Callable[[Any], Any]


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


def column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(str(_field(model, name).column))


def typed_null(model: type[Model], name: str) -> str:
    """NULL of this field's type: PostgreSQL types a UNION's column from its
    first rows, and a bare NULL there is text."""
    return f"CAST(NULL AS {_field(model, name).cast_db_type(connection)})"


def converter(model: type[Model], name: str) -> Converter:
    """The conversions the ORM applies to the values of this model's field as read."""
    field = _field(model, name)
    col = field.get_col(model._meta.db_table)
    steps = connection.ops.get_db_converters(col) + field.get_db_converters(connection)

    def convert(value: Any) -> Any:
        for step in steps:
            value = step(value, col, connection)
        return value

    return convert


def fetch(query: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of `query`, as the driver returns them (no conversion)."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def read(
    query: str, params: Sequence[Any], columns: Sequence[tuple[str, Converter | None]]
) -> list[dict[str, Any]]:
    """The rows of `query` as dicts of the named columns, in order; a column with
    a converter has each non-null value converted."""
    names = [name for name, _ in columns]
    steps = [(i, conv) for i, (_, conv) in enumerate(columns) if conv is not None]
    rows = []
    for raw in fetch(query, params):
        values = list(raw)
        for i, conv in steps:
            if values[i] is not None:
                values[i] = conv(values[i])
        rows.append(dict(zip(names, values, strict=True)))
    return rows
