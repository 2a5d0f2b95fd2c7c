"""Benchmark: import all of Chicago TRR 2004-2018 into a fresh SQLite database.

Prints the import time next to a plain `pandas.read_csv` of the same files,
measured in the same run. Target: at most 5x the pandas time.

    python bench/import.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import os
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
    from forcewatch.cli import ensure_migrated
    from forcewatch.intake.mapping import load_mapping
    from forcewatch.intake.services import import_file, order_files
    from forcewatch.records.models import Agency
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

    print(f"files: {len(files)} count")
    print(f"rows: {rows} rows")
    for unit, n in total.items():
        print(f"{unit}: {n} records")
    print(f"pandas_read_csv: {pandas_s:.2f} s")
    print(f"forcewatch_import_sqlite: {ours_s:.2f} s")
    print(f"ratio: {ours_s / pandas_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
