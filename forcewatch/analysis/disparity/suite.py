"""The department-level disparity analysis: `run`, and the backend queries behind it.

The backend does the heavy part in a dozen aggregate queries (`aggregates`):
per counting unit, one count over every combination of the additive
dimensions (a small cube), plus distinct counts where a unit can fall in
several groups. Everything else (marginal tables, rates, ratios, intervals,
FDR, stratification) runs in Python on those small results (`build_tables`),
so DuckDB and Spark give identical tables once their aggregates agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
from ibis import BaseBackend

from forcewatch.analysis.disparity import cubes, missingness, severity
from forcewatch.analysis.disparity.denominators import (
    Denominator,
    DenominatorError,
    load_denominator,
)
from forcewatch.analysis.disparity.dimensions import NONE_RECORDED
from forcewatch.analysis.disparity.facts import LEVEL_OF, Scope, force_counts
from forcewatch.analysis.disparity.severity import sum_by
from forcewatch.analysis.disparity.tables import rate_table, stratified_table

RATE_DIMENSIONS = ("race", "sex", "age", "district", "call_type", "force_type")
PRIMARY_UNIT = {  # the unit the summary quotes for each dimension
    "race": "subject",
    "sex": "subject",
    "age": "subject",
    "district": "incident",
    "call_type": "incident",
    "force_type": "application",
}
CUBE = ("race", "sex", "age", "crisis", "district", "call_type", "agency_level", "year")
INCIDENT_CUBE = ("district", "call_type", "agency_level", "year")
FORCE_UNITS = ("incident", "subject", "engagement")
DETAIL = ("race", "resistance_level", "force_type", "crisis")
OFFICERS = ("officer", "officer_unit", "race_recorded", "sex_recorded")
Rows = list[dict[str, Any]]


@dataclass
class DisparityResult:
    """Tables by name (write them with `write`), the text summary and the parameters."""

    tables: dict[str, pa.Table]
    summary: str
    parameters: dict[str, Any]
    aggregates: dict[str, pa.Table] = field(default_factory=dict, repr=False)

    def write(self, out: str | Path) -> list[Path]:
        from forcewatch.analysis.disparity.output import write_result

        return write_result(self, Path(out))


def run(
    snapshot: str | Path | None = None,
    *,
    denominator: str | Path | Denominator,
    agency: str | None = None,
    by: Sequence[str] | None = None,
    out: str | Path | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    reference: Mapping[str, str] | None = None,
    con: BaseBackend | None = None,
) -> DisparityResult:
    """Every disparity table for one agency against one named denominator.

    `snapshot` is a snapshot folder (read with DuckDB), or pass `con`, a
    backend over one (`spark_backend(...)`). `by` limits the rate tables to
    some of race, sex, age, district, call_type, force_type (default: all).
    `reference` overrides the denominator's reference groups
    (`{"race": "black"}`). With `out`, the tables are written there as CSV,
    with `summary.txt` and `parameters.json`.
    """
    from forcewatch.analysis.backends import duckdb_backend
    from forcewatch.analysis.disparity.output import parameters, summarise

    if con is None:
        if snapshot is None:
            raise ValueError("give a snapshot folder or a backend (`con`)")
        con = duckdb_backend(snapshot)
    den = (
        denominator
        if isinstance(denominator, Denominator)
        else load_denominator(denominator)
    )
    dims = _dimensions(by)
    slug, scope = resolve_scope(con, agency, since, until)
    if den.agency and den.agency != slug:
        raise DenominatorError(
            f"{den.name} describes {den.agency}, not {slug}: choose a denominator "
            "for this agency"
        )
    first, last = period(con, scope)
    years = ((last - first).days + 1) / 365.25 if first and last else None
    aggs = aggregates(con, scope)
    tables = build_tables(aggs, den, years, dims, reference or {})
    params = parameters(snapshot, slug, first, last, years, den, dims, reference)
    result = DisparityResult(tables, summarise(tables, params, den), params, aggs)
    if out is not None:
        result.write(out)
    return result


def _dimensions(by: Sequence[str] | None) -> tuple[str, ...]:
    if not by:
        return RATE_DIMENSIONS
    unknown = [d for d in by if d not in RATE_DIMENSIONS]
    if unknown:
        raise ValueError(
            f"cannot tabulate by {', '.join(unknown)}; choose from "
            + ", ".join(RATE_DIMENSIONS)
        )
    return tuple(d for d in RATE_DIMENSIONS if d in by)


def resolve_scope(
    con: BaseBackend, agency: str | None, since: dt.date | None, until: dt.date | None
) -> tuple[str, Scope]:
    """The agency's slug and the scope of its incidents; refuses an ambiguous agency."""
    if since and until and since > until:
        raise ValueError(f"since ({since}) is after until ({until})")
    rows = con.table("agency").select("id", "slug").to_pyarrow().to_pylist()
    slugs = {r["slug"]: r["id"] for r in rows}
    if agency is None:
        if len(slugs) != 1:
            raise ValueError(
                "the snapshot holds "
                + (f"agencies {', '.join(sorted(slugs))}" if slugs else "no agency")
                + ": choose one (--agency SLUG)"
            )
        agency = next(iter(slugs))
    if agency not in slugs:
        raise ValueError(
            f"no agency {agency!r} in the snapshot (agencies: "
            f"{', '.join(sorted(slugs)) or 'none'})"
        )
    return agency, Scope(agency_id=slugs[agency], since=since, until=until)


