"""The counts and audit commands, as a city analyst runs them."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.intake.test_import_dallas_slice import SLICE, dallas, rows


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_counts_json_has_totals_and_years_with_every_unit(
    transactional_db: None,
) -> None:
    dallas(SLICE)
    data = json.loads(run("counts", "--agency", "dallas", "--json"))
    units = {
        "incidents",
        "subjects",
        "officers",
        "officer_subject_pairs",
        "force_applications",
        "reports",
    }
    assert set(data) == {"total", "by_year"}
    assert set(data["total"]) == units and set(data["by_year"]["2019"]) == units
    assert data["total"]["officer_subject_pairs"] == len(rows())
    assert (
        sum(y["incidents"] for y in data["by_year"].values())
        == data["total"]["incidents"]
    )


def test_counts_names_the_known_agencies_when_asked_for_an_unknown_one(
    transactional_db: None,
) -> None:
    dallas(SLICE)
    with pytest.raises(CommandError, match="no agency 'dalas'.*dallas"):
        run("counts", "--agency", "dalas")


def test_audit_verify_exits_non_zero_naming_the_break(transactional_db: None) -> None:
    dallas(SLICE)
    assert run("audit", "verify").startswith("OK: 2 audit events")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE records_incident SET beat = '999' WHERE id = "
            "(SELECT MIN(id) FROM records_incident)"
        )
    with pytest.raises(CommandError, match="records_incident row .* altered"):
        run("audit", "verify")
