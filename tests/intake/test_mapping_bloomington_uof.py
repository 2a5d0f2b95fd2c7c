"""Bloomington IN quarterly workbooks: a row per suspect per event, one-hot columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

MAPPING = "bloomington-uof"
Q1_2016 = FIXTURES / "2016-first-quarter-use-of-force.xlsx"
Q1_2017 = FIXTURES / "2017-first-quarter-use-of-force.xlsx"
Q2_2020 = FIXTURES / "2020-second-quarter-use-of-force.xlsx"
FORCE_FLAGS = (
    "physical contact",
    "less lethal",
    "draw less lethal",
    "drew less lethal",
    "draw weapon",
    "drew weapon",
    "weapon fired",
    "vehicle pursuit",
    "foot pursuit",
)


def sheet_rows(path: Path) -> list[dict[str, object]]:
    """The data rows of the workbook's only sheet, by folded header name."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    values = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    header = [" ".join(str(h).split()).casefold() if h else "" for h in values[0]]
    rows = [dict(zip(header, row, strict=False)) for row in values[1:]]
    return [r for r in rows if str(r.get("event") or "").strip()]


def totals() -> dict[str, int]:
    return record_counts(agency=rm.Agency.objects.get(slug="bloomington"))["total"]


def test_it_counts_one_subject_per_row_and_one_incident_per_event(importer) -> None:
    rows = sheet_rows(Q1_2016)
    importer("bloomington", MAPPING, [Q1_2016])
    total = totals()
    assert total["subjects"] == len(rows) == 53
    assert total["incidents"] == len({str(r["event"]).strip() for r in rows})
    flagged = sum(
        str(r.get(flag) or "").strip().upper() == "YES"
        for r in rows
        for flag in FORCE_FLAGS
    )
    assert total["force_applications"] == flagged
    assert total["officers"] == total["officer_subject_pairs"] == 0


def test_it_maps_how_received_one_hot_demographics_and_force(importer) -> None:
    importer("bloomington", MAPPING, [Q1_2016])
    # B16-00256 (rows 4 and 5, two suspects): 911 call; row 4 is a woman, Caucasian
    # non-Hispanic, 33, physical contact and foot pursuit; row 5 had no force
    incident = rm.Incident.objects.get(source_key="B16-00256")
    assert incident.occurred_date == dt.date(2016, 1, 3)
    assert incident.occurred_time == dt.time(2, 45)
    assert (incident.via_911, incident.officer_initiated) == (True, False)
    assert incident.contact_reason == "call_for_service"
    assert incident.call_type == "Assault"
    assert incident.subjects.count() == 2
    subject = incident.subjects.get(source_key="B16-00256/4")
    assert (subject.sex, subject.race, subject.ethnicity) == ("F", ["W"], "N")
    assert (subject.age_min, subject.age_max) == (33, 33)
    assert subject.impairments == ["alcohol_or_drugs"]
    assert subject.arrested is True
    forces = rm.ForceApplication.objects.filter(incident=incident)
    assert {(f.force_type, f.subject_id) for f in forces} == {
        ("physical_other", subject.pk),
        ("pursuit", subject.pk),
    }
    # B16-00007: "Officer Report" = officer initiated, no 911
    own = rm.Incident.objects.get(source_key="B16-00007")
    assert (own.via_911, own.officer_initiated, own.contact_reason) == (
        False,
        True,
        "",
    )
    # B16-00250: drew a weapon, foot pursuit
    types = set(
        rm.ForceApplication.objects.filter(
            incident__source_key="B16-00250"
        ).values_list("force_type", flat=True)
    )
    assert types == {"firearm_display", "pursuit"}


def test_the_2017_q1_file_repeats_2016_q1_and_adds_nothing(importer) -> None:
    assert Q1_2016.read_bytes() != Q1_2017.read_bytes()
    assert sheet_rows(Q1_2016) == sheet_rows(Q1_2017)
    [first] = importer("bloomington", MAPPING, [Q1_2016])
    before = totals()
    [again] = importer("bloomington", MAPPING, [Q1_2017])
    assert again.status == "imported" and again.rows == first.rows
    assert again.created == {} and again.filled == {}
    assert totals() == before


def test_it_reads_the_2020_sheet_named_uof_by_event(importer) -> None:
    book = openpyxl.load_workbook(Q2_2020, read_only=True)
    assert book.sheetnames == ["UOF by Event"]
    book.close()
    rows = sheet_rows(Q2_2020)
    [outcome] = importer("bloomington", MAPPING, [Q2_2020])
    assert outcome.created["subject"] == len(rows) == 75
    # 2020 headers: "Drew Weapon" (was "Draw Weapon"), "Suspect Race  White, Hispanic"
    subject = rm.Subject.objects.get(source_key="B20-13586/4")
    assert (subject.sex, subject.race, subject.ethnicity) == ("M", ["W"], "H")
    incident = rm.Incident.objects.get(source_key="B20-13314")
    assert incident.via_911 is False and incident.call_type == "SUSPICIOUS"
    types = sorted(
        rm.ForceApplication.objects.filter(incident=incident).values_list(
            "force_type", flat=True
        )
    )
    assert types == [
        "firearm_display",
        "less_lethal",
        "physical_other",
        "pursuit",
        "pursuit",
    ]


@pytest.mark.shared_data
def test_all_18_quarters_import_without_duplicates(importer) -> None:
    folder = shared("small_departments_uof/bloomington")
    files = sorted(folder.glob("*.xlsx"))
    assert len(files) == 18
    outcomes = {o.file: o for o in importer("bloomington", MAPPING, files)}
    assert outcomes["2017-first-quarter-use-of-force.xlsx"].created == {}
    q4 = outcomes["2018-fourth-quarter-use-of-force.xlsx"]
    assert len(q4.skipped) == 16 and q4.rows == 82
    counts = record_counts(agency=rm.Agency.objects.get(slug="bloomington"))
    # 1339 data rows - 53 (2017 Q1 = 2016 Q1) - 16 (2018 Q4 repeats of Q3) = 1270
    assert counts["total"] == {
        "incidents": 1111,
        "subjects": 1270,
        "officers": 0,
        "officer_subject_pairs": 0,
        "force_applications": 1642,
        "reports": 0,
    }
    assert {y: c["subjects"] for y, c in counts["by_year"].items()} == {
        "2016": 294,
        "2017": 222,
        "2018": 310,
        "2019": 293,
        "2020": 151,
    }
    # HHMM numbers typed into time cells are left empty, never read as midnight
    # (B18-39868: 1225 shown as 1903-05-09; B18-52447: 2 shown as 1900-01-01)
    for event in ("B18-39868", "B18-52447"):
        assert rm.Incident.objects.get(source_key=event).occurred_time is None
    late = rm.Incident.objects.get(source_key="B19-40324")
    assert late.occurred_time == dt.time(19, 41)
    assert rm.Incident.objects.get(source_key="B16-41004").occurred_date == dt.date(
        2016, 10, 12
    )
    both = rm.Subject.objects.filter(incident__source_key="B18-00868").get()
    assert both.sex == "U"
