"""Shares of units with exact (Clopper-Pearson) intervals and exact binomial tests.

Used where a table reports a proportion rather than a rate: the share of
applications above the resistance they answered, the share of an officer's
engagements with race not recorded. Vectorised over numpy arrays.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import stats as sps

from forcewatch.analysis.stats import Interval

Floats = npt.NDArray[np.float64]


def proportion_ci(
    count: npt.ArrayLike, total: npt.ArrayLike, *, confidence: float = 0.95
) -> Interval:
    """Share ``count / total`` with the Clopper-Pearson (1934) exact interval.

    A total of 0 gives nan for the share and both limits.

    Examples
    --------
    >>> ci = proportion_ci([0, 5], [10, 10])
    >>> ci.estimate.tolist(), ci.lower.round(3).tolist(), ci.upper.round(3).tolist()
    ([0.0, 0.5], [0.0, 0.187], [0.308, 0.813])
    """
    k, n = np.broadcast_arrays(
        np.asarray(count, dtype=np.float64), np.asarray(total, dtype=np.float64)
    )
    alpha = 1.0 - confidence
    some = n > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(some, k / np.where(some, n, 1.0), np.nan)
    lower = np.where(k > 0, sps.beta.ppf(alpha / 2, np.maximum(k, 1), n - k + 1), 0.0)
    upper = np.where(
        k < n, sps.beta.ppf(1 - alpha / 2, k + 1, np.maximum(n - k, 1)), 1.0
    )
    nan = np.full(share.shape, np.nan)
    return Interval(
        np.asarray(share, dtype=np.float64),
        np.asarray(np.where(some, lower, nan), dtype=np.float64),
        np.asarray(np.where(some, upper, nan), dtype=np.float64),
    )


def binomial_p(
    count: npt.ArrayLike, total: npt.ArrayLike, expected: npt.ArrayLike
) -> Floats:
    """Two-sided exact binomial test of ``count`` out of ``total`` against a share.

    Central: twice the smaller tail, capped at 1 (the test the Clopper-Pearson
    interval inverts). nan where the total is 0 or the expected share is 0 or 1.

    Examples
    --------
    >>> binomial_p([5, 9], [10, 10], 0.5).round(4).tolist()
    [1.0, 0.0215]
    """
    k, n, p0 = np.broadcast_arrays(
        np.asarray(count, dtype=np.float64),
        np.asarray(total, dtype=np.float64),
        np.asarray(expected, dtype=np.float64),
    )
    tails = np.minimum(sps.binom.cdf(k, n, p0), sps.binom.sf(k - 1, n, p0))
    testable = (n > 0) & (p0 > 0) & (p0 < 1)
    return np.asarray(
        np.where(testable, np.minimum(1.0, 2.0 * tails), np.nan), dtype=np.float64
    )
