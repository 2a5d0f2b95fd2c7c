"""Write a snapshot folder from Python rows (tests only): the real schema, no database.

Columns not given get their field's empty value (text "", lists [], null
otherwise), so a test names only what it is about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from forcewatch.analysis.manifest import (
    MANIFEST_NAME,
    Column,
    Manifest,
    TableEntry,
    content_hash,
    file_sha256,
)
from forcewatch.snapshot.schema import TABLES, arrow_schema, table_columns

Rows = Sequence[Mapping[str, Any]]


def empty(field: pa.Field) -> Any:
    if pa.types.is_string(field.type):
        return ""
    if pa.types.is_list(field.type):
        return []
    if field.name == "audit_seq":
        return 0
    return None


def write_snapshot(out: Path, tables: Mapping[str, Rows]) -> Path:
    """One Parquet file per canonical table (empty unless given) and a manifest."""
    unknown = set(tables) - set(TABLES)
    assert not unknown, f"not snapshot tables: {unknown}"
    out.mkdir(parents=True, exist_ok=True)
    entries = {}
    for name, model in TABLES.items():
        schema = arrow_schema(table_columns(model))
        rows = tables.get(name, [])
        for row in rows:
            extra = set(row) - set(schema.names)
            assert not extra, f"{name} has no column(s) {extra}"
        columns = {
            f.name: pa.array([r.get(f.name, empty(f)) for r in rows], f.type)
            for f in schema
        }
        path = out / f"{name}.parquet"
        pq.write_table(pa.table(columns, schema=schema), path)
        entries[name] = TableEntry(
            file=path.name,
            rows=len(rows),
            sha256=file_sha256(path),
            columns=[Column(f.name, str(f.type), f.nullable) for f in schema],
        )
    manifest = Manifest(
        forcewatch_version="test",
        created_at="2026-01-01T00:00:00Z",
        agency=None,
        tables=entries,
        codelists={},
        audit={"last_seq": 0, "last_hash": "", "row_columns": [], "note": "test"},
        writer={"pyarrow": pa.__version__},
        content_sha256=content_hash(entries),
    )
    (out / MANIFEST_NAME).write_text(manifest.to_json(), encoding="utf-8")
    return out
