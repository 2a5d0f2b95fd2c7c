"""Orlando response to resistance: the mapping on a slice and on the whole file."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

MAPPING = "orlando-r2r"
SLICE = FIXTURES / "OPD_Response_To_Resistance_slice.csv"
FLAGS = [
    "Electronic Device Used",
    "Chemical Agent Used",
    "Tackle Take Down",
    "Impact Weapons Used",
    "Physical Strikes Made",
    "Deflation Device Used",
    "K9 Unit Involved",
]


def slice_lines() -> list[list[str]]:
    with SLICE.open(newline="") as fh:
        return list(csv.reader(fh))


def incidents() -> dict[str, dict[str, str]]:
    """Data rows by Incident Number (repeated headers and repeated rows fall away)."""
    header, *lines = slice_lines()
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    return {
        r["Incident Number"]: r
        for r in rows
        if r["Incident Number"] != "IncidentNumber"
    }


def people(row: dict[str, str], columns: list[str]) -> int:
    return max(len([p for p in row[c].split(";") if p]) for c in columns)


def totals() -> dict[str, int]:
    return record_counts(agency=rm.Agency.objects.get(slug="orlando"))["total"]


def test_it_drops_the_repeated_camelcase_headers(importer) -> None:
    lines = slice_lines()
    repeats = [
        n for n, line in enumerate(lines, start=1) if line[0] == "IncidentNumber"
    ]
    (outcome,) = importer("orlando", MAPPING, [SLICE])
    assert outcome.dropped_headers == repeats == [28, 49]
    assert outcome.rows == len(lines) - 1 - len(repeats)


def test_it_makes_one_incident_per_incident_number(importer) -> None:
    importer("orlando", MAPPING, [SLICE])
    header, *lines = slice_lines()
    data_rows = [line for line in lines if line[0] != "IncidentNumber"]
    assert (
        totals()["incidents"] == len(incidents()) == len(data_rows) - 1
    )  # one repeated row


def test_it_makes_one_officer_per_listed_value(importer) -> None:
    importer("orlando", MAPPING, [SLICE])
    cols = ["Officers Race", "Officers Ethnicity", "Officers Sex"]
    assert totals()["officers"] == sum(people(r, cols) for r in incidents().values())
    incident = rm.Incident.objects.get(source_key="2017-00246664")  # W;W NH;NH M;M
    officers = [
        i.officer for i in incident.involvements.order_by("officer__source_key")
    ]
    assert [(o.race, o.ethnicity, o.sex) for o in officers] == [(["W"], "N", "M")] * 2
    # a trailing ";" in Officers Ethnicity adds no officer
    trailing = [
        r for r in incidents().values() if r["Officers Ethnicity"].endswith(";")
    ]
    assert trailing
    for row in trailing:
        count = rm.OfficerInvolvement.objects.filter(
            incident__source_key=row["Incident Number"]
        ).count()
        assert count == len(row["Officers Race"].split(";"))


def test_it_makes_subjects_only_where_offenders_are_involved(importer) -> None:
    importer("orlando", MAPPING, [SLICE])
    cols = ["Offenders Race", "Offenders Ethnicity", "Offenders Sex"]
    expected = sum(
        people(r, cols) for r in incidents().values() if r["Offenders Involved"] != "0"
    )
    assert totals()["subjects"] == expected
    assert not rm.Subject.objects.filter(incident__source_key="2013-00544482").exists()
    subject = rm.Subject.objects.get(incident__source_key="2017-00246664")
    assert (subject.race, subject.ethnicity, subject.sex) == (["W"], "H", "M")
    assert (subject.arrested, subject.charge, subject.injured) == (
        True,
        "Misdemeanor",
        False,
    )
    two = rm.Subject.objects.filter(incident__source_key="2015-00076581").order_by(
        "source_key"
    )
    assert [s.race for s in two] == [["U"], ["B"]]
    assert {s.injured for s in two} == {None}  # an incident-level flag, two offenders


def test_it_makes_one_force_application_per_yes_flag(importer) -> None:
    importer("orlando", MAPPING, [SLICE])
    expected = sum(r[flag] == "Yes" for r in incidents().values() for flag in FLAGS)
    assert totals()["force_applications"] == expected
    assert totals()["officer_subject_pairs"] == 0
    incident = rm.Incident.objects.get(source_key="2017-00246664")
    assert incident.occurred_date == dt.date(2017, 6, 25)
    assert incident.occurred_time == dt.time(3, 3)
    assert (incident.latitude, incident.longitude) == (28.541300099, -81.379028582)
    force = incident.force_applications.get()
    assert (force.force_type, force.force_type_raw) == (
        "chemical_oc",
        "Chemical Agent Used",
    )
    deflation = rm.ForceApplication.objects.get(force_type="tire_deflation")
    assert deflation.at_vehicle is True


@pytest.mark.shared_data
@pytest.mark.slow
def test_the_whole_export_counts_as_its_readme_says(importer) -> None:
    path = shared("orlando_r2r/OPD_Response_To_Resistance.csv.gz")
    (outcome,) = importer("orlando", MAPPING, [path])
    assert outcome.dropped_headers == [28, 2727]
    assert outcome.rows == 5656  # README: 5,658 rows, 2 of them repeated headers
    total = totals()
    assert total["incidents"] == 5584  # 5,656 rows less 72 exact repeats of another row
    assert total["officers"] == 11159
    assert total["subjects"] == 5846  # = the sum of Offenders Involved
    assert total["force_applications"] == 7371
