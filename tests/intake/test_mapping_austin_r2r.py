"""The Austin R2R mapping: slices of 2009 and 2016 (two header spellings), all years."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

SLICES = [
    FIXTURES
    / "austin_R2R_2009_rows181-230.csv",  # headers ' Date Occurred' (leading space)
    FIXTURES
    / "austin_R2R_2016_rows41-90.csv",  # headers 'Date  Occurred' (double space)
]
WEAPONS = [f"Weapon Used {i}" for i in range(1, 6)]
YEARS = {
    2009: 1696,
    2010: 2224,
    2011: 3098,
    2012: 3308,
    2013: 3411,
    2014: 2886,
    2015: 3302,
    2016: 3293,
    2017: 3595,
}


def rows(paths: list[Path] = SLICES) -> list[dict[str, str]]:
    """Rows with header spacing folded, as the engine matches them."""
    out = []
    for path in paths:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                out.append({" ".join(k.split()): v.strip() for k, v in row.items()})
    return out


def austin(importer, paths: list[Path] = SLICES) -> dict[str, int]:
    importer("austin", "austin-r2r", paths)
    return record_counts(agency=rm.Agency.objects.get(slug="austin"))["total"]


def person(row: dict[str, str]) -> str:
    return row["Master Subject ID"].split(":")[0].strip()


def test_it_counts_one_pair_one_report_per_rin_and_one_incident_per_case(
    importer,
) -> None:
    data = rows()
    total = austin(importer)
    assert len({r["RIN"] for r in data}) == len(data) == 100
    assert total["officer_subject_pairs"] == len(data)
    assert total["reports"] == len(data)
    assert total["incidents"] == len({r["Primary Key"] for r in data})


def test_it_keys_one_officer_per_report_because_austin_publishes_no_officer_id(
    importer,
) -> None:
    data = rows()
    total = austin(importer)
    assert total["officers"] == len(data)
    assert set(rm.Officer.objects.values_list("source_key", flat=True)) == {
        f"rin:{r['RIN']}" for r in data
    }


def test_it_counts_one_subject_per_person_per_incident(importer) -> None:
    data = rows()
    total = austin(importer)
    known = {(r["Primary Key"], person(r)) for r in data if r["Master Subject ID"]}
    unknown = [r for r in data if not r["Master Subject ID"]]
    assert len(unknown) == 1
    assert total["subjects"] == len(known) + len(unknown)
    assert set(
        rm.Subject.objects.exclude(person_key="").values_list("person_key", flat=True)
    ) == {p for _, p in known}


def test_it_makes_one_force_application_per_weapon_used(importer) -> None:
    data = rows()
    listed = sum(1 for r in data for w in WEAPONS if r[w] and r[w] != "-")
    assert austin(importer)["force_applications"] == listed


def test_it_maps_weapons_shots_race_ethnicity_and_dates(importer) -> None:
    austin(importer)
    [row] = [r for r in rows() if r["RIN"] == "21676"]
    # RIN 21676: CED drive stun, CED prongs, weaponless; Number Shots 3
    forces = rm.ForceApplication.objects.filter(
        engagement__source_key="21676"
    ).order_by("sequence")
    assert [(f.force_type, f.count) for f in forces] == [
        ("ced_drive_stun", 3),
        ("ced_probe", 3),
        ("physical_other", None),
    ]
    missed = rm.ForceApplication.objects.get(engagement__source_key="21615", sequence=1)
    assert (missed.force_type, missed.effective, missed.effect) == (
        "ced_probe",
        False,
        "prongs missed",
    )
    shot = rm.ForceApplication.objects.get(
        force_type="firearm_discharge", engagement__source_key="21690"
    )
    assert shot.count == 1
    incident = rm.Incident.objects.get(source_key="2009420088")
    assert incident.occurred_date == dt.date(2009, 2, 11)
    assert incident.occurred_time == dt.time(0, 46)
    assert incident.level == row["R2R Level"] == "2"
    subject = rm.Subject.objects.get(source_key="2009420088/219219795: 2009420088")
    assert (subject.race, subject.ethnicity, subject.person_key) == (
        ["W"],
        "H",
        "219219795",
    )


def test_it_reads_expired_resistance_codes_and_subject_effects(importer) -> None:
    austin(importer)
    # RIN 177027: "expired code-firearm", Subject Effects DEATH, firearm + CED
    actions = rm.SubjectAction.objects.filter(source_key__startswith="177027/")
    assert [(a.resistance, a.weapon, a.action_raw) for a in actions] == [
        ("deadly", "11", "expired code-firearm")
    ]
    subject = rm.Subject.objects.get(person_key="184877582")
    assert (subject.injury_severity, subject.died, subject.armed_with) == (
        "death",
        True,
        ["11"],
    )
    mixed = rm.SubjectAction.objects.filter(
        action_raw="expired code-passive resistance"
    )
    assert mixed and {a.resistance for a in mixed} == {"passive"}


@pytest.mark.shared_data
@pytest.mark.slow
def test_all_years_import_with_the_row_counts_of_the_readme(importer) -> None:
    paths = [shared(f"austin_r2r/R2R_{year}.csv.gz") for year in YEARS]
    importer("austin", "austin-r2r", paths)
    counts = record_counts(agency=rm.Agency.objects.get(slug="austin"))
    total = counts["total"]
    assert (
        total["officer_subject_pairs"] == total["reports"] == total["officers"] == 26813
    )
    assert total["incidents"] == 14484
    assert (
        total["subjects"] == 16174
    )  # 15,980 (case, person) + 194 rows without a person id
    assert total["force_applications"] == 28138
    by_year = {int(y): c["officer_subject_pairs"] for y, c in counts["by_year"].items()}
    assert by_year == YEARS
    assert (
        rm.Subject.objects.exclude(person_key="")
        .values("person_key")
        .distinct()
        .count()
        == 13599
    )
