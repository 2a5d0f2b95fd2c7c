"""Minneapolis use of force (OpenIntro): the mapping on a slice and the whole file."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

MAPPING = "minneapolis-uof"
SLICE = FIXTURES / "mn_police_use_of_force_slice.csv"


def slice_rows() -> list[dict[str, str]]:
    with SLICE.open(newline="") as fh:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def totals() -> dict[str, int]:
    return record_counts(agency=rm.Agency.objects.get(slug="minneapolis"))["total"]


def test_it_makes_one_incident_per_timestamp_and_one_force_per_row(importer) -> None:
    data = slice_rows()
    importer("minneapolis", MAPPING, [SLICE])
    total = totals()
    assert total["incidents"] == len({r["response_datetime"] for r in data})
    assert total["force_applications"] == len(data) == 78
    assert total["officers"] == 0
    assert total["officer_subject_pairs"] == 0


def test_it_counts_one_subject_per_set_of_demographics_in_an_incident(importer) -> None:
    data = slice_rows()
    importer("minneapolis", MAPPING, [SLICE])
    people = {(r["response_datetime"], r["race"], r["sex"], r["age"]) for r in data}
    assert totals()["subjects"] == len(people)
    # one call, two people: one with nothing recorded, one recorded only as Black
    keys = set(
        rm.Subject.objects.filter(
            incident__source_key="2018/06/08 00:04:44"
        ).values_list("source_key", flat=True)
    )
    assert keys == {"2018/06/08 00:04:44|-|-|-", "2018/06/08 00:04:44|Black|-|-"}


def test_it_reads_the_call_the_subject_and_the_force(importer) -> None:
    importer("minneapolis", MAPPING, [SLICE])
    incident = rm.Incident.objects.get(source_key="2016/01/01 00:47:36")
    assert incident.occurred_date == dt.date(2016, 1, 1)
    assert incident.occurred_time == dt.time(0, 47, 36)
    assert incident.call_type == "Assault in Progress"  # padded in the file
    assert incident.via_911 is True
    assert (incident.district, incident.neighborhood) == ("1", "Downtown East")
    subject = incident.subjects.get()
    assert (subject.race, subject.sex, subject.age_min, subject.age_max) == (
        ["B"],
        "M",
        20,
        20,
    )
    assert subject.charge == "DASLT1"
    force = incident.force_applications.get()
    assert force.force_type == "body_weight"
    assert force.force_type_raw == "Bodily Force / Body Weight to Pin"
    assert (force.resistance, force.resistance_raw) == ("active", "Tensed")


def test_it_maps_every_kind_of_neck_restraint_to_neck_restraint(importer) -> None:
    data = slice_rows()
    importer("minneapolis", MAPPING, [SLICE])
    expected = sum("neck restraint" in r["force_type_action"].lower() for r in data)
    necks = rm.ForceApplication.objects.filter(force_type="neck_restraint")
    assert necks.count() == expected == 3
    lost = necks.get(force_type_raw__endswith="subject lost conciousness")
    # type_resistance is padded to 80 characters there
    assert (lost.resistance, lost.resistance_raw) == ("active", "Tensed")


def test_it_reads_flight_from_the_resistance_and_nothing_else(importer) -> None:
    data = slice_rows()
    importer("minneapolis", MAPPING, [SLICE])
    fled = {
        (r["response_datetime"], r["race"], r["sex"], r["age"])
        for r in data
        if r["type_resistance"] == "Fled in Vehicle"
    }
    fleeing = rm.Subject.objects.filter(fleeing=True)
    assert fleeing.count() == len(fled) == 2
    assert set(fleeing.values_list("in_moving_vehicle", flat=True)) == {True}
    # a subject who only tensed: flight is not recorded (null), not denied
    other = rm.Incident.objects.get(source_key="2016/01/01 00:47:36").subjects.get()
    assert (other.fleeing, other.in_moving_vehicle) == (None, None)
    assert not rm.Subject.objects.filter(fleeing=False).exists()


def test_it_stores_an_age_of_zero_as_not_recorded(importer) -> None:
    importer("minneapolis", MAPPING, [SLICE])
    subject = rm.Subject.objects.get(incident__source_key="2016/01/10 02:25:13")
    assert (subject.age_min, subject.age_max, subject.race, subject.sex) == (
        None,
        None,
        [],
        "",
    )


@pytest.mark.shared_data
@pytest.mark.slow
def test_the_whole_export_counts_as_its_readme_says(importer) -> None:
    (outcome,) = importer(
        "minneapolis",
        MAPPING,
        [shared("minneapolis_uof/mn_police_use_of_force.derived.csv.gz")],
    )
    assert outcome.rows == 12925
    total = totals()
    assert (
        total["force_applications"] == 12925
    )  # README: 12,925 rows, one per application
    assert total["incidents"] == 5310  # distinct response_datetime
    assert total["subjects"] == 5864  # distinct timestamp x race x sex x age
    assert total["officers"] == 0
    assert (
        rm.ForceApplication.objects.filter(force_type="neck_restraint").count() == 210
    )
