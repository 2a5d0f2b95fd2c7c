"""Cincinnati PDI use of force: the mapping on a slice and on the whole file."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

MAPPING = "cincinnati-uof"
SLICE = FIXTURES / "PDI__Police_Data_Initiative__Use_of_Force_slice.csv"
NOT_AT_PERSON = {"WEAPON DISCHARGE AT AN ANIMAL", "ACCIDENTAL DISCHARGE"}


def slice_rows() -> list[dict[str, str]]:
    with SLICE.open(newline="") as fh:
        return list(csv.DictReader(fh))


def incident_key(row: dict[str, str]) -> str:
    return row["INCIDENT_NO"] or f"case {row['CASE_NO']}"


def totals() -> dict[str, int]:
    return record_counts(agency=rm.Agency.objects.get(slug="cincinnati"))["total"]


def test_it_counts_incidents_by_incident_number_or_else_case_number(importer) -> None:
    data = slice_rows()
    importer("cincinnati", MAPPING, [SLICE])
    assert any(not r["INCIDENT_NO"] for r in data)
    assert totals()["incidents"] == len({incident_key(r) for r in data})


def test_it_makes_one_officer_pair_and_force_per_row(importer) -> None:
    data = slice_rows()
    importer("cincinnati", MAPPING, [SLICE])
    total = totals()
    assert total["force_applications"] == len(data) == 57
    assert total["officers"] == len(data)
    on_people = [r for r in data if r["INCIDENT_DESCRIPTION"] not in NOT_AT_PERSON]
    assert total["officer_subject_pairs"] == len(on_people) < len(data)


def test_it_counts_one_subject_per_set_of_demographics_in_an_incident(importer) -> None:
    data = slice_rows()
    importer("cincinnati", MAPPING, [SLICE])
    people = {
        (incident_key(r), r["SUBJECT_GENDER"], r["SUBJECT_RACE"], r["SUSPECT_AGE"])
        for r in data
        if r["INCIDENT_DESCRIPTION"] not in NOT_AT_PERSON
    }
    assert totals()["subjects"] == len(people)


def test_it_records_discharges_that_were_not_at_a_person(importer) -> None:
    data = slice_rows()
    importer("cincinnati", MAPPING, [SLICE])
    shots = rm.ForceApplication.objects.filter(force_type="firearm_discharge")
    assert (
        shots.count()
        == sum(r["INCIDENT_DESCRIPTION"] in NOT_AT_PERSON for r in data)
        >= 3
    )
    for shot in shots:
        assert shot.discharged_at_person is False
        assert shot.subject_id is None and shot.engagement_id is None
        assert shot.involvement_id is not None
    raws = set(shots.values_list("force_type_raw", flat=True))
    assert raws == NOT_AT_PERSON


def test_it_maps_categories_demographics_and_the_call_number(importer) -> None:
    importer("cincinnati", MAPPING, [SLICE])
    incident = rm.Incident.objects.get(source_key="-1727")
    assert incident.occurred_date == dt.date(1998, 6, 27)
    assert incident.occurred_time == dt.time(3, 58)
    assert incident.call_number == "P981780319"
    assert (incident.district, incident.address) == ("DISTRICT 1", "8XX YORK ST")
    assert incident.category_raw == "INJURY TO PRISONER"
    subject = incident.subjects.get()
    assert (subject.sex, subject.race, subject.ethnicity) == ("M", ["B"], "N")
    assert subject.injured is True  # an injury-to-prisoner report
    assert (subject.age_min, subject.age_max) == (None, None)  # UNKNOWN
    forces = incident.force_applications.order_by("source_row")
    assert [f.force_type for f in forces] == [
        "unknown",
        "unknown",
    ]  # two officers, one subject
    assert [f.involvement.officer.race for f in forces] == [["B"], ["W"]]
    assert {f.subject_id for f in forces} == {subject.pk}

    adult = rm.Subject.objects.get(source_key="6912/MALE/BLACK/ADULT")
    assert (adult.age_min, adult.age_max, adult.injured) == (18, None, None)
    juvenile = rm.Subject.objects.filter(source_key__endswith="/JUVENILE").first()
    assert juvenile is not None and (juvenile.age_min, juvenile.age_max) == (0, 17)
    hispanic = rm.Subject.objects.get(source_key__contains="/HISPANIC/LATINO/")
    assert (hispanic.race, hispanic.ethnicity) == (["U"], "H")
    assert rm.ForceApplication.objects.filter(force_type="ced_or_projectile").exists()


def test_it_keeps_identical_rows_as_separate_officers_of_one_subject(importer) -> None:
    data = slice_rows()
    importer("cincinnati", MAPPING, [SLICE])
    rows = [r for r in data if r["INCIDENT_NO"] == "9301"]
    assert len(rows) == 3 and len({tuple(r.values()) for r in rows}) == 1
    incident = rm.Incident.objects.get(source_key="9301")
    assert incident.subjects.count() == 1
    assert incident.involvements.count() == 3
    assert incident.engagements.count() == 3
    assert set(incident.force_applications.values_list("force_type", flat=True)) == {
        "physical_other"
    }


def test_it_reads_none_as_no_call_number(importer) -> None:
    data = slice_rows()
    importer("cincinnati", MAPPING, [SLICE])
    (row,) = [r for r in data if r["CFS_NO"] == "NONE"]
    assert rm.Incident.objects.get(source_key=incident_key(row)).call_number == ""


@pytest.mark.shared_data
@pytest.mark.slow
def test_the_whole_export_counts_as_its_readme_says(importer) -> None:
    path = shared("cincinnati_uof/PDI__Police_Data_Initiative__Use_of_Force.csv.gz")
    (outcome,) = importer("cincinnati", MAPPING, [path])
    assert outcome.rows == 22619
    total = totals()
    assert total["force_applications"] == 22619  # README: 22,619 rows
    assert total["officers"] == 22619  # no officer id: one officer record per row
    # 16,648 distinct INCIDENT_NO + 289 CASE_NOs of the 373 rows without one
    assert total["incidents"] == 16648 + 289
    assert (
        total["officer_subject_pairs"] == 22619 - 231 - 13
    )  # not the animal/accidental shots
    assert total["subjects"] == 16729
    assert (
        rm.ForceApplication.objects.filter(discharged_at_person=False).count()
        == 231 + 13
    )
