"""Benchmark: import all of Chicago TRR 2004-2018 into a fresh SQLite database.

Prints the import time next to a plain `pandas.read_csv` of the same files,
measured in the same run. Target: at most 5x the pandas time.

Also prints the floor the database sets: the same finished rows (every table
the import wrote, read back from its database) inserted with plain `sqlite3`
`executemany` into an empty database of the same schema and settings, in one
transaction, with no Python work per row beyond the driver's own. No importer
can store these rows in less time than that, whatever its planning costs.

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


def insert_floor(
    database: Path, tables: list[str], *, indexes_after: bool = False
) -> tuple[float, int]:
    """Seconds to insert `tables`' rows of `database` into an empty copy of its
    schema; with `indexes_after`, the secondary indexes are built after the rows."""
    source = sqlite3.connect(database)
    schema = source.execute(
        "SELECT type = 'index', sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid"
    ).fetchall()
    rows = {t: source.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}  # noqa: S608
    source.close()
    target = Path(tempfile.mkdtemp(prefix="fw-bench-floor-")) / "floor.sqlite3"
    db = sqlite3.connect(target, isolation_level=None)
    later = [sql for index, sql in schema if index and indexes_after]
    for _, sql in schema:
        if sql not in later:
            db.execute(sql)
    # the settings of config/settings.py, and Django's foreign-key checks
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "cache_size=-131072",
        "temp_store=MEMORY",
        "foreign_keys=ON",
    ):
        db.execute(f"PRAGMA {pragma}")
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    for table, values in rows.items():
        if values:
            marks = ", ".join("?" * len(values[0]))
            db.executemany(f'INSERT INTO "{table}" VALUES ({marks})', values)  # noqa: S608
    for sql in later:
        db.execute(sql)
    db.execute("COMMIT")
    seconds = time.perf_counter() - start
    db.close()
    return seconds, sum(map(len, rows.values()))


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
    written = [Agency, SourceFile, *MODELS.values(), AuditEvent, AuditHead]
    connection.close()
    database = Path(connection.settings_dict["NAME"])
    tables = [m._meta.db_table for m in written]
    floor_s, floor_rows = insert_floor(database, tables)
    after_s, _ = insert_floor(database, tables, indexes_after=True)

    print(f"files: {len(files)} count")
    print(f"rows: {rows} rows")
    for unit, n in total.items():
        print(f"{unit}: {n} records")
    print(f"pandas_read_csv: {pandas_s:.2f} s")
    print(f"forcewatch_import_sqlite: {ours_s:.2f} s")
    print(f"ratio: {ours_s / pandas_s:.2f}")
    print(f"sqlite_insert_floor: {floor_s:.2f} s ({floor_rows} rows)")
    print(f"floor_ratio: {floor_s / pandas_s:.2f}")
    print(f"sqlite_insert_floor_indexes_after: {after_s:.2f} s")
    print(f"floor_indexes_after_ratio: {after_s / pandas_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
