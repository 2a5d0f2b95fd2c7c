"""Chicago complaints 2000-2023 (CPDP): complaints, allegations, accused officers."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from forcewatch.records import models as rm
from tests.conftest import FIXTURES

MAPPING = "chicago-complaints-2000-2023"
SLICE = FIXTURES / "chicago_complaints_2000_2023"
FOIA = "2000-2023_2023-08_p053540"
COMPLAINTS = SLICE / f"complaints-complaints_{FOIA}.csv"
ACCUSED = SLICE / f"complaints-accused_{FOIA}.csv"
OFFICER_ID = f"complaints-accused_{FOIA}_ID"
Importer = Callable[[str, str, list[Path]], list]


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def import_slice(importer: Importer) -> None:
    # given in the wrong order: the mapping's `after` puts complaints first
    importer("chicago", MAPPING, [ACCUSED, COMPLAINTS])


def test_it_creates_one_complaint_per_cr_and_one_allegation_per_accused_row(
    importer: Importer,
) -> None:
    import_slice(importer)
    assert rm.Complaint.objects.count() == len(rows(COMPLAINTS)) == 21
    assert rm.Allegation.objects.count() == len(rows(ACCUSED)) == 118
    # a complaint without accused rows is kept, with no allegation
    assert not rm.Complaint.objects.get(source_key="1000133").allegations.exists()


def test_it_keys_identified_officers_by_the_files_id_and_leaves_unknowns_empty(
    importer: Importer,
) -> None:
    accused = rows(ACCUSED)
    known = {r[OFFICER_ID] for r in accused if r["last_name"] != "UNKNOWN"}
    import_slice(importer)
    keys = set(rm.Officer.objects.values_list("source_key", flat=True))
    assert keys == {f"p053540:{i}" for i in known}
    unknown = sum(r["last_name"] == "UNKNOWN" for r in accused)
    assert rm.Allegation.objects.filter(officer__isnull=True).count() == unknown == 6
    officer = rm.Officer.objects.get(source_key="p053540:653")
    assert (officer.given_name, officer.family_name) == ("ANGELO", "VELAZQUEZ")
    assert officer.appointed_date == dt.date(1994, 1, 18)
    assert (officer.race, officer.ethnicity, officer.sex) == (["U"], "H", "M")
    assert officer.birth_year == 1967
    nonbinary = rm.Allegation.objects.get(complaint__source_key="2019-0000831")
    assert nonbinary.officer is not None and nonbinary.officer.sex == "X"


def test_it_codes_findings_from_the_final_finding_or_else_the_status(
    importer: Importer,
) -> None:
    import_slice(importer)
    sustained = rm.Allegation.objects.get(source_key="p053540-accused:963")
    assert (sustained.finding, sustained.finding_raw) == (
        "sustained",
        "SUSTAINED|Case Final",
    )
    assert sustained.category == "weapon_display"
    assert sustained.category_raw == "05P Unnecessary Display of Weapon"
    assert sustained.discipline_raw == "004 - 4 SUSPENSION"
    assert sustained.complaint.closed_date == dt.date(2003, 9, 11)
    # no final finding: the status alone
    by_finding = {
        (a.finding_raw, a.finding)
        for a in rm.Allegation.objects.exclude(finding_raw__contains="|")
        if a.finding_raw
    }
    assert by_finding == {
        ("Closed/No Finding", "other"),
        ("Command Channel Review", "pending"),
        ("Under Investigation", "pending"),
        ("Case Final", "other"),
    }
    # mixed case in 2019+ files
    mixed = rm.Allegation.objects.get(source_key="p053540-accused:81435")
    assert (mixed.finding, mixed.finding_raw) == ("sustained", "Sustained|Case Final")
    assert rm.Allegation.objects.filter(finding="").count() == 1


def test_it_maps_dates_and_places_of_complaints(importer: Importer) -> None:
    import_slice(importer)
    complaint = rm.Complaint.objects.get(source_key="1029353")
    assert (
        complaint.incident_date,
        complaint.received_date,
        complaint.closed_date,
    ) == (dt.date(2009, 8, 18), dt.date(2009, 8, 19), dt.date(2013, 11, 26))
    assert (complaint.beat, complaint.district) == ("611", "6")
    assert complaint.complainant_type == "Civilian"
    placeholder = rm.Complaint.objects.get(source_key="1000188")
    assert (placeholder.beat, placeholder.district, placeholder.incident_date) == (
        "",
        "",
        None,
    )
    assert rm.Complaint.objects.get(source_key="1033714").closed_date is None


def test_re_importing_adds_nothing(importer: Importer) -> None:
    import_slice(importer)
    before = (rm.Complaint.objects.count(), rm.Allegation.objects.count())
    import_slice(importer)
    assert (rm.Complaint.objects.count(), rm.Allegation.objects.count()) == before
