"""Dated events per person, from a snapshot: uses of force, complaints, findings.

- force: one row per engagement attributed to an officer (one officer x one
  subject as filed: a Chicago TRR), dated by its incident, with what the
  report says: force used (types, highest level), resistance met, injuries,
  off-duty, how many other officers took part, the level the agency gave
  the incident (its own scale: `reported_level`, the leading number of
  incident.level);
- complaint: one row per person x complaint naming them, dated when received
  (else by its incident), with the categories alleged against that person and
  the findings on them, each known from its closed date;
- out of policy: one row per person x policy finding about them whose latest
  disposition is out of policy, dated by the finding's incident, known from
  that disposition's date.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import yaml
from ibis import BaseBackend
from ibis.expr.types import Table

CODELISTS = Path(__file__).resolve().parents[2] / "records" / "codelists"

# force type code -> feature group (codes outside every group count in the totals only)
FORCE_GROUPS: dict[str, tuple[str, ...]] = {
    "control": ("escort_hold", "handcuffing", "joint_lock", "restraint_device"),
    "takedown": ("takedown", "body_weight"),
    "strike": ("strike", "physical_other"),
    "neck": ("neck_restraint",),
    "ced": ("ced_drive_stun", "ced_probe", "ced_or_projectile"),
    "chemical": ("chemical_oc", "chemical_gas"),
    "impact": ("impact_weapon", "impact_munition", "less_lethal"),
    "k9": ("k9_deploy", "k9_bite"),
    "firearm": ("firearm_discharge",),
}
# complaint category code -> feature group
COMPLAINT_GROUPS: dict[str, tuple[str, ...]] = {
    "force": ("force", "firearm_discharge", "weapon_display"),
    "search": ("search_seizure",),
    "verbal": ("verbal_abuse", "bias", "first_amendment"),
    "conduct": (
        "abuse_of_authority",
        "sexual_misconduct",
        "domestic_violence",
        "criminal_conduct",
        "false_statement",
    ),
    "operational": ("operational", "custody_care", "traffic_vehicle"),
}
FINDINGS = ("sustained", "not_sustained", "unfounded", "exonerated")
OUT_OF_POLICY = "out_of_policy"  # policy.models.Outcome.OUT_OF_POLICY


@cache
def code_levels(name: str) -> dict[str, int]:
    """A code list's `level` attribute (force continuum 1-5, resistance 1-5)."""
    data = yaml.safe_load((CODELISTS / f"{name}.yaml").read_text(encoding="utf-8"))
    return {str(k): int((v or {}).get("level", 0)) for k, v in data["codes"].items()}


def _levels(name: str, column: str) -> Table:
    levels = code_levels(name)
    return ibis.memtable(
        pa.table(
            {
                column: pa.array(list(levels), pa.string()),
                f"{column}_level": pa.array(list(levels.values()), pa.int32()),
            }
        )
    )


def force_events(con: BaseBackend, agency_id: int, people: Table) -> Table:
    """One row per attributed engagement: person_id, date, and what it records."""
    e = con.table("engagement").filter(lambda t: t.agency_id == agency_id)
    v = con.table("officer_involvement")
    i = con.table("incident")
    s = con.table("subject")
    base = (
        e.join(v, e.involvement_id == v.id)
        .join(people, v.officer_id == people.officer_id)
        .join(i, e.incident_id == i.id)
        .left_join(s, e.subject_id == s.id)
        .select(
            engagement_id=e.id,
            incident_id=e.incident_id,
            report_id=e.report_id,
            person_id=people.person_id,
            date=i.occurred_date,
            unit=v.unit,
            # unknown duty status counts as on duty
            off_duty=~v.on_duty.fill_null(True),
            officer_injured=v.injured.fill_null(False),
            subject_injured=s.injured.fill_null(False),
            subject_alleged_injury=s.complained_of_injury.fill_null(False),
            subject_hospitalized=s.hospitalized.fill_null(False),
            reported_level=_leading_number(i.level),
        )
    )
    base = base.filter(base.date.notnull())
    events = (
        base.left_join(_applications(con, agency_id), "engagement_id")
        .left_join(_resistance(con, agency_id), "engagement_id")
        .left_join(_report_resistance(con, agency_id), "report_id")
        .left_join(_officers_per_incident(con, agency_id, people), "incident_id")
    )
    return events.select(
        "engagement_id",
        "incident_id",
        "person_id",
        "date",
        "unit",
        "off_duty",
        "officer_injured",
        "subject_injured",
        "subject_alleged_injury",
        "subject_hospitalized",
        "reported_level",
        firearm=events.uses_firearm.fill_null(0) > 0,
        force_level=events.force_level.fill_null(0),
        resistance_level=ibis.greatest(
            events.applied_resistance.fill_null(0),
            events.report_resistance.fill_null(0),
        ),
        co_officers=(events.officers.fill_null(1) - 1).cast("int64"),
        **{f"uses_{g}": events[f"uses_{g}"].fill_null(0) for g in FORCE_GROUPS},
    )


