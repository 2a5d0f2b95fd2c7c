"""forcewatch.analysis.stats against reference values, properties and edge cases.

Reference values come from statsmodels/scipy (computed in the test) or from
published worked examples, cited where used.
"""

from __future__ import annotations

import doctest
import math
from pathlib import Path

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as sps
from statsmodels.stats import rates as sm_rates
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from forcewatch.analysis import stats
from forcewatch.analysis.stats import (
    benjamini_hochberg,
    bootstrap_ci,
    mantel_haenszel_rate_ratio,
    poisson_ci,
    poisson_rate_ci,
    rate_ratio,
    small_cell,
    unstable,
)

counts = st.integers(min_value=0, max_value=5000)
positive_counts = st.integers(min_value=1, max_value=2000)
exposures = st.floats(min_value=1e-3, max_value=1e7)
p_values = st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=60)

# Doll & Hill's British doctors: coronary deaths and person-years by age band,
# smokers vs non-smokers (Rothman & Greenland, Modern Epidemiology), the example
# of Stata's `ir deaths smokes pyears, by(age)` ([ST] epitab).
DOLL_HILL = (
    [32, 104, 206, 186, 102],
    [52407, 43248, 28612, 12663, 5317],
    [2, 12, 28, 28, 31],
    [18790, 10673, 5710, 2585, 1462],
)


def test_the_docstring_examples_run() -> None:
    assert doctest.testmod(stats).failed == 0


# Exact Poisson intervals


@pytest.mark.parametrize("confidence", [0.95, 0.9, 0.99])
def test_poisson_ci_matches_statsmodels_exact_central(confidence: float) -> None:
    k = np.array([0, 1, 2, 5, 10, 19, 20, 137, 1000, 123456])
    low, high = sm_rates.confint_poisson(k, 1, method="exact-c", alpha=1 - confidence)
    ci = poisson_ci(k, confidence=confidence)
    np.testing.assert_allclose(ci.lower, low, rtol=1e-10)
    np.testing.assert_allclose(ci.upper, high, rtol=1e-10)


def test_poisson_ci_is_the_chi_square_formula_of_the_reference() -> None:
    k = np.arange(1, 50)
    ci = poisson_ci(k)
    np.testing.assert_allclose(ci.lower, sps.chi2.ppf(0.025, 2 * k) / 2)
    np.testing.assert_allclose(ci.upper, sps.chi2.ppf(0.975, 2 * k + 2) / 2)


def test_a_zero_count_has_lower_bound_zero_and_upper_minus_log_alpha_half() -> None:
    ci = poisson_ci(0)
    assert float(ci.lower) == 0.0
    assert float(ci.upper) == pytest.approx(-math.log(0.025))


def test_poisson_rate_ci_reproduces_r_poisson_test_example() -> None:
    # R stats::poisson.test help, Welsh nickel workers: 137 events over 24.19893
    # expected; R prints the interval 4.753125 6.692709.
    ci = poisson_rate_ci(137, 24.19893)
    assert float(ci.lower) == pytest.approx(4.753125, abs=5e-7)
    assert float(ci.upper) == pytest.approx(6.692709, abs=5e-7)


def test_poisson_rate_ci_scales_per_unit_and_broadcasts() -> None:
    ci = poisson_rate_ci([10, 20], 5000, per=1000)
    np.testing.assert_allclose(ci.estimate, [2.0, 4.0])
    np.testing.assert_allclose(ci.lower, poisson_ci([10, 20]).lower / 5)


@given(k=counts, exposure=exposures)
def test_a_rate_interval_contains_its_estimate(k: int, exposure: float) -> None:
    ci = poisson_rate_ci(k, exposure)
    assert ci.lower <= ci.estimate <= ci.upper
    assert ci.lower < ci.upper


