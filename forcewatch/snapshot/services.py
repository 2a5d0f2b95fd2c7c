"""Write a snapshot: every canonical table as one Parquet file, plus manifest.json.

Byte-reproducible: the same database gives the same files, because rows are
written in id order, in batches of a fixed size (one row group each), with an
explicit schema and fixed writer options, and nothing in a Parquet file says
when it was written (`created_at` is in the manifest only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection, models, transaction

from forcewatch.analysis.manifest import (
    MANIFEST_NAME,
    Column,
    Manifest,
    TableEntry,
    content_hash,
    file_sha256,
)
from forcewatch.core.models import AuditHead
from forcewatch.policy import models as pm
from forcewatch.records import models as rm
from forcewatch.records.codes import codelist, codelist_names
from forcewatch.records.selectors import UnknownAgency, agency_by_slug
from forcewatch.snapshot.schema import (
    TABLES,
    ColumnSpec,
    SnapshotError,
    arrow_schema,
    table_columns,
)

BATCH_ROWS = 50_000
# Fixed so that equal data gives equal bytes (with the same pyarrow version).
WRITER_OPTIONS: dict[str, Any] = {
    "version": "2.6",
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
}
AUDIT_NOTE = (
    "Every table has audit_seq (the audit event that last wrote the row) and "
    "row_hash (the hash of the row's audited values then); last_seq and last_hash "
    "are the chain's head when the snapshot was read. `forcewatch audit verify` on "
    "the source database proves those rows and that chain intact."
)

Progress = Callable[[str, int, int], None]  # table, rows written, rows in all
# Tables without an agency column reach their agency through a parent.
AGENCY_PATH: dict[type[models.Model], str] = {pm.Disposition: "finding__agency"}


def snapshot_write(
    out_dir: str | Path,
    agency: str | None = None,
    *,
    force: bool = False,
    created_at: dt.datetime | None = None,
    progress: Progress | None = None,
) -> Manifest:
    """Write every canonical table (or one agency's rows) to `out_dir`.

    Refuses a folder that exists and is not empty unless `force`; then it
    replaces the manifest and the table files, and leaves other files alone.
    The manifest is written last: a folder without one is not a snapshot.
    """
    out = Path(out_dir)
    only = find_agency(agency)
    prepare_dir(out, force)
    created = (created_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    with consistent_read():
        head = AuditHead.objects.filter(pk=1).values("last_seq", "last_hash").first()
        tables = {
            name: write_table(out, name, model, only, progress)
            for name, model in TABLES.items()
        }
    manifest = Manifest(
        forcewatch_version=forcewatch_version(),
        created_at=created.isoformat().replace("+00:00", "Z"),
        agency=only.slug if only else None,
        tables=tables,
        codelists={name: codelist(name).version for name in codelist_names()},
        audit={
            "last_seq": head["last_seq"] if head else 0,
            "last_hash": head["last_hash"] if head else "",
            "row_columns": ["audit_seq", "row_hash"],
            "note": AUDIT_NOTE,
        },
        writer={
            "pyarrow": pa.__version__,
            **WRITER_OPTIONS,
            "row_group_rows": BATCH_ROWS,
            "row_order": "id",
        },
        content_sha256=content_hash(tables),
    )
    (out / MANIFEST_NAME).write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def find_agency(slug: str | None) -> rm.Agency | None:
    if slug is None:
        return None
    try:
        return agency_by_slug(slug)
    except UnknownAgency as exc:
        raise SnapshotError(str(exc)) from None


def prepare_dir(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise SnapshotError(f"{out} exists and is not a folder: choose another --out")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise SnapshotError(
                f"{out} exists and is not empty: choose a new folder, or pass "
                "--force to replace the snapshot in it"
            )
        # The manifest goes first, so that a failure half-way leaves no snapshot.
        for name in [MANIFEST_NAME, *(f"{t}.parquet" for t in TABLES)]:
            (out / name).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)


@contextmanager
def consistent_read() -> Iterator[None]:
    """One transaction that sees one state of the database for every table.

    SQLite gives that in any transaction; PostgreSQL needs REPEATABLE READ,
    settable only as a transaction's first statement (inside a caller's
    transaction, that transaction decides).
    """
    outer = connection.in_atomic_block
    with transaction.atomic():
        if not outer and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def write_table(
    out: Path,
    name: str,
    model: type[models.Model],
    agency: rm.Agency | None,
    progress: Progress | None,
) -> TableEntry:
    columns = table_columns(model)
    schema = arrow_schema(columns)
    rows = rows_of(model, agency)
    total = rows.count()
    path = out / f"{name}.parquet"
    done = 0
    if progress:
        progress(name, done, total)
    with pq.ParquetWriter(path, schema, **WRITER_OPTIONS) as writer:
        for batch in batches(rows, columns):
            arrays = [
                spec.array(name, values)
                for spec, values in zip(columns, zip(*batch, strict=True), strict=True)
            ]
            writer.write_table(
                pa.Table.from_arrays(arrays, schema=schema), row_group_size=BATCH_ROWS
            )
            done += len(batch)
            if progress:
                progress(name, done, total)
    return TableEntry(
        file=path.name,
        rows=done,
        sha256=file_sha256(path),
        columns=[Column(c.name, str(c.type), c.nullable) for c in columns],
    )


def rows_of(model: type[models.Model], agency: rm.Agency | None) -> Any:
    rows = model._base_manager.order_by("pk")
    if agency is None:
        return rows
    if model is rm.Agency:
        return rows.filter(pk=agency.pk)
    return rows.filter(**{AGENCY_PATH.get(model, "agency"): agency})


def batches(rows: Any, columns: list[ColumnSpec]) -> Iterator[list[tuple[Any, ...]]]:
    """Lists of up to BATCH_ROWS value tuples, in id order (keyset pagination)."""
    names = [c.name for c in columns]
    assert names[0] == "id", "the first column is the primary key"
    last = None
    while True:
        page = rows if last is None else rows.filter(pk__gt=last)
        batch = list(page.values_list(*names)[:BATCH_ROWS])
        if not batch:
            return
        yield batch
        last = batch[-1][0]


def forcewatch_version() -> str:
    try:
        return metadata.version("forcewatch")
    except metadata.PackageNotFoundError:
        return "unknown"
