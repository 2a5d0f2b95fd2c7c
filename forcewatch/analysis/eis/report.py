"""Tables of an evaluation: comparison at equal flags, by split, fairness, labels.

Intervals are percentile bootstraps that resample officers (persons), with
all their officer-years, so that the repeated years of one officer count as
one unit (forcewatch.analysis.stats.bootstrap_ci).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from forcewatch.analysis.eis.dataset import OfficerYears
from forcewatch.analysis.eis.metrics import summarise
from forcewatch.analysis.eis.scoring import BASELINE, Plan, Scored, methods
from forcewatch.analysis.stats import bootstrap_ci, unstable

# per method x budget, summed per person: flags, true positives, false positives
PER = 3


def per_person(
    persons: npt.NDArray[np.int64], columns: list[npt.NDArray[np.float64]]
) -> npt.NDArray[np.float64]:
    """Sum each column over the rows of each person: one row per person."""
    _, index = np.unique(persons, return_inverse=True)
    return np.column_stack([np.bincount(index, weights=c) for c in columns])


def comparison(data: OfficerYears, scored: Scored, plan: Plan) -> list[dict[str, Any]]:
    """Every method at every budget against the baseline, pooled over test splits."""
    y = scored.y.astype("float64")
    keys = [(m, b) for b in plan.budget_names() for m in methods(plan)]
    columns = [y, 1 - y]
    for key in keys:
        f = scored.flags[key]
        columns += [f, f * y, f * (1 - y)]
    units = per_person(data.person[scored.rows], columns)
    base_col = {b: 2 + PER * keys.index((BASELINE, b)) for b in plan.budget_names()}

    def statistic(s: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        sums = s.sum(axis=1)
        pos, neg = sums[:, 0:1], sums[:, 1:2]
        out = []
        for i, (_, budget) in enumerate(keys):
            flags, tp, fp = (sums[:, 2 + PER * i + j] for j in range(PER))
            base_tp = sums[:, base_col[budget] + 1]
            with np.errstate(divide="ignore", invalid="ignore"):
                out += [
                    tp / flags,
                    tp / pos[:, 0],
                    fp / neg[:, 0],
                    tp - base_tp,
                    (tp - base_tp) / base_tp,
                ]
        stats = np.column_stack(out)
        return np.where(np.isfinite(stats), stats, np.nan)  # x/0: no ratio

    boot = bootstrap_ci(statistic, units, n_resamples=plan.n_resamples, seed=plan.seed)
    names = ("precision", "recall", "fpr", "tp_gain", "tp_gain_relative")
    rows = []
    for i, (method, budget) in enumerate(keys):
        row: dict[str, Any] = {"method": method, "budget": budget}
        row.update(summarise(scored.flags[(method, budget)], scored.y))
        for j, name in enumerate(names):
            at = len(names) * i + j
            row[name] = float(boot.estimate[at])
            row[f"{name}_lower"] = float(boot.lower[at])
            row[f"{name}_upper"] = float(boot.upper[at])
        rows.append(row)
    return rows


def by_split(data: OfficerYears, scored: Scored, plan: Plan) -> list[dict[str, Any]]:
    splits = data.split[scored.rows]
    rows = []
    for when in np.unique(splits):
        part = splits == when
        for budget in plan.budget_names():
            for method in methods(plan):
                flags = scored.flags[(method, budget)][part]
                row: dict[str, Any] = {
                    "split": str(when),
                    "method": method,
                    "budget": budget,
                    "officers": int(part.sum()),
                }
                row.update(summarise(flags, scored.y[part]))
                rows.append(row)
    return rows


def fairness(
    data: OfficerYears, scored: Scored, plan: Plan, budgets: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Flag rate and false positive rate by officer race and sex group."""
    rows = []
    y = scored.y.astype("float64")
    persons = data.person[scored.rows]
    for dimension, groups in (("race", data.race), ("sex", data.sex)):
        values = groups[scored.rows]
        for group in sorted(set(values)):
            part = values == group
            rows += _group_rows(
                scored, plan, budgets, dimension, group, part, y, persons
            )
    return rows


def _group_rows(
    scored: Scored,
    plan: Plan,
    budgets: tuple[str, ...],
    dimension: str,
    group: str,
    part: npt.NDArray[np.bool_],
    y: npt.NDArray[np.float64],
    persons: npt.NDArray[np.int64],
) -> list[dict[str, Any]]:
    keys = [(m, b) for b in budgets for m in methods(plan)]
    yy = y[part]
    columns = [np.ones_like(yy), 1 - yy]
    for key in keys:
        f = scored.flags[key][part]
        columns += [f, f * (1 - yy)]
    units = per_person(persons[part], columns)

    def statistic(s: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        sums = s.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.column_stack(
                [
                    sums[:, 2 + 2 * i + j] / sums[:, j]
                    for i in range(len(keys))
                    for j in (0, 1)
                ]
            )

    boot = bootstrap_ci(statistic, units, n_resamples=plan.n_resamples, seed=plan.seed)
    rows = []
    for i, (method, budget) in enumerate(keys):
        c = summarise(scored.flags[(method, budget)][part], yy)
        rows.append(
            {
                "dimension": dimension,
                "group": group,
                "method": method,
                "budget": budget,
                "officer_years": int(part.sum()),
                "officers": int(np.unique(persons[part]).size),
                **c,
                "flag_rate": float(boot.estimate[2 * i]),
                "flag_rate_lower": float(boot.lower[2 * i]),
                "flag_rate_upper": float(boot.upper[2 * i]),
                "fpr_lower": float(boot.lower[2 * i + 1]),
                "fpr_upper": float(boot.upper[2 * i + 1]),
                "unstable": bool(unstable(c["positives"])),
            }
        )
    return rows


def label_maturity(data: OfficerYears, plan: Plan) -> list[dict[str, Any]]:
    """How many of each split's eventual positives were known 1, 2, 3 years on."""
    rows = []
    for when in np.unique(data.split):
        part = (data.split == when) & data.positive
        known = data.known_on[part]
        row: dict[str, Any] = {
            "split": str(when),
            "officers": int((data.split == when).sum()),
            "positives": int(part.sum()),
        }
        for years in (1, 2, 3, 5):
            cutoff = when + np.timedelta64(365 * years, "D")
            row[f"known_after_{years}y"] = int((known < cutoff).sum())
        row["never_dated"] = int(np.isnat(known).sum())
        rows.append(row)
    return rows
