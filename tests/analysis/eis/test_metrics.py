"""Flags at a budget and their accuracy, checked against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    precision_score,
    recall_score,
)

from forcewatch.analysis.eis.metrics import average_precision, summarise, top_k

labels_and_scores = st.integers(2, 60).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 1), min_size=n, max_size=n),
        st.lists(st.integers(0, 6), min_size=n, max_size=n),  # many ties
    )
)


@given(labels_and_scores)
def test_average_precision_equals_sklearns_with_ties(data: tuple) -> None:
    y, scores = (np.array(v) for v in data)
    if y.sum() == 0:
        assert np.isnan(average_precision(y, scores))
        return
    assert average_precision(y, scores) == pytest.approx(
        average_precision_score(y, scores), abs=1e-12
    )


@given(labels_and_scores)
def test_precision_recall_and_fpr_of_whole_flags_equal_sklearns(data: tuple) -> None:
    y = np.array(data[0])
    flags = np.array(data[1]) >= 3
    ours = summarise(flags, y)
    tn, fp, fn, tp = confusion_matrix(y, flags, labels=[0, 1]).ravel()
    assert (ours["tp"], ours["fp"], ours["fn"], ours["tn"]) == (tp, fp, fn, tn)
    if flags.any():
        assert ours["precision"] == pytest.approx(precision_score(y, flags))
    if y.any():
        assert ours["recall"] == pytest.approx(recall_score(y, flags))
    if (y == 0).any():
        assert ours["fpr"] == pytest.approx(fp / (fp + tn))


@given(
    st.lists(st.integers(0, 4), min_size=1, max_size=40),
    st.floats(0, 45, allow_nan=False),
)
def test_top_k_flags_exactly_k_sharing_the_tie_at_the_cut(
    scores: list[int], k: float
) -> None:
    flags = top_k(scores, k)
    s = np.array(scores)
    assert flags.sum() == pytest.approx(min(k, len(scores)))
    assert ((flags >= 0) & (flags <= 1)).all()
    # a higher score is never flagged less; equal scores are flagged equally
    for a in range(len(s)):
        for b in range(len(s)):
            if s[a] > s[b]:
                assert flags[a] >= flags[b]
            if s[a] == s[b]:
                assert flags[a] == pytest.approx(flags[b])


def test_shared_flags_give_the_expected_true_positives_of_a_random_tie_break() -> None:
    # 2 flags; one officer above the cut, three tied at it, one of them positive
    scores, y = [5, 3, 3, 3, 1], [0, 1, 0, 0, 1]
    flags = top_k(scores, 2)
    assert flags.tolist() == [1, 1 / 3, 1 / 3, 1 / 3, 0]
    assert summarise(flags, y)["tp"] == pytest.approx(1 / 3)


def test_the_docstring_examples_run() -> None:
    import doctest

    import forcewatch.analysis.eis as eis
    from forcewatch.analysis.eis import config, metrics

    for module in (eis, config, metrics):
        assert doctest.testmod(module).failed == 0, module.__name__
