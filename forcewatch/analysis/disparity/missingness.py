"""How often race and sex go unrecorded, by officer, unit and period.

Counted in engagements (officer x subject): the officer who filed is the one
who could have recorded the subject's race and sex. An engagement without a
subject on record counts as not recorded. Each officer (unit, year) is
compared with the department's overall share by an exact binomial test, with
Benjamini-Hochberg across the officers (units, years) of one table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pyarrow as pa

from forcewatch.analysis import stats
from forcewatch.analysis.disparity.proportions import binomial_p, proportion_ci
from forcewatch.analysis.disparity.tables import arrow, ordered


def missing_table(
    grouping: str, rows: Iterable[Mapping[str, Any]], *, race: str, sex: str
) -> pa.Table:
    """One row per value of `grouping`: engagements, and race/sex not recorded.

    `race` and `sex` name the columns of `rows` that say whether each was
    recorded: "yes"/"no" columns (race_recorded) or groups ("unknown" = no).
    """
    n: dict[str, int] = defaultdict(int)
    missing: dict[str, dict[str, int]] = {
        "race": defaultdict(int),
        "sex": defaultdict(int),
    }
    for row in rows:
        key, count = str(row[grouping]), int(row["n"])
        n[key] += count
        for what, column in (("race", race), ("sex", sex)):
            if row[column] in ("no", "unknown"):
                missing[what][key] += count
    keys = ordered(grouping, n)
    total = np.array([n[k] for k in keys], dtype=np.float64)
    columns: dict[str, Any] = {
        "unit": ["engagement"] * len(keys),
        "grouping": [grouping] * len(keys),
        "group": keys,
        "engagements": total.astype(np.int64),
    }
    for what in ("race", "sex"):
        k = np.array([missing[what][key] for key in keys], dtype=np.float64)
        overall = k.sum() / total.sum() if total.sum() else np.nan
        share = proportion_ci(k, total)
        p = binomial_p(k, total, overall)
        columns[f"{what}_missing"] = k.astype(np.int64)
        columns[f"{what}_missing_share"] = share.estimate
        columns[f"{what}_share_lower"] = share.lower
        columns[f"{what}_share_upper"] = share.upper
        columns[f"{what}_department_share"] = np.full(len(keys), overall)
        columns[f"{what}_p_value"] = p
        columns[f"{what}_q_value"] = stats.benjamini_hochberg(p).q_value
    columns["unstable"] = stats.unstable(total)
    return arrow(columns)
