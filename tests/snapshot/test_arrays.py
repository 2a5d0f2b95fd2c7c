"""Snapshots written from columns in memory read exactly like database snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from forcewatch.analysis.backends import duckdb_backend
from forcewatch.analysis.manifest import load_manifest, verify_files
from forcewatch.snapshot.arrays import SnapshotBuilder
from forcewatch.snapshot.schema import (
    TABLES,
    SnapshotError,
    arrow_schema,
    table_columns,
)


@pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"
)
def test_every_table_has_the_models_schema_and_a_manifest(tmp_path: Path) -> None:
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with SnapshotBuilder(tmp_path / "s", agency="x", created_at=created) as snap:
        snap.write("agency", {"id": [1], "slug": ["x"], "name": ["X"]})
        snap.write("incident", {"id": [1, 2], "agency_id": [1, 1]})
        snap.write("incident", {"id": [3], "agency_id": [1], "district": ["N"]})
    manifest = load_manifest(tmp_path / "s")
    assert manifest.created_at == "2026-01-01T00:00:00Z" and manifest.agency == "x"
    assert verify_files(tmp_path / "s", manifest) == []
    assert set(manifest.tables) == set(TABLES)
    for name, model in TABLES.items():
        stored = pq.read_schema(tmp_path / "s" / f"{name}.parquet")
        assert stored.equals(arrow_schema(table_columns(model))), name
    assert manifest.tables["incident"].rows == 3
    assert manifest.tables["subject"].rows == 0
    con = duckdb_backend(tmp_path / "s")
    rows = con.table("incident").order_by("id").to_pyarrow().to_pylist()
    # not given: "" for text that cannot be null, null where it can
    assert [r["district"] for r in rows] == ["", "", "N"]
    assert rows[0]["occurred_date"] is None and rows[0]["source_key"] == ""


def test_none_in_a_column_that_cannot_be_null_is_not_recorded(tmp_path: Path) -> None:
    with SnapshotBuilder(tmp_path / "s") as snap:
        snap.write("subject", {"id": [1, 2], "race": [["B"], None], "sex": ["M", None]})
    rows = pq.read_table(tmp_path / "s" / "subject.parquet").to_pylist()
    assert [(r["race"], r["sex"]) for r in rows] == [(["B"], "M"), ([], "")]


@pytest.mark.parametrize(
    ("table", "columns", "message"),
    [
        ("incidents", {"id": [1]}, "no table 'incidents'"),
        ("incident", {"district": ["N"]}, "give the `id` column"),
        ("incident", {"id": [1], "colour": ["red"]}, "no column"),
        ("incident", {"id": [1, 2], "district": ["N"]}, "has 1 values; `id` has 2"),
        ("incident", {"id": ["one"]}, "incident.id: not a int64"),
    ],
)
def test_it_says_what_is_wrong_with_a_batch(
    tmp_path: Path, table: str, columns: dict[str, list[object]], message: str
) -> None:
    with pytest.raises(SnapshotError, match=message):
        with SnapshotBuilder(tmp_path / "s") as snap:
            snap.write(table, columns)
    assert not (tmp_path / "s" / "manifest.json").exists()


def test_it_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "notes.txt").write_text("mine")
    with pytest.raises(SnapshotError, match="not empty"):
        SnapshotBuilder(tmp_path / "s")
