"""Rolling temporal evaluation: the learned models against the threshold baseline.

For each test date T (1 January of each test year): the baseline flags the
officers whose counts before T trip a rule; each model is trained on the
officer-years of earlier dates (from the first training year) and scores the
officers of T. Both are then compared at the same number of flags: the
baseline's own k at T, and 1%, 5% and 10% of the officers at T. The test
labels are what eventually happened (every finding in the snapshot); the
training labels are either those known at T (deployable) or all of them
(retrospective).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from forcewatch.analysis.eis.baseline import explain_rules, rule_flags, rule_score
from forcewatch.analysis.eis.config import Thresholds
from forcewatch.analysis.eis.dataset import OfficerYears
from forcewatch.analysis.eis.explain import explain_scores, peer_medians
from forcewatch.analysis.eis.labels import DEFAULT_LABEL
from forcewatch.analysis.eis.metrics import average_precision, top_k
from forcewatch.analysis.eis.models import MODELS, fit_predict, one_thread

SETTINGS = ("deployable", "retrospective")
BASELINE = "threshold"


@dataclass(frozen=True)
class Plan:
    first_train_year: int = 2007
    first_test_year: int = 2012
    last_test_year: int = 2017
    horizon_days: int = 365
    budgets: tuple[float, ...] = (0.01, 0.05, 0.10)
    models: tuple[str, ...] = tuple(MODELS)
    n_resamples: int = 2000
    seed: int = 0
    label: str = DEFAULT_LABEL  # an id of labels.yaml

    def __post_init__(self) -> None:
        if not self.first_train_year < self.first_test_year <= self.last_test_year:
            raise ValueError(
                "years must be first train < first test <= last test; got "
                f"{self.first_train_year}, {self.first_test_year}, "
                f"{self.last_test_year}"
            )
        if not self.models:
            raise ValueError("name at least one model")

    def splits(self) -> list[dt.date]:
        years = range(self.first_train_year, self.last_test_year + 1)
        return [dt.date(y, 1, 1) for y in years]

    def test_splits(self) -> list[dt.date]:
        years = range(self.first_test_year, self.last_test_year + 1)
        return [dt.date(y, 1, 1) for y in years]

    def budget_names(self) -> list[str]:
        return ["baseline_k", *(f"{b:.0%}" for b in self.budgets)]


@dataclass
class Scored:
    """Test rows of every split with each method's scores and flags per budget."""

    rows: npt.NDArray[np.int64]  # indexes into the OfficerYears
    y: npt.NDArray[np.int64]
    scores: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    flags: dict[tuple[str, str], npt.NDArray[np.float64]] = field(default_factory=dict)
    explanations: list[dict[str, Any]] = field(default_factory=list)
    coefficients: list[dict[str, Any]] = field(default_factory=list)
    training: list[dict[str, Any]] = field(default_factory=list)


def methods(plan: Plan) -> list[str]:
    """The baseline, then every model in every setting: 'deployable/logistic'."""
    return [BASELINE, *(f"{s}/{m}" for s in SETTINGS for m in plan.models)]


def score_splits(data: OfficerYears, thresholds: Thresholds, plan: Plan) -> Scored:
    """Train and score every test split; flags of every method at every budget."""
    rules = thresholds.rules
    parts: list[Scored] = []
    for split in plan.test_splits():
        parts.append(_score_split(data, rules, plan, split))
    out = Scored(
        rows=np.concatenate([p.rows for p in parts]),
        y=np.concatenate([p.y for p in parts]),
    )
    for key in parts[0].scores:
        out.scores[key] = np.concatenate([p.scores[key] for p in parts])
    for fkey in parts[0].flags:
        out.flags[fkey] = np.concatenate([p.flags[fkey] for p in parts])
    for p in parts:
        out.explanations += p.explanations
        out.coefficients += p.coefficients
        out.training += p.training
    return out