def period(con: BaseBackend, scope: Scope) -> tuple[dt.date | None, dt.date | None]:
    """The dates analysed: the scope's bounds, else the data's first and last."""
    if scope.since and scope.until:
        return scope.since, scope.until
    incident = con.table("incident")
    incident = incident.filter(incident.agency_id == scope.agency_id)
    found = (
        incident.aggregate(
            first=incident.occurred_date.min(), last=incident.occurred_date.max()
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    return scope.since or found["first"], scope.until or found["last"]


def aggregates(con: BaseBackend, scope: Scope) -> dict[str, pa.Table]:
    """The backend queries: six small aggregate tables (`cubes`, `force_counts`)."""
    queries = {
        "incident_cube": lambda: force_counts(con, "incident", INCIDENT_CUBE, scope),
        "people_cube": lambda: cubes.people_cube(con, scope, CUBE),
        "incident_groups": lambda: cubes.incident_groups(con, scope),
        "force_types": lambda: cubes.force_types(con, scope),
        "application_detail": lambda: force_counts(con, "application", DETAIL, scope),
        "engagement_officers": lambda: force_counts(con, "engagement", OFFICERS, scope),
    }
    return {name: query().to_pyarrow() for name, query in queries.items()}


def counted_rows(aggs: Mapping[str, pa.Table]) -> dict[str, Rows]:
    """The aggregates as rows with a count `n`, one list per unit and question."""
    rows: dict[str, Rows] = {
        "incident_cube": aggs["incident_cube"].to_pylist(),
        "application_detail": aggs["application_detail"].to_pylist(),
        "engagement_officers": aggs["engagement_officers"].to_pylist(),
    }
    people = aggs["people_cube"].to_pylist()
    for unit, column in (
        ("subject", "subjects"),
        ("engagement", "engagements"),
        ("application", "applications"),
    ):
        rows[f"{unit}_cube"] = [
            {**{d: r[d] for d in CUBE}, "n": r[column]} for r in people if r[column]
        ]
    for i, (d, group) in enumerate(cubes.FLAGS):
        name = f"incident_{d}_by_district"
        rows.setdefault(name, []).extend(
            {d: group, "district": r["district"], "n": r[cubes.flag_name(i)]}
            for r in aggs["incident_groups"].to_pylist()
            if r[cubes.flag_name(i)]
        )
    totals = {u: sum(r["n"] for r in rows[f"{u}_cube"]) for u in FORCE_UNITS}
    for r in aggs["force_types"].to_pylist():
        unit = r["unit"]
        found = [
            {"force_type": code, "n": r[f"t{i}"]}
            for i, code in enumerate(cubes.FORCE_CODES)
            if r[f"t{i}"]
        ]
        if totals[unit] > r["with_force"]:
            found.append(
                {"force_type": NONE_RECORDED, "n": totals[unit] - r["with_force"]}
            )
        rows[f"{unit}_force_type"] = found
    return rows


def build_tables(
    aggs: Mapping[str, pa.Table],
    den: Denominator,
    years: float | None,
    dims: Sequence[str],
    reference: Mapping[str, str],
) -> dict[str, pa.Table]:
    """Every output table from the aggregates (pure Python, any backend's results)."""
    rows = counted_rows(aggs)
    totals = {
        unit: sum(r["n"] for r in rows[f"{unit}_cube"])
        for unit in ("incident", "subject", "engagement", "application")
    }
    tables: dict[str, pa.Table] = {}
    for d in dims:
        parts = [
            rate_table(
                dimension=d,
                unit=unit,
                counts=marginal(rows, unit, d),
                total=totals[unit],
                denominator=den,
                years=years,
                reference=reference.get(d) or den.reference_for(d),
            )
            for unit in ("incident", "subject", "engagement", "application")
        ]
        tables[f"rates_{d}"] = pa.concat_tables(parts)
    for d in ("race", "sex", "age"):
        if d in dims and den.strata(d):
            tables[f"stratified_{d}_by_district"] = _stratified(
                rows, den, years, d, reference
            )
    tables.update(_other_tables(rows, den, reference))
    return tables


def marginal(rows: Mapping[str, Rows], unit: str, d: str) -> dict[str, int]:
    if d == "force_type":
        source = "application_detail" if unit == "application" else f"{unit}_force_type"
        return sum_by(rows[source], d)
    if unit == "incident" and LEVEL_OF[d] == "subject":
        return sum_by(rows[f"incident_{d}_by_district"], d)
    return sum_by(rows[f"{unit}_cube"], d)


def _stratified(
    rows: Mapping[str, Rows],
    den: Denominator,
    years: float | None,
    d: str,
    reference: Mapping[str, str],
) -> pa.Table:
    parts = []
    for unit, source in (
        ("incident", f"incident_{d}_by_district"),
        ("subject", "subject_cube"),
    ):
        table = stratified_table(
            dimension=d,
            unit=unit,
            counts=sum_by(rows[source], "district", d),
            denominator=den,
            years=years,
            reference=reference.get(d) or den.reference_for(d),
        )
        if table is not None:
            parts.append(table)
    return pa.concat_tables(parts)


def _other_tables(
    rows: Mapping[str, Rows], den: Denominator, reference: Mapping[str, str]
) -> dict[str, pa.Table]:
    detail = rows["application_detail"]
    race_reference = reference.get("race") or den.reference_for("race")
    tables = {
        "severity_by_resistance": severity.severity_by_resistance(detail),
        "severity_above_resistance": severity.above_resistance(detail, race_reference),
    }
    optional = {
        "agency_level_by_race": severity.agency_levels(rows["subject_cube"]),
        "crisis": severity.crisis_table(
            sum_by(rows["incident_crisis_by_district"], "crisis"), rows["subject_cube"]
        ),
        "crisis_severity": severity.crisis_severity(detail),
    }
    tables.update({name: t for name, t in optional.items() if t is not None})
    officers = rows["engagement_officers"]
    for grouping, source, race, sex in (
        ("officer", officers, "race_recorded", "sex_recorded"),
        ("officer_unit", officers, "race_recorded", "sex_recorded"),
        ("year", rows["engagement_cube"], "race", "sex"),
    ):
        name = {"officer": "officer", "officer_unit": "unit", "year": "period"}[
            grouping
        ]
        tables[f"missing_by_{name}"] = missingness.missing_table(
            grouping, source, race=race, sex=sex
        )
    return tables
