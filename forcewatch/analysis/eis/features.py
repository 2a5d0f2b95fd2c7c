"""Officer-period features at split dates: only what was known before each date.

A split date T is the first day of the future: a feature at T reads events
dated before T (force by incident date, complaints by the date received) and
findings closed before T. The population at T is every person with a use of
force or a complaint in the year before T.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import ibis
import numpy as np
import pyarrow as pa
from ibis.expr.types import Table

from forcewatch.analysis.eis.events import COMPLAINT_GROUPS, FINDINGS, FORCE_GROUPS

WINDOWS = (90, 180, 365, 1825)
CAP_DAYS = 1825  # "days since" when nothing happened in the longest window
PASSIVE = 2  # resistance level of a passive resister (compliant is 1)

# feature name -> what it means (explanations and the model card quote these)
LABELS: dict[str, str] = {
    "force_90": "reports of force in the last 90 days",
    "force_365": "reports of force in the last year",
    "force_1825": "reports of force in the last 5 years",
    "incidents_365": "incidents with force in the last year",
    **{f"{g}_365": f"reports with {g} force in the last year" for g in FORCE_GROUPS},
    "firearm_1825": "reports with a firearm discharge in the last 5 years",
    "level_max_365": "highest force level (1-5) in the last year",
    "level_mean_365": "mean force level (1-5) in the last year",
    "level_reported_max_365": "highest level the agency gave the officer's force "
    "in the last year (its own scale)",
    "reported_2plus_365": "reports the agency rated level 2 or higher (its own "
    "scale) in the last year",
    "hard_on_passive_365": "reports of level-3+ force on a compliant or passive "
    "subject in the last year",
    "vs_deadly_365": "reports answering deadly resistance in the last year",
    "subject_injured_365": "reports with the subject injured in the last year",
    "subject_alleged_injury_365": "reports with a subject alleging injury in the "
    "last year",
    "officer_injured_365": "reports with the officer injured in the last year",
    "off_duty_365": "reports of off-duty force in the last year",
    "co_officers_mean_365": "mean number of other officers in the officer's force "
    "incidents in the last year",
    "solo_365": "force incidents with no other officer in the last year",
    "complaints_90": "complaints received in the last 90 days",
    "complaints_180": "complaints received in the last 180 days",
    "complaints_365": "complaints received in the last year",
    "complaints_1825": "complaints received in the last 5 years",
    **{
        f"about_{g}_1825": f"complaints alleging {g} in the last 5 years"
        for g in COMPLAINT_GROUPS
    },
    "about_force_365": "complaints alleging force in the last year",
    **{
        f"{f}_known_1825": f"{f.replace('_', ' ')} findings known, on complaints of "
        "the last 5 years"
        for f in FINDINGS
    },
    "open_complaints": "complaints still open",
    "days_since_force": "days since the last report of force",
    "days_since_complaint": "days since the last complaint",
    "years_of_service": "years since appointment",
    "unit_peers": "officers of the same unit in the population",
    "force_365_vs_unit": "reports of force in the last year relative to unit peers",
    "complaints_365_vs_unit": "complaints in the last year relative to unit peers",
}
# the simple time-windowed counts of the measured anchor
COUNT_FEATURES = (
    "force_90",
    "force_365",
    "force_1825",
    "complaints_180",
    "complaints_365",
    "complaints_1825",
)
RICH_FEATURES = tuple(LABELS)


def split_table(splits: Sequence[dt.date], horizon_days: int = 365) -> Table:
    """The split dates with the first day of each look-back window and the horizon."""
    columns: dict[str, pa.Array] = {"split": pa.array(list(splits), pa.date32())}
    for days in WINDOWS:
        since = [s - dt.timedelta(days=days) for s in splits]
        columns[f"since_{days}"] = pa.array(since, pa.date32())
    until = [s + dt.timedelta(days=horizon_days) for s in splits]
    columns["until"] = pa.array(until, pa.date32())
    return ibis.memtable(pa.table(columns))


def force_features(events: Table, splits: Table) -> Table:
    """Per (split, person_id): counts of force reports before each split."""
    j = events.join(
        splits, [events.date < splits.split, events.date >= splits.since_1825]
    )
    y1 = j.date >= j.since_365
    passive = (j.resistance_level >= 1) & (j.resistance_level <= PASSIVE)
    aggregates: dict[str, Any] = {
        "force_90": (j.date >= j.since_90).sum(),
        "force_365": y1.sum(),
        "force_1825": j.count(),
        "incidents_365": j.incident_id.nunique(where=y1),
        **{f"{g}_365": (y1 & (j[f"uses_{g}"] > 0)).sum() for g in FORCE_GROUPS},
        "firearm_1825": (j.uses_firearm > 0).sum(),
        "level_max_365": j.force_level.max(where=y1),
        "level_mean_365": j.force_level.mean(where=y1 & (j.force_level > 0)),
        "level_reported_max_365": j.reported_level.max(where=y1),
        "reported_2plus_365": (y1 & (j.reported_level >= 2).fill_null(False)).sum(),
        "hard_on_passive_365": (y1 & passive & (j.force_level >= 3)).sum(),
        "vs_deadly_365": (y1 & (j.resistance_level == 5)).sum(),
        "subject_injured_365": (y1 & j.subject_injured).sum(),
        "subject_alleged_injury_365": (y1 & j.subject_alleged_injury).sum(),
        "officer_injured_365": (y1 & j.officer_injured).sum(),
        "off_duty_365": (y1 & j.off_duty).sum(),
        "co_officers_mean_365": j.co_officers.mean(where=y1),
        "solo_365": j.incident_id.nunique(where=y1 & (j.co_officers == 0)),
        "last_force": j.date.max(),
        "force_unit": j.unit.argmax(j.date, where=j.unit != ""),
    }
    return j.group_by(["split", "person_id"]).aggregate(**aggregates)


def complaint_features(events: Table, splits: Table) -> Table:
    """Per (split, person_id): complaints before each split, findings known by it."""
    j = events.join(
        splits,
        [events.received < splits.split, events.received >= splits.since_1825],
    )
    y1 = j.received >= j.since_365
    aggregates: dict[str, Any] = {
        "complaints_90": (j.received >= j.since_90).sum(),
        "complaints_180": (j.received >= j.since_180).sum(),
        "complaints_365": y1.sum(),
        "complaints_1825": j.count(),
        **{f"about_{g}_1825": j[f"about_{g}"].sum() for g in COMPLAINT_GROUPS},
        "about_force_365": (y1 & j.about_force).sum(),
        **{
            f"{f}_known_1825": (j[f"{f}_closed"] < j.split).fill_null(False).sum()
            for f in FINDINGS
        },
        "open_complaints": (j.closed.isnull() | (j.closed >= j.split)).sum(),
        "last_complaint": j.received.max(),
        "complaint_unit": j.unit.argmax(j.received, where=j.unit != ""),
    }
    return j.group_by(["split", "person_id"]).aggregate(**aggregates)


def population_features(force: Table, complaints: Table) -> Table:
    """Persons with force or a complaint in the year before each split, all features."""
    both = force.outer_join(
        complaints,
        [force.split == complaints.split, force.person_id == complaints.person_id],
    )
    both = both.select(
        split=both.split.fill_null(both.split_right),
        person_id=both.person_id.fill_null(both.person_id_right),
        unit=both.force_unit.fill_null(both.complaint_unit),
        last_force=both.last_force,
        last_complaint=both.last_complaint,
        **{
            c: both[c]
            for c in (*force.columns, *complaints.columns)
            if c not in ("split", "person_id", "last_force", "last_complaint")
            and not c.endswith("_unit")
        },
    )
    counts = [c for c in both.columns if c.split("_")[-1].isdigit()]
    counts += ["open_complaints"]
    filled = both.mutate(
        **{c: both[c].fill_null(0) for c in counts if not c.startswith("level_")}
    )
    return filled.filter((filled.force_365 > 0) | (filled.complaints_365 > 0))


def add_derived(table: pa.Table, appointed: dict[int, Any]) -> pa.Table:
    """Days since, years of service and unit-peer ratios (numpy, after the query)."""
    split = table.column("split").to_numpy(zero_copy_only=False).astype("datetime64[D]")
    persons = table.column("person_id").to_numpy()
    start = np.array([appointed.get(int(p)) for p in persons], dtype="datetime64[D]")
    units = np.array([u or "" for u in table.column("unit").to_pylist()], dtype=object)
    derived: dict[str, Any] = {
        "days_since_force": _days_since(split, table.column("last_force")),
        "days_since_complaint": _days_since(split, table.column("last_complaint")),
        "years_of_service": _day_diff(split, start) / 365.25,
    }
    peers, means = _peer_means(
        split, units, {c: table.column(c).to_numpy() for c in PEER_RATIOS}
    )
    derived["unit_peers"] = peers
    for column, name in PEER_RATIOS.items():
        value = table.column(column).to_numpy().astype("float64")
        derived[name] = (value + 1) / (means[column] + 1)
    for name, values in derived.items():
        table = table.append_column(name, pa.array(values, pa.float64()))
    return table


PEER_RATIOS = {
    "force_365": "force_365_vs_unit",
    "complaints_365": "complaints_365_vs_unit",
}


def _days_since(split: np.ndarray, dates: pa.ChunkedArray) -> np.ndarray:
    last = dates.to_numpy(zero_copy_only=False).astype("datetime64[D]")
    days = _day_diff(split, last)
    return np.minimum(np.where(np.isnan(days), CAP_DAYS, days), CAP_DAYS)


def _day_diff(later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    """later - earlier in days; nan where either is unknown (NaT)."""
    days = (later - earlier).astype("int64").astype("float64")
    return np.where(np.isnat(later) | np.isnat(earlier), np.nan, days)


def _peer_means(
    split: np.ndarray, units: np.ndarray, values: dict[str, np.ndarray]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Unit size and unit means at each split; no unit: size 0, the split's mean."""
    known = units != ""
    keys = np.array([f"{s}|{u}" for s, u in zip(split, units, strict=True)])
    _, unit_index = np.unique(keys, return_inverse=True)
    _, split_index = np.unique(split, return_inverse=True)
    size = np.bincount(unit_index, weights=known.astype("float64"))[unit_index]
    means = {}
    for name, value in values.items():
        v = value.astype("float64")
        by_unit = np.bincount(unit_index, weights=v * known) / np.maximum(
            np.bincount(unit_index, weights=known.astype("float64")), 1
        )
        by_split = np.bincount(split_index, weights=v) / np.bincount(split_index)
        means[name] = np.where(known, by_unit[unit_index], by_split[split_index])
    return size, means
