"""Officer-period features on the hand-built department: known answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ibis import BaseBackend

from forcewatch.analysis.eis.events import complaint_events, force_events
from forcewatch.analysis.eis.features import (
    complaint_features,
    force_features,
    population_features,
    split_table,
)
from forcewatch.analysis.eis.identity import officer_people
from tests.analysis.eis.handbuilt import AGENCY

SPLITS = [dt.date(2020, 1, 1), dt.date(2021, 1, 1)]


def features(con: BaseBackend) -> dict[tuple[dt.date, int], dict[str, Any]]:
    people = officer_people(con, AGENCY)
    splits = split_table(SPLITS)
    table = population_features(
        force_features(force_events(con, AGENCY, people), splits),
        complaint_features(complaint_events(con, AGENCY, people), splits),
    )
    return {(r["split"], r["person_id"]): r for r in table.to_pyarrow().to_pylist()}


def test_it_counts_force_reports_and_what_they_record_before_the_split(
    con: BaseBackend,
) -> None:
    ann = features(con)[(SPLITS[0], 1)]
    # I1-I3 before 2020; I4 (2020-02-01) is after the split
    assert (ann["force_90"], ann["force_365"], ann["incidents_365"]) == (3, 3, 3)
    assert (ann["takedown_365"], ann["ced_365"], ann["strike_365"]) == (1, 1, 1)
    assert ann["level_max_365"] == 4  # the Taser probe
    assert ann["hard_on_passive_365"] == 1  # I2: takedown and Taser, passive
    assert ann["subject_injured_365"] == 1 and ann["off_duty_365"] == 1
    assert ann["co_officers_mean_365"] == pytest.approx(1 / 3)  # Bob in I1 only
    assert ann["solo_365"] == 2
    assert ann["last_force"] == dt.date(2019, 12, 15)


def test_it_counts_complaints_of_both_records_of_a_person_and_known_findings(
    con: BaseBackend,
) -> None:
    rows = features(con)
    ann, bob = rows[(SPLITS[0], 1)], rows[(SPLITS[0], 3)]
    # C1 names record 2 (the same person), received 2019-08-01, sustained 2019-10
    assert (ann["complaints_180"], ann["complaints_365"]) == (1, 1)
    assert ann["about_force_1825"] == 1 and ann["sustained_known_1825"] == 1
    assert ann["open_complaints"] == 0
    # C2 is sustained only on 2020-06-01: still open on 2020-01-01
    assert bob["sustained_known_1825"] == 0 and bob["open_complaints"] == 1
    assert bob["about_verbal_1825"] == 1


def test_the_population_is_whoever_had_force_or_a_complaint_in_the_year_before(
    con: BaseBackend,
) -> None:
    rows = features(con)
    assert sorted(p for s, p in rows if s == SPLITS[0]) == [1, 3]
    # the other Bob's only event is a complaint received in 2020
    assert sorted(p for s, p in rows if s == SPLITS[1]) == [1, 3, 4]
    ann = rows[(SPLITS[1], 1)]
    assert (ann["force_90"], ann["force_365"], ann["force_1825"]) == (0, 1, 4)
    assert ann["sustained_known_1825"] == 2  # C3 closed 2020-09-01
