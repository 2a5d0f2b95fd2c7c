"""Snapshots of real imports: every table, in id order, hashed, reproducible."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from forcewatch.analysis.manifest import (
    content_hash,
    file_sha256,
    load_manifest,
    verify_files,
)
from forcewatch.core.models import AuditHead
from forcewatch.policy.models import Disposition
from forcewatch.records import models as rm
from forcewatch.records.codes import codelist, codelist_names
from forcewatch.snapshot import services
from forcewatch.snapshot.schema import LEFT_OUT, TABLES, SnapshotError
from forcewatch.snapshot.services import AGENCY_PATH, snapshot_write
from tests.snapshot.data import import_two_agencies, review_findings

AT = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


@pytest.fixture
def imported(transactional_db: None) -> Disposition:
    import_two_agencies()
    return review_findings()


def read(folder: Path, table: str) -> pa.Table:
    return pq.read_table(folder / f"{table}.parquet")


def test_every_table_is_written_whole_in_id_order(
    imported: None, tmp_path: Path
) -> None:
    manifest = snapshot_write(tmp_path / "s", created_at=AT)
    assert list(manifest.tables) == list(TABLES)
    for name, model in TABLES.items():
        table = read(tmp_path / "s", name)
        ids = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
        assert table.column("id").to_pylist() == ids, name
        assert manifest.tables[name].rows == len(ids) > 0, name
        label = model._meta.label
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if (label, f.name) not in LEFT_OUT
        ]
        assert table.column_names == names, name
    assert {"audit_seq", "row_hash"} <= set(
        read(tmp_path / "s", "incident").schema.names
    )


def test_the_manifest_names_hashes_versions_and_the_audit_head(
    imported: None, tmp_path: Path
) -> None:
    written = snapshot_write(tmp_path / "s", created_at=AT)
    manifest = load_manifest(tmp_path / "s")
    assert manifest == written
    assert manifest.created_at == "2026-01-02T03:04:05Z"
    assert manifest.agency is None
    assert manifest.forcewatch_version == "0.1.0"
    assert manifest.codelists == {n: codelist(n).version for n in codelist_names()}
    head = AuditHead.objects.get()
    assert manifest.audit["last_seq"] == head.last_seq > 0
    assert manifest.audit["last_hash"] == head.last_hash
    assert manifest.audit["row_columns"] == ["audit_seq", "row_hash"]
    assert manifest.writer["pyarrow"] == pa.__version__
    for name, entry in manifest.tables.items():
        path = tmp_path / "s" / entry.file
        assert entry.sha256 == file_sha256(path), name
        assert pq.read_metadata(path).num_rows == entry.rows
        assert [c.name for c in entry.columns] == pq.read_schema(path).names
    assert manifest.content_sha256 == content_hash(manifest.tables)
    assert verify_files(tmp_path / "s", manifest) == []
    (tmp_path / "s" / "incident.parquet").write_bytes(b"changed")
    (tmp_path / "s" / "report.parquet").unlink()
    assert verify_files(tmp_path / "s", manifest) == ["incident", "report"]
    raw = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert raw["format"] == "forcewatch-snapshot" and raw["format_version"] == 1
    assert raw["tables"]["incident"]["columns"][0] == {
        "name": "id",
        "type": "int64",
        "nullable": False,
    }


def test_the_same_database_gives_byte_identical_files(
    imported: None, tmp_path: Path
) -> None:
    first = snapshot_write(tmp_path / "a", created_at=AT)
    second = snapshot_write(tmp_path / "b")  # created now: only the manifest says so
    for name, entry in first.tables.items():
        a = (tmp_path / "a" / entry.file).read_bytes()
        assert a == (tmp_path / "b" / entry.file).read_bytes(), name
    assert first.content_sha256 == second.content_sha256
    assert first.created_at != second.created_at


def test_batches_are_row_groups_in_id_order_with_the_same_rows(
    imported: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot_write(tmp_path / "whole")
    monkeypatch.setattr(services, "BATCH_ROWS", 7)
    snapshot_write(tmp_path / "batched")
    for name in TABLES:
        whole, batched = (
            read(tmp_path / "whole", name),
            read(tmp_path / "batched", name),
        )
        assert batched.equals(whole), name
        groups = pq.ParquetFile(tmp_path / "batched" / f"{name}.parquet").num_row_groups
        assert groups == -(-whole.num_rows // 7), name


def test_columns_have_the_types_of_their_fields(imported: None, tmp_path: Path) -> None:
    aid = dt.datetime(2019, 12, 1, 22, 30, tzinfo=dt.UTC)
    rm.Subject.objects.filter(pk=rm.Subject.objects.order_by("pk")[0].pk).update(
        first_aid_at=aid
    )
    snapshot_write(tmp_path / "s")
    incident = read(tmp_path / "s", "incident").schema
    assert incident.field("id").type == pa.int64()
    assert not incident.field("id").nullable
    assert incident.field("agency_id").type == pa.int64()
    assert incident.field("occurred_date").type == pa.date32()
    assert incident.field("occurred_time").type == pa.time64("us")
    assert incident.field("latitude").type == pa.float64()
    assert incident.field("via_911").type == pa.bool_()
    assert incident.field("shots_fired").type == pa.int32()
    assert incident.field("district").type == pa.string()
    subject = read(tmp_path / "s", "subject")
    assert subject.schema.field("age_min").type == pa.int16()
    assert subject.schema.field("race").type == pa.list_(pa.string())
    assert subject.schema.field("first_aid_at").type == pa.timestamp("us", tz="UTC")
    assert subject.column("first_aid_at").to_pylist()[0] == aid
    assert subject.column("race").to_pylist() == [
        s.race for s in rm.Subject.objects.order_by("pk")
    ]
    first = rm.Incident.objects.order_by("pk")[0]
    row = read(tmp_path / "s", "incident").slice(0, 1).to_pylist()[0]
    assert (row["occurred_date"], row["occurred_time"]) == (
        first.occurred_date,
        first.occurred_time,
    )
    files = read(tmp_path / "s", "source_file")
    assert files.schema.field("skipped").type == pa.string()  # a list of objects
    assert files.schema.field("imported_at").type == pa.timestamp("us", tz="UTC")
    skipped = [json.loads(v) for v in files.column("skipped").to_pylist()]
    assert skipped == [f.skipped for f in rm.SourceFile.objects.order_by("pk")]
    assert any(skipped)


def test_one_agency_only_its_rows(imported: None, tmp_path: Path) -> None:
    dallas = rm.Agency.objects.get(slug="dallas")
    manifest = snapshot_write(tmp_path / "s", agency="dallas")
    assert manifest.agency == "dallas"
    assert read(tmp_path / "s", "agency").column("slug").to_pylist() == ["dallas"]
    for name, model in TABLES.items():
        if model is rm.Agency:
            continue
        table = read(tmp_path / "s", name)
        path = AGENCY_PATH.get(model, "agency")
        theirs = model._base_manager.filter(**{path: dallas})
        assert table.column("id").to_pylist() == sorted(
            theirs.values_list("pk", flat=True)
        ), name
    # Dallas files no reports: the table is there, empty, with its schema
    reports = read(tmp_path / "s", "report")
    assert reports.num_rows == 0 and reports.schema.field("filed_date").type == (
        pa.date32()
    )


def test_an_unknown_agency_is_refused_naming_the_known_ones(
    imported: None, tmp_path: Path
) -> None:
    with pytest.raises(
        SnapshotError, match=r"no agency 'dalas' \(agencies: chicago, dallas\)"
    ):
        snapshot_write(tmp_path / "s", agency="dalas")
    assert not (tmp_path / "s").exists()


def test_a_folder_that_is_not_empty_is_refused_unless_forced(
    imported: None, tmp_path: Path
) -> None:
    out = tmp_path / "s"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(SnapshotError, match="exists and is not empty.*--force"):
        snapshot_write(out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    manifest = snapshot_write(out, force=True)
    assert (out / "notes.txt").read_text() == "mine"
    assert load_manifest(out) == manifest
    again = snapshot_write(out, agency="dallas", force=True)
    assert load_manifest(out).agency == "dallas" and again.content_sha256 != (
        manifest.content_sha256
    )


def test_a_file_in_the_way_is_refused(imported: None, tmp_path: Path) -> None:
    (tmp_path / "s").write_text("")
    with pytest.raises(SnapshotError, match="is not a folder"):
        snapshot_write(tmp_path / "s")


def test_a_disposed_finding_is_written_without_its_reasons(
    imported: Disposition, tmp_path: Path
) -> None:
    snapshot_write(tmp_path / "s")
    finding = imported.finding
    rows = read(tmp_path / "s", "policy_finding").to_pylist()
    row = next(r for r in rows if r["id"] == finding.pk)
    assert (row["officer_id"], row["incident_date"], row["outcome"]) == (
        finding.officer_id,
        finding.incident_date,
        "out_of_policy",
    )
    assert row["status"] == "disposed" and "evidence" not in row
    (disposition,) = read(tmp_path / "s", "policy_disposition").to_pylist()
    assert disposition == {
        "id": imported.pk,
        "audit_seq": imported.audit_seq,
        "row_hash": imported.row_hash,
        "finding_id": finding.pk,
        "outcome": "out_of_policy",
        "at": imported.at,
    }
    # Chicago's disposition is not Dallas's
    snapshot_write(tmp_path / "dallas", agency="dallas")
    assert read(tmp_path / "dallas", "policy_disposition").num_rows == 0
