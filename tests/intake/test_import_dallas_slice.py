"""Import guarantees, on a real slice of Dallas's 2019 export (tests/fixtures)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcewatch.core.audit import audit_verify
from forcewatch.core.models import AuditEvent
from forcewatch.intake.batch import MODELS
from forcewatch.intake.errors import ImportRejected
from forcewatch.intake.services import import_file
from forcewatch.records import models as rm
from forcewatch.records.codes import codelist
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, mapping

SLICE = FIXTURES / "Dallas_Response_to_Resistance_2019_head.csv"


def rows() -> list[dict[str, str]]:
    with SLICE.open(newline="") as fh:
        return list(csv.DictReader(fh))


def snapshot() -> dict[str, int]:
    counts = {kind: model.objects.count() for kind, model in MODELS.items()}
    counts["agency"] = rm.Agency.objects.count()
    counts["source_file"] = rm.SourceFile.objects.count()
    counts["audit"] = AuditEvent.objects.count()
    return counts


def dallas(path: Path, **kwargs: object):
    return import_file(
        agency_slug="dallas",
        mapping=mapping("dallas-r2r"),
        path=path,
        actor="test",
        **kwargs,
    )


def edited_copy(tmp_path: Path, row: int, column: str, value: str) -> Path:
    data = rows()
    data[row - 2][column] = value
    out = tmp_path / "Police_Response_to_Resistance___2019.csv"
    with out.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    return out


def test_it_counts_every_unit_as_the_rows_say(transactional_db: None) -> None:
    data = rows()
    dallas(SLICE)
    total = record_counts(agency=rm.Agency.objects.get(slug="dallas"))["total"]
    assert total["officer_subject_pairs"] == len(data)
    assert total["incidents"] == len({r["FILENUM"] for r in data})
    assert total["officers"] == len({r["CURRENT_BA"] for r in data})
    assert total["subjects"] == len({(r["FILENUM"], r["CitNum"]) for r in data})
    listed = sum(len([t for t in r["ForceType"].split(",") if t.strip()]) for r in data)
    assert total["force_applications"] == listed


def test_it_maps_values_to_canonical_codes_and_keeps_the_raw_text(
    transactional_db: None,
) -> None:
    dallas(SLICE)
    first = rows()[0]
    incident = rm.Incident.objects.get(source_key=first["FILENUM"])
    assert incident.occurred_date.isoformat() == "2019-12-01"
    force = rm.ForceApplication.objects.filter(force_type_raw="Verbal Command").first()
    assert force is not None and force.force_type == "verbal_command"
    officer = rm.Officer.objects.get(source_key=first["CURRENT_BA"])
    assert officer.identifiers.get().value == first["CURRENT_BA"]


def test_a_pursuit_means_the_subject_fled_and_resistance_comes_from_the_reason(
    transactional_db: None,
) -> None:
    dallas(SLICE)
    data = rows()
    pursued = {(r["FILENUM"], r["CitNum"]) for r in data if "Pursuit" in r["ForceType"]}
    fleeing = rm.Subject.objects.filter(fleeing=True)
    assert len(pursued) == fleeing.count() == 8
    assert {s.source_key for s in fleeing} == {f"{f}/{c}" for f, c in pursued}
    # no other force type says the subject did not flee
    assert not rm.Subject.objects.filter(fleeing=False).exists()
    # every force of an "Active Aggression" row answered aggression; other reasons
    # (Arrest, Danger to self or others...) are not resistance
    aggression = sum(
        len(r["ForceType"].split(","))
        for r in data
        if r["UOF_REASON"] == "Active Aggression"
    )
    forces = rm.ForceApplication.objects
    assert forces.filter(resistance="aggressive").count() == aggression > 0
    assert (
        forces.exclude(resistance="aggressive")
        .filter(resistance__isnull=False)
        .exclude(resistance="")
        .count()
        == 0
    )


def test_it_records_provenance_on_every_row(transactional_db: None) -> None:
    dallas(SLICE)
    source = rm.SourceFile.objects.get()
    assert source.rows_read == len(rows())
    assert not rm.ForceApplication.objects.filter(source_file__isnull=True).exists()
    rows_seen = set(rm.Engagement.objects.values_list("source_row", flat=True))
    assert rows_seen == set(range(2, len(rows()) + 2))


def test_reimporting_the_same_file_adds_nothing_even_under_another_name(
    transactional_db: None, tmp_path: Path
) -> None:
    dallas(SLICE)
    before = snapshot()
    again = dallas(SLICE)
    renamed = tmp_path / "Copy_Response_to_Resistance.csv"
    shutil.copy(SLICE, renamed)
    third = dallas(renamed)
    assert again.status == third.status == "already imported"
    assert snapshot() == before


def test_a_bad_cell_rejects_the_file_naming_row_column_and_reason(
    transactional_db: None, tmp_path: Path
) -> None:
    before = snapshot()
    bad = edited_copy(tmp_path, row=17, column="OCCURRED_D", value="31/31/2019")
    with pytest.raises(ImportRejected) as caught:
        dallas(bad)
    [error] = caught.value.errors
    assert (error.file, error.row, error.column) == (bad.name, 17, "date")
    assert "31/31/2019" in error.reason
    assert snapshot() == before


def test_an_unmapped_value_is_an_error_not_a_silent_miscoding(
    transactional_db: None, tmp_path: Path
) -> None:
    bad = edited_copy(
        tmp_path, row=5, column="ForceType", value="Verbal Command,Sling Shot"
    )
    with pytest.raises(ImportRejected) as caught:
        dallas(bad)
    assert "'Sling Shot' is not in the value map" in str(caught.value)
    assert rm.Incident.objects.count() == 0


def test_a_truncated_file_leaves_the_database_unchanged(
    transactional_db: None, tmp_path: Path
) -> None:
    dallas(SLICE)
    before = snapshot()
    full = Path(__file__).resolve().parents[2] / "forcewatch/demo/data"
    data = (full / "Police_Response_to_Resistance___2019.csv.gz").read_bytes()
    cut = tmp_path / "Police_Response_to_Resistance___2019.csv.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportRejected) as caught:
        dallas(cut)
    assert "truncated or corrupt" in str(caught.value)
    assert snapshot() == before


def test_a_missing_column_is_reported_with_the_file_header(
    transactional_db: None, tmp_path: Path
) -> None:
    out = tmp_path / "Police_Response_to_Resistance___2019.csv"
    with out.open("w") as fh:
        fh.write("FILENUM,OCCURRED_D\nUF2019-1,01/01/2019\n")
    with pytest.raises(ImportRejected) as caught:
        dallas(out)
    assert "column(s) not found" in str(caught.value) and "'FILENUM'" in str(
        caught.value
    )


def test_dry_run_validates_and_writes_nothing(transactional_db: None) -> None:
    before = snapshot()
    outcome = dallas(SLICE, dry_run=True)
    assert outcome.status == "validated" and outcome.created["engagement"] == len(
        rows()
    )
    assert snapshot() == before


def test_audit_verify_passes_after_an_import_and_catches_a_direct_update(
    transactional_db: None,
) -> None:
    dallas(SLICE)
    assert audit_verify().ok
    subject = rm.Subject.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE records_subject SET sex = 'X' WHERE id = %s", [subject.pk]
        )
    result = audit_verify()
    assert not result.ok
    assert f"records_subject row {subject.pk} was altered" in result.problems[0]


def test_audit_verify_catches_a_deleted_row_and_an_edited_event(
    transactional_db: None,
) -> None:
    dallas(SLICE)
    force = rm.ForceApplication.objects.order_by("pk").last()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM records_forceapplication WHERE id = %s", [force.pk])
    problems = audit_verify().problems
    assert any("rows of records_forceapplication it sealed" in p for p in problems)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET actor = 'someone else' WHERE seq = 1"
        )
    assert audit_verify().problems[0] == "audit event #1 was altered: hash mismatch"


def test_the_file_records_the_code_list_versions_it_was_coded_with(
    transactional_db: None,
) -> None:
    dallas(SLICE)
    versions = rm.SourceFile.objects.get().codelist_versions
    assert versions["force_type"] == codelist("force_type").version
    assert set(versions) >= {"race", "sex", "force_type", "resistance"}


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=4096))
def test_random_bytes_are_rejected_and_change_nothing(
    transactional_db: None, tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    before = snapshot()
    path = tmp_path_factory.mktemp("bytes") / "Police_Response_to_Resistance___2019.csv"
    path.write_bytes(data)
    with pytest.raises(ImportRejected) as caught:
        dallas(path)
    assert caught.value.errors and str(caught.value)
    assert snapshot() == before
