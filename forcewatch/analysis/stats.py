"""Statistics for the disparity tables and the early-intervention evaluation.

Pure functions over numpy arrays and plain numbers (no Django, no Ibis). Array
arguments broadcast against each other, so one call computes a whole table. Every
function checks its input and raises ``ValueError`` with the offending value.

Formulas, when each is used and their caveats: ``docs/methods.md``, "Statistics".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import stats as sps

__all__ = [
    "SMALL_CELL_MAX",
    "UNSTABLE_BELOW",
    "Bootstrap",
    "FDR",
    "Interval",
    "PooledRateRatio",
    "RateRatio",
    "benjamini_hochberg",
    "bootstrap_ci",
    "mantel_haenszel_rate_ratio",
    "poisson_ci",
    "poisson_rate_ci",
    "rate_ratio",
    "small_cell",
    "unstable",
]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

UNSTABLE_BELOW = 20
"""Counts below this are flagged unstable (CDC WISQARS: a rate on < 20 events)."""
SMALL_CELL_MAX = 9
"""Counts 1 to this are primary small cells (CDC WONDER suppresses 1-9)."""


class Interval(NamedTuple):
    estimate: Floats
    lower: Floats
    upper: Floats


class RateRatio(NamedTuple):
    estimate: Floats
    lower: Floats
    upper: Floats
    p_value: Floats


class FDR(NamedTuple):
    q_value: Floats
    reject: Bools


class PooledRateRatio(NamedTuple):
    estimate: Floats
    lower: Floats
    upper: Floats
    p_value: Floats
    heterogeneity_chi2: Floats
    heterogeneity_df: Floats
    heterogeneity_p: Floats


class Bootstrap(NamedTuple):
    estimate: Floats
    lower: Floats
    upper: Floats
    replicates: Floats


def _floats(values: Any) -> Floats:
    return np.asarray(values, dtype=np.float64)


def _reject(name: str, rule: str, array: Floats, bad: Bools) -> None:
    if bad.any():
        raise ValueError(f"{name} must be {rule}; got {array[bad].flat[0]!r}")


def _counts(values: npt.ArrayLike, name: str) -> Floats:
    array = _floats(values)
    finite = np.isfinite(array)
    bad = ~finite | (array < 0) | (finite & (array != np.floor(array)))
    _reject(name, "a whole number >= 0 (a count of events)", array, bad)
    return array


def _exposures(values: npt.ArrayLike, name: str, *, zero_ok: bool = False) -> Floats:
    array = _floats(values)
    bad = ~np.isfinite(array) | (array < 0) | ((array == 0) & (not zero_ok))
    rule = "finite and > 0 (a rate over zero exposure is undefined)"
    _reject(name, "finite and >= 0" if zero_ok else rule, array, bad)
    return array


def _alpha(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1; got {confidence!r}")
    return 1.0 - confidence


def _odds(p: Floats) -> Floats:
    with np.errstate(divide="ignore"):
        return p / (1.0 - p)


def poisson_ci(count: npt.ArrayLike, *, confidence: float = 0.95) -> Interval:
    """Exact (Garwood) confidence interval for a Poisson count.

    Lower limit ``Gamma(k).ppf(alpha/2)`` (0 when k = 0), upper limit
    ``Gamma(k + 1).ppf(1 - alpha/2)``; the same as chi-square quantiles
    ``chi2(2k).ppf(alpha/2) / 2`` and ``chi2(2k + 2).ppf(1 - alpha/2) / 2``.
    Garwood, F. (1936), Biometrika 28:437-442. Each tail has at most alpha/2, so
    coverage is at least the nominal level (conservative).

    Examples
    --------
    >>> ci = poisson_ci([0, 10])
    >>> ci.lower.round(3).tolist(), ci.upper.round(3).tolist()
    ([0.0, 4.795], [3.689, 18.39])
    """
    k = _counts(count, "count")
    alpha = _alpha(confidence)
    lower = np.where(k > 0, sps.gamma.ppf(alpha / 2, np.maximum(k, 1.0)), 0.0)
    upper = sps.gamma.ppf(1 - alpha / 2, k + 1.0)
    return Interval(k, _floats(lower), _floats(upper))


def poisson_rate_ci(
    count: npt.ArrayLike,
    exposure: npt.ArrayLike,
    *,
    confidence: float = 0.95,
    per: float = 1.0,
) -> Interval:
    """Rate ``count / exposure * per`` with the exact (Garwood) interval.

    ``exposure`` is the named denominator: person-years, residents, calls for
    service, stops, arrests... It must be positive: a rate over zero exposure is
    undefined, and a ``ValueError`` says so. The exposure is taken as known
    without error. Garwood, F. (1936), Biometrika 28:437-442.

    Examples
    --------
    >>> ci = poisson_rate_ci(10, 5000, per=1000)
    >>> [round(float(x), 3) for x in ci]
    [2.0, 0.959, 3.678]
    """
    if not (np.isfinite(per) and per > 0):
        raise ValueError(f"per must be a positive number; got {per!r}")
    k, t = np.broadcast_arrays(
        _counts(count, "count"), _exposures(exposure, "exposure")
    )
    ci = poisson_ci(k, confidence=confidence)
    scale = per / t
    return Interval(*(_floats(part * scale) for part in ci))


def rate_ratio(
    count1: npt.ArrayLike,
    exposure1: npt.ArrayLike,
    count2: npt.ArrayLike,
    exposure2: npt.ArrayLike,
    *,
    confidence: float = 0.95,
) -> RateRatio:
    """Ratio of two Poisson rates, ``(k1 / t1) / (k2 / t2)``, with exact inference.

    Conditional on the total ``n = k1 + k2``, ``k1`` is binomial with
    ``pi = t1 RR / (t1 RR + t2)`` (Przyborowski & Wilenski 1940, Biometrika
    31:313-323). The interval is the Clopper-Pearson interval for ``pi``
    (Clopper & Pearson 1934, Biometrika 26:404-413) mapped to
    ``RR = pi / (1 - pi) * t2 / t1``. The two-sided p-value for RR = 1 is the
    central exact test, twice the smaller binomial tail, capped at 1: the test
    the interval inverts, so ``p < 1 - confidence`` exactly when the interval
    excludes 1 (Fay 2010, The R Journal 2(1):53-58).

    Zero counts: ``k1 = 0`` gives estimate 0, lower 0 and a finite upper bound;
    ``k2 = 0`` gives estimate inf, a finite lower bound and upper inf; both zero
    give estimate nan, interval [0, inf] and p-value 1. Exposures must be > 0.

    Examples
    --------
    >>> rr = rate_ratio([3, 30], [1000, 1000], [1, 10], [1000, 1000])
    >>> rr.estimate.tolist(), rr.lower.round(3).tolist(), rr.upper.round(2).tolist()
    ([3.0, 3.0], [0.241, 1.427], [157.49, 6.88])
    >>> rr.p_value.round(4).tolist()
    [0.625, 0.0022]
    """
    alpha = _alpha(confidence)
    k1, t1, k2, t2 = np.broadcast_arrays(
        _counts(count1, "count1"),
        _exposures(exposure1, "exposure1"),
        _counts(count2, "count2"),
        _exposures(exposure2, "exposure2"),
    )
    n = k1 + k2
    scale = t2 / t1
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = k1 / k2 * scale
    low = np.where(k1 > 0, sps.beta.ppf(alpha / 2, np.maximum(k1, 1), k2 + 1), 0.0)
    high = np.where(k2 > 0, sps.beta.ppf(1 - alpha / 2, k1 + 1, np.maximum(k2, 1)), 1.0)
    null = t1 / (t1 + t2)
    tails = np.minimum(sps.binom.cdf(k1, n, null), sps.binom.sf(k1 - 1, n, null))
    return RateRatio(
        _floats(estimate),
        _floats(_odds(_floats(low)) * scale),
        _floats(_odds(_floats(high)) * scale),
        _floats(np.minimum(1.0, 2.0 * tails)),
    )


def benjamini_hochberg(
    p_values: npt.ArrayLike,
    *,
    alpha: float = 0.05,
    families: npt.ArrayLike | None = None,
) -> FDR:
    """Benjamini-Hochberg adjusted p-values (q-values) and decisions.

    ``q_(i) = min over j >= i of min(1, p_(j) m / j)`` for the sorted p-values of
    a family of ``m`` tests; a test is rejected when ``q <= alpha``, which keeps
    the expected false discovery rate at most ``alpha`` for independent or
    positively dependent tests (Benjamini & Hochberg 1995, JRSS B 57:289-300).
    q-values are monotone in p and never below p; the rejected tests are the
    smallest p-values of their family.

    ``families`` (one sortable label per p-value) makes each label its own
    family, adjusted separately. ``nan`` p-values (no test possible) are left
    out of their family: q is nan and the test is not rejected.

    Examples
    --------
    >>> fdr = benjamini_hochberg([0.01, 0.04, 0.03, 0.2])
    >>> fdr.q_value.round(3).tolist(), fdr.reject.tolist()
    ([0.04, 0.053, 0.053, 0.2], [True, False, False, False])
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1; got {alpha!r}")
    p = _floats(p_values)
    if p.ndim != 1:
        raise ValueError(f"p_values must be one-dimensional; got shape {p.shape}")
    _reject("each p-value", "between 0 and 1 (or nan)", p, (p < 0) | (p > 1))
    labels = np.zeros(p.shape, dtype=np.int64)
    if families is not None:
        raw = np.asarray(families)
        if raw.shape != p.shape:
            raise ValueError(f"families has shape {raw.shape}, p_values {p.shape}")
        labels = np.unique(raw, return_inverse=True)[1].reshape(p.shape)
    keep = np.flatnonzero(~np.isnan(p))
    order = keep[np.lexsort((p[keep], labels[keep]))]
    edges = np.flatnonzero(np.diff(labels[order])) + 1
    q = np.full(p.shape, np.nan)
    for index in np.split(order, edges):
        ranked = p[index] / (np.arange(1, index.size + 1) / index.size)
        q[index] = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    return FDR(q, np.asarray(q <= alpha, dtype=np.bool_))


