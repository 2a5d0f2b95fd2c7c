"""The tables of a release, counted from a snapshot through Ibis (no Django).

Each table of `tables.yaml` becomes a `ReleaseTable` with one cell for every
combination of its dimensions' groups, zeros included, so that a table and its
margins always describe the same cells. Every cell also carries the number of
distinct persons behind it (subjects, or officers), which is what disclosure
control looks at: a cell of 30 force applications on 2 people is a cell of 2.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from ibis import BaseBackend
from ibis.expr.types import Table

from forcewatch.analysis.disparity import dimensions as dim
from forcewatch.analysis.disparity.facts import Scope, force_counts
from forcewatch.release.model import Cell, DisclosureRules, ReleaseTable, TableSpec
from forcewatch.release.period import Period

HERE = Path(__file__).resolve().parent
TABLES_FILE = HERE / "tables.yaml"
RULES_FILE = HERE / "rules.yaml"

UNIT_DOCS = {
    "incident": "incidents: one event in which an officer used force",
    "subject": "people: one person force was used on, in one incident",
    "application": (
        "force applications: one officer using one type of force on one person"
    ),
    "officer": "officers: each officer who used force in the period, once",
}
DIM_DOCS = {
    "month": "month the incident happened (YYYY-MM)",
    "district": "the agency's district, precinct or beat group where it happened",
    "call_type": (
        "reason for contact (canonical code where the source gives one, else the "
        "agency's own call type)"
    ),
    "force_type": "type of force (canonical code list force_type)",
    "race": (
        "race of the person force was used on, as recorded by the agency; Hispanic "
        "of any race counted as hispanic"
    ),
    "sex": "sex of the person force was used on, as recorded",
    "age": "age band of the person force was used on (census bands)",
    "crisis": (
        "whether the person was recorded as in a mental-health crisis or with a "
        "mental-health impairment"
    ),
    "outcome": (
        "how the encounter ended for the person, the gravest recorded first: died, "
        "hospitalized, injured, arrested (not injured), not_injured, unknown"
    ),
    "officer_race": "race of the officer, as recorded by the agency",
    "officer_sex": "sex of the officer, as recorded by the agency",
}
# dimensions with a fixed list of groups; the others take the groups seen in the period
FIXED_GROUPS: dict[str, tuple[str, ...]] = {
    "race": dim.RACE_GROUPS,
    "sex": dim.SEX_GROUPS,
    "age": dim.AGE_BANDS,
    "crisis": dim.CRISIS_GROUPS,
    "outcome": dim.OUTCOMES,
    "officer_race": dim.RACE_GROUPS,
    "officer_sex": dim.SEX_GROUPS,
}
OBSERVED_UNIT = {
    "district": "incident",
    "call_type": "incident",
    "force_type": "application",
}
PERSON_UNIT = {"subject": "subject", "application": "subject", "officer": "officer"}


class TableDefinitionError(ValueError):
    """tables.yaml or rules.yaml does not describe a valid release."""


@cache
def table_specs(path: Path = TABLES_FILE) -> tuple[TableSpec, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    specs = []
    for entry in data["tables"]:
        spec = TableSpec(
            name=entry["name"],
            title=entry["title"],
            unit=entry["unit"],
            dims=tuple(entry.get("dims") or ()),
            description=str(entry.get("description", "")).strip(),
            chart=bool(entry.get("chart", False)),
            denominator=entry.get("denominator"),
        )
        unknown = [d for d in spec.dims if d not in DIM_DOCS]
        if spec.unit not in UNIT_DOCS or unknown:
            raise TableDefinitionError(
                f"{path}: table {spec.name}: unknown unit {spec.unit!r} or "
                f"dimensions {unknown}"
            )
        specs.append(spec)
    return tuple(specs)


@cache
def disclosure_rules(path: Path = RULES_FILE) -> DisclosureRules:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    sets = ("person_dims", "place_dims", "time_dims")
    values: dict[str, Any] = {
        k: frozenset(v) if k in sets else v for k, v in data.items()
    }
    try:
        return DisclosureRules(**values)
    except TypeError as exc:
        raise TableDefinitionError(f"{path}: {exc}") from exc


@dataclass
class Counted:
    """Counts of one unit by some dimensions: key -> (count, persons)."""

    counts: dict[tuple[str, ...], int]
    persons: dict[tuple[str, ...], int]


def count_tables(
    con: BaseBackend, agency_id: int, period: Period, specs: Sequence[TableSpec]
) -> list[ReleaseTable]:
    """Every table of `specs` for one agency and period, zeros included."""
    scope = Scope(agency_id=agency_id, since=period.start, until=period.end)
    groups = _groups(con, scope, period, specs)
    tables = []
    for spec in specs:
        counted = _count(con, scope, spec)
        keys = itertools.product(*(groups[d] for d in spec.dims))
        cells = [
            Cell(
                key=key,
                count=counted.counts.get(key, 0),
                persons=counted.persons.get(key, 0),
            )
            for key in keys
        ]
        extra = set(counted.counts) - {c.key for c in cells}
        if extra:  # a group outside the list: a bug, never silently dropped
            raise TableDefinitionError(
                f"{spec.name}: groups {sorted(extra)[:3]} are not in the group lists"
            )
        tables.append(ReleaseTable(spec=spec, cells=cells))
    return tables


def _count(con: BaseBackend, scope: Scope, spec: TableSpec) -> Counted:
    if spec.unit == "officer":
        counts = _rows(officer_counts(con, scope, spec.dims), spec.dims)
        return Counted(counts=counts, persons=counts)
    counts = _rows(force_counts(con, spec.unit, spec.dims, scope), spec.dims)
    person_unit = PERSON_UNIT.get(spec.unit)
    if person_unit is None:
        return Counted(counts=counts, persons={})
    if person_unit == spec.unit:
        return Counted(counts=counts, persons=counts)
    persons = _rows(force_counts(con, person_unit, spec.dims, scope), spec.dims)
    return Counted(counts=counts, persons=persons)


def _rows(table: Table, dims: Sequence[str]) -> dict[tuple[str, ...], int]:
    return {
        tuple(str(row[d]) for d in dims): int(row["n"])
        for row in table.to_pyarrow().to_pylist()
    }


def officer_counts(con: BaseBackend, scope: Scope, dims: Sequence[str]) -> Table:
    """Distinct officers who used force in the scope's incidents, by race and sex."""
    inv = con.table("officer_involvement")
    inc = con.table("incident")
    inc = inc.filter(inc.agency_id == scope.agency_id)
    if scope.since is not None:
        inc = inc.filter(inc.occurred_date >= scope.since)
    if scope.until is not None:
        inc = inc.filter(inc.occurred_date <= scope.until)
    used = inv.filter(inv.role == "used_force")
    ids = inc.select(inc_id=inc.id)
    used = used.join(ids, used.incident_id == ids.inc_id)
    officer_ids = used.select(oid=used.officer_id).distinct()
    officer = con.table("officer")
    people = officer_ids.join(officer, officer_ids.oid == officer.id).select(
        oid=officer_ids.oid,
        officer_race=dim.race_group(officer.race, officer.ethnicity),
        officer_sex=dim.sex_group(officer.sex),
    )
    n = people.oid.nunique().cast("int64")
    if not dims:
        return people.aggregate(n=n)
    return people.group_by(list(dims)).aggregate(n=n)


