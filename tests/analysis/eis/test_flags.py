"""One date's threshold flags, with the events each rule counted."""

from __future__ import annotations

import datetime as dt
import doctest
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from ibis import BaseBackend

from forcewatch.analysis.backends import duckdb_backend, spark_backend
from forcewatch.analysis.eis import Rule, Thresholds, load_thresholds
from forcewatch.analysis.eis import flags as flags_module
from forcewatch.analysis.eis.baseline import rule_counts, rule_events
from forcewatch.analysis.eis.events import complaint_events, force_events
from forcewatch.analysis.eis.features import split_table
from forcewatch.analysis.eis.flags import CountedEvent, threshold_flags
from forcewatch.analysis.eis.identity import officer_people
from tests.analysis.eis.handbuilt import AGENCY

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

ROOT = Path(__file__).resolve().parents[3]
SPLIT = dt.date(2020, 1, 1)


def test_ann_is_flagged_with_the_three_reports_counted(town: Path) -> None:
    (ann,) = threshold_flags(duckdb_backend(town), "town", SPLIT, load_thresholds())
    assert (ann.person_id, ann.officer_ids, ann.unit) == (1, (1, 2), "north")
    assert ann.tripped == ("force_90d",)
    force, complaints = ann.rules
    assert (force.count, force.window_from, force.window_to) == (
        3,
        dt.date(2019, 10, 3),
        dt.date(2019, 12, 31),
    )
    assert force.events == (
        CountedEvent(dt.date(2019, 11, 1), "i1", "", ""),
        CountedEvent(dt.date(2019, 12, 1), "i2", "", ""),
        CountedEvent(dt.date(2019, 12, 15), "i3", "", ""),
    )
    assert (complaints.count, complaints.tripped, complaints.events) == (1, False, ())
    # peers: Ann and Bob (the unit is too small), medians of (3, 1) and (1, 1)
    assert (ann.peers, ann.peer_count) == ("", 2)
    assert (force.peers_median, complaints.peers_median) == (2.0, 1.0)
    assert ann.text == "3 force events in 90 days (rule force_90d: >= 3)"


def test_complaint_events_carry_the_complaint_numbers(town: Path) -> None:
    wide = Thresholds("t", (Rule("c", "", "complaint", 1, 365),), ())
    flagged = threshold_flags(duckdb_backend(town), "town", SPLIT, wide)
    events = {f.person_id: f.rules[0].events for f in flagged}
    assert events[1] == (CountedEvent(dt.date(2019, 8, 1), "", "", "c1"),)
    assert events[3] == (CountedEvent(dt.date(2019, 9, 1), "", "", "c2"),)


def test_nothing_is_flagged_before_any_event(town: Path) -> None:
    con = duckdb_backend(town)
    assert threshold_flags(con, "town", dt.date(2000, 1, 1), load_thresholds()) == []


def test_the_events_listed_are_the_events_counted(town: Path) -> None:
    con = duckdb_backend(town)
    people = officer_people(con, AGENCY)
    force, complaints = (
        force_events(con, AGENCY, people),
        complaint_events(con, AGENCY, people),
    )
    splits = split_table([SPLIT, dt.date(2021, 1, 1)])
    for rule in load_thresholds().rules:
        counted = rule_events(force, complaints, splits, rule).to_pyarrow()
        n = rule_counts(force, complaints, splits, rule).to_pyarrow()
        totals = {(r["split"], r["person_id"]): r["n"] for r in n.to_pylist()}
        listed: dict[tuple[dt.date, int], int] = {}
        for row in counted.to_pylist():
            key = (row["split"], row["person_id"])
            listed[key] = listed.get(key, 0) + 1
        assert listed == totals


def test_the_docstring_examples_run() -> None:
    assert doctest.testmod(flags_module).failed == 0


def test_the_flags_module_imports_without_django() -> None:
    code = (
        "import sys; import forcewatch.analysis.eis.flags; "
        "assert 'django' not in sys.modules"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.spark
def test_the_events_counted_are_equal_on_spark(town: Path, spark: SparkSession) -> None:
    def events(con: BaseBackend) -> list[dict[str, object]]:
        people = officer_people(con, AGENCY)
        force = force_events(con, AGENCY, people)
        complaints = complaint_events(con, AGENCY, people)
        splits = split_table([SPLIT])
        rows = []
        for rule in load_thresholds().rules:
            table = rule_events(force, complaints, splits, rule)
            rows += (
                table.order_by(["person_id", "date", "event_id"])
                .to_pyarrow()
                .to_pylist()
            )
        return rows

    ours = events(duckdb_backend(town))
    assert ours and events(spark_backend(town, spark)) == ours
