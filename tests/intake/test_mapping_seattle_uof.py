"""The Seattle SPD use-of-force mapping, on two real slices and on the whole file."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

OIS_SLICE = FIXTURES / "seattle_Use_Of_Force_rows1621-1700.csv"
PLACEHOLDER_SLICE = FIXTURES / "seattle_Use_Of_Force_rows11477-11496.csv"
OIS = "Level 3 - OIS"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def seattle(importer, path: Path) -> dict[str, int]:
    importer("seattle", "seattle-uof", [path])
    return record_counts(agency=rm.Agency.objects.get(slug="seattle"))["total"]


def test_it_counts_rows_incidents_officers_and_subjects_per_incident(importer) -> None:
    data = rows(OIS_SLICE)
    total = seattle(importer, OIS_SLICE)
    assert total["officer_subject_pairs"] == len(data) == 80
    assert total["incidents"] == len({r["Incident_Num"] for r in data})
    assert total["officers"] == len({r["Officer_ID"] for r in data})
    assert total["subjects"] == len(
        {(r["Incident_Num"], r["Subject_ID"]) for r in data}
    )
    assert total["reports"] == 0


def test_it_keeps_one_person_key_per_subject_across_incidents(importer) -> None:
    data = rows(PLACEHOLDER_SLICE)
    total = seattle(importer, PLACEHOLDER_SLICE)
    persons = {r["Subject_ID"] for r in data}
    assert total["subjects"] > len(
        persons
    )  # 7884 and 5248 each appear in two incidents
    stored = rm.Subject.objects.values_list("person_key", flat=True)
    assert set(stored) == persons
    assert list(stored).count("7884") == 2


def test_only_officer_involved_shootings_yield_a_firearm_discharge(importer) -> None:
    data = rows(OIS_SLICE)
    total = seattle(importer, OIS_SLICE)
    ois = [r for r in data if r["Incident_Type"] == OIS]
    assert ois and total["force_applications"] == len(ois)
    forces = rm.ForceApplication.objects.select_related(
        "engagement", "involvement__officer"
    )
    assert {f.force_type for f in forces} == {"firearm_discharge"}
    assert {f.force_type_raw for f in forces} == {OIS}
    assert {
        (f.engagement.source_key, f.involvement.officer.source_key) for f in forces
    } == {(r["ID"], r["Officer_ID"]) for r in ois}
    assert {i.level for i in rm.Incident.objects.filter(category_raw=OIS)} == {"3"}


def test_it_maps_level_date_place_race_and_sex(importer) -> None:
    seattle(importer, OIS_SLICE)
    incident = rm.Incident.objects.get(source_key="3117")
    assert incident.occurred_date == dt.date(2014, 12, 31)
    assert incident.occurred_time == dt.time(21, 55)
    assert (incident.district, incident.sector, incident.beat) == ("South", "SAM", "S2")
    subject = rm.Subject.objects.get(source_key="3117/2800")
    assert (subject.race, subject.ethnicity, subject.sex) == (["B"], "N", "F")
    officer = rm.Officer.objects.get(source_key="1565")
    assert officer.identifiers.get().value == "1565"


def test_placeholders_are_read_as_no_value(importer) -> None:
    seattle(importer, PLACEHOLDER_SLICE)
    x = rm.Incident.objects.get(source_key="56155")  # Precinct X, Beat XX
    dash = rm.Incident.objects.get(source_key="56204")  # Precinct -, Beat -
    assert (x.district, x.sector, x.beat) == ("", "", "")
    assert (dash.district, dash.beat) == ("", "")
    assert rm.Subject.objects.get(source_key="56209/16222").sex == "U"  # gender "-"
    assert rm.Subject.objects.get(source_key="56155/6715").race == [
        "U"
    ]  # Not Specified


@pytest.mark.shared_data
@pytest.mark.slow
def test_the_whole_file_imports_with_the_counts_of_the_readme(importer) -> None:
    importer("seattle", "seattle-uof", [shared("seattle_spd_uof/Use_Of_Force.csv.gz")])
    total = record_counts(agency=rm.Agency.objects.get(slug="seattle"))["total"]
    assert total["officer_subject_pairs"] == 14095
    assert total["incidents"] == 13322
    assert total["officers"] == 1319
    assert total["force_applications"] == 106  # the "Level 3 - OIS" rows
    # subjects are persons per incident; the README's 7,420 is distinct persons
    assert total["subjects"] == 14070
    assert rm.Subject.objects.values("person_key").distinct().count() == 7420
