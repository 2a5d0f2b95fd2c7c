"""The officer-period features and labels are the same on Spark as on DuckDB."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from ibis import BaseBackend

from forcewatch.analysis.backends import duckdb_backend, spark_backend
from forcewatch.analysis.eis import load_thresholds
from forcewatch.analysis.eis.baseline import rule_counts
from forcewatch.analysis.eis.events import (
    complaint_events,
    force_events,
    out_of_policy_events,
)
from forcewatch.analysis.eis.features import (
    complaint_features,
    force_features,
    population_features,
    split_table,
)
from forcewatch.analysis.eis.identity import officer_people
from forcewatch.analysis.eis.labels import get_label, label_dates
from tests.analysis.eis.handbuilt import AGENCY

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

SPLITS = [dt.date(2020, 1, 1), dt.date(2021, 1, 1)]


def tables(con: BaseBackend) -> list:
    people = officer_people(con, AGENCY)
    force = force_events(con, AGENCY, people)
    complaints = complaint_events(con, AGENCY, people)
    findings = out_of_policy_events(con, AGENCY, people)
    splits = split_table(SPLITS)
    keys = ["split", "person_id"]
    either = get_label("sustained_complaint_or_out_of_policy")
    return [
        population_features(
            force_features(force, splits), complaint_features(complaints, splits)
        ).order_by(keys),
        label_dates(complaints, splits).order_by(keys),
        findings.order_by("finding_id"),
        label_dates(complaints, splits, either, findings=findings).order_by(keys),
        rule_counts(force, complaints, splits, load_thresholds().rules[0]).order_by(
            keys
        ),
    ]


@pytest.mark.spark
def test_features_labels_and_rule_counts_are_equal_on_spark(
    town: Path, spark: SparkSession
) -> None:
    on_duckdb = [t.to_pyarrow() for t in tables(duckdb_backend(town))]
    on_spark = [t.to_pyarrow() for t in tables(spark_backend(town, spark))]
    for ours, theirs in zip(on_duckdb, on_spark, strict=True):
        assert theirs.num_rows == ours.num_rows > 0
        assert theirs.cast(ours.schema).equals(ours)
