"""Every snapshot table, registered under its name, read alike by DuckDB and Spark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import ibis.expr.datatypes as dt
import pyarrow.parquet as pq
import pytest

from forcewatch.analysis.backends import (
    ManifestError,
    duckdb_backend,
    hour_of_day,
    load_manifest,
    spark_backend,
)
from tests.analysis.frames import assert_same

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def test_duckdb_registers_every_table_of_the_manifest(fixture_snapshot: Path) -> None:
    manifest = load_manifest(fixture_snapshot)
    con = duckdb_backend(fixture_snapshot)
    assert sorted(con.list_tables()) == sorted(manifest.tables)
    for name, entry in manifest.tables.items():
        assert con.table(name).count().execute() == entry.rows, name


def test_time_of_day_reads_as_microseconds_since_midnight(
    fixture_snapshot: Path,
) -> None:
    con = duckdb_backend(fixture_snapshot)
    incident = con.table("incident")
    assert incident.schema()["occurred_time"] == dt.int64
    stored = pq.read_table(fixture_snapshot / "incident.parquet").to_pylist()
    micros = [
        None
        if (t := r["occurred_time"]) is None
        else ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond
        for r in stored
    ]
    hours = incident.select(
        "id", "occurred_time", hour=hour_of_day(incident.occurred_time)
    )
    rows = hours.order_by("id").to_pyarrow().to_pylist()
    assert [r["occurred_time"] for r in rows] == micros
    assert [r["hour"] for r in rows] == [
        None if m is None else m // 3_600_000_000 for m in micros
    ]
    assert any(m for m in micros)


def test_a_folder_that_is_not_a_snapshot_is_named(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="is not a finished snapshot"):
        duckdb_backend(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(ManifestError, match="not a forcewatch snapshot manifest"):
        load_manifest(tmp_path)


def test_a_missing_table_file_is_named(fixture_snapshot: Path, tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "manifest.json").write_bytes(
        (fixture_snapshot / "manifest.json").read_bytes()
    )
    with pytest.raises(ManifestError, match=r"agency.parquet is missing"):
        duckdb_backend(folder)


@pytest.mark.spark
def test_spark_reads_every_table_as_duckdb_does(
    fixture_snapshot: Path, spark: SparkSession
) -> None:
    duck, sparky = (
        duckdb_backend(fixture_snapshot),
        spark_backend(fixture_snapshot, spark),
    )
    assert sorted(sparky.list_tables()) == sorted(duck.list_tables())
    # without a session: Spark's running one, its views kept apart
    assert sorted(spark_backend(fixture_snapshot).list_tables()) == sorted(
        duck.list_tables()
    )
    for name in duck.list_tables():
        a, b = duck.table(name).schema(), sparky.table(name).schema()
        assert list(a.items()) == [
            (column, _like(a[column], kind)) for column, kind in b.items()
        ], name
    # the tables with dates, times, timestamps, lists, JSON text and nulls
    for name in (
        "incident",
        "review_step",
        "subject",
        "source_file",
        "policy_finding",
        "policy_disposition",
    ):
        assert_same(
            duck.table(name).to_pandas(), sparky.table(name).to_pandas(), ["id"]
        )


def _like(duck: dt.DataType, spark: dt.DataType) -> dt.DataType:
    """Spark's type, with DuckDB's nullability and timestamp scale (not data)."""
    if spark.is_timestamp():
        spark = dt.Timestamp(scale=duck.scale)  # type: ignore[attr-defined]
    return spark.copy(nullable=duck.nullable)
