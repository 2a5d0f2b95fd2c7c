"""Run the default rule pack over the public data sets; write the findings document.

Each data set of ../shared/data is imported with its shipped mapping into a SQLite
database of its own (`<work>/<data set>/imported.sqlite3`; a file already imported
is not imported again, so a re-run only checks and counts); a fresh copy of it is
checked with `forcewatch check` and the default pack, and counted rule by rule.
The counts, worked examples and outcome comparisons go to
docs/policy-findings-on-public-data.md.

    python scripts/policy_on_public_data.py --work /tmp/fw-public
        [--data ../shared/data] [--only chicago-2021-2023 ...]
        [--doc docs/policy-findings-on-public-data.md] [--no-doc]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAPPINGS = ROOT / "forcewatch" / "intake" / "mappings"
DOC = ROOT / "docs" / "policy-findings-on-public-data.md"


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    agency: str
    mapping: str
    folder: str
    files: tuple[str, ...]  # glob patterns inside the folder


DATASETS = (
    Dataset(
        "chicago-2004-2018",
        "Chicago PD, Tactical Response Reports 2004-2018",
        "chicago",
        "chicago-trr-2004-2018",
        "chicago_cpdp/trr_2004_2018",
        ("TRR-*.csv.gz",),
    ),
    Dataset(
        "chicago-2021-2023",
        "Chicago PD, Tactical Response Reports 2021-2023 (2021 form)",
        "chicago",
        "chicago-trr-2021-2023",
        "chicago_cpdp/trr_2021_2023",
        ("TRR-*.csv.gz",),
    ),
    Dataset(
        "minneapolis",
        "Minneapolis PD, use of force 2016-2021",
        "minneapolis",
        "minneapolis-uof",
        "minneapolis_uof",
        ("mn_police_use_of_force.derived.csv.gz",),
    ),
    Dataset(
        "dallas",
        "Dallas PD, response to resistance 2013-2019",
        "dallas",
        "dallas-r2r",
        "dallas_r2r",
        ("*Response_to_Resistance*.csv.gz",),
    ),
    Dataset(
        "austin",
        "Austin PD, response to resistance 2009-2017",
        "austin",
        "austin-r2r",
        "austin_r2r",
        ("R2R_*.csv.gz",),
    ),
    Dataset(
        "seattle",
        "Seattle PD, use of force 2014-2022",
        "seattle",
        "seattle-uof",
        "seattle_spd_uof",
        ("Use_Of_Force.csv.gz",),
    ),
    Dataset(
        "cincinnati",
        "Cincinnati PD, use of force 1996-2020",
        "cincinnati",
        "cincinnati-uof",
        "cincinnati_uof",
        ("PDI__Police_Data_Initiative__Use_of_Force.csv.gz",),
    ),
)
BY_NAME = {d.name: d for d in DATASETS}


def files_of(data: Path, ds: Dataset) -> list[Path]:
    folder = data / ds.folder
    found = sorted({p for pattern in ds.files for p in folder.glob(pattern)})
    if not found:
        raise SystemExit(f"{ds.name}: no files matching {ds.files} in {folder}")
    return found


def env_for(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{database}"
    env["FORCEWATCH_DATA_DIR"] = str(database.parent)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["PYTHONPATH"] = str(ROOT)
    return env


def fresh_copy(source: Path, target: Path) -> None:
    """A copy of the imported database with no check in it yet (SQLite backup)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as src:
        with closing(sqlite3.connect(target)) as dst:
            src.backup(dst)


def forcewatch(args: list[str], env: dict[str, str], log: Path) -> None:
    """Run one `forcewatch` command; its output goes to the data set's log."""
    cmd = [sys.executable, "-m", "forcewatch.cli", *args]
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ forcewatch {' '.join(args)}\n")
        out.flush()
        done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=False
        )
    if done.returncode:
        raise SystemExit(f"forcewatch {args[0]} failed; see {log}")


def run_dataset(work: Path, data: Path, ds: Dataset) -> Path:
    """Import (once), check and count one data set; the path of its counts.

    The imports stay in `imported.sqlite3`, which is never checked; every run
    checks a fresh copy of it (`checked.sqlite3`), so the findings are those of
    the pack as it is now, with no earlier run's rule versions or findings.
    """
    folder = work / ds.name
    folder.mkdir(parents=True, exist_ok=True)
    imported_db, checked_db = folder / "imported.sqlite3", folder / "checked.sqlite3"
    log = folder / "run.log"
    mapping = MAPPINGS / f"{ds.mapping}.yaml"
    files = [str(p) for p in files_of(data, ds) if _mapped(mapping, p)]
    start = time.perf_counter()
    forcewatch(
        ["import", "--agency", ds.agency, "--mapping", str(mapping), "--quiet", *files],
        env_for(imported_db),
        log,
    )
    imported = time.perf_counter()
    fresh_copy(imported_db, checked_db)
    env = env_for(checked_db)
    forcewatch(["check", "--agency", ds.agency, "--quiet"], env, log)
    checked = time.perf_counter()
    out = folder / "counts.json"
    stats = [
        sys.executable,
        str(Path(__file__).with_name("policy_counts.py")),
        "--agency",
        ds.agency,
        "--out",
        str(out),
        *files,
    ]
    with log.open("a", encoding="utf-8") as fh:
        subprocess.run(  # noqa: S603 - our own interpreter and arguments
            stats, env=env, cwd=ROOT, stdout=fh, stderr=fh, check=True
        )
    print(
        f"{ds.name}: import {imported - start:.0f} s, check {checked - imported:.0f} s,"
        f" counts {time.perf_counter() - checked:.0f} s",
        flush=True,
    )
    return out


def _mapped(mapping: Path, path: Path) -> bool:
    """Whether a file of the folder is one the mapping has a source for."""
    import fnmatch

    import yaml

    spec = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    name = path.name.lower()
    return any(
        fnmatch.fnmatch(name, pattern.lower())
        for source in spec["sources"].values()
        for pattern in source["files"]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="databases go here")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--only", nargs="*", choices=sorted(BY_NAME), default=None)
    parser.add_argument("--doc", type=Path, default=DOC)
    parser.add_argument(
        "--no-doc", action="store_true", help="import, check and count only"
    )
    args = parser.parse_args()
    chosen = [BY_NAME[n] for n in args.only] if args.only else list(DATASETS)
    for ds in chosen:
        run_dataset(args.work.resolve(), args.data.resolve(), ds)
    if not args.no_doc:
        from policy_doc import write_doc  # scripts/policy_doc.py

        write_doc(args.work.resolve(), args.data.resolve(), DATASETS, args.doc)
        print(f"wrote {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