def _groups(
    con: BaseBackend, scope: Scope, period: Period, specs: Sequence[TableSpec]
) -> dict[str, tuple[str, ...]]:
    """The groups of every dimension, in display order."""
    wanted = {d for spec in specs for d in spec.dims}
    groups: dict[str, tuple[str, ...]] = {}
    for d in sorted(wanted):
        if d in FIXED_GROUPS:
            groups[d] = FIXED_GROUPS[d]
        elif d == "month":
            groups[d] = tuple(period.months())
        else:
            seen = _rows(force_counts(con, OBSERVED_UNIT[d], [d], scope), [d])
            groups[d] = observed_order({k[0]: n for k, n in seen.items()})
    return groups


def observed_order(counts: Mapping[str, int]) -> tuple[str, ...]:
    """Most frequent first, then by name; not recorded last."""
    ordered = sorted(
        (g for g in counts if g not in (dim.UNKNOWN, dim.NONE_RECORDED)),
        key=lambda g: (-counts[g], g),
    )
    tail = [g for g in (dim.UNKNOWN, dim.NONE_RECORDED) if g in counts]
    return tuple(ordered + tail)


def group_labels() -> dict[str, dict[str, str]]:
    """Display labels of the groups: dimension -> group -> label."""
    labels: dict[str, dict[str, str]] = {
        "race": dict(dim.LABELS["race"]),
        "sex": dict(dim.LABELS["sex"]),
        "officer_race": dict(dim.LABELS["race"]),
        "officer_sex": dict(dim.LABELS["sex"]),
        "crisis": {
            "yes": "In crisis",
            "no": "Not in crisis",
            "unknown": "Not recorded",
        },
        "outcome": {
            "died": "Died",
            "hospitalized": "Hospitalized",
            "injured": "Injured",
            "arrested": "Arrested, not injured",
            "not_injured": "Neither injured nor arrested",
            "unknown": "Not recorded",
        },
        "age": {band: band for band in dim.AGE_BANDS} | {"unknown": "Not recorded"},
    }
    for dimension, codelist in (
        ("force_type", "force_type"),
        ("call_type", "contact_reason"),
    ):
        labels[dimension] = _codelist_labels(codelist) | {
            dim.UNKNOWN: "Not recorded",
            dim.NONE_RECORDED: "None recorded",
        }
    labels["district"] = {dim.UNKNOWN: "Not recorded"}
    return labels


@cache
def _codelist_labels(name: str) -> dict[str, str]:
    data: dict[str, Any] = yaml.safe_load(
        (dim.CODELISTS / f"{name}.yaml").read_text(encoding="utf-8")
    )
    return {
        str(code): str(attrs.get("label", code))
        for code, attrs in data["codes"].items()
    }
