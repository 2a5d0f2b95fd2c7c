"""Fast multi-row inserts that return primary keys, on SQLite and PostgreSQL.

Django's bulk_create builds a model instance and compiles SQL per object; an
import of a whole city writes millions of rows, so rows go in as plain tuples
with ids allocated up front (under the import's write lock on SQLite, from the
table's sequence on PostgreSQL).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models, transaction

CHUNK = 5000
Adapter = Callable[[Any], Any]


def insert_columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def column_defaults(model: type[models.Model]) -> dict[str, Any]:
    """The value each column takes when a row does not give one."""
    return {f.attname: f.get_default() for f in insert_columns(model)}


def _adapter(field: models.Field[Any, Any]) -> Adapter | None:
    # the connection itself, not the `connection` proxy looked up on every value
    db = transaction.get_connection()
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, db)
    if isinstance(field, models.DateField | models.TimeField):
        # a column holds few distinct dates or times: adapt each once
        return functools.cache(lambda value: field.get_db_prep_save(value, db))
    return None


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [quoted, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quoted}")  # noqa: S608
        start = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(start, found[0] if found else 0)
    return list(range(start + 1, start + count + 1))


def insert_values(
    model: type[models.Model], names: Sequence[str], rows: Sequence[list[Any]]
) -> list[int]:
    """Insert rows given as value lists in the order of `names` (every column)."""
    if not rows:
        return []
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"bulk insert on {connection.vendor}")
    fields = {f.attname: f for f in insert_columns(model)}
    if set(names) != set(fields):
        raise ValueError(
            f"{model.__name__}: columns {sorted(set(fields) ^ set(names))}"
        )
    adapters = [(i, a) for i, a in enumerate(_adapter(fields[n]) for n in names) if a]
    ids = allocate_ids(model, len(rows))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(n) for n in ["id", *names])
    marks = ", ".join(["%s"] * (len(names) + 1))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            params = []
            for pk, values in zip(
                ids[start : start + CHUNK], rows[start : start + CHUNK], strict=True
            ):
                if adapters:
                    values = list(values)
                    for i, adapt in adapters:
                        if values[i] is not None:
                            values[i] = adapt(values[i])
                params.append((pk, *values))
            cursor.executemany(sql, params)
    return ids


def update_rows(
    model: type[models.Model], updates: Sequence[tuple[int, dict[str, Any]]]
) -> None:
    """Set some columns of some rows: (id, {attname: value}), grouped by column set."""
    fields = {f.attname: f for f in insert_columns(model)}
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = {}
    for pk, values in updates:
        groups.setdefault(tuple(sorted(values)), []).append((pk, values))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for names, rows in groups.items():
            adapters = [_adapter(fields[n]) for n in names]
            sets = ", ".join(f"{quote(n)} = %s" for n in names)
            sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE id = %s"  # noqa: S608
            params = []
            for pk, values in rows:
                cells = [values[n] for n in names]
                params.append(
                    (
                        *(
                            a(v) if a is not None and v is not None else v
                            for a, v in zip(adapters, cells, strict=True)
                        ),
                        pk,
                    )
                )
            for start in range(0, len(params), CHUNK):
                cursor.executemany(sql, params[start : start + CHUNK])


def refresh_statistics(tables: Iterable[type[models.Model]]) -> None:
    """Gather the planner's statistics of these tables after a bulk load.

    On PostgreSQL the autovacuum daemon would, within a minute or so; until then
    the planner plans for the tables as they were, and a staff page's query over
    a table just loaded with a city's records can take a plan for a near-empty
    table (the report list sorted every submitted report for one page: p95 257
    against 168 ms with statistics). SQLite keeps no statistics unless asked,
    and its planner's defaults suit these indexes: nothing to do there.
    """
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