@given(
    small=st.integers(min_value=1, max_value=500),
    extra=st.integers(min_value=1, max_value=500),
    rate=st.floats(min_value=1e-4, max_value=1e3),
)
def test_a_rate_interval_widens_as_the_count_shrinks_at_a_fixed_rate(
    small: int, extra: int, rate: float
) -> None:
    large = small + extra
    narrow = poisson_rate_ci(large, large / rate)
    wide = poisson_rate_ci(small, small / rate)
    assert wide.upper - wide.lower > narrow.upper - narrow.lower
    assert wide.upper / wide.lower > narrow.upper / narrow.lower


# Rate ratios


@given(k1=counts, k2=counts)
def test_the_rate_ratio_interval_is_clopper_pearson_transformed(
    k1: int, k2: int
) -> None:
    if k1 + k2 == 0:
        return
    bounds = np.array(proportion_confint(k1, k1 + k2, alpha=0.05, method="beta"))
    rr = rate_ratio(k1, 250.0, k2, 1000.0)
    with np.errstate(divide="ignore"):
        expected = 4 * bounds / (1 - bounds)
    np.testing.assert_allclose([rr.lower, rr.upper], expected, rtol=1e-8)


def test_rate_ratio_reproduces_r_poisson_test_two_sample_example() -> None:
    # R stats::poisson.test help, eba1977: Fredericia vs the other three cities,
    # ages 55-59: R prints rate ratio 1.971488, interval 0.8584264 4.2772659.
    rr = rate_ratio(11, 800, 6 + 8 + 7, 1083 + 1050 + 878)
    assert float(rr.estimate) == pytest.approx(1.971488, abs=5e-7)
    assert float(rr.lower) == pytest.approx(0.8584264, abs=5e-8)
    assert float(rr.upper) == pytest.approx(4.2772659, abs=5e-8)


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # statsmodels
@pytest.mark.parametrize(
    ("k1", "t1", "k2", "t2"),
    [
        (30, 1000, 10, 1000),
        (11, 800, 21, 3011),
        (3, 10.5, 0, 5),
        (0, 7, 9, 2),
        (1, 1, 1, 1),
    ],
)
def test_the_p_value_is_twice_the_smaller_exact_conditional_tail(
    k1: int, t1: float, k2: int, t2: float
) -> None:
    tails = [
        sm_rates.test_poisson_2indep(
            k1, t1, k2, t2, method="exact-cond", alternative=side
        ).pvalue
        for side in ("larger", "smaller")
    ]
    assert float(rate_ratio(k1, t1, k2, t2).p_value) == pytest.approx(
        min(1.0, 2 * min(tails)), rel=1e-9
    )


@given(k1=counts, k2=counts, t1=exposures, t2=exposures)
def test_the_p_value_is_below_alpha_exactly_when_the_interval_excludes_one(
    k1: int, k2: int, t1: float, t2: float
) -> None:
    rr = rate_ratio(k1, t1, k2, t2)
    excludes = bool(rr.lower > 1 or rr.upper < 1)
    margin = min(abs(float(rr.lower) - 1), abs(float(rr.upper) - 1))
    if margin > 1e-9:  # a bound within rounding of 1 is a tie
        assert (float(rr.p_value) < 0.05) == excludes


@given(k1=counts, k2=counts, t1=exposures, t2=exposures)
def test_a_rate_ratio_interval_contains_its_estimate(
    k1: int, k2: int, t1: float, t2: float
) -> None:
    rr = rate_ratio(k1, t1, k2, t2)
    if k1 + k2 > 0:
        assert rr.lower <= rr.estimate * (1 + 1e-12)
        assert rr.estimate <= rr.upper * (1 + 1e-12)
    assert 0 <= rr.p_value <= 1


@given(k1=positive_counts, k2=positive_counts, scale=st.integers(2, 20))
def test_a_rate_ratio_interval_widens_as_counts_shrink(
    k1: int, k2: int, scale: int
) -> None:
    few = rate_ratio(k1, 1000.0, k2, 3000.0)
    many = rate_ratio(k1 * scale, 1000.0 * scale, k2 * scale, 3000.0 * scale)
    assert few.estimate == pytest.approx(float(many.estimate))
    assert few.upper / few.lower > many.upper / many.lower


