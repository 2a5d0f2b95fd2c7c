"""Flags at a budget, and the accuracy of a list of flags (pure numpy).

Scores are compared at the same number of flags. When officers tie at the
cut-off score, the remaining flags are shared among them: each tied officer
counts as a fraction of a flag, which is the expected result of breaking the
tie at random (a threshold rule ties a lot: many officers have 2 of 3).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]


def top_k(scores: npt.ArrayLike, k: float) -> Floats:
    """Flag weights (0..1) of the k highest scores, ties at the cut-off shared.

    >>> top_k([0.9, 0.5, 0.5, 0.1], 2).tolist()
    [1.0, 0.5, 0.5, 0.0]
    """
    s = np.asarray(scores, dtype="float64")
    n = s.size
    k = float(min(max(k, 0.0), n))
    flags = np.zeros(n)
    if k == 0 or n == 0:
        return flags
    order = np.sort(s)[::-1]
    cut = order[int(np.ceil(k)) - 1]
    above = s > cut
    tied = s == cut
    flags[above] = 1.0
    flags[tied] = (k - above.sum()) / tied.sum()
    return flags


def confusion(flags: npt.ArrayLike, y: npt.ArrayLike) -> dict[str, float]:
    """Expected true/false positives and negatives of (fractional) flags."""
    f = np.asarray(flags, dtype="float64")
    t = np.asarray(y, dtype="float64")
    tp, fp = float((f * t).sum()), float((f * (1 - t)).sum())
    pos, neg = float(t.sum()), float((1 - t).sum())
    return {
        "flags": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": pos - tp,
        "tn": neg - fp,
        "positives": pos,
        "negatives": neg,
    }


def rates(c: dict[str, float]) -> dict[str, float]:
    """precision@k, recall@k and false positive rate of a confusion count."""
    return {
        "precision": _ratio(c["tp"], c["flags"]),
        "recall": _ratio(c["tp"], c["positives"]),
        "fpr": _ratio(c["fp"], c["negatives"]),
    }


def average_precision(y: npt.ArrayLike, scores: npt.ArrayLike) -> float:
    """Average precision, ties as one threshold (as sklearn's average_precision_score).

    AP = sum over distinct score thresholds of (R_n - R_{n-1}) P_n.

    >>> average_precision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])
    0.8333333333333333
    """
    t = np.asarray(y, dtype="float64")
    s = np.asarray(scores, dtype="float64")
    if t.sum() == 0:
        return float("nan")
    order = np.argsort(-s, kind="mergesort")
    s, t = s[order], t[order]
    last = np.r_[np.diff(s) != 0, True]  # the last row of each tied score
    tp = np.cumsum(t)[last]
    seen = np.arange(1, s.size + 1)[last]
    precision = tp / seen
    recall = tp / t.sum()
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def summarise(flags: npt.ArrayLike, y: npt.ArrayLike) -> dict[str, Any]:
    c = confusion(flags, y)
    return {**c, **rates(c)}
