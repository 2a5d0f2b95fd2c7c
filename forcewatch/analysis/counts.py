"""Records counted in every counting unit, per agency and incident year.

The units are those of forcewatch.records.selectors.record_counts, which
counts the live database; these count a snapshot, on any Ibis backend:

- incidents: events in which force was used;
- subjects: people force was used on, one per incident;
- officers: distinct officers involved in any role;
- officer_subject_pairs: engagements, one officer x one subject as filed;
- force_applications: one officer -> one subject -> one force type;
- reports: filed reports (a Chicago TRR...).

A record's year is its incident's `occurred_date` year; null when the date
is not known. Output is long: one row per agency, year and unit, with the
unit named in the `unit` column; units without records are absent, not 0.
"""

from __future__ import annotations

import ibis
from ibis import BaseBackend
from ibis.expr.types import Table

# unit -> (table, the column counted distinct, or None to count rows)
SOURCES: dict[str, tuple[str, str | None]] = {
    "incidents": ("incident", None),
    "subjects": ("subject", None),
    "officers": ("officer_involvement", "officer_id"),
    "officer_subject_pairs": ("engagement", None),
    "force_applications": ("force_application", None),
    "reports": ("report", None),
}


def counts_by_year(con: BaseBackend) -> Table:
    """Columns agency (slug), year (int32, null: date unknown), unit, n (int64)."""
    return _counts(con, by_year=True)


def counts_total(con: BaseBackend) -> Table:
    """Columns agency, unit, n: all years (officers are distinct across years)."""
    return _counts(con, by_year=False)


def _counts(con: BaseBackend, *, by_year: bool) -> Table:
    # One long table of (agency, incident, unit, key), dated by one join and
    # counted by one aggregate: a single pass however many units there are.
    keyed = []
    for unit, (name, distinct) in SOURCES.items():
        records = con.table(name)
        keyed.append(
            records.select(
                agency_id=records.agency_id,
                incident_id=records.id if name == "incident" else records.incident_id,
                unit=ibis.literal(unit),
                key=records[distinct or "id"],
            )
        )
    incident = con.table("incident")
    years = incident.select(
        incident_id=incident.id, year=incident.occurred_date.year().cast("int32")
    )
    dated = ibis.union(*keyed).join(years, "incident_id")
    keys = ["agency_id", "year", "unit"] if by_year else ["agency_id", "unit"]
    # keys are row ids except for officers: distinct counts rows, and officers once
    counted = dated.group_by(keys).aggregate(n=dated.key.nunique().cast("int64"))
    agency = con.table("agency")
    slugs = agency.select(agency_id=agency.id, agency=agency.slug)
    columns = ["agency", *keys[1:], "n"]
    order = [ibis.asc(c, nulls_first=False) for c in columns[:-1]]
    return counted.join(slugs, "agency_id").select(columns).order_by(order)
