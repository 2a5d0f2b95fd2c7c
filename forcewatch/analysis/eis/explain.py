"""Why a model flagged an officer: the features that raised the score, vs peers.

For each flagged officer and each feature, the feature is set to the median of
the officer's peers (the same unit at the same date when it has at least
`MIN_PEERS` officers, else everyone at that date) and the score recomputed;
the features whose replacement lowers the score most are the explanation,
each shown with the officer's value and the peers' median. Model-agnostic, so
the logistic regression and the trees explain themselves the same way.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

from forcewatch.analysis.eis.features import LABELS

MIN_PEERS = 20
TOP = 3


def peer_medians(
    x: npt.NDArray[np.float64], units: npt.NDArray[Any]
) -> npt.NDArray[np.float64]:
    """Per row, the column medians of its unit (of every row if the unit is small)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column
        overall = np.nanmedian(x, axis=0) if len(x) else np.zeros(x.shape[1])
        medians = np.tile(overall, (len(x), 1))
        for unit in np.unique(units):
            rows = units == unit
            if unit and rows.sum() >= MIN_PEERS:
                medians[rows] = np.nanmedian(x[rows], axis=0)
    return np.where(np.isnan(medians), overall, medians)


def explain_scores(
    model: Any,
    names: tuple[str, ...],
    x: npt.NDArray[np.float64],
    medians: npt.NDArray[np.float64],
    top: int = TOP,
) -> list[str]:
    """One explanation per row of x: its top features, value vs peers' median."""
    n, m = x.shape
    if n == 0:
        return []
    # every (row, feature) variant in one call: row i with feature j at the median
    variants = np.repeat(x[:, np.newaxis, :], m, axis=1)
    columns = np.arange(m)
    variants[:, columns, columns] = medians
    scores = model.predict_proba(np.vstack([x, variants.reshape(n * m, m)]))[:, 1]
    drops = scores[:n, np.newaxis] - scores[n:].reshape(n, m)
    texts = []
    for i in range(len(x)):
        order = [j for j in np.argsort(-drops[i]) if drops[i, j] > 0][:top]
        parts = [
            f"{LABELS.get(names[j], names[j])}: {_fmt(x[i, j])} "
            f"(peers {_fmt(medians[i, j])})"
            for j in order
        ]
        texts.append("; ".join(parts) or "no single feature stands out from peers")
    return texts


def _fmt(value: float) -> str:
    if np.isnan(value):
        return "unknown"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
