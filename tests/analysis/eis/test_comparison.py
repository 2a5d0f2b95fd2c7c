"""The models and the baseline are compared at the same number of flags."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from forcewatch.analysis.eis import Plan, load_thresholds
from forcewatch.analysis.eis.dataset import NAT, OfficerYears
from forcewatch.analysis.eis.features import RICH_FEATURES
from forcewatch.analysis.eis.report import comparison, fairness, per_person
from forcewatch.analysis.eis.scoring import BASELINE, methods, score_splits

PLAN = Plan(
    first_train_year=2016,
    first_test_year=2018,
    last_test_year=2019,
    models=("logistic_counts", "logistic"),
    n_resamples=200,
)


def officer_years(seed: int = 1, officers: int = 400) -> OfficerYears:
    """Random officer-years, 2016-2019, where five-year complaint counts (which
    the rules do not read, the models do) predict the label."""
    rng = np.random.default_rng(seed)
    years = np.repeat(np.arange(2016, 2020), officers)
    n = years.size
    risk = np.tile(rng.lognormal(0, 0.8, officers), 4)
    # noise features from a stream of their own: adding a feature changes no other
    noise = np.random.default_rng(seed + 1000)
    features = {name: noise.poisson(0.5, n).astype(float) for name in RICH_FEATURES}
    features["complaints_1825"] = rng.poisson(risk).astype(float)
    features["complaints_180"] = rng.poisson(0.8, n).astype(float)
    features["force_90"] = rng.poisson(1.0, n).astype(float)
    positive = rng.random(n) < 0.01 + 0.05 * features["complaints_1825"]
    split = np.array([np.datetime64(f"{y}-01-01", "D") for y in years])
    known = np.where(
        positive, split + np.timedelta64(365, "D") + rng.integers(0, 900, n), NAT
    )
    return OfficerYears(
        split=split,
        person=np.tile(np.arange(officers), 4),
        features=features,
        unit=np.array(["a", "b"] * (n // 2), dtype=object),
        counts={
            "force_90d": features["force_90"],
            "complaints_180d": features["complaints_180"],
        },
        positive=positive,
        known_on=known.astype("datetime64[D]"),
        race=np.array(["white", "black"] * (n // 2), dtype=object),
        sex=np.array(["male"] * n, dtype=object),
    )


def test_every_method_flags_the_same_number_at_every_budget() -> None:
    data = officer_years()
    scored = score_splits(data, load_thresholds(), PLAN)
    splits = data.split[scored.rows]
    assert set(np.unique(splits)) == {
        np.datetime64("2018-01-01"),
        np.datetime64("2019-01-01"),
    }
    for when in np.unique(splits):
        part = splits == when
        counts = {r: c[scored.rows][part] for r, c in data.counts.items()}
        own = (counts["force_90d"] >= 3) | (counts["complaints_180d"] >= 3)
        expected = {"baseline_k": own.sum(), "1%": 4, "5%": 20, "10%": 40}
        for budget, k in expected.items():
            for method in methods(PLAN):
                assert scored.flags[(method, budget)][part].sum() == pytest.approx(k)
        assert (scored.flags[(BASELINE, "baseline_k")][part] == own).all()


def test_models_train_on_earlier_dates_only_with_known_labels_when_deployable() -> None:
    data = officer_years()
    scored = score_splits(data, load_thresholds(), PLAN)
    rows = {(r["split"], r["setting"]): r for r in scored.training}
    first = rows[(dt.date(2018, 1, 1), "retrospective")]
    assert first["training_rows"] == 800  # 2016 and 2017
    deployable = rows[(dt.date(2018, 1, 1), "deployable")]
    # a label known a year or more after its window: few known by 2018
    assert deployable["training_positives"] < first["training_positives"]
    assert first["training_positives"] == first["eventual_positives"]


def test_the_comparison_reports_gains_over_the_baseline_with_intervals() -> None:
    data = officer_years()
    scored = score_splits(data, load_thresholds(), PLAN)
    rows = {(r["method"], r["budget"]): r for r in comparison(data, scored, PLAN)}
    base = rows[(BASELINE, "5%")]
    assert base["tp_gain"] == 0 and base["tp_gain_lower"] == 0
    for method in methods(PLAN)[1:]:
        row = rows[(method, "5%")]
        assert row["flags"] == pytest.approx(base["flags"])
        assert row["tp_gain"] == pytest.approx(row["tp"] - base["tp"])
        assert row["tp_gain_relative"] == pytest.approx(
            (row["tp"] - base["tp"]) / base["tp"]
        )
        for name in ("precision", "recall", "fpr", "tp_gain"):
            assert row[f"{name}_lower"] <= row[name] <= row[f"{name}_upper"]
    # five-year complaints drive the label here: the models find more
    assert rows[("retrospective/logistic_counts", "5%")]["tp_gain_lower"] > 0


def test_fairness_gives_flag_rates_and_false_positive_rates_by_group() -> None:
    data = officer_years()
    scored = score_splits(data, load_thresholds(), PLAN)
    rows = fairness(data, scored, PLAN, ("5%",))
    race = [r for r in rows if r["dimension"] == "race" and r["method"] == BASELINE]
    assert {r["group"] for r in race} == {"white", "black"}
    assert sum(r["flags"] for r in race) == pytest.approx(40)
    for r in race:
        assert r["flag_rate"] == pytest.approx(r["flags"] / r["officer_years"])
        assert r["flag_rate_lower"] <= r["flag_rate"] <= r["flag_rate_upper"]
        assert r["fpr"] == pytest.approx(r["fp"] / r["negatives"])


def test_officer_years_of_one_officer_are_one_bootstrap_unit() -> None:
    units = per_person(np.array([5, 2, 5, 9]), [np.array([1.0, 2, 3, 4])])
    assert units.tolist() == [[2.0], [4.0], [4.0]]