def _leading_number(level: ibis.Value) -> ibis.Value:
    """An agency's own level ("3", "Level 2") as its leading number; else null."""
    number = level.re_extract(r"^\D*(\d+)", 1)
    return ibis.ifelse(number == "", ibis.null("int64"), number.cast("int64"))


def _applications(con: BaseBackend, agency_id: int) -> Table:
    fa = con.table("force_application").filter(lambda t: t.agency_id == agency_id)
    fa = fa.filter(fa.engagement_id.notnull())
    fa = fa.left_join(_levels("force_type", "force_type"), "force_type")
    groups: dict[str, Any] = {
        f"uses_{g}": fa.force_type.isin(codes).cast("int64").sum()
        for g, codes in FORCE_GROUPS.items()
    }
    return fa.group_by("engagement_id").aggregate(
        force_level=fa.force_type_level.max(), **groups
    )


def _resistance(con: BaseBackend, agency_id: int) -> Table:
    """The highest resistance the officer's force answered, by engagement."""
    fa = con.table("force_application").filter(lambda t: t.agency_id == agency_id)
    fa = fa.filter(fa.engagement_id.notnull())
    fa = fa.left_join(_levels("resistance", "resistance"), "resistance")
    return fa.group_by("engagement_id").aggregate(
        applied_resistance=fa.resistance_level.max()
    )


def _report_resistance(con: BaseBackend, agency_id: int) -> Table:
    """The subject's highest resistance recorded on the report."""
    sa = con.table("subject_action").filter(lambda t: t.agency_id == agency_id)
    sa = sa.filter(sa.report_id.notnull())
    sa = sa.left_join(_levels("resistance", "resistance"), "resistance")
    return sa.group_by("report_id").aggregate(
        report_resistance=sa.resistance_level.max()
    )


def _officers_per_incident(con: BaseBackend, agency_id: int, people: Table) -> Table:
    v = con.table("officer_involvement").filter(lambda t: t.agency_id == agency_id)
    v = v.join(people, v.officer_id == people.officer_id)
    return v.group_by("incident_id").aggregate(officers=v.person_id.nunique())


def complaint_events(con: BaseBackend, agency_id: int, people: Table) -> Table:
    """One row per person x complaint: dates, categories alleged, findings.

    `<finding>_closed` is the date that finding became known (the
    allegation's closed date, else the complaint's); null: not (yet) made.
    """
    a = con.table("allegation").filter(lambda t: t.agency_id == agency_id)
    c = con.table("complaint")
    rows = a.join(people, a.officer_id == people.officer_id).join(
        c, a.complaint_id == c.id
    )
    closed = rows.closed_date.fill_null(rows.closed_date_right)
    received = rows.received_date.fill_null(rows.incident_date)
    grouped = rows.mutate(closed=closed, received=received)
    aggregates: dict[str, Any] = {
        "received": grouped.received.min(),
        "incident": grouped.incident_date.fill_null(grouped.received).min(),
        "closed": grouped.closed_date_right.min(),
        "unit": grouped.unit.max(),
        **{
            f"about_{g}": grouped.category.isin(codes).any()
            for g, codes in COMPLAINT_GROUPS.items()
        },
        **{
            f"{f}_closed": grouped.closed.min(where=grouped.finding == f)
            for f in FINDINGS
        },
        **{f"is_{f}": (grouped.finding == f).any() for f in FINDINGS},
    }
    events = grouped.group_by(["person_id", "complaint_id"]).aggregate(**aggregates)
    return events.filter(events.received.notnull())


def out_of_policy_events(con: BaseBackend, agency_id: int, people: Table) -> Table:
    """person_id, finding_id, incident, disposed: findings disposed out of policy.

    The latest disposition of a finding counts (dispositions are never edited;
    a later one supersedes an earlier one); `disposed` is its date (UTC).
    A finding without an incident date or an officer is no one's event.
    """
    if "policy_disposition" not in con.list_tables():
        raise ValueError(
            "this snapshot holds no policy findings (it was written before "
            "snapshots had them): write a new one with `forcewatch snapshot`"
        )
    f = con.table("policy_finding").filter(lambda t: t.agency_id == agency_id)
    d = con.table("policy_disposition")
    latest = d.group_by("finding_id").aggregate(
        latest_outcome=d.outcome.argmax(d.id), latest_at=d.at.argmax(d.id)
    )
    rows = f.join(people, f.officer_id == people.officer_id).join(
        latest, f.id == latest.finding_id
    )
    rows = rows.filter(
        (rows.latest_outcome == OUT_OF_POLICY) & rows.incident_date.notnull()
    )
    return rows.select(
        "person_id",
        finding_id=rows.id,
        incident=rows.incident_date,
        disposed=rows.latest_at.date(),
    )
