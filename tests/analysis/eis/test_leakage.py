"""Nothing after a split date reaches its features; deployable labels wait for findings.

The department as its database stood on the morning of the split date (no
later force or complaints; findings made later still pending) must give the
same features and rule counts at that date as the full snapshot.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from forcewatch.analysis.backends import duckdb_backend
from forcewatch.analysis.eis import get_label, load_thresholds
from forcewatch.analysis.eis.dataset import officer_years
from tests.analysis.eis.conftest import SPLIT


def test_features_at_a_split_use_nothing_dated_after_it(
    town: Path, town_then: Path
) -> None:
    thresholds = load_thresholds()
    now = officer_years(duckdb_backend(town), "town", [SPLIT], thresholds)
    then = officer_years(duckdb_backend(town_then), "town", [SPLIT], thresholds)
    assert now.person.tolist() == then.person.tolist() == [1, 3]
    for name, values in now.features.items():
        np.testing.assert_array_equal(values, then.features[name], err_msg=name)
    for rule, counts in now.counts.items():
        np.testing.assert_array_equal(counts, then.counts[rule], err_msg=rule)
    # ...while what happened after the split is in the full snapshot's labels
    assert now.positive.tolist() == [True, True]
    assert then.positive.tolist() == [False, False]
    # F1's disposition (2019-12-20) is in both, but it is about a 2019 incident
    either = get_label("sustained_complaint_or_out_of_policy")
    then = officer_years(
        duckdb_backend(town_then), "town", [SPLIT], thresholds, label=either
    )
    assert then.positive.tolist() == [False, False]


def test_deployable_labels_exclude_findings_closed_after_the_known_by_date(
    town: Path,
) -> None:
    data = officer_years(duckdb_backend(town), "town", [SPLIT], load_thresholds())
    rows = np.arange(len(data))
    assert data.label(rows).tolist() == [1, 1]  # retrospective: Ann and Bob
    # Ann's C3 was sustained on 2020-09-01, Bob's C4 on 2023-01-01
    assert data.label(rows, dt.date(2021, 1, 1)).tolist() == [1, 0]
    assert data.label(rows, dt.date(2020, 9, 1)).tolist() == [0, 0]
    assert data.label(rows, dt.date(2020, 9, 2)).tolist() == [1, 0]
    assert data.label(rows, dt.date(2023, 1, 2)).tolist() == [1, 1]