def test_zero_counts_give_the_stated_bounds() -> None:
    rr = rate_ratio([0, 5, 0], 100, [5, 0, 0], 100)
    assert rr.estimate[0] == 0 and rr.lower[0] == 0 and 0 < rr.upper[0] < np.inf
    assert rr.estimate[1] == np.inf and 0 < rr.lower[1] < np.inf
    assert rr.upper[1] == np.inf
    assert np.isnan(rr.estimate[2]) and rr.lower[2] == 0 and rr.upper[2] == np.inf
    assert rr.p_value[2] == 1.0


def test_three_against_one_is_compatible_with_no_difference() -> None:
    # REFERENCE.md 3.7's example: RR = 3 from 3 vs 1 events says almost nothing.
    rr = rate_ratio(3, 1000, 1, 1000)
    assert float(rr.estimate) == 3.0
    assert float(rr.lower) < 0.3 and float(rr.upper) > 29
    assert float(rr.p_value) == pytest.approx(0.625)


@pytest.mark.parametrize("exposure", [0, -1.0, np.nan, np.inf])
def test_a_rate_over_a_bad_exposure_is_refused(exposure: float) -> None:
    with pytest.raises(ValueError, match="exposure must be finite and > 0"):
        poisson_rate_ci(3, exposure)
    with pytest.raises(ValueError, match="exposure2 must be finite and > 0"):
        rate_ratio(3, 10, 1, [5, exposure])


@pytest.mark.parametrize("count", [-1, 2.5, np.nan, np.inf])
def test_a_count_that_is_not_a_whole_number_is_refused(count: float) -> None:
    with pytest.raises(ValueError, match="count must be a whole number >= 0"):
        poisson_ci([1, count])
    with pytest.raises(ValueError, match="count1 must be a whole number"):
        rate_ratio(count, 1, 1, 1)


@pytest.mark.parametrize("confidence", [0, 1, 95])
def test_a_confidence_outside_zero_one_is_refused(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence must be between 0 and 1"):
        poisson_ci(3, confidence=confidence)


def test_a_non_positive_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="per must be a positive number"):
        poisson_rate_ci(3, 10, per=0)


# Benjamini-Hochberg


@given(p=p_values, alpha=st.sampled_from([0.01, 0.05, 0.1]))
def test_bh_matches_statsmodels_fdr_bh(p: list[float], alpha: float) -> None:
    reject, q, _, _ = multipletests(p, alpha=alpha, method="fdr_bh")
    fdr = benjamini_hochberg(p, alpha=alpha)
    np.testing.assert_allclose(fdr.q_value, q, rtol=1e-12, atol=1e-15)
    assert fdr.reject.tolist() == reject.tolist()


def test_bh_reproduces_the_example_of_the_1995_paper() -> None:
    p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459]
    p += [0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0]
    # Benjamini & Hochberg (1995), section 4: 15 p-values, four rejected at 0.05.
    assert benjamini_hochberg(p).reject.sum() == 4


@given(p=p_values)
def test_bh_q_values_are_monotone_in_p_and_never_below_p(p: list[float]) -> None:
    fdr = benjamini_hochberg(p)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(fdr.q_value[order]) >= 0)
    assert np.all(fdr.q_value >= np.asarray(p))
    assert np.all(fdr.q_value <= 1)


@given(p=p_values, alpha=st.floats(min_value=0.001, max_value=0.5))
def test_the_rejected_tests_are_a_prefix_of_the_sorted_p_values(
    p: list[float], alpha: float
) -> None:
    reject = benjamini_hochberg(p, alpha=alpha).reject
    ordered = reject[np.argsort(p, kind="stable")]
    count = int(ordered.sum())
    assert ordered[:count].all() and not ordered[count:].any()
    if count:
        assert max(np.asarray(p)[reject]) <= min(np.asarray(p)[~reject], default=1)


