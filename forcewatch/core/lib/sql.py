"""Hand-written reads for the few hot paths where the ORM's query building costs
more than the query: the SQL is a constant, and each value is converted as the
ORM would convert its field (on SQLite a timestamp is read as text, a boolean as
0/1)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

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


def converter(model: type[Model], name: str) -> Converter | None:
    """The conversions the ORM applies to the values of this model's field as
    read, or None where it applies none."""
    field = _field(model, name)
    col = field.get_col(model._meta.db_table)
    steps = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
    if not steps:
        return None

    def convert(value: Any) -> Any:
        for step in steps:
            value = step(value, col, connection)
        return value

    return convert


class Query(NamedTuple):
    """A hand-written read: its SQL, and each column's name and converter."""

    text: str
    columns: tuple[tuple[str, Converter | None], ...]


def fetch(query: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of `query`, as the driver returns them (no conversion)."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def read(query: Query, params: Sequence[Any]) -> list[dict[str, Any]]:
    """The rows of `query` as dicts of its named columns, each non-null value
    converted as the ORM converts its field."""
    names = [name for name, _ in query.columns]
    steps = [(i, conv) for i, (_, conv) in enumerate(query.columns) if conv]
    rows = []
    for raw in fetch(query.text, params):
        values = list(raw)
        for i, conv in steps:
            if values[i] is not None:
                values[i] = conv(values[i])
        rows.append(dict(zip(names, values, strict=True)))
    return rows
