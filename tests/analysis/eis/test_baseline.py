"""The threshold baseline: counts per rule window, flags, score, explanation."""

from __future__ import annotations

import datetime as dt

import numpy as np
from ibis import BaseBackend

from forcewatch.analysis.eis import Rule, load_thresholds
from forcewatch.analysis.eis.baseline import (
    explain_rules,
    rule_counts,
    rule_flags,
    rule_score,
)
from forcewatch.analysis.eis.events import complaint_events, force_events
from forcewatch.analysis.eis.features import split_table
from forcewatch.analysis.eis.identity import officer_people
from tests.analysis.eis.handbuilt import AGENCY

RULES = load_thresholds().rules


def counts(con: BaseBackend, rule: Rule) -> dict[int, int]:
    people = officer_people(con, AGENCY)
    table = rule_counts(
        force_events(con, AGENCY, people),
        complaint_events(con, AGENCY, people),
        split_table([dt.date(2020, 1, 1)]),
        rule,
    )
    return {r["person_id"]: r["n"] for r in table.to_pyarrow().to_pylist()}


def test_each_rule_counts_its_events_in_its_own_window(con: BaseBackend) -> None:
    assert counts(con, RULES[0]) == {1: 3, 3: 1}  # force in 90 days
    assert counts(con, RULES[1]) == {1: 1, 3: 1}  # complaints in 180 days
    wide = Rule("complaints_200d", "", "complaint", 1, 200)
    assert counts(con, wide) == {1: 1, 3: 1}
    narrow = Rule("force_45d", "", "force", 1, 45)
    assert counts(con, narrow) == {1: 2}  # I2, I3; I1 is 61 days before


def test_an_officer_is_flagged_when_any_rule_trips() -> None:
    by_rule = {
        "force_90d": np.array([3, 2, 0, 1]),
        "complaints_180d": np.array([0, 2, 4, 1]),
    }
    assert rule_flags(by_rule, RULES).tolist() == [True, False, True, False]
    score = rule_score(by_rule, RULES)
    assert score.tolist() == [1.0, 2 / 3, 4 / 3, 1 / 3]
    assert ((score >= 1) == rule_flags(by_rule, RULES)).all()


def test_a_flag_names_the_rules_it_tripped_with_the_counts() -> None:
    text = explain_rules({"force_90d": 4, "complaints_180d": 3}, RULES)
    assert text == (
        "4 force events in 90 days (rule force_90d: >= 3); "
        "3 complaint events in 180 days (rule complaints_180d: >= 3)"
    )
    assert explain_rules({"force_90d": 2, "complaints_180d": 0}, RULES) == (
        "no rule tripped"
    )