def unstable(count: npt.ArrayLike, *, threshold: int = UNSTABLE_BELOW) -> Bools:
    """True where a count is below ``threshold`` (default 20): its rate is unstable.

    The relative standard error of a Poisson count k is 1/sqrt(k), above 22% for
    k < 20; CDC WISQARS flags such rates. Zero counts are flagged too.

    Examples
    --------
    >>> unstable([0, 5, 19, 20]).tolist()
    [True, True, True, False]
    """
    return np.asarray(_counts(count, "count") < threshold, dtype=np.bool_)


def small_cell(count: npt.ArrayLike, *, k: int = SMALL_CELL_MAX) -> Bools:
    """True where a count is between 1 and ``k`` (default 9): a primary small cell.

    Primary suppression only (CDC WONDER suppresses 1-9; zeros are shown).
    Complementary suppression, so that suppressed cells cannot be recovered from
    margins, is the release step's job.

    Examples
    --------
    >>> small_cell([0, 1, 9, 10]).tolist()
    [False, True, True, False]
    """
    counts = _counts(count, "count")
    return np.asarray((counts >= 1) & (counts <= k), dtype=np.bool_)


def mantel_haenszel_rate_ratio(
    count1: npt.ArrayLike,
    exposure1: npt.ArrayLike,
    count2: npt.ArrayLike,
    exposure2: npt.ArrayLike,
    *,
    confidence: float = 0.95,
) -> PooledRateRatio:
    """Mantel-Haenszel rate ratio pooled over strata (the last axis).

    With stratum counts ``a, b`` over exposures ``t1, t0`` and ``T = t1 + t0``:
    ``RR = sum(a t0 / T) / sum(b t1 / T)``, a weighted mean of the stratum
    ratios. The log-scale variance is Greenland & Robins (1985, Biometrics
    41:55-68): ``sum((a + b) t1 t0 / T^2) / (sum(a t0 / T) sum(b t1 / T))``,
    valid for many sparse strata as well as few large ones.

    ``p_value`` is the Mantel-Haenszel chi-square (1 df, no continuity
    correction) for RR = 1. ``heterogeneity_*`` is a Pearson chi-square of the
    stratum counts ``a`` against their conditional binomial expectation under
    the pooled RR, with (informative strata - 1) df (after Breslow & Day 1987,
    Statistical Methods in Cancer Research II, IARC 82); a small p says one
    pooled ratio misdescribes the strata. It is nan where it cannot be computed.

    A stratum with zero exposure in a group carries no information and is
    allowed if that group's count is also zero. When either sum is zero the
    estimate is 0, inf or nan and the interval is [0, inf].

    Examples
    --------
    >>> mh = mantel_haenszel_rate_ratio([90, 4], [1000, 200], [20, 30], [200, 1000])
    >>> round(float(mh.estimate), 3), round(float(mh.heterogeneity_p), 2)
    (0.846, 0.61)
    """
    alpha = _alpha(confidence)
    a, t1, b, t0 = np.broadcast_arrays(
        _counts(count1, "count1"),
        _exposures(exposure1, "exposure1", zero_ok=True),
        _counts(count2, "count2"),
        _exposures(exposure2, "exposure2", zero_ok=True),
    )
    if a.ndim == 0:
        raise ValueError("give one value per stratum (an array, strata last)")
    _reject("count1", "0 where exposure1 is 0", a, (a > 0) & (t1 == 0))
    _reject("count2", "0 where exposure2 is 0", b, (b > 0) & (t0 == 0))
    total = t1 + t0
    inverse = np.divide(1.0, total, out=np.zeros_like(total), where=total > 0)
    r = (a * t0 * inverse).sum(axis=-1)
    s = (b * t1 * inverse).sum(axis=-1)
    m = a + b
    both = (r > 0) & (s > 0)
    z = float(sps.norm.ppf(1 - alpha / 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = r / s
        log_se = np.sqrt((m * t1 * t0 * inverse**2).sum(axis=-1) / (r * s))
        lower = np.where(both, estimate * np.exp(-z * log_se), 0.0)
        upper = np.where(both, estimate * np.exp(z * log_se), np.inf)
    chi2, df, het_p = _heterogeneity(a, m, t1, t0, np.where(both, estimate, 1.0))
    return PooledRateRatio(
        _floats(estimate),
        _floats(lower),
        _floats(upper),
        _mh_test(a, m, t1, t0, inverse),
        np.where(both, chi2, np.nan),
        df,
        np.where(both, het_p, np.nan),
    )


def _mh_test(a: Floats, m: Floats, t1: Floats, t0: Floats, inverse: Floats) -> Floats:
    expected = (m * t1 * inverse).sum(axis=-1)
    variance = (m * t1 * t0 * inverse**2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = (a.sum(axis=-1) - expected) ** 2 / variance
    return _floats(np.where(variance > 0, sps.chi2.sf(chi2, 1), np.nan))


def _heterogeneity(
    a: Floats, m: Floats, t1: Floats, t0: Floats, ratio: Floats
) -> tuple[Floats, Floats, Floats]:
    informative = (m > 0) & (t1 > 0) & (t0 > 0)
    weighted = np.asarray(ratio)[..., np.newaxis] * t1
    share = np.divide(weighted, weighted + t0, out=np.zeros_like(t1), where=informative)
    variance = m * share * (1 - share)
    terms = np.divide(
        (a - m * share) ** 2, variance, out=np.zeros_like(t1), where=informative
    )
    chi2 = terms.sum(axis=-1)
    df = informative.sum(axis=-1) - 1.0
    p = np.where(df >= 1, sps.chi2.sf(chi2, np.maximum(df, 1)), np.nan)
    return _floats(np.where(df >= 1, chi2, np.nan)), _floats(df), _floats(p)


def bootstrap_ci(
    statistic: Callable[[npt.NDArray[Any]], npt.ArrayLike],
    data: npt.ArrayLike,
    *,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int | np.random.Generator = 0,
    batch_size: int | None = None,
) -> Bootstrap:
    """Percentile bootstrap interval for a statistic over resampled units.

    ``data`` has one row per unit (axis 0: officers, say), resampled with
    replacement (Efron & Tibshirani 1993, An Introduction to the Bootstrap,
    ch. 13). ``statistic`` is vectorised: it receives a stack of resamples of
    shape ``(b, n, ...)`` and returns shape ``(b,)``, or ``(b, s)`` for several
    statistics at once. Put what a comparison needs in columns of the same row
    (a model's and a baseline's hits for the same officer) so both are resampled
    together. Units are the rows: aggregate repeated rows of one unit first.

    Seeded (``numpy.random.Generator``) and reproducible; the batch size, which
    only bounds memory, does not change the result. A statistic that is nan on
    some resample gives a nan bound.

    Examples
    --------
    >>> x = np.arange(10.0)
    >>> result = bootstrap_ci(lambda s: s.mean(axis=1), x, n_resamples=500, seed=1)
    >>> float(result.estimate), bool(result.lower < 4.5 < result.upper)
    (4.5, True)
    """
    alpha = _alpha(confidence)
    units = np.asarray(data)
    if units.ndim == 0 or units.shape[0] == 0:
        raise ValueError("data must have at least one unit (row)")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be >= 1; got {n_resamples!r}")
    n = units.shape[0]
    rng = np.random.default_rng(seed)
    per_batch = batch_size or max(1, 4_000_000 // max(units.size, 1))
    estimate = _floats(statistic(units[np.newaxis]))[0]
    batches = []
    for start in range(0, n_resamples, per_batch):
        size = min(per_batch, n_resamples - start)
        batches.append(_floats(statistic(units[rng.integers(0, n, size=(size, n))])))
    replicates = np.concatenate(batches)
    lower, upper = np.quantile(replicates, [alpha / 2, 1 - alpha / 2], axis=0)
    return Bootstrap(estimate, _floats(lower), _floats(upper), replicates)
