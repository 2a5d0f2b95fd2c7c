"""Severity of force given resistance, and crisis-related force, from aggregated counts.

Levels are the canonical continua of the code lists: force 1 presence or
verbal, 2 holds, handcuffing and displays, 3 hard empty hand and restraint, 4
intermediate weapons, 5 deadly (0: not force, or not recorded); resistance 1
compliant, 2 passive, 3 active, 4 aggressive, 5 deadly (0: not recorded).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pyarrow as pa

from forcewatch.analysis import stats
from forcewatch.analysis.disparity import dimensions as dim
from forcewatch.analysis.disparity.proportions import proportion_ci
from forcewatch.analysis.disparity.tables import arrow, ordered

Rows = list[dict[str, Any]]
FORCE_LEVELS = {
    0: "not force, or not recorded",
    1: "presence or verbal",
    2: "holds, handcuffing, displays of a weapon",
    3: "hard empty hand, takedowns, restraint devices",
    4: "intermediate weapons (CED, chemical, impact, K9 bite)",
    5: "deadly force",
}
RESISTANCE_LEVELS = {
    0: "not recorded",
    1: "compliant",
    2: "passive",
    3: "active",
    4: "aggressive",
    5: "deadly",
}
HIGH_FORCE = 4  # intermediate weapons and above


def force_level(force_type: str) -> int:
    return dim.levels("force_type").get(force_type, 0)


def sum_by(rows: Iterable[Mapping[str, Any]], *keys: str) -> dict[Any, int]:
    """Counts `n` summed by the values of `keys` (one key: plain values)."""
    totals: dict[Any, int] = defaultdict(int)
    for row in rows:
        key = row[keys[0]] if len(keys) == 1 else tuple(row[k] for k in keys)
        totals[key] += int(row["n"])
    return dict(totals)


def severity_by_resistance(applications: Rows) -> pa.Table:
    """Force level x the resistance it answered, counted in applications."""
    cells: dict[tuple[int, int], int] = defaultdict(int)
    for row in applications:
        resistance = int(row["resistance_level"])
        cells[(resistance, force_level(row["force_type"]))] += int(row["n"])
    keys = sorted(cells)
    row_total: dict[int, int] = defaultdict(int)
    for (resistance, _), count in cells.items():
        row_total[resistance] += count
    n = np.array([cells[k] for k in keys], dtype=np.int64)
    totals = np.array([row_total[r] for r, _ in keys], dtype=np.int64)
    return arrow(
        {
            "unit": ["application"] * len(keys),
            "resistance_level": np.array([r for r, _ in keys], dtype=np.int64),
            "resistance": [RESISTANCE_LEVELS[r] for r, _ in keys],
            "force_level": np.array([f for _, f in keys], dtype=np.int64),
            "force": [FORCE_LEVELS[f] for _, f in keys],
            "n": n,
            "row_total": totals,
            "share_of_row": n / np.maximum(totals, 1),
        }
    )


def above_resistance(applications: Rows, reference: str) -> pa.Table:
    """Per race group: applications more than one level above the resistance answered.

    Only applications of force (level >= 1) answering a recorded resistance
    count. Groups are compared with `reference` as Poisson rates per
    application (close to a comparison of proportions while shares are small);
    applications cluster within incidents, so intervals are too narrow.
    """
    total: dict[str, int] = defaultdict(int)
    above: dict[str, int] = defaultdict(int)
    for row in applications:
        resistance, level = int(row["resistance_level"]), force_level(row["force_type"])
        if resistance < 1 or level < 1:
            continue
        for group in ("all", row["race"]):
            total[group] += int(row["n"])
            above[group] += int(row["n"]) if level > resistance + 1 else 0
    groups = ["all", *ordered("race", set(total) - {"all"})] if total else []
    n = np.array([total[g] for g in groups], dtype=np.float64)
    k = np.array([above[g] for g in groups], dtype=np.float64)
    share = proportion_ci(k, n)
    ratio = _compare(groups, k, n, reference if reference in total else "")
    return arrow(
        {
            "unit": ["application"] * len(groups),
            "group": groups,
            "applications": n.astype(np.int64),
            "above_resistance_plus_one": k.astype(np.int64),
            "share": share.estimate,
            "share_lower": share.lower,
            "share_upper": share.upper,
            **ratio,
            "unstable": stats.unstable(k),
        }
    )


def _compare(groups: list[str], k: Any, n: Any, reference: str) -> dict[str, Any]:
    estimate, lower, upper, p = (np.full(len(groups), np.nan) for _ in range(4))
    compare = np.array(
        [g not in ("all", reference, dim.UNKNOWN) for g in groups], dtype=np.bool_
    )
    compare &= n > 0
    if reference and compare.any():
        at = groups.index(reference)
        rr = stats.rate_ratio(k[compare], n[compare], k[at], n[at])
        for column, part in zip((estimate, lower, upper, p), rr, strict=True):
            column[compare] = part
        estimate[at] = 1.0
    q = stats.benjamini_hochberg(p).q_value
    return {
        "reference": [reference] * len(groups),
        "ratio": estimate,
        "ratio_lower": lower,
        "ratio_upper": upper,
        "p_value": p,
        "q_value": q,
    }


def agency_levels(subjects: Rows) -> pa.Table | None:
    """The agency's own force level by race group, in subjects; None if not recorded."""
    cells = sum_by(subjects, "race", "agency_level")
    if all(level == dim.UNKNOWN for _, level in cells):
        return None
    keys = [
        (group, level)
        for group in ordered("race", {g for g, _ in cells})
        for level in ordered("agency_level", {lv for g, lv in cells if g == group})
    ]
    group_total = sum_by(subjects, "race")
    n = np.array([cells[k] for k in keys], dtype=np.float64)
    totals = np.array([group_total[g] for g, _ in keys], dtype=np.float64)
    share = proportion_ci(n, totals)
    return arrow(
        {
            "unit": ["subject"] * len(keys),
            "group": [g for g, _ in keys],
            "agency_level": [lvl for _, lvl in keys],
            "n": n.astype(np.int64),
            "group_total": totals.astype(np.int64),
            "share": share.estimate,
            "share_lower": share.lower,
            "share_upper": share.upper,
        }
    )


