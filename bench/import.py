"""Benchmark: import all of Chicago TRR 2004-2018 into a fresh SQLite database.

Prints the import time next to a plain `pandas.read_csv` of the same files,
measured in the same run. Target: at most 5x the pandas time.

Also prints the floor the database sets: the same finished rows (every table
the import wrote, read back from its database) inserted with plain `sqlite3`
`executemany` into an empty database of the same schema and settings, in one
transaction, with no Python work per row beyond the driver's own. No importer
can store these rows in less time than that, whatever its planning costs.
Twice more: with the secondary indexes built after the rows, and bare (in
memory, no foreign-key checks, no secondary indexes, no journal), the least
any SQLite store of these rows through Python's driver could cost.

    python bench/import.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
MAPPING = ROOT / "forcewatch" / "intake" / "mappings" / "chicago-trr-2004-2018.yaml"


def mapped(mapping: object, path: Path) -> bool:
    from forcewatch.intake.errors import MappingError
    from forcewatch.intake.services import source_for_file

    try:
        source_for_file(mapping, path)  # type: ignore[arg-type]
    except MappingError:
        return False
    return True


# How the floor's database is set up: its secondary indexes built during the
# insert, after it, or never; and whether it keeps Django's foreign-key checks,
# the settings of config/settings.py and a file, or none of them (in memory).
Indexes = Literal["during", "after", "none"]
FLOORS: dict[str, tuple[Indexes, bool]] = {
    "sqlite_insert_floor": ("during", True),
    "sqlite_insert_floor_indexes_after": ("after", True),
    "sqlite_insert_bare": ("none", False),
}
SETTINGS = (
    "journal_mode=WAL",
    "synchronous=NORMAL",
    "cache_size=-131072",
    "temp_store=MEMORY",
    "foreign_keys=ON",
)


def insert_floor(
    rows: dict[str, list[tuple[object, ...]]],
    schema: list[tuple[bool, str]],
    *,
    indexes: Indexes,
    safe: bool,
) -> float:
    """Seconds to insert `rows` (table -> rows, parents first) into an empty
    database made by `schema` ((is an index, DDL) pairs)."""
    target = ":memory:"
    if safe:
        target = str(Path(tempfile.mkdtemp(prefix="fw-bench-floor-")) / "floor.db")
    db = sqlite3.connect(target, isolation_level=None)
    for index, sql in schema:
        if not index or indexes == "during":
            db.execute(sql)
    for pragma in SETTINGS if safe else ():
        db.execute(f"PRAGMA {pragma}")
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    for table, values in rows.items():
        if values:
            marks = ", ".join("?" * len(values[0]))
            db.executemany(f'INSERT INTO "{table}" VALUES ({marks})', values)  # noqa: S608
    for index, sql in schema:
        if index and indexes == "after":
            db.execute(sql)
    db.execute("COMMIT")
    seconds = time.perf_counter() - start
    db.close()
    return seconds


def finished_rows(
    database: Path, tables: list[str]
) -> tuple[dict[str, list[tuple[object, ...]]], list[tuple[bool, str]]]:
    """The rows of `tables` in `database`, and its schema."""
    source = sqlite3.connect(database)
    schema = source.execute(
        "SELECT type = 'index', sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid"
    ).fetchall()
    rows = {t: source.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}  # noqa: S608
    source.close()
    return rows, schema


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--mapping", type=Path, default=MAPPING)
    args = parser.parse_args()
    folder = args.data / "chicago_cpdp" / "trr_2004_2018"
    found = sorted(folder.glob("*.csv.gz"))
    if not found:
        print(f"no files in {folder}", file=sys.stderr)
        return 2

    import pandas as pd

    tmp = tempfile.mkdtemp(prefix="fw-bench-")
    os.environ["FORCEWATCH_DATA_DIR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Model

    from forcewatch.cli import ensure_migrated
    from forcewatch.core.models import AuditEvent, AuditHead
    from forcewatch.intake.batch import MODELS
    from forcewatch.intake.mapping import load_mapping
    from forcewatch.intake.services import import_file, order_files
    from forcewatch.records.models import Agency, SourceFile
    from forcewatch.records.selectors import record_counts

    ensure_migrated()
    mapping = load_mapping(args.mapping)
    files = [f for f in found if mapped(mapping, f)]
    for f in sorted(set(found) - set(files)):
        print(f"# not mapped, left out of both timings: {f.name}")

    start = time.perf_counter()
    rows = sum(len(pd.read_csv(f, dtype=str, keep_default_na=False)) for f in files)
    pandas_s = time.perf_counter() - start

    start = time.perf_counter()
    for path, source in order_files(mapping, files):
        import_file(agency_slug="chicago", mapping=mapping, path=path, source=source)
    ours_s = time.perf_counter() - start
    total = record_counts(agency=Agency.objects.get(slug="chicago"))["total"]
    # what the import wrote, parents first as the import writes them
    written: list[type[Model]] = [
        Agency,
        SourceFile,
        *MODELS.values(),
        AuditEvent,
        AuditHead,
    ]
    connection.close()
    finished, schema = finished_rows(
        Path(connection.settings_dict["NAME"]), [m._meta.db_table for m in written]
    )
    floors = {
        name: insert_floor(finished, schema, indexes=indexes, safe=safe)
        for name, (indexes, safe) in FLOORS.items()
    }

    print(f"files: {len(files)} count")
    print(f"rows: {rows} rows")
    for unit, n in total.items():
        print(f"{unit}: {n} records")
    print(f"pandas_read_csv: {pandas_s:.2f} s")
    print(f"forcewatch_import_sqlite: {ours_s:.2f} s")
    print(f"ratio: {ours_s / pandas_s:.2f}")
    print(f"finished_rows: {sum(map(len, finished.values()))} rows")
    for name, seconds in floors.items():
        print(f"{name}: {seconds:.2f} s (ratio {seconds / pandas_s:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
