"""South Bend IN use-of-force incidents: one row per incident, 911 vs self-initiated."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

MAPPING = "south-bend-uof"
SLICE = FIXTURES / "Police_Use_of_Force_Incidents_head60.csv"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def totals() -> dict[str, int]:
    return record_counts(agency=rm.Agency.objects.get(slug="south-bend"))["total"]


def test_it_counts_one_incident_and_subject_per_row(importer) -> None:
    data = rows(SLICE)
    importer("south-bend", MAPPING, [SLICE])
    total = totals()
    assert total["incidents"] == total["subjects"] == len(data) == 60
    listed = sum(len(r["Response"].split("/")) for r in data)
    assert total["force_applications"] == listed
    assert total["officers"] == total["officer_subject_pairs"] == 0


def test_it_maps_dispatch_context_force_and_resistance(importer) -> None:
    importer("south-bend", MAPPING, [SLICE])
    # OBJECTID 1: off-duty, self-initiated fight, Physical/Taser, subject injured
    first = rm.Incident.objects.get(source_key="1")
    assert first.occurred_date == dt.date(2017, 2, 19)
    assert first.occurred_time is None
    assert (first.via_911, first.officer_initiated) == (False, True)
    assert (first.contact_reason, first.call_type) == ("", "Fight")
    assert first.address == "1500 N Portage Ave" and first.beat == "20"
    assert first.latitude == pytest.approx(41.6953387) and first.longitude < -86
    types = list(
        rm.ForceApplication.objects.filter(incident=first)
        .order_by("sequence")
        .values_list("force_type", "force_type_raw")
    )
    assert types == [("physical_other", "Physical"), ("ced_probe", "Taser")]
    assert first.subjects.get().injured is True
    # OBJECTID 2: dispatched via 911
    second = rm.Incident.objects.get(source_key="2")
    assert (second.via_911, second.officer_initiated) == (True, False)
    assert second.contact_reason == "call_for_service"
    # OBJECTID 11: armed with an edged weapon
    armed = rm.Incident.objects.get(source_key="11")
    action = rm.SubjectAction.objects.get(incident=armed)
    assert (action.resistance, action.weapon) == ("deadly", "20")
    assert armed.subjects.get().armed_with == ["20"]


@pytest.mark.shared_data
def test_the_whole_file_gives_203_incidents(importer) -> None:
    path = shared("small_departments_uof/south_bend/Police_Use_of_Force_Incidents.csv")
    importer("south-bend", MAPPING, [path])
    counts = record_counts(agency=rm.Agency.objects.get(slug="south-bend"))
    # README: 203 rows, one per incident; "Physical/Taser" once -> 204 force records
    assert counts["total"] == {
        "incidents": 203,
        "subjects": 203,
        "officers": 0,
        "officer_subject_pairs": 0,
        "force_applications": 204,
        "reports": 0,
    }
    assert {y: c["incidents"] for y, c in counts["by_year"].items()} == {
        "2017": 57,
        "2018": 72,
        "2019": 57,
        "2020": 17,
    }
    assert rm.Incident.objects.filter(via_911=True).count() == 149
    assert rm.Incident.objects.filter(officer_initiated=True).count() == 60
    assert rm.Incident.objects.filter(officer_initiated__isnull=True).count() == 1