def crisis_table(incidents: Mapping[str, int], subjects: Rows) -> pa.Table | None:
    """Units by crisis status: incidents and subjects in all, subjects by race.

    `incidents` maps crisis status to incidents with a subject of that status
    (an incident can have subjects of several). None when nothing is recorded.
    """
    by_race = sum_by(subjects, "race", "crisis")
    if all(status == dim.UNKNOWN for _, status in by_race):
        return None
    rows: list[tuple[str, str, str, int, int]] = []
    incident_total = sum(incidents.values())
    for status in ordered("crisis", incidents):
        rows.append(("incident", "all", status, incidents[status], incident_total))
    subject_status = sum_by(subjects, "crisis")
    subject_total = sum(subject_status.values())
    for status in ordered("crisis", subject_status):
        rows.append(("subject", "all", status, subject_status[status], subject_total))
    race_total = sum_by(subjects, "race")
    for group in ordered("race", race_total):
        for status in ordered("crisis", {s for g, s in by_race if g == group}):
            count = by_race[(group, status)]
            rows.append(("subject", group, status, count, race_total[group]))
    n = np.array([r[3] for r in rows], dtype=np.float64)
    totals = np.array([r[4] for r in rows], dtype=np.float64)
    share = proportion_ci(n, totals)
    return arrow(
        {
            "unit": [r[0] for r in rows],
            "group": [r[1] for r in rows],
            "crisis": [r[2] for r in rows],
            "n": n.astype(np.int64),
            "total": totals.astype(np.int64),
            "share": share.estimate,
            "share_lower": share.lower,
            "share_upper": share.upper,
        }
    )


def crisis_severity(applications: Rows) -> pa.Table | None:
    """Share of applications at level 4 or above, by the subject's crisis status."""
    total: dict[str, int] = defaultdict(int)
    high: dict[str, int] = defaultdict(int)
    for row in applications:
        total[row["crisis"]] += int(row["n"])
        if force_level(row["force_type"]) >= HIGH_FORCE:
            high[row["crisis"]] += int(row["n"])
    if set(total) <= {dim.UNKNOWN}:
        return None
    groups = ordered("crisis", total)
    n = np.array([total[g] for g in groups], dtype=np.float64)
    k = np.array([high[g] for g in groups], dtype=np.float64)
    share = proportion_ci(k, n)
    ratio = _compare(groups, k, n, "no" if "no" in total else "")
    return arrow(
        {
            "unit": ["application"] * len(groups),
            "crisis": groups,
            "applications": n.astype(np.int64),
            "level_4_or_5": k.astype(np.int64),
            "share": share.estimate,
            "share_lower": share.lower,
            "share_upper": share.upper,
            **ratio,
            "unstable": stats.unstable(k),
        }
    )
