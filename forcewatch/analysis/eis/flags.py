"""The threshold flags of one agency on one date, each with what it counted.

This is what the early-intervention pages route to supervisors: the same
officer-years, rule counts and `rule_flags` as the evaluation's baseline at a
split date (one implementation of the rules), plus, for each flag, the events
each tripped rule counted (dates and record numbers), its window, and the
median count of the officer's peers. No Django: it reads a snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from ibis import BaseBackend
from ibis.expr.types import Table

from forcewatch.analysis.backends import duckdb_backend
from forcewatch.analysis.eis.baseline import explain_rules, rule_events, rule_flags
from forcewatch.analysis.eis.config import Rule, Thresholds
from forcewatch.analysis.eis.dataset import agency_id, officer_years
from forcewatch.analysis.eis.events import complaint_events, force_events
from forcewatch.analysis.eis.explain import MIN_PEERS, peer_medians
from forcewatch.analysis.eis.features import split_table
from forcewatch.analysis.eis.identity import officer_people


@dataclass(frozen=True)
class CountedEvent:
    """One event a rule counted: a report of force or a complaint."""

    date: dt.date
    incident: str  # the incident's number (force); "" for a complaint
    report: str  # the report's number (force), where the source files one
    complaint: str  # the complaint's number (complaints)


@dataclass(frozen=True)
class RuleCount:
    """One rule for one officer: its count in its window, and the peers' median."""

    rule: Rule
    count: int
    window_from: dt.date  # the first day counted
    window_to: dt.date  # the last day counted (the day before the flag's date)
    peers_median: float
    events: tuple[CountedEvent, ...] = ()  # listed for tripped rules

    @property
    def tripped(self) -> bool:
        """At least the rule's number of events in its window.

        >>> rule = Rule("force_90d", "", "force", 3, 90)
        >>> day = dt.date(2020, 1, 1)
        >>> RuleCount(rule, 3, day, day, 1.0).tripped
        True
        """
        return self.count >= self.rule.at_least


@dataclass(frozen=True)
class ThresholdFlag:
    """One officer (a person: one or more officer records) the rules flag."""

    person_id: int  # the lowest officer id of the person
    officer_ids: tuple[int, ...]
    unit: str  # the unit of the officer's latest report (else complaint)
    peers: str  # the peer group: the unit, or "" for every officer of the date
    peer_count: int
    rules: tuple[RuleCount, ...]
    text: str

    @property
    def tripped(self) -> tuple[str, ...]:
        return tuple(r.rule.id for r in self.rules if r.tripped)


def threshold_flags(
    con: BaseBackend, agency: str, on: dt.date, thresholds: Thresholds
) -> list[ThresholdFlag]:
    """The officers the rules flag on the morning of `on`, by person id.

    Only events dated before `on` count, as at an evaluation split date. Peers
    are the officers with force or a complaint in the year before `on`: the
    same unit if it has at least `MIN_PEERS` of them, else all of them.
    """
    rules = thresholds.rules
    data = officer_years(con, agency, [on], thresholds)
    counts = {r.id: data.counts[r.id] for r in rules}
    if not len(data):
        return []
    flagged = np.flatnonzero(rule_flags(counts, rules))
    if not flagged.size:
        return []
    matrix = np.column_stack([counts[r.id] for r in rules])
    medians = peer_medians(matrix, data.unit)
    units, sizes = np.unique(data.unit, return_counts=True)
    unit_size = {str(u): int(n) for u, n in zip(units, sizes, strict=True)}
    persons = [int(data.person[i]) for i in flagged]
    events, records = _details(con, agency, on, rules, persons)
    out = []
    for i in flagged:
        person, unit = int(data.person[i]), str(data.unit[i])
        own_peers = bool(unit) and unit_size[unit] >= MIN_PEERS
        per_rule = {r.id: int(counts[r.id][i]) for r in rules}
        out.append(
            ThresholdFlag(
                person_id=person,
                officer_ids=records.get(person, (person,)),
                unit=unit,
                peers=unit if own_peers else "",
                peer_count=unit_size[unit] if own_peers else len(data),
                rules=tuple(
                    _rule_count(
                        rule, on, per_rule[rule.id], medians[i, j], events, person
                    )
                    for j, rule in enumerate(rules)
                ),
                text=explain_rules(per_rule, rules),
            )
        )
    return sorted(out, key=lambda f: f.person_id)