def _score_split(data: OfficerYears, rules: Any, plan: Plan, split: dt.date) -> Scored:
    when = np.datetime64(split, "D")
    test = np.flatnonzero(data.split == when)
    if test.size == 0:
        raise ValueError(
            f"no officer had force or a complaint in the year before {split}"
        )
    train = np.flatnonzero(
        (data.split < when) & (data.split >= np.datetime64(plan.splits()[0], "D"))
    )
    scored = Scored(rows=test, y=data.label(test))
    budgets = _score_baseline(scored, data, rules, plan, split)
    medians: dict[tuple[str, ...], Any] = {}
    for setting in SETTINGS:
        y_train = data.label(train, split if setting == "deployable" else None)
        scored.training.append(_training_row(split, setting, train, y_train, data))
        for name in plan.models:
            spec = MODELS[name]
            x_test = data.matrix(spec.features, test)
            if spec.features not in medians:
                medians[spec.features] = peer_medians(x_test, data.unit[test])
            x_train = data.matrix(spec.features, train)
            scores, model = fit_predict(spec, x_train, y_train, x_test)
            key = f"{setting}/{name}"
            scored.scores[key] = scores
            for budget, k in budgets.items():
                scored.flags[(key, budget)] = top_k(scores, k)
            _explain_model(scored, data, split, key, model, x_test, medians)
    return scored


def _score_baseline(
    scored: Scored, data: OfficerYears, rules: Any, plan: Plan, split: dt.date
) -> dict[str, float]:
    """The rules' flags and score at one split; the flag budgets that follow."""
    counts = {r: c[scored.rows] for r, c in data.counts.items()}
    own = rule_flags(counts, rules).astype("float64")
    scored.scores[BASELINE] = rule_score(counts, rules)
    n = scored.rows.size
    budgets = {"baseline_k": float(own.sum())}
    budgets.update({f"{b:.0%}": float(round(b * n)) for b in plan.budgets})
    scored.flags[(BASELINE, "baseline_k")] = own
    for name, k in list(budgets.items())[1:]:
        scored.flags[(BASELINE, name)] = top_k(scored.scores[BASELINE], k)
    for i in np.flatnonzero(own > 0):
        row = scored.rows[i]
        text = explain_rules({r: int(c[row]) for r, c in data.counts.items()}, rules)
        score = float(scored.scores[BASELINE][i])
        scored.explanations.append(
            _flag_row(split, BASELINE, data, row, score, 1.0, text)
        )
    return budgets


def _explain_model(
    scored: Scored,
    data: OfficerYears,
    split: dt.date,
    key: str,
    model: Any,
    x_test: Any,
    medians: dict[tuple[str, ...], Any],
) -> None:
    """Explanations of the model's flags at the baseline's k; its coefficients."""
    spec = MODELS[key.split("/")[1]]
    weights = scored.flags[(key, "baseline_k")]
    flagged = np.flatnonzero(weights > 0)
    peers = medians[spec.features][flagged]
    with one_thread():
        texts = explain_scores(model, spec.features, x_test[flagged], peers)
    for i, text in zip(flagged, texts, strict=True):
        score = float(scored.scores[key][i])
        scored.explanations.append(
            _flag_row(split, key, data, scored.rows[i], score, weights[i], text)
        )
    scored.coefficients += _coefficients(split, key, spec.features, model)


def _flag_row(
    split: dt.date,
    method: str,
    data: OfficerYears,
    row: int,
    score: float,
    weight: float,
    text: str,
) -> dict[str, Any]:
    return {
        "split": split,
        "method": method,
        "person_id": int(data.person[row]),
        "unit": data.unit[row],
        "score": score,
        "flag_weight": float(weight),
        "label": int(data.positive[row]),
        "explanation": text,
    }


def _training_row(
    split: dt.date, setting: str, train: Any, y: Any, data: OfficerYears
) -> dict[str, Any]:
    return {
        "split": split,
        "setting": setting,
        "training_rows": int(train.size),
        "training_positives": int(y.sum()),
        "eventual_positives": int(data.positive[train].sum()),
    }


def _coefficients(
    split: dt.date, method: str, names: tuple[str, ...], model: Any
) -> list[dict[str, Any]]:
    last = model.steps[-1][1] if hasattr(model, "steps") else model
    coef = getattr(last, "coef_", None)
    if coef is None:
        return []
    return [
        {"split": split, "method": method, "feature": n, "coefficient": float(c)}
        for n, c in zip(names, coef[0], strict=True)
    ]


def average_precisions(data: OfficerYears, scored: Scored) -> dict[str, float]:
    """Mean over test splits of each method's average precision."""
    splits = data.split[scored.rows]
    out = {}
    for method, scores in scored.scores.items():
        values = [
            average_precision(scored.y[splits == s], scores[splits == s])
            for s in np.unique(splits)
        ]
        out[method] = float(np.nanmean(values))
    return out
