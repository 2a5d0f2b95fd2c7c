"""Beloit WI "Use of Force Query": cumulative yearly versions, one-hot techniques."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlrd

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

MAPPING = "beloit-uof"
V1 = FIXTURES / "1Use of Force 2017 - last updated 3-22-17.xls"
V2 = FIXTURES / "2Use of Force 2017 - last updated 10-31-17.xls"
TECHNIQUES = (
    "Dialog",
    "HandStrike",
    "Vertical Stun",
    "Decentralizatio",
    "Forearm Strike",
    "Batons",
    "Wrist Compressio",
    "KneeStrke",
    "Less than Lethal",
    "OC",
    "FootStrike",
    "K9Bite",
    "Pressure Points",
    "DiffusedStrike",
    "Firearm",
    "Conducted Energy Device",
)
LATEST = (
    "3Use of Force 2017 - last updated 1-12-18.xls",
    "3Use of Force 2018 - Updated -18-18.xls",
    "2Use of Force 2019 - Updated 1-30-2020.xls",
    "1Use of Force 2020 - Updated on 6-12-2020.xls",
)


def sheet_rows(path: Path) -> list[dict[str, str]]:
    book = xlrd.open_workbook(str(path), logfile=open("/dev/null", "w"))  # noqa: SIM115
    sheet = book.sheet_by_index(0)
    header = [str(h) for h in sheet.row_values(0)]
    return [
        {h: str(v).strip() for h, v in zip(header, sheet.row_values(i), strict=True)}
        for i in range(1, sheet.nrows)
    ]


def counts(slug: str = "beloit") -> dict[str, int]:
    return record_counts(agency=rm.Agency.objects.get(slug=slug))["total"]


def expected(data: list[dict[str, str]]) -> dict[str, int]:
    people = [r for r in data if r["Offense"] != "Animal Problem"]
    return {
        "incidents": len({r["CAD#"] for r in data}),
        "subjects": len({r["CAD#"] for r in people}),
        "officers": 0,
        "officer_subject_pairs": len({(r["CAD#"], r["UOF #"]) for r in people}),
        "force_applications": sum(r[t] == "Yes" for r in data for t in TECHNIQUES),
        "reports": 0,
    }


def test_a_later_cumulative_version_only_adds_what_is_new(importer) -> None:
    first, second = sheet_rows(V1), sheet_rows(V2)
    assert [r["UOF #"] for r in first] == [r["UOF #"] for r in second[: len(first)]]
    importer("beloit", MAPPING, [V1])
    assert counts() == expected(first)
    [outcome] = importer("beloit", MAPPING, [V2])
    assert outcome.rows == len(second) == 44
    assert counts() == expected(second)
    assert outcome.created["engagement"] == expected(second)[
        "officer_subject_pairs"
    ] - len(first)
    # UOF17-002 gained "Decentralization: Yes" in the second version
    assert rm.ForceApplication.objects.filter(
        engagement__source_key="BE1706725/UOF17-002", force_type="takedown"
    ).exists()


def test_importing_both_versions_equals_importing_the_later_one(importer) -> None:
    importer("beloit", MAPPING, [V1, V2])
    importer("beloit-v2-only", MAPPING, [V2])
    assert counts() == counts("beloit-v2-only")


def test_it_maps_subjects_techniques_and_animal_calls(importer) -> None:
    importer("beloit", MAPPING, [V2])
    incident = rm.Incident.objects.get(source_key="BE1700194")
    assert incident.occurred_date == dt.date(2017, 1, 4)
    assert incident.call_type == "Theft, Prop, Othr"
    subject = incident.subjects.get()
    assert (subject.sex, subject.race, subject.ethnicity) == ("F", ["W"], "N")
    assert (subject.age_min, subject.arrested) == (24, True)
    assert subject.charge.startswith("973.10 Probation Violation")
    engagement = rm.Engagement.objects.get(incident=incident)
    assert engagement.subject_id == subject.pk
    assert list(
        rm.ForceApplication.objects.filter(engagement=engagement).values_list(
            "force_type", flat=True
        )
    ) == ["verbal_command"]
    drunk = rm.Subject.objects.get(incident__source_key="BE1706725")
    assert drunk.impairments == ["alcohol"]
    # an animal call: a firearm was used, but there is no subject
    animal = rm.Incident.objects.get(source_key="BE1733810")
    assert not animal.subjects.exists() and not animal.engagements.exists()
    force = rm.ForceApplication.objects.get(incident=animal)
    assert force.force_type == "firearm_unspecified"


@pytest.mark.shared_data
def test_all_nine_versions_give_the_latest_records_once(importer) -> None:
    folder = shared("small_departments_uof/beloit")
    files = sorted(folder.glob("*.xls"))
    assert len(files) == 9
    outcomes = importer("beloit", MAPPING, files)
    assert sum(len(o.skipped) for o in outcomes) == 3
    # 464 rows in the latest versions: 461 distinct CAD#/UOF# (UOF19-069A is listed
    # 4 times), 12 of them animal calls -> 449 officer x subject records
    assert counts() == {
        "incidents": 272,
        "subjects": 262,
        "officers": 0,
        "officer_subject_pairs": 449,
        "force_applications": 595,
        "reports": 0,
    }
    importer("beloit-latest", MAPPING, [folder / name for name in LATEST])
    assert counts("beloit-latest") == counts()
    # UOF19-030 was used for two events: two incidents; swapped Sex/Race ("W", "M")
    assert (
        rm.Incident.objects.filter(
            agency__slug="beloit", source_key__in=["BE1911937", "BE1914298"]
        ).count()
        == 2
    )
    swapped = rm.Subject.objects.get(agency__slug="beloit", source_key="BE1906924")
    assert (swapped.sex, swapped.race) == ("M", ["W"])
    # filled in by the later 2019 version
    filled = rm.Subject.objects.get(
        agency__slug="beloit", engagement__source_key__endswith="/UOF19-093A"
    )
    assert (filled.sex, filled.race, filled.ethnicity, filled.age_min) == (
        "M",
        ["U"],
        "H",
        19,
    )