@given(p=p_values, labels=st.lists(st.sampled_from("abc"), min_size=60, max_size=60))
def test_each_family_is_adjusted_on_its_own(p: list[float], labels: list[str]) -> None:
    families = np.array(labels[: len(p)])
    fdr = benjamini_hochberg(p, families=families)
    for label in set(families):
        alone = benjamini_hochberg(np.asarray(p)[families == label])
        np.testing.assert_array_equal(fdr.q_value[families == label], alone.q_value)


def test_bh_leaves_nan_p_values_out_of_the_family() -> None:
    fdr = benjamini_hochberg([0.01, np.nan, 0.04])
    np.testing.assert_allclose(fdr.q_value, [0.02, np.nan, 0.04])
    assert fdr.reject.tolist() == [True, False, True]


def test_bh_refuses_impossible_input() -> None:
    with pytest.raises(ValueError, match="each p-value must be between 0 and 1"):
        benjamini_hochberg([0.5, 1.5])
    with pytest.raises(ValueError, match="one-dimensional"):
        benjamini_hochberg([[0.5]])
    with pytest.raises(ValueError, match="families has shape"):
        benjamini_hochberg([0.5, 0.1], families=["a"])
    with pytest.raises(ValueError, match="alpha must be between 0 and 1"):
        benjamini_hochberg([0.5], alpha=0)


def test_bh_of_an_empty_family_is_empty() -> None:
    fdr = benjamini_hochberg([])
    assert fdr.q_value.shape == (0,) and fdr.reject.shape == (0,)


# Small counts


def test_counts_below_twenty_are_unstable() -> None:
    assert unstable([0, 1, 19, 20, 500]).tolist() == [True, True, True, False, False]
    assert unstable([9, 10], threshold=10).tolist() == [True, False]


def test_small_cells_are_counts_one_to_k() -> None:
    assert small_cell([0, 1, 9, 10]).tolist() == [False, True, True, False]
    assert small_cell([0, 1, 5, 6], k=5).tolist() == [False, True, True, False]
    with pytest.raises(ValueError, match="count must be a whole number"):
        small_cell([-3])


# Mantel-Haenszel


def test_mh_reproduces_statas_ir_example() -> None:
    # Stata [ST] epitab, `ir deaths smokes pyears, by(age)`: M-H combined
    # 1.424682, 95% interval 1.154703 1.757784 (Greenland-Robins variance).
    mh = mantel_haenszel_rate_ratio(*DOLL_HILL)
    assert float(mh.estimate) == pytest.approx(1.424682, abs=5e-7)
    assert float(mh.lower) == pytest.approx(1.154703, abs=5e-7)
    assert float(mh.upper) == pytest.approx(1.757784, abs=5e-7)
    assert float(mh.heterogeneity_df) == 4


def test_mh_heterogeneity_is_near_the_glm_pearson_chi_square() -> None:
    # The same statistic at the conditional MLE is the Pearson chi-square of a
    # binomial GLM with offset log(t1/t0); ours uses the MH estimate instead.
    a, t1, b, t0 = (np.asarray(x, dtype=float) for x in DOLL_HILL)
    fit = sm.GLM(
        np.column_stack([a, b]),
        np.ones((5, 1)),
        family=sm.families.Binomial(),
        offset=np.log(t1 / t0),
    ).fit()
    mh = mantel_haenszel_rate_ratio(a, t1, b, t0)
    assert float(mh.heterogeneity_chi2) == pytest.approx(fit.pearson_chi2, rel=1e-3)
    assert float(mh.heterogeneity_p) < 0.05


