"""Norwich CT yearly workbooks: title row, event numbers restarting every year."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import xlrd

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

MAPPING = "norwich-uof"
FILE_2017 = FIXTURES / "Use of Force.xls"
SEPARATORS = re.compile(r",|/| and | & ")


def data_rows(path: Path) -> list[dict[str, str]]:
    """Rows under the title and header rows that hold more than an event number."""
    book = xlrd.open_workbook(str(path), logfile=open("/dev/null", "w"))  # noqa: SIM115
    sheet = book.sheet_by_index(0)
    header = [str(h) for h in sheet.row_values(1)]
    rows = [
        {h: str(v).strip() for h, v in zip(header, sheet.row_values(i), strict=True)}
        for i in range(2, sheet.nrows)
    ]
    return [r for r in rows if r["Call Type"]]


def force_parts(rows: list[dict[str, str]]) -> int:
    parts = [p.strip() for r in rows for p in SEPARATORS.split(r["PD Force Type"])]
    return len([p for p in parts if p and p != "Wrestle"])  # "Grapple/Wrestle" is one


def test_it_counts_one_incident_and_subject_per_event_with_data(importer) -> None:
    rows = data_rows(FILE_2017)
    [outcome] = importer("norwich", MAPPING, [FILE_2017])
    assert len(outcome.skipped) == outcome.rows - len(rows) == 38
    total = record_counts(agency=rm.Agency.objects.get(slug="norwich"))["total"]
    assert total["incidents"] == total["subjects"] == len(rows) == 45
    assert total["force_applications"] == force_parts(rows)


def test_it_keys_events_by_year_and_maps_the_force_list(importer) -> None:
    importer("norwich", MAPPING, [FILE_2017])
    first = rm.Incident.objects.get(source_key="2017-1")
    assert first.occurred_date is None
    assert first.occurred_time == dt.time(0, 31)
    assert first.call_type == "Mental Health"
    subject = first.subjects.get()
    assert (subject.sex, subject.race, subject.ethnicity, subject.age_min) == (
        "F",
        ["W"],
        "H",
        25,
    )
    assert (subject.arrested, subject.impairments, subject.injured) == (
        False,
        ["none"],
        False,
    )
    assert rm.ForceApplication.objects.get(incident=first).force_type == "takedown"
    shot = rm.ForceApplication.objects.get(incident__source_key="2017-3")
    assert (shot.force_type, shot.force_type_raw) == (
        "firearm_discharge",
        "Firearm Discharged",
    )
    assert rm.Subject.objects.get(incident__source_key="2017-3").impairments == [
        "drugs"
    ]
    # "Taser/Firearm Displayed" -> two force records
    mixed = rm.Incident.objects.get(source_key="2017-44")
    assert sorted(
        rm.ForceApplication.objects.filter(incident=mixed).values_list(
            "force_type", flat=True
        )
    ) == ["ced_probe", "firearm_display"]


@pytest.mark.shared_data
def test_the_three_years_give_206_events(importer) -> None:
    folder = shared("small_departments_uof/norwich")
    files = sorted(folder.glob("*.xls"))
    assert len(files) == 3
    importer("norwich", MAPPING, files)
    total = record_counts(agency=rm.Agency.objects.get(slug="norwich"))["total"]
    # 45 (2017) + 85 (2018) + 76 (2019) events with data
    assert total == {
        "incidents": 206,
        "subjects": 206,
        "officers": 0,
        "officer_subject_pairs": 0,
        "force_applications": 285,
        "reports": 0,
    }
    assert rm.Incident.objects.filter(source_key__startswith="2018-").count() == 85
    assert rm.Incident.objects.get(source_key="2019-1").occurred_time == dt.time(4, 30)
