"""Every disparity table is identical on DuckDB and Spark (one shared SparkSession)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from forcewatch.analysis.backends import duckdb_backend, spark_backend
from forcewatch.analysis.disparity import DisparityResult, run
from tests.analysis.disparity_data import write_metro
from tests.analysis.frames import assert_same
from tests.analysis.test_disparity_run import METRO_CSV

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = pytest.mark.spark


def assert_identical(duck: DisparityResult, spark: DisparityResult) -> None:
    assert duck.aggregates.keys() == spark.aggregates.keys()
    for name, table in duck.aggregates.items():
        other = spark.aggregates[name]
        assert table.schema == other.schema, name
        keys = [c for c in table.column_names if c != "n"]
        assert table.sort_by([(k, "ascending") for k in keys]).equals(
            other.sort_by([(k, "ascending") for k in keys])
        ), name
    assert duck.tables.keys() == spark.tables.keys()
    for name, table in duck.tables.items():
        keys = [c for c in table.column_names if table.schema.field(c).type == "string"]
        assert_same(table.to_pandas(), spark.tables[name].to_pandas(), keys)
    assert duck.summary == spark.summary


def test_every_table_is_identical_on_duckdb_and_spark(
    tmp_path: Path, spark: SparkSession
) -> None:
    snap = write_metro(tmp_path / "snap")
    (tmp_path / "metro.csv").write_text(METRO_CSV)
    results = [
        run(snap, agency="metro", denominator=tmp_path / "metro.csv", con=con)
        for con in (duckdb_backend(snap), spark_backend(snap, spark))
    ]
    assert {"stratified_race_by_district", "crisis", "missing_by_officer"} <= set(
        results[0].tables
    )
    assert_identical(*results)


def test_real_slices_give_identical_tables(
    fixture_snapshot: Path, spark: SparkSession
) -> None:
    duck = duckdb_backend(fixture_snapshot)
    sparky = spark_backend(fixture_snapshot, spark)
    results = [
        run(
            fixture_snapshot,
            agency="chicago",
            denominator="chicago-residents-2010",
            con=con,
        )
        for con in (duck, sparky)
    ]
    severity = results[0].tables["severity_by_resistance"].to_pylist()
    assert any(r["resistance_level"] > 0 for r in severity)
    assert_identical(*results)
