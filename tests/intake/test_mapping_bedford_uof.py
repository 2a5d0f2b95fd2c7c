"""Bedford VA yearly workbooks: two header rows, "X" marks, swapped sex/race cells."""

from __future__ import annotations

import datetime as dt

import pytest
import xlrd

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

MAPPING = "bedford-uof"
FILE_2015 = FIXTURES / "Use%20of%20Force%202015%20Statistics%20(XLS).xls"
FORCE_COLUMNS = range(7, 17)  # PHYSICAL ... OTHER under "TYPE OF FORCE USED"
POINTED_OR_DISCHARGED = (14, 15)  # not coded as records of their own
RESISTANCE_COLUMNS = range(28, 33)


def rows() -> list[list[str]]:
    book = xlrd.open_workbook(str(FILE_2015), logfile=open("/dev/null", "w"))  # noqa: SIM115
    sheet = book.sheet_by_index(0)
    data = [
        [str(v).strip() for v in sheet.row_values(i)] for i in range(2, sheet.nrows)
    ]
    return [r for r in data if r[0]]


def marked(row: list[str], columns) -> int:
    return sum(row[c].upper() == "X" for c in columns)


def test_it_counts_subjects_per_row_and_one_record_per_x_mark(importer) -> None:
    data = rows()
    importer("bedford", MAPPING, [FILE_2015])
    total = record_counts(agency=rm.Agency.objects.get(slug="bedford"))["total"]
    assert total["subjects"] == len(data) == 18
    assert total["incidents"] == len({r[0] for r in data}) == 16
    forces = [c for c in FORCE_COLUMNS if c not in POINTED_OR_DISCHARGED]
    assert total["force_applications"] == sum(marked(r, forces) for r in data)
    assert rm.SubjectAction.objects.count() == sum(
        marked(r, RESISTANCE_COLUMNS) for r in data
    )


def test_it_reads_the_two_row_header_and_the_12_hour_clock(importer) -> None:
    importer("bedford", MAPPING, [FILE_2015])
    # 707: "Weapon Discharge" call, 11:30 PM, pistol pointed, compliant subject
    incident = rm.Incident.objects.get(source_key="2015-707")
    assert incident.occurred_date == dt.date(2015, 2, 13)
    assert incident.occurred_time == dt.time(23, 30)
    assert incident.call_type == "Weapon Discharge"
    subject = incident.subjects.get()
    assert (subject.sex, subject.race, subject.age_min) == ("M", ["B"], 19)
    force = rm.ForceApplication.objects.get(incident=incident)
    assert force.force_type == "firearm_unspecified"
    action = rm.SubjectAction.objects.get(incident=incident)
    assert (action.resistance, action.action_raw) == (
        "compliant",
        "RESISTANCE LEVEL / COMPLIANT",
    )
    # 1496: one incident, two subjects; 3486: date typed "7/18/15`"
    assert rm.Incident.objects.get(source_key="2015-1496").subjects.count() == 2
    late = rm.Incident.objects.get(source_key="2015-3486")
    assert late.occurred_date == dt.date(2015, 7, 18)
    assert late.occurred_time == dt.time(14, 37)
    # 35: mental health call, subject in crisis
    assert rm.Subject.objects.get(incident__source_key="2015-35").in_crisis is True


@pytest.mark.shared_data
def test_the_six_years_give_87_subjects(importer) -> None:
    folder = shared("small_departments_uof/bedford")
    files = sorted(folder.glob("*.xls"))
    assert len(files) == 6
    importer("bedford", MAPPING, files)
    total = record_counts(agency=rm.Agency.objects.get(slug="bedford"))["total"]
    # 15 + 3 + 20 + 16 + 15 + 18 rows; 2015 has two incidents with two subjects
    assert total == {
        "incidents": 85,
        "subjects": 87,
        "officers": 0,
        "officer_subject_pairs": 0,
        "force_applications": 85,
        "reports": 0,
    }
    assert rm.SubjectAction.objects.count() == 90
    # swapped cells: SEX "B", RACE "F"
    swapped = rm.Subject.objects.get(incident__source_key="2010-2010004389")
    assert (swapped.sex, swapped.race) == ("F", ["B"])
    # "2;23" PM and "305/10"
    odd = rm.Incident.objects.get(source_key="2010-2010000470")
    assert odd.occurred_time == dt.time(14, 23)
    assert rm.Incident.objects.get(
        source_key="2010-2010000855"
    ).occurred_date == dt.date(2010, 3, 5)
    # no AM/PM: no time
    assert rm.Incident.objects.get(source_key="2012-2012003440").occurred_time is None