def test_strata_with_one_common_ratio_are_homogeneous() -> None:
    mh = mantel_haenszel_rate_ratio(
        [10, 40, 6], [100, 400, 60], [5, 20, 3], [100, 400, 60]
    )
    assert float(mh.estimate) == pytest.approx(2.0)
    assert float(mh.heterogeneity_chi2) == pytest.approx(0.0, abs=1e-12)
    assert float(mh.heterogeneity_p) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("k1", "t1", "k2", "t2"),
    [(30, 1000, 10, 1000), (7, 350.5, 19, 2210), (3, 10, 2, 5)],
)
def test_one_stratum_mh_is_the_crude_ratio_and_the_score_test(
    k1: int, t1: float, k2: int, t2: float
) -> None:
    mh = mantel_haenszel_rate_ratio([k1], [t1], [k2], [t2])
    assert float(mh.estimate) == pytest.approx(
        float(rate_ratio(k1, t1, k2, t2).estimate)
    )
    score = sm_rates.test_poisson_2indep(k1, t1, k2, t2, method="score").pvalue
    assert float(mh.p_value) == pytest.approx(score, rel=1e-9)
    assert np.isnan(mh.heterogeneity_p)


def test_simpsons_paradox_example_of_the_methods_doc() -> None:
    # docs/methods.md: force per 100 arrests in two districts.
    a, t1, b, t0 = [90, 4], [1000, 200], [20, 30], [200, 1000]
    pooled = rate_ratio(sum(a), sum(t1), sum(b), sum(t0))
    within = rate_ratio(a, t1, b, t0)
    mh = mantel_haenszel_rate_ratio(a, t1, b, t0)
    assert float(pooled.estimate) == pytest.approx(1.88)
    assert (float(pooled.lower), float(pooled.upper)) == pytest.approx(
        (1.32, 2.71), abs=0.005
    )
    np.testing.assert_allclose(within.estimate, [0.9, 2 / 3])
    assert float(mh.estimate) == pytest.approx(11 / 13)
    assert (float(mh.lower), float(mh.upper)) == pytest.approx((0.55, 1.31), abs=0.005)
    assert float(mh.heterogeneity_p) == pytest.approx(0.61, abs=0.005)


strata = st.lists(
    st.tuples(positive_counts, exposures, positive_counts, exposures),
    min_size=1,
    max_size=12,
)


@given(rows=strata)
def test_mh_lies_between_the_smallest_and_largest_stratum_ratios(
    rows: list[tuple[int, float, int, float]],
) -> None:
    a, t1, b, t0 = np.array(rows, dtype=float).T
    mh = mantel_haenszel_rate_ratio(a, t1, b, t0)
    ratios = (a / t1) / (b / t0)
    assert ratios.min() * (1 - 1e-9) <= mh.estimate <= ratios.max() * (1 + 1e-9)
    assert mh.lower <= mh.estimate <= mh.upper
    assert 0 <= mh.p_value <= 1


@given(rows=strata)
def test_mh_over_a_table_equals_mh_row_by_row(
    rows: list[tuple[int, float, int, float]],
) -> None:
    a, t1, b, t0 = np.array(rows, dtype=float).T
    table = mantel_haenszel_rate_ratio(
        np.stack([a, b]), np.stack([t1, t0]), np.stack([b, a]), np.stack([t0, t1])
    )
    one = mantel_haenszel_rate_ratio(a, t1, b, t0)
    other = mantel_haenszel_rate_ratio(b, t0, a, t1)
    np.testing.assert_allclose(table.estimate, [one.estimate, other.estimate])
    np.testing.assert_allclose(table.upper, [one.upper, other.upper])
    np.testing.assert_allclose(table.estimate[0] * table.estimate[1], 1.0)


def test_a_stratum_with_zero_exposure_and_no_events_is_ignored() -> None:
    a, t1, b, t0 = DOLL_HILL
    with_empty = mantel_haenszel_rate_ratio(a + [0], t1 + [0], b + [4], t0 + [50])
    plain = mantel_haenszel_rate_ratio(*DOLL_HILL)
    for got, expected in zip(with_empty, plain, strict=True):
        np.testing.assert_allclose(got, expected)


