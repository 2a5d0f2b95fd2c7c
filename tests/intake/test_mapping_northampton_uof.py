"""Northampton (MA) PD use-of-force workbooks 2014-2019 (northampton-uof mapping).

This mapping was written from docs/import.md alone, as a test of the documentation.
Expected numbers were counted independently in the workbooks (pandas):
- incidents = distinct Event # per year: 72 + 74 + 81 + 99 + 85 + 84 = 495
- subjects: one per event row = 495
- force applications: comma-separated items of "PD Force Type", continuation rows
  included (2014: 112, 2015: 103, 2016: 108, 2017: 186 - 9, 2018: 123,
  2019: 154 - 7 = 770), leaving out the "Point(ed) at Human" tails of
  "Firearm Display(ed), ..." and "legs and head".
- no officer is identified in these files, no report either.
"""

import pytest

from forcewatch.records.models import Agency
from forcewatch.records.selectors import record_counts
from tests.conftest import run_import, shared

FILES = [
    "PDI Use of Force 2014 DONE.xls",
    "PDI Use of Force 2015 DONE.xls",
    "PDI Use of Force 2016.xls",
    "PDI Use of Force 2017.xlsx",
    "Use of Force 2018.xlsx",
    "Use of Force 2019 - incident level.xlsx",
]


@pytest.mark.shared_data
def test_northampton_uof_all_years(transactional_db):
    paths = [shared(f"small_departments_uof/northampton/{name}") for name in FILES]
    run_import("northampton", "northampton-uof", paths)
    agency = Agency.objects.get(slug="northampton")
    assert agency.name == "Northampton Police Department"
    total = record_counts(agency=agency)["total"]
    assert total["incidents"] == 495
    assert total["subjects"] == 495
    assert total["force_applications"] == 770
    assert total["officers"] == 0
    assert total["officer_subject_pairs"] == 0
    assert total["reports"] == 0


@pytest.mark.shared_data
def test_northampton_uof_continuation_rows_and_reimport(transactional_db):
    # 2015: 74 events; 18 continuation rows add force types; 3 blank rows at the end
    path = shared("small_departments_uof/northampton/PDI Use of Force 2015 DONE.xls")
    run_import("northampton", "northampton-uof", [path])
    run_import("northampton", "northampton-uof", [path])  # same file again adds nothing
    total = record_counts(agency=Agency.objects.get(slug="northampton"))["total"]
    assert total["incidents"] == 74
    assert total["subjects"] == 74
    assert total["force_applications"] == 103
