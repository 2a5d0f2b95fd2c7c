"""The outcome to predict: a sustained complaint about an incident in the next year.

A person is positive at split T when an allegation against them is sustained
on a complaint whose incident (else received) date is in [T, T + horizon).
Findings close months or years after the incident, so a label is *known* only
from the date its finding closed: the deployable setting trains on the labels
known at the date the model would be used (``known_by``); the retrospective
setting uses every finding the snapshot holds.

An out-of-policy finding on a use of force would count too, but the canonical
tables hold no such finding yet (policy dispositions live in the policy app,
not in snapshots), so labels are complaints only.
"""

from __future__ import annotations

import datetime as dt

import ibis
from ibis.expr.types import Table


def label_dates(complaints: Table, splits: Table) -> Table:
    """Every eventual positive: split, person_id, known_on (first sustained close).

    known_on is null for a sustained finding without any closed date.
    """
    j = complaints.join(
        splits,
        [complaints.incident >= splits.split, complaints.incident < splits.until],
    )
    j = j.filter(j.is_sustained)
    return j.group_by(["split", "person_id"]).aggregate(
        known_on=j.sustained_closed.min()
    )


def labels(complaints: Table, splits: Table, known_by: dt.date | None = None) -> Table:
    """split, person_id of the positives; with known_by, only those known before it."""
    positives = label_dates(complaints, splits)
    if known_by is not None:
        positives = positives.filter(positives.known_on < ibis.literal(known_by))
    return positives.select("split", "person_id")
