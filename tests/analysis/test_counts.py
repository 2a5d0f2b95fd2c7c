"""Counts per unit from a snapshot equal the live database's, on DuckDB and Spark."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from forcewatch.analysis.backends import duckdb_backend, spark_backend
from forcewatch.analysis.counts import SOURCES, counts_by_year, counts_total
from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from forcewatch.records.units import UNITS
from forcewatch.snapshot.services import snapshot_write
from tests.analysis.frames import assert_same
from tests.snapshot.data import import_two_agencies

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def test_counts_on_duckdb_equal_the_orm_counts(
    transactional_db: None, tmp_path: Path
) -> None:
    import_two_agencies()
    snapshot_write(tmp_path / "s")
    con = duckdb_backend(tmp_path / "s")
    by_year = counts_by_year(con).to_pyarrow().to_pylist()
    total = counts_total(con).to_pyarrow().to_pylist()
    assert tuple(SOURCES) == UNITS  # the analysis counts every unit, in order
    for agency in rm.Agency.objects.all():
        orm = record_counts(agency=agency)
        expected = {
            (year, unit): n
            for year, row in orm["by_year"].items()
            for unit, n in row.items()
            if n
        }
        got = {
            ("unknown" if r["year"] is None else str(r["year"]), r["unit"]): r["n"]
            for r in by_year
            if r["agency"] == agency.slug
        }
        assert got == expected, agency.slug
        assert {r["unit"]: r["n"] for r in total if r["agency"] == agency.slug} == {
            unit: n for unit, n in orm["total"].items() if n
        }, agency.slug
    assert {r["agency"] for r in total} == {"dallas", "chicago"}


@pytest.mark.spark
def test_counts_are_identical_on_duckdb_and_spark(
    fixture_snapshot: Path, spark: SparkSession
) -> None:
    duck, sparky = (
        duckdb_backend(fixture_snapshot),
        spark_backend(fixture_snapshot, spark),
    )
    for counts, keys in (
        (counts_by_year, ["agency", "year", "unit"]),
        (counts_total, ["agency", "unit"]),
    ):
        a, b = counts(duck), counts(sparky)
        assert a.schema() == b.schema()
        assert_same(a.to_pandas(), b.to_pandas(), keys)
