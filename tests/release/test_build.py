"""Releases built from snapshots of a real slice: golden files, reproducibility,
revisions, protection, quality gates, the methods note."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from forcewatch.release.build import (
    ReleaseError,
    build_release,
    read_release,
    verify_release,
)
from forcewatch.release.tables import disclosure_rules
from tests.snapshot.data import DALLAS

GOLDEN = Path(__file__).resolve().parent / "golden" / "dallas-2019H1"
ROOT = Path(__file__).resolve().parents[2]


def build(snapshot: Path, out: Path, period: str = "2019H1", **kw: object) -> Path:
    build_release(snapshot, agency_slug="dallas", period=period, out_dir=out, **kw)  # type: ignore[arg-type]
    return out


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_published_statistic_matches_its_golden_file(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    """The golden files were checked by hand against the raw rows (see below).

    To refresh them after a deliberate change: run this test with
    FORCEWATCH_REFRESH_GOLDEN=1 and review the diff line by line.
    """
    out = build(dallas_snapshots["late"], tmp_path / "r")
    if os.environ.get("FORCEWATCH_REFRESH_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path in out.rglob("*.csv"):
            target = GOLDEN / path.relative_to(out)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    golden = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.csv"))
    built = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.csv"))
    assert built == golden
    for name in golden:
        assert (out / name).read_text() == (GOLDEN / name).read_text(), name


def test_incident_counts_agree_with_the_raw_rows(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    """An independent count from the source file: incidents (FILENUM) by month
    and by division, in January-June 2019."""
    raw = rows(DALLAS)
    first: dict[str, dict[str, str]] = {}
    for row in raw:
        first.setdefault(row["FILENUM"], row)
    in_h1 = {
        k: r
        for k, r in first.items()
        if dt.datetime.strptime(r["OCCURRED_D"], "%m/%d/%Y").month <= 6
    }
    by_month = Counter(
        dt.datetime.strptime(r["OCCURRED_D"], "%m/%d/%Y").strftime("%Y-%m")
        for r in in_h1.values()
    )
    by_division = Counter(r["DIVISION"] or "unknown" for r in in_h1.values())
    out = build(dallas_snapshots["late"], tmp_path / "r")
    months = {
        r["month"]: int(r["count"]) for r in rows(out / "data/incidents_by_month.csv")
    }
    assert months == {
        f"2019-{m:02d}": by_month.get(f"2019-{m:02d}", 0) for m in range(1, 7)
    }
    districts = {
        r["district"]: int(r["count"])
        for r in rows(out / "data/incidents_by_district.csv")
    }
    assert districts == dict(by_division)
    summary = {r["unit"]: r for r in rows(out / "data/summary.csv")}
    assert int(summary["incident"]["count"]) == len(in_h1)
    # people: one per incident and citizen number; officers: one per badge
    h1_rows = [r for r in raw if r["FILENUM"] in in_h1]
    people = {(r["FILENUM"], r["CitNum"]): r["CitRace"] for r in h1_rows}
    officers = {r["CURRENT_BA"]: r["OffRace"] for r in h1_rows}
    race = {r["race"]: int(r["count"]) for r in rows(out / "data/subjects_by_race.csv")}
    expected = Counter(v.lower() if v != "NULL" else "unknown" for v in people.values())
    assert {k: n for k, n in race.items() if n} == dict(expected)
    by_officer_race = {
        r["officer_race"]: int(r["count"])
        for r in rows(out / "data/officers_by_race.csv")
    }
    assert {k: n for k, n in by_officer_race.items() if n} == dict(
        Counter(v.lower() for v in officers.values())
    )


def test_rebuilding_from_the_same_snapshot_is_byte_identical(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    a = build(dallas_snapshots["late"], tmp_path / "a")
    b = build(dallas_snapshots["late"], tmp_path / "b")
    assert files(a) == files(b)
    assert verify_release(a) == []


def test_the_package_passes_frictionless_validate(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    out = build(dallas_snapshots["late"], tmp_path / "r")
    cli = Path(sys.executable).parent / "frictionless"
    done = subprocess.run(
        [str(cli), "validate", str(out / "datapackage.json")],
        capture_output=True,
        text=True,
        cwd=out,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_published_person_cell_of_one_to_nine_crossed_with_place_or_month(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    rules = disclosure_rules()
    out = build(dallas_snapshots["late"], tmp_path / "r")
    manifest = read_release(out)
    checked = 0
    for entry in manifest["tables"]:
        dims = set(entry["dims"])
        if not (
            dims & rules.person_dims and dims & (rules.place_dims | rules.time_dims)
        ):
            continue
        if entry["withheld"]:
            continue
        for row in rows(out / entry["file"]):
            checked += 1
            if row["status"] == "published":
                assert not 1 <= int(row["count"]) <= 9, (entry["name"], row)
    assert checked
    assert manifest["suppression"]["audit"]["ok"] is True
    assert manifest["suppression"]["audit"]["exact"] == []


def test_a_monthly_release_protects_every_person_attribute(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    out = build(dallas_snapshots["late"], tmp_path / "r", period="2019-04")
    published = [
        row
        for row in rows(out / "data/subjects_by_race.csv")
        if row["status"] == "published"
    ]
    assert all(not 1 <= int(r["count"]) <= 9 for r in published)
    assert read_release(out)["period"] == {
        "label": "2019-04",
        "kind": "month",
        "start": "2019-04-01",
        "end": "2019-04-30",
    }


def test_a_breakdown_with_too_much_not_recorded_is_withheld(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    """Dallas records no subject ages: the age breakdown is withheld, and said so."""
    out = build(dallas_snapshots["late"], tmp_path / "r")
    manifest = read_release(out)
    age = next(t for t in manifest["tables"] if t["name"] == "subjects_by_age")
    assert "age not recorded for 100%" in age["withheld"]
    assert age["file"] is None
    assert not (out / "data/subjects_by_age.csv").exists()
    assert manifest["quality"]["nonresponse"]["age"] == 1.0
    assert "Withheld breakdowns" in (out / "methods.md").read_text()


def test_late_reports_are_revised_in_as_a_new_version(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    v1 = build(dallas_snapshots["early"], tmp_path / "v1")
    v2 = build(dallas_snapshots["late"], tmp_path / "v2", previous_dir=v1)
    before, after = read_release(v1), read_release(v2)
    assert (before["version"], after["version"]) == (1, 2)
    assert after["changes"]["kind"] == "revision"
    old, new = after["changes"]["totals"]["incident"]
    assert old is not None and new is not None and new > old
    text = (v2 / "changes.md").read_text()
    assert "revises version 1" in text
    assert "incidents_by_month" in text
    # the earlier version is untouched
    assert verify_release(v1) == []


def test_the_next_period_compares_totals(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    h1 = build(dallas_snapshots["late"], tmp_path / "h1")
    h2 = build(
        dallas_snapshots["late"], tmp_path / "h2", period="2019H2", previous_dir=h1
    )
    change = read_release(h2)["changes"]
    assert change["kind"] == "next_period"
    assert read_release(h2)["version"] == 1
    assert change["previous"] == {"period": "2019H1", "version": 1}


def test_a_release_folder_is_never_overwritten(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    out = build(dallas_snapshots["late"], tmp_path / "r")
    with pytest.raises(ReleaseError, match="not empty"):
        build(dallas_snapshots["late"], out)


def test_a_changed_snapshot_is_refused(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "snap"
    shutil.copytree(dallas_snapshots["late"], copy)
    with (copy / "subject.parquet").open("ab") as fh:
        fh.write(b"x")
    with pytest.raises(ReleaseError, match="has changed"):
        build(copy, tmp_path / "r")


def test_rates_against_a_named_denominator_are_marked_unstable_below_20(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    out = build(
        dallas_snapshots["late"], tmp_path / "r", denominator="dallas-residents-acs2015"
    )
    by_race = rows(out / "data/subjects_by_race.csv")
    rated = [r for r in by_race if r["rate"]]
    assert rated
    for row in rated:
        assert row["unstable"] == ("true" if int(row["count"]) < 20 else "false")
        assert float(row["rate_low"]) <= float(row["rate"]) <= float(row["rate_high"])
    assert "dallas" in (out / "methods.md").read_text().lower()


def test_the_methods_note_names_units_sources_and_suppression(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    out = build(dallas_snapshots["late"], tmp_path / "r")
    text = (out / "methods.md").read_text()
    manifest = read_release(out)
    for needle in (
        "## What is counted",
        "complementary suppression",
        "Dallas_Response_to_Resistance_2019_head.csv",
        "mapping dallas-r2r",
        f"{manifest['suppression']['primary']} cell(s) suppressed as small",
    ):
        assert needle in text


def test_the_builder_does_not_import_django() -> None:
    code = (
        "import sys, forcewatch.release.build; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules "
        "if m.startswith('django'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_release_json_lists_every_file_with_its_hash(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    out = build(dallas_snapshots["late"], tmp_path / "r")
    manifest = json.loads((out / "release.json").read_text())
    on_disk = {p for p in files(out) if p != "release.json"}
    assert set(manifest["files"]) == on_disk
    (out / "data" / "summary.csv").write_text("unit,count,status\n")
    assert verify_release(out) == ["data/summary.csv"]


def test_a_cell_suppressed_in_a_version_stays_suppressed_in_the_next(
    dallas_snapshots: dict[str, Path], tmp_path: Path
) -> None:
    """Comparing two versions must not reveal a cell the earlier one hid."""
    v1 = build(dallas_snapshots["early"], tmp_path / "v1")
    v2 = build(dallas_snapshots["late"], tmp_path / "v2", previous_dir=v1)
    hidden = {
        (entry["name"], tuple(row[d] for d in entry["dims"]))
        for entry in read_release(v1)["tables"]
        if entry["dims"] and not entry["withheld"]
        for row in rows(v1 / entry["file"])
        if row["status"] != "published"
    }
    assert hidden
    shown_later = {
        (entry["name"], tuple(row[d] for d in entry["dims"]))
        for entry in read_release(v2)["tables"]
        if entry["dims"] and not entry["withheld"]
        for row in rows(v2 / entry["file"])
        if row["status"] == "published"
    }
    assert not hidden & shown_later
    assert read_release(v2)["suppression"]["audit"]["ok"] is True
