"""Rate, ratio, stratified, severity and missingness tables, checked by hand."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forcewatch.analysis import stats
from forcewatch.analysis.disparity import missingness, severity
from forcewatch.analysis.disparity.denominators import build
from forcewatch.analysis.disparity.proportions import binomial_p, proportion_ci
from forcewatch.analysis.disparity.tables import ordered, rate_table, stratified_table

RESIDENTS = build(
    {"name": "town", "kind": "residents", "reference": {"race": "white"}},
    [
        {"dimension": "race", "group": "white", "value": 2000},
        {"dimension": "race", "group": "black", "value": 1000},
        {"dimension": "race", "group": "hispanic", "value": 500},
        {"dimension": "race", "group": "asian", "value": 400},
    ],
    where="test",
)


def rows_of(table: Any) -> dict[str, dict[str, Any]]:
    return {r["group"]: r for r in table.to_pylist()}


def test_rates_are_units_per_resident_year_and_ratios_exact() -> None:
    table = rate_table(
        dimension="race",
        unit="subject",
        counts={"white": 10, "black": 30, "hispanic": 2, "unknown": 5},
        total=47,
        denominator=RESIDENTS,
        years=2.0,
        reference="white",
    )
    got = rows_of(table)
    assert list(got) == ["white", "black", "hispanic", "asian", "unknown"]
    black = got["black"]
    assert black["unit"] == "subject" and black["denominator"] == "town"
    assert black["rate_per"] == "per 1,000 residents per year"
    assert black["exposure"] == 2000.0  # 1,000 residents x 2 years
    assert black["rate"] == pytest.approx(30 / 2000 * 1000)
    assert black["share"] == pytest.approx(30 / 47)
    rr = stats.rate_ratio(30, 2000, 10, 4000)
    assert black["rate_ratio"] == pytest.approx(6.0)
    assert (black["rr_lower"], black["rr_upper"], black["p_value"]) == pytest.approx(
        (float(rr.lower), float(rr.upper), float(rr.p_value))
    )
    assert got["white"]["rate_ratio"] == 1.0 and got["white"]["p_value"] is None
    assert got["hispanic"]["unstable"] and got["hispanic"]["small_cell"]
    # asian: residents but nobody recorded: likely not coded, so not compared
    assert got["asian"]["n"] == 0 and got["asian"]["p_value"] is None
    assert "not compared" in got["asian"]["note"]
    assert got["unknown"]["rate"] is None and got["unknown"]["note"] == "not recorded"


def test_q_values_adjust_the_tables_own_comparisons() -> None:
    counts = {"white": 10, "black": 30, "hispanic": 9, "asian": 3}
    got = rows_of(
        rate_table(
            dimension="race",
            unit="subject",
            counts=counts,
            total=52,
            denominator=RESIDENTS,
            years=1.0,
            reference="white",
        )
    )
    p = [got[g]["p_value"] for g in ("black", "hispanic", "asian")]
    q = stats.benjamini_hochberg(p).q_value
    assert [got[g]["q_value"] for g in ("black", "hispanic", "asian")] == pytest.approx(
        q.tolist()
    )
    assert got["black"]["discovery"] is True


def test_rest_compares_each_group_with_all_the_others() -> None:
    got = rows_of(
        rate_table(
            dimension="race",
            unit="incident",
            counts={"white": 10, "black": 30, "hispanic": 5, "asian": 1},
            total=46,
            denominator=RESIDENTS,
            years=1.0,
            reference="rest",
        )
    )
    rr = stats.rate_ratio(30, 1000, 16, 2900)
    assert got["black"]["rate_ratio"] == pytest.approx(float(rr.estimate))
    assert got["black"]["reference"] == "rest"


def test_a_table_without_a_denominator_gives_counts_and_shares() -> None:
    table = rate_table(
        dimension="call_type",
        unit="incident",
        counts={"traffic_stop": 3, "call_for_service": 7},
        total=10,
        denominator=RESIDENTS,
        years=1.0,
    )
    got = rows_of(table)
    assert got["traffic_stop"]["denominator"].startswith("none")
    assert got["traffic_stop"]["rate"] is None
    ci = proportion_ci(3, 10)
    assert got["traffic_stop"]["share_lower"] == pytest.approx(float(ci.lower))


def test_a_reference_without_a_denominator_is_refused() -> None:
    with pytest.raises(ValueError, match="reference race group 'nhpi'"):
        rate_table(
            dimension="race",
            unit="subject",
            counts={"white": 1},
            total=1,
            denominator=RESIDENTS,
            years=1.0,
            reference="nhpi",
        )


def test_resident_rates_need_the_years_analysed() -> None:
    with pytest.raises(ValueError, match="years of data"):
        rate_table(
            dimension="race",
            unit="subject",
            counts={"white": 1},
            total=1,
            denominator=RESIDENTS,
            years=None,
        )


SIMPSON = build(
    {"name": "arrests", "kind": "arrests"},
    [
        {"dimension": "race", "group": "black", "value": 1000, "district": "North"},
        {"dimension": "race", "group": "white", "value": 200, "district": "North"},
        {"dimension": "race", "group": "black", "value": 200, "district": "South"},
        {"dimension": "race", "group": "white", "value": 1000, "district": "South"},
    ],
    where="test",
)


def test_stratified_ratios_reproduce_the_simpson_example_of_the_methods() -> None:
    counts = {
        ("North", "black"): 90,
        ("North", "white"): 20,
        ("South", "black"): 4,
        ("South", "white"): 30,
        ("East", "black"): 7,
    }
    table = stratified_table(
        dimension="race",
        unit="subject",
        counts=counts,
        denominator=SIMPSON,
        years=None,
        reference="white",
    )
    assert table is not None
    got = {r["stratum"]: r for r in table.to_pylist()}
    crude, pooled = got["all (crude)"], got["all (Mantel-Haenszel)"]
    assert (crude["rate_ratio"], crude["rr_lower"], crude["rr_upper"]) == pytest.approx(
        (1.88, 1.32, 2.71), abs=0.005
    )
    assert crude["n_outside_strata"] == 7  # East has no denominator
    assert pooled["rate_ratio"] == pytest.approx(0.846, abs=0.0005)
    assert pooled["p_value"] == pytest.approx(0.46, abs=0.005)
    assert pooled["heterogeneity_p"] == pytest.approx(0.61, abs=0.005)
    assert pooled["pooled_misleads"] is True
    assert got["North"]["rate_ratio"] == pytest.approx(0.9)
    assert got["South"]["rate_ratio"] == pytest.approx(2 / 3)
    assert {r["unit"] for r in table.to_pylist()} == {"subject"}


def test_agreeing_strata_do_not_flag_the_pooled_figure() -> None:
    counts = {
        ("North", "black"): 100,
        ("North", "white"): 20,
        ("South", "black"): 20,
        ("South", "white"): 100,
    }
    table = stratified_table(
        dimension="race",
        unit="subject",
        counts=counts,
        denominator=SIMPSON,
        years=None,
        reference="white",
    )
    assert table is not None
    pooled = next(r for r in table.to_pylist() if r["stratum"].endswith("Haenszel)"))
    assert pooled["rate_ratio"] == pytest.approx(1.0)
    assert pooled["pooled_misleads"] is False


APPLICATION_CELLS = [  # the metro department's (tests/analysis/disparity_data.py)
    ("black", "3", "takedown", "yes"),
    ("black", "2", "ced_probe", "yes"),
    ("black", "4", "strike", "yes"),
    ("hispanic", "0", "handcuffing", "no"),
    ("white", "2", "firearm_discharge", "unknown"),
    ("black", "3", "chemical_oc", "yes"),
    ("unknown", "1", "verbal_command", "unknown"),
]
COLUMNS = ("race", "resistance_level", "force_type", "crisis")
APPLICATIONS = [
    {**dict(zip(COLUMNS, c, strict=True)), "n": 1} for c in APPLICATION_CELLS
]


def test_severity_cross_tabulates_force_level_by_resistance_level() -> None:
    table = severity.severity_by_resistance(APPLICATIONS).to_pylist()
    cells = {(r["resistance_level"], r["force_level"]): r["n"] for r in table}
    assert cells == {
        (0, 2): 1,
        (1, 1): 1,
        (2, 4): 1,
        (2, 5): 1,
        (3, 3): 1,
        (3, 4): 1,
        (4, 3): 1,
    }
    passive = [r for r in table if r["resistance_level"] == 2]
    assert [r["share_of_row"] for r in passive] == [0.5, 0.5]


def test_above_resistance_counts_force_more_than_one_level_higher() -> None:
    got = rows_of(severity.above_resistance(APPLICATIONS, "white"))
    # resistance not recorded (handcuffing) is left out: 6 applications
    assert (got["all"]["applications"], got["all"]["above_resistance_plus_one"]) == (
        6,
        2,
    )
    assert (
        got["black"]["applications"],
        got["black"]["above_resistance_plus_one"],
    ) == (4, 1)
    assert got["white"]["above_resistance_plus_one"] == 1
    assert got["black"]["ratio"] == pytest.approx(0.25)
    assert got["white"]["ratio"] == 1.0 and got["unknown"]["ratio"] is None


def test_crisis_severity_compares_level_4_and_5_with_no_crisis() -> None:
    table = severity.crisis_severity(APPLICATIONS)
    assert table is not None
    got = {r["crisis"]: r for r in table.to_pylist()}
    assert (got["yes"]["applications"], got["yes"]["level_4_or_5"]) == (4, 2)
    assert got["no"]["level_4_or_5"] == 0
    assert got["yes"]["ratio"] == math.inf


def test_crisis_is_none_when_nothing_is_recorded() -> None:
    subjects = [{"race": "white", "crisis": "unknown", "n": 3}]
    assert severity.crisis_table({"unknown": 3}, subjects) is None
    assert severity.crisis_severity([{**APPLICATIONS[0], "crisis": "unknown"}]) is None


def test_missingness_compares_each_officer_with_the_department() -> None:
    rows = [
        {"officer": "O1", "race_recorded": "yes", "sex_recorded": "yes", "n": 3},
        {"officer": "O1", "race_recorded": "no", "sex_recorded": "no", "n": 1},
        {"officer": "O2", "race_recorded": "yes", "sex_recorded": "yes", "n": 1},
        {"officer": "O2", "race_recorded": "no", "sex_recorded": "no", "n": 1},
        {"officer": "O3", "race_recorded": "yes", "sex_recorded": "yes", "n": 1},
    ]
    table = missingness.missing_table(
        "officer", rows, race="race_recorded", sex="sex_recorded"
    )
    got = rows_of(table)
    assert [got[o]["engagements"] for o in ("O1", "O2", "O3")] == [4, 2, 1]
    assert [got[o]["race_missing"] for o in ("O1", "O2", "O3")] == [1, 1, 0]
    assert got["O1"]["race_department_share"] == pytest.approx(2 / 7)
    assert got["O2"]["race_p_value"] == pytest.approx(float(binomial_p(1, 2, 2 / 7)))
    assert all(r["unstable"] for r in got.values())


def test_groups_are_in_vocabulary_then_natural_order_with_unknown_last() -> None:
    assert ordered("race", ["unknown", "black", "white"]) == [
        "white",
        "black",
        "unknown",
    ]
    assert ordered("district", ["10", "unknown", "2", "S"]) == [
        "2",
        "10",
        "S",
        "unknown",
    ]


@given(k=st.integers(0, 200), n=st.integers(1, 200), more=st.integers(1, 200))
def test_share_intervals_contain_the_share_and_narrow_with_more_units(
    k: int, n: int, more: int
) -> None:
    k = min(k, n)
    ci = proportion_ci(k, n)
    assert ci.lower <= ci.estimate <= ci.upper
    wider = proportion_ci(k * 1, n)
    narrower = proportion_ci(k * (more + 1), n * (more + 1))
    assert narrower.upper - narrower.lower <= wider.upper - wider.lower + 1e-12
    assert 0 <= float(binomial_p(k, n, 0.3)) <= 1


def test_proportions_agree_with_statsmodels() -> None:
    from statsmodels.stats.proportion import proportion_confint

    for k, n in ((0, 10), (3, 10), (10, 10), (17, 250)):
        low, high = proportion_confint(k, n, method="beta")
        ci = proportion_ci(k, n)
        assert (float(ci.lower), float(ci.upper)) == pytest.approx(
            (np.nan_to_num(low), np.nan_to_num(high, nan=1.0))
        )


def test_the_examples_in_the_docstrings_run() -> None:
    import doctest

    from forcewatch.analysis.disparity import proportions

    assert doctest.testmod(proportions).failed == 0
