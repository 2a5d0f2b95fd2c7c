"""Officer-years from a snapshot: features, rule counts and labels, as numpy arrays.

The queries run on the Ibis backend (DuckDB by default); what comes back is
one row per person and split date (the population: force or a complaint in
the year before), small enough for numpy and scikit-learn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from ibis import BaseBackend

from forcewatch.analysis.eis.baseline import rule_counts
from forcewatch.analysis.eis.config import Thresholds
from forcewatch.analysis.eis.events import (
    complaint_events,
    force_events,
    out_of_policy_events,
)
from forcewatch.analysis.eis.features import (
    RICH_FEATURES,
    add_derived,
    complaint_features,
    force_features,
    population_features,
    split_table,
)
from forcewatch.analysis.eis.identity import officer_people, person_attributes
from forcewatch.analysis.eis.labels import Label, get_label, label_dates

NAT = np.datetime64("NaT", "D")


@dataclass
class OfficerYears:
    """One row per person x split date (arrays of equal length)."""

    split: npt.NDArray[np.datetime64]
    person: npt.NDArray[np.int64]
    features: dict[str, npt.NDArray[np.float64]]
    unit: npt.NDArray[Any]
    counts: dict[str, npt.NDArray[np.float64]]  # rule id -> events in its window
    positive: npt.NDArray[np.bool_]  # eventually (retrospective label)
    known_on: npt.NDArray[np.datetime64]  # when the positive label became known
    race: npt.NDArray[Any]
    sex: npt.NDArray[Any]

    def __len__(self) -> int:
        return len(self.split)

    def matrix(self, names: Sequence[str], rows: Any = slice(None)) -> Any:
        return np.column_stack([self.features[n][rows] for n in names])

    def label(self, rows: Any, known_by: dt.date | None = None) -> Any:
        """Labels of the rows; with known_by, positives known before that date only."""
        y = self.positive[rows]
        if known_by is not None:
            y = y & (self.known_on[rows] < np.datetime64(known_by, "D"))
        return y.astype("int64")


def agency_id(con: BaseBackend, slug: str) -> int:
    agency = con.table("agency")
    found = agency.filter(agency.slug == slug).select("id").to_pyarrow()
    if found.num_rows == 0:
        known = agency.select("slug").to_pyarrow().column("slug").to_pylist()
        raise ValueError(
            f"no agency {slug!r} in this snapshot (it has: {', '.join(known)})"
        )
    return int(found.column("id")[0].as_py())


def officer_years(
    con: BaseBackend,
    agency: str,
    splits: Sequence[dt.date],
    thresholds: Thresholds,
    horizon_days: int = 365,
    label: Label | None = None,
) -> OfficerYears:
    label = label or get_label()
    aid = agency_id(con, agency)
    people = officer_people(con, aid)
    force = force_events(con, aid, people)
    complaints = complaint_events(con, aid, people)
    split_t = split_table(splits, horizon_days)
    table = population_features(
        force_features(force, split_t), complaint_features(complaints, split_t)
    ).to_pyarrow()
    table = table.sort_by([("split", "ascending"), ("person_id", "ascending")])
    attributes = person_attributes(con, people).to_pyarrow()
    by_person = {
        int(p): i for i, p in enumerate(attributes.column("person_id").to_pylist())
    }
    appointed = dict(
        zip(
            attributes.column("person_id").to_pylist(),
            attributes.column("appointed_date").to_pylist(),
            strict=True,
        )
    )
    table = add_derived(table, appointed)
    keys = _keys(table)
    counts = {
        rule.id: _lookup(
            keys, rule_counts(force, complaints, split_t, rule).to_pyarrow(), "n", 0
        )
        for rule in thresholds.rules
    }
    # only a label that reads them needs the findings (older snapshots lack them)
    findings = (
        out_of_policy_events(con, aid, people)
        if "out_of_policy" in label.events
        else None
    )
    dates = label_dates(complaints, split_t, label, force, findings).to_pyarrow()
    positive = _lookup(
        keys, dates.append_column("hit", pa.array([1] * len(dates))), "hit", 0
    ).astype(bool)
    known = _lookup_dates(keys, dates)
    rows = [by_person.get(p) for p in table.column("person_id").to_pylist()]
    return OfficerYears(
        split=table.column("split")
        .to_numpy(zero_copy_only=False)
        .astype("datetime64[D]"),
        person=table.column("person_id").to_numpy(),
        features={n: _floats(table.column(n)) for n in RICH_FEATURES},
        unit=np.array([u or "" for u in table.column("unit").to_pylist()], object),
        counts=counts,
        positive=positive,
        known_on=known,
        race=_attribute(attributes, "race_group", rows),
        sex=_attribute(attributes, "sex_group", rows),
    )


def _keys(table: pa.Table) -> dict[tuple[Any, int], int]:
    splits = table.column("split").to_pylist()
    persons = table.column("person_id").to_pylist()
    return {(s, p): i for i, (s, p) in enumerate(zip(splits, persons, strict=True))}


def _lookup(
    keys: dict[tuple[Any, int], int], table: pa.Table, column: str, default: float
) -> npt.NDArray[np.float64]:
    out = np.full(len(keys), default, dtype="float64")
    values = table.column(column).to_pylist()
    for s, p, v in zip(
        table.column("split").to_pylist(),
        table.column("person_id").to_pylist(),
        values,
        strict=True,
    ):
        i = keys.get((s, p))
        if i is not None:
            out[i] = v
    return out


def _lookup_dates(
    keys: dict[tuple[Any, int], int], table: pa.Table
) -> npt.NDArray[np.datetime64]:
    out = np.full(len(keys), NAT)
    for s, p, d in zip(
        table.column("split").to_pylist(),
        table.column("person_id").to_pylist(),
        table.column("known_on").to_pylist(),
        strict=True,
    ):
        i = keys.get((s, p))
        if i is not None and d is not None:
            out[i] = np.datetime64(d, "D")
    return out


def _floats(column: pa.ChunkedArray) -> npt.NDArray[np.float64]:
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype="float64")


def _attribute(table: pa.Table, name: str, rows: list[int | None]) -> Any:
    values = table.column(name).to_pylist()
    return np.array(
        [(values[i] if i is not None else None) or "unknown" for i in rows], object
    )
