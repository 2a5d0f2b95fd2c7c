"""Disparity analyses of Chicago, Seattle and Dallas; writes docs/disparity-examples.md.

Each city's files in ../shared/data are imported with the shipped mapping into a
SQLite database of their own (`<work>/<city>/db.sqlite3`; skipped when already
there), snapshotted (`<work>/<city>/snapshot`), and analysed with
`forcewatch.analysis.disparity.run` against each census denominator shipped for
the city (tables in `<work>/<city>/<denominator>/`). The figures quoted in the
document are read from those results.

    python scripts/disparity_examples.py --work /tmp/fw-disparity
        [--data ../shared/data] [--doc docs/disparity-examples.md] [--no-doc]
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MAPPINGS = ROOT / "forcewatch" / "intake" / "mappings"
DOC = ROOT / "docs" / "disparity-examples.md"

from disparity_doc import write_doc  # noqa: E402

from forcewatch.analysis.disparity import DisparityResult, run  # noqa: E402


@dataclass(frozen=True)
class City:
    name: str
    title: str
    mapping: str
    folder: str
    denominators: tuple[str, ...]
    since: dt.date | None = None
    until: dt.date | None = None
    note: str = ""
    notes: dict[str, str] = field(default_factory=dict)  # section -> a caveat


CITIES = (
    City(
        "chicago",
        "Chicago Police Department, Tactical Response Reports",
        "chicago-trr-2004-2018",
        "chicago_cpdp/trr_2004_2018",
        ("chicago-residents-2010", "chicago-residents-acs2013-2017"),
        dt.date(2004, 1, 1),
        dt.date(2015, 12, 31),
        "Subjects' race, sex and age come from a file that ends in April 2016, so the "
        "analysis covers the complete years 2004-2015.",
        {
            "age": "The released subjects file holds almost nobody under 18: minors "
            "appear to have been withheld (or their age), so the 0-17 row says nothing "
            "about force on minors, and the other age ratios, compared with all other "
            "residents including minors, are inflated accordingly.",
            "severity": "CPD's form records, for each force option, the resistance it "
            "answered under CPD's own force model, which ties options to resistance "
            "levels; so few applications sit far above their recorded resistance. The "
            "measure checks the records' consistency with the model more than it "
            "measures excessive force.",
        },
    ),
    City(
        "seattle",
        "Seattle Police Department, use of force",
        "seattle-uof",
        "seattle_spd_uof",
        ("seattle-residents-2010", "seattle-residents-acs2015"),
    ),
    City(
        "dallas",
        "Dallas Police Department, response to resistance",
        "dallas-r2r",
        "dallas_r2r",
        ("dallas-residents-acs2013-2017", "dallas-residents-acs2015"),
    ),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    scratch = Path("/tmp/fw-disparity")  # noqa: S108 - a scratch folder; --work names another
    parser.add_argument("--work", type=Path, default=scratch)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--doc", type=Path, default=DOC)
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    results: dict[str, dict[str, DisparityResult]] = {}
    for city in CITIES:
        snapshot = prepare(city, args.work / city.name, args.data)
        results[city.name] = {
            name: run(
                snapshot, agency=city.name, denominator=name, since=city.since,
                until=city.until, out=args.work / city.name / name,
            )
            for name in city.denominators
        }  # fmt: skip
        print(f"{city.name}: analysed with {', '.join(city.denominators)}", flush=True)
    if not args.no_doc:
        write_doc(args.doc, CITIES, results)
        print(f"wrote {args.doc}")
    return 0


def prepare(city: City, folder: Path, data: Path) -> Path:
    """Import (once) and snapshot (once) one city; the snapshot folder."""
    folder.mkdir(parents=True, exist_ok=True)
    database, snapshot = folder / "db.sqlite3", folder / "snapshot"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        FORCEWATCH_DATA_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
    )
    done = folder / "imported"
    if not done.exists():
        files = [str(p) for p in source_files(city, data)]
        mapping = str(MAPPINGS / f"{city.mapping}.yaml")
        command = ["import", "--agency", city.name, "--mapping", mapping, "--quiet"]
        forcewatch([*command, *files], env, folder / "import.log")
        done.write_text("ok\n")
    if not (snapshot / "manifest.json").exists():
        command = ["snapshot", "--out", str(snapshot), "--agency", city.name, "--force"]
        forcewatch(command, env, folder / "snapshot.log")
    return snapshot


def source_files(city: City, data: Path) -> list[Path]:
    """The city's files that a source of its mapping reads."""
    spec: dict[str, Any] = yaml.safe_load(
        (MAPPINGS / f"{city.mapping}.yaml").read_text(encoding="utf-8")
    )
    patterns = [p.lower() for s in spec["sources"].values() for p in s["files"]]
    found = [
        path
        for path in sorted((data / city.folder).glob("*.csv*"))
        if any(fnmatch.fnmatch(path.name.lower(), p) for p in patterns)
    ]
    if not found:
        raise SystemExit(
            f"{city.name}: no files for {city.mapping} in {data / city.folder}"
        )
    return found


def forcewatch(args: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ forcewatch {' '.join(args)}\n")
        out.flush()
        done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "forcewatch.cli", *args],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=False,
        )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"forcewatch {args[0]} failed; see {log}")


if __name__ == "__main__":
    sys.exit(main())
