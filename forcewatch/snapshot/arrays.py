"""Write a snapshot from columns held in memory, not from the database.

For synthetic departments (tests, benchmarks): the files have exactly the
schemas, writer options and manifest of `snapshot_write`, so the analysis
backends read them as they read a snapshot of a real database. Columns not
given are filled with the field's "not recorded" value: null where the field is
nullable, otherwise "" for text, [] for lists of codes, 0 for numbers; a None
in a column that cannot be null is read the same way.

    with SnapshotBuilder(out) as snap:
        snap.write("incident", {"id": [1, 2], "agency_id": [1, 1], ...})
        snap.write("incident", {...})  # another batch of the same table
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from forcewatch.analysis.manifest import (
    MANIFEST_NAME,
    Column,
    Manifest,
    TableEntry,
    content_hash,
    file_sha256,
)
from forcewatch.records.codes import codelist, codelist_names
from forcewatch.snapshot.schema import (
    TABLES,
    SnapshotError,
    arrow_schema,
    table_columns,
)
from forcewatch.snapshot.services import (
    BATCH_ROWS,
    WRITER_OPTIONS,
    forcewatch_version,
    prepare_dir,
)

SYNTHETIC_NOTE = (
    "written from arrays (synthetic data), not read from an audited database"
)


class SnapshotBuilder:
    """Appends batches of columns to each table's file; `close` writes the manifest."""

    def __init__(
        self,
        out_dir: str | Path,
        *,
        agency: str | None = None,
        created_at: dt.datetime | None = None,
        force: bool = False,
    ) -> None:
        self.out = Path(out_dir)
        prepare_dir(self.out, force)
        self.agency = agency
        self.created = (created_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        self.schemas = {
            name: arrow_schema(table_columns(m)) for name, m in TABLES.items()
        }
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.rows = dict.fromkeys(TABLES, 0)

    def write(self, table: str, columns: Mapping[str, Any]) -> None:
        """One batch of rows: every column the same length, `id` required."""
        schema = self._schema(table)
        unknown = sorted(set(columns) - set(schema.names))
        if unknown:
            raise SnapshotError(f"{table} has no column(s) {', '.join(unknown)}")
        if "id" not in columns:
            raise SnapshotError(f"{table}: give the `id` column")
        length = len(columns["id"])
        arrays = [
            _column(table, field, columns.get(field.name), length) for field in schema
        ]
        batch = pa.Table.from_arrays(arrays, schema=schema)
        if table not in self.writers:
            path = self.out / f"{table}.parquet"
            self.writers[table] = pq.ParquetWriter(path, schema, **WRITER_OPTIONS)
        self.writers[table].write_table(batch, row_group_size=BATCH_ROWS)
        self.rows[table] += length

    def close(self) -> Manifest:
        """Close the files (an empty one for tables not written); write the manifest."""
        for name, schema in self.schemas.items():
            if name not in self.writers:
                path = self.out / f"{name}.parquet"
                self.writers[name] = pq.ParquetWriter(path, schema, **WRITER_OPTIONS)
        entries = {}
        for name, writer in self.writers.items():
            writer.close()
            path = self.out / f"{name}.parquet"
            entries[name] = TableEntry(
                file=path.name,
                rows=self.rows[name],
                sha256=file_sha256(path),
                columns=[
                    Column(f.name, str(f.type), f.nullable) for f in self.schemas[name]
                ],
            )
        manifest = Manifest(
            forcewatch_version=forcewatch_version(),
            created_at=self.created.isoformat().replace("+00:00", "Z"),
            agency=self.agency,
            tables=entries,
            codelists={name: codelist(name).version for name in codelist_names()},
            audit={
                "last_seq": 0,
                "last_hash": "",
                "row_columns": [],
                "note": SYNTHETIC_NOTE,
            },
            writer={
                "pyarrow": pa.__version__,
                **WRITER_OPTIONS,
                "row_group_rows": BATCH_ROWS,
                "row_order": "as written",
            },
            content_sha256=content_hash(entries),
        )
        (self.out / MANIFEST_NAME).write_text(manifest.to_json(), encoding="utf-8")
        return manifest

    def __enter__(self) -> SnapshotBuilder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:  # leave no manifest: the folder is not a snapshot
            for writer in self.writers.values():
                writer.close()

    def _schema(self, table: str) -> pa.Schema:
        if table not in self.schemas:
            raise SnapshotError(f"no table {table!r} (tables: {', '.join(TABLES)})")
        return self.schemas[table]


def _column(table: str, field: pa.Field, values: Any, length: int) -> pa.Array:
    if values is None:
        return _missing(field, length)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    try:
        array = values if isinstance(values, pa.Array) else pa.array(values)
        array = array.cast(field.type) if array.type != field.type else array
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise SnapshotError(f"{table}.{field.name}: not a {field.type}: {exc}") from exc
    if len(array) != length:
        raise SnapshotError(
            f"{table}.{field.name} has {len(array)} values; `id` has {length}"
        )
    if array.null_count and not field.nullable:  # None: "not recorded"
        array = pc.if_else(pc.is_null(array), _missing(field, length), array)
    return array


def _missing(field: pa.Field, length: int) -> pa.Array:
    """The "not recorded" value of a field, `length` times, built without a loop."""
    kind = field.type
    if field.nullable:
        return pa.nulls(length, kind)
    if pa.types.is_string(kind):
        offsets = pa.py_buffer(np.zeros(length + 1, dtype=np.int32))
        return pa.StringArray.from_buffers(length, offsets, pa.py_buffer(b""))
    if pa.types.is_list(kind):
        offsets = pa.array(np.zeros(length + 1, dtype=np.int32))
        return pa.ListArray.from_arrays(offsets, pa.array([], kind.value_type))
    if pa.types.is_boolean(kind):
        return pa.array(np.zeros(length, dtype=bool))
    return pa.array(np.zeros(length, dtype=np.int64)).cast(kind)