def test_mh_refuses_events_over_zero_exposure_and_a_single_number() -> None:
    with pytest.raises(ValueError, match="count1 must be 0 where exposure1 is 0"):
        mantel_haenszel_rate_ratio([3, 1], [0, 10], [1, 1], [10, 10])
    with pytest.raises(ValueError, match="one value per stratum"):
        mantel_haenszel_rate_ratio(3, 10, 1, 10)
    with pytest.raises(ValueError, match="exposure2 must be finite and >= 0"):
        mantel_haenszel_rate_ratio([3], [10], [1], [-1])


def test_mh_with_no_events_in_one_group_has_an_open_interval() -> None:
    mh = mantel_haenszel_rate_ratio([0, 0], [10, 20], [3, 4], [10, 20])
    assert float(mh.estimate) == 0 and float(mh.lower) == 0
    assert float(mh.upper) == np.inf and np.isnan(mh.heterogeneity_p)
    none = mantel_haenszel_rate_ratio([0], [10], [0], [10])
    assert np.isnan(none.estimate) and np.isnan(none.p_value)


# Bootstrap


def test_the_bootstrap_of_a_mean_agrees_with_normal_theory() -> None:
    x = np.random.default_rng(7).normal(10, 2, size=400)
    result = bootstrap_ci(lambda s: s.mean(axis=1), x, n_resamples=4000, seed=3)
    half = 1.96 * x.std(ddof=1) / math.sqrt(x.size)
    assert float(result.estimate) == pytest.approx(x.mean())
    assert float(result.lower) == pytest.approx(x.mean() - half, abs=0.03)
    assert float(result.upper) == pytest.approx(x.mean() + half, abs=0.03)
    assert result.replicates.shape == (4000,)


def test_the_bootstrap_is_seeded_and_independent_of_the_batch_size() -> None:
    x = np.arange(37.0)
    results = [
        bootstrap_ci(lambda s: s.mean(axis=1), x, n_resamples=300, seed=5, batch_size=n)
        for n in (None, 7, 300)
    ]
    for other in results[1:]:
        np.testing.assert_array_equal(other.replicates, results[0].replicates)
    again = bootstrap_ci(
        lambda s: s.mean(axis=1), x, n_resamples=300, seed=np.random.default_rng(5)
    )
    np.testing.assert_array_equal(again.replicates, results[0].replicates)


def test_the_bootstrap_resamples_whole_units_and_several_statistics() -> None:
    # One row per officer: (model hits, baseline hits); the paired ratio and
    # both totals come from the same resampled officers.
    rng = np.random.default_rng(0)
    units = np.column_stack([rng.poisson(1.3, 300), rng.poisson(1.0, 300)])

    def totals_and_ratio(sample: np.ndarray) -> np.ndarray:
        model, baseline = sample[..., 0].sum(axis=1), sample[..., 1].sum(axis=1)
        return np.column_stack([model, baseline, model / baseline])

    result = bootstrap_ci(totals_and_ratio, units, n_resamples=500, seed=1)
    assert result.estimate.tolist()[:2] == units.sum(axis=0).tolist()
    assert result.replicates.shape == (500, 3)
    assert np.all(result.lower <= result.upper)
    model, baseline = result.replicates[:, 0], result.replicates[:, 1]
    np.testing.assert_allclose(result.replicates[:, 2], model / baseline)


def test_the_bootstrap_refuses_empty_data_and_no_resamples() -> None:
    with pytest.raises(ValueError, match="at least one unit"):
        bootstrap_ci(lambda s: s.mean(axis=1), [])
    with pytest.raises(ValueError, match="n_resamples must be >= 1"):
        bootstrap_ci(lambda s: s.mean(axis=1), [1.0], n_resamples=0)


def test_every_public_function_is_in_the_methods_doc() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "methods.md").read_text()
    functions = [name for name in stats.__all__ if name[0].islower()]
    assert functions and [f for f in functions if f"`{f}`" not in doc] == []