def threshold_flags_snapshot(
    snapshot_dir: str | Path, agency: str, on: dt.date, thresholds: Thresholds
) -> list[ThresholdFlag]:
    """`threshold_flags` on a snapshot folder, through DuckDB."""
    return threshold_flags(duckdb_backend(snapshot_dir), agency, on, thresholds)


Events = dict[tuple[str, int], tuple[CountedEvent, ...]]  # (rule id, person) -> events


def _rule_count(
    rule: Rule, on: dt.date, count: int, median: float, events: Events, person: int
) -> RuleCount:
    return RuleCount(
        rule=rule,
        count=count,
        window_from=on - dt.timedelta(days=rule.days),
        window_to=on - dt.timedelta(days=1),
        peers_median=float(median),
        events=events.get((rule.id, person), ()) if count >= rule.at_least else (),
    )


def _details(
    con: BaseBackend,
    agency: str,
    on: dt.date,
    rules: tuple[Rule, ...],
    persons: list[int],
) -> tuple[Events, dict[int, tuple[int, ...]]]:
    """The events each rule counted for these persons; each person's records."""
    aid = agency_id(con, agency)
    people = officer_people(con, aid)
    force = force_events(con, aid, people)
    complaints = complaint_events(con, aid, people)
    splits = split_table([on])
    events: dict[tuple[str, int], list[CountedEvent]] = {}
    wanted = set(persons)
    # Persons are picked in Python: DuckDB 1.5.6 fails ("unordered_map::at") on an
    # IN filter pushed through these joins and window functions. A window's
    # events are few (the days before one date), so this costs little.
    for rule in rules:
        counted = rule_events(force, complaints, splits, rule)
        for row in _numbered(con, counted, rule.event):
            if row["person_id"] in wanted:
                key = (rule.id, int(row["person_id"]))
                events.setdefault(key, []).append(_event(row))
    records: dict[int, list[int]] = {}
    for row in people.to_pyarrow().to_pylist():
        if row["person_id"] in wanted:
            records.setdefault(row["person_id"], []).append(int(row["officer_id"]))
    ordered = {k: tuple(sorted(v, key=_order)) for k, v in events.items()}
    return ordered, {p: tuple(sorted(ids)) for p, ids in records.items()}


def _numbered(con: BaseBackend, counted: Table, event: str) -> list[dict[str, Any]]:
    """The counted events with the numbers a person reads: incident, report..."""
    if event == "complaint":
        c = con.table("complaint")
        rows = counted.join(c, counted.event_id == c.id).select(
            "person_id", "date", complaint=c.source_key
        )
    else:
        e, i, r = con.table("engagement"), con.table("incident"), con.table("report")
        rows = (
            counted.join(e, counted.event_id == e.id)
            .join(i, e.incident_id == i.id)
            .left_join(r, e.report_id == r.id)
            .select("person_id", "date", incident=i.source_key, report=r.source_key)
        )
    result: list[dict[str, Any]] = rows.to_pyarrow().to_pylist()
    return result


def _event(row: dict[str, Any]) -> CountedEvent:
    return CountedEvent(
        date=row["date"],
        incident=row.get("incident") or "",
        report=row.get("report") or "",
        complaint=row.get("complaint") or "",
    )


def _order(event: CountedEvent) -> tuple[dt.date, str, str, str]:
    return (event.date, event.incident, event.report, event.complaint)
