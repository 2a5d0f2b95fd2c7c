"""Baltimore PD officer-involved use of force: 68 serious incidents, one TYPE each."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pytest

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

MAPPING = "baltimore-uof"
FILE = FIXTURES / "BPD_Officer_Involved_Use_Of_Force.csv"
# TYPE values that are an outcome for a person, not a kind of force
PERSON_ONLY = {
    "Injured Person",
    "Head Injury",
    "Fall/Head",
    "In Custody Injury",
    "In Custody Death",
    "In-Custody Death",
    "Self Inflicted Shooting",
}
BOTH = {"Head Injury & Taser", "Taser / In Custody Death"}


def rows() -> list[dict[str, str]]:
    with FILE.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_it_counts_one_incident_per_case_and_force_only_for_force_types(
    importer,
) -> None:
    data = rows()
    importer("baltimore", MAPPING, [FILE])
    total = record_counts(agency=rm.Agency.objects.get(slug="baltimore"))["total"]
    types = Counter(r["TYPE"] for r in data)
    assert total["incidents"] == len({r["CC#"] for r in data}) == len(data) == 68
    assert total["force_applications"] == len(data) - sum(
        n for t, n in types.items() if t in PERSON_ONLY
    )
    assert total["subjects"] == sum(
        n for t, n in types.items() if t in PERSON_ONLY | BOTH
    )


def test_it_maps_type_location_and_coordinates(importer) -> None:
    importer("baltimore", MAPPING, [FILE])
    shooting = rm.Incident.objects.get(source_key="158F12891")
    assert shooting.occurred_date == dt.date(2015, 6, 28)
    assert (shooting.district, shooting.address) == ("SWD", "3436 Wilkens Ave")
    assert shooting.category_raw == "Shooting"
    assert shooting.latitude == pytest.approx(39.2729298)
    assert shooting.longitude == pytest.approx(-76.6756844)
    force = rm.ForceApplication.objects.get(incident=shooting)
    assert (force.force_type, force.discharged_at_person) == (
        "firearm_discharge",
        True,
    )
    assert not shooting.subjects.exists()
    taser = rm.ForceApplication.objects.get(incident__source_key="154J04680")
    assert taser.force_type == "ced_probe"
    death = rm.Subject.objects.get(incident__category_raw="Taser / In Custody Death")
    assert death.died is True
    assert (
        rm.ForceApplication.objects.get(incident=death.incident).force_type
        == "ced_probe"
    )


@pytest.mark.shared_data
def test_the_whole_file_gives_68_incidents(importer) -> None:
    path = shared(
        "small_departments_uof/baltimore/BPD_Officer_Involved_Use_Of_Force.csv"
    )
    importer("baltimore", MAPPING, [path])
    counts = record_counts(agency=rm.Agency.objects.get(slug="baltimore"))
    # README: 68 serious incidents
    assert counts["total"] == {
        "incidents": 68,
        "subjects": 13,
        "officers": 0,
        "officer_subject_pairs": 0,
        "force_applications": 57,
        "reports": 0,
    }
    assert {y: c["incidents"] for y, c in counts["by_year"].items()} == {
        "2013": 12,
        "2014": 34,
        "2015": 22,
    }
    assert (
        rm.ForceApplication.objects.filter(force_type="firearm_discharge").count() == 39
    )
