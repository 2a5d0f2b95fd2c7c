"""The outcome to predict: a named label, as data (labels.yaml).

- ``sustained_complaint`` (the default): a person is positive at split T when
  an allegation against them is sustained on a complaint whose incident (else
  received) date is in [T, T + horizon). Findings close months or years after
  the incident, so a label is *known* only from the date its finding closed:
  the deployable setting trains on the labels known at the date the model
  would be used (``known_by``); the retrospective setting uses every finding
  the snapshot holds.
- ``out_of_policy``: a reviewer disposed of a policy finding about the person
  as out of policy (the finding's latest disposition), on an incident in
  [T, T + horizon); known from the disposition's date, like a close date.
- ``sustained_complaint_or_out_of_policy``: either; known from the first.
- ``force_*`` labels, for agencies that publish no complaints: a report of
  force in [T, T + horizon) meeting any of the label's conditions on the
  report's canonical fields (the agency's own level, the continuum level of
  the force types, the subject's injury). Known from the report's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from pathlib import Path
from typing import Any, Literal

import ibis
from ibis.expr.types import BooleanValue, Table
from pydantic import BaseModel, ConfigDict

from forcewatch.analysis.eis.config import read_model

LABELS_FILE = Path(__file__).resolve().parent / "labels.yaml"
DEFAULT_LABEL = "sustained_complaint"


class LabelError(ValueError):
    """A label file or name that cannot be used: says which and why."""


# force event columns a label condition may test (events.force_events)
ForceField = Literal[
    "reported_level",
    "force_level",
    "subject_injured",
    "subject_hospitalized",
    "firearm",
]


class _Condition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: ForceField
    at_least: float


Event = Literal["complaint", "out_of_policy", "force"]


class _Label(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    event: Event | list[Event]
    any_of: list[_Condition] = []
    measures: str = ""


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str
    labels: list[_Label]


@dataclass(frozen=True)
class Condition:
    field: str
    at_least: float


@dataclass(frozen=True)
class Label:
    """What counts as a positive officer-year (see labels.yaml)."""

    id: str
    title: str
    events: tuple[str, ...]  # positive on an event of any of these kinds
    any_of: tuple[Condition, ...] = ()
    measures: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "events": list(self.events),
            "any_of": [vars(c) for c in self.any_of],
            "measures": " ".join(self.measures.split()),
        }


def load_labels(path: str | Path | None = None) -> dict[str, Label]:
    """The named labels of `path` (default labels.yaml), by id.

    >>> sorted(load_labels())[:2]
    ['force_level_4', 'force_reported_level_2']
    """
    file = Path(path) if path else LABELS_FILE
    data = read_model(file, _File, LabelError, "labels")
    out: dict[str, Label] = {}
    for raw in data.labels:
        if raw.id in out:
            raise LabelError(f"{file}: label {raw.id!r} is defined twice")
        events = (raw.event,) if isinstance(raw.event, str) else tuple(raw.event)
        if not events or len(set(events)) < len(events):
            raise LabelError(
                f"{file}: label {raw.id!r}: event lists each kind once, at least one"
            )
        if "force" in events and len(events) > 1:
            raise LabelError(
                f"{file}: label {raw.id!r}: a force label has one event, force"
            )
        if (events == ("force",)) != bool(raw.any_of):
            raise LabelError(
                f"{file}: label {raw.id!r}: a force label needs any_of conditions, "
                "a complaint or out_of_policy label takes none"
            )
        conditions = tuple(Condition(c.field, c.at_least) for c in raw.any_of)
        out[raw.id] = Label(raw.id, raw.title, events, conditions, raw.measures)
    return out


def get_label(name: str = DEFAULT_LABEL, path: str | Path | None = None) -> Label:
    """One named label; an unknown name is refused with the known ones."""
    known = load_labels(path)
    if name not in known:
        raise LabelError(f"no label {name!r}; known labels: {', '.join(known)}")
    return known[name]


def label_dates(
    complaints: Table,
    splits: Table,
    label: Label | None = None,
    force: Table | None = None,
    findings: Table | None = None,
) -> Table:
    """Every eventual positive: split, person_id, known_on (its first event's).

    A sustained complaint is known from its finding's close (null for a
    sustained finding without any closed date); an out-of-policy finding
    (`findings`, from events.out_of_policy_events) from its disposition; a
    qualifying report of force (`force`, from events.force_events) from its
    date. The label's event tables are required.
    """
    label = label or get_label()
    tables = {"complaint": complaints, "out_of_policy": findings, "force": force}
    parts = []
    for event in label.events:
        events = tables[event]
        if events is None:
            raise ValueError(f"label {label.id!r} needs the {event} events")
        parts.append(_dated(event, events, splits, label))
    rows = reduce(lambda a, b: a.union(b), parts)
    return rows.group_by(["split", "person_id"]).aggregate(known_on=rows.known_on.min())


def _dated(event: str, events: Table, splits: Table, label: Label) -> Table:
    """split, person_id, known_on: each of the label's events in a split's horizon."""
    day = events.date if event == "force" else events.incident
    j = events.join(splits, [day >= splits.split, day < splits.until])
    if event == "complaint":
        j = j.filter(j.is_sustained)
        return j.select("split", "person_id", known_on=j.sustained_closed)
    if event == "out_of_policy":
        return j.select("split", "person_id", known_on=j.disposed)
    j = j.filter(qualifies(j, label))
    return j.select("split", "person_id", known_on=j.date)


def qualifies(events: Table, label: Label) -> BooleanValue:
    """Whether a force event meets any of the label's conditions (null: no)."""
    tests = [
        (events[c.field].cast("float64") >= c.at_least).fill_null(False)
        for c in label.any_of
    ]
    return reduce(lambda a, b: a | b, tests)


def labels(
    complaints: Table,
    splits: Table,
    known_by: dt.date | None = None,
    label: Label | None = None,
    force: Table | None = None,
    findings: Table | None = None,
) -> Table:
    """split, person_id of the positives; with known_by, only those known before it."""
    positives = label_dates(complaints, splits, label, force, findings)
    if known_by is not None:
        positives = positives.filter(positives.known_on < ibis.literal(known_by))
    return positives.select("split", "person_id")
