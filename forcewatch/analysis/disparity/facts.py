"""Uses of force counted in one counting unit, by any dimensions: Ibis expressions.

The counting units (docs/methods.md, "Disparities"):

- incident: an event in which force was used;
- subject: a person force was used on, within one incident;
- engagement: one officer x one subject, as the source filed it;
- application: one officer -> one subject -> one force type.

A dimension of the unit's own record or of a record above it (an
application's subject, a subject's incident) gives each unit one group, so the
groups add up to the total. A dimension of a record below it (the race of an
incident's subjects, the force types used on a subject) can give a unit several
groups: it is then counted once in each (distinct units per group), and the
groups add up to more than the total. A unit with no record below it is
counted as unknown (race) or none_recorded (force type), never dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import ibis
from ibis import BaseBackend
from ibis.expr.types import Table

from forcewatch.analysis.disparity import dimensions as dim

UNITS = ("incident", "subject", "engagement", "application")
UNIT_LABELS = {
    "incident": "incidents",
    "subject": "subjects (one person in one incident)",
    "engagement": "officer x subject pairs (engagements)",
    "application": "force applications (one officer, one subject, one force type)",
}
LEVEL_OF = {
    "district": "incident",
    "call_type": "incident",
    "agency_level": "incident",
    "year": "incident",
    "month": "incident",
    "race": "subject",
    "sex": "subject",
    "age": "subject",
    "crisis": "subject",
    "outcome": "subject",
    "race_recorded": "subject",
    "sex_recorded": "subject",
    "officer": "officer",
    "officer_unit": "officer",
    "force_type": "application",
    "resistance_level": "application",
}
DIMENSIONS = tuple(LEVEL_OF)
_FILL = {
    "force_type": dim.NONE_RECORDED,
    "resistance_level": "0",
    "race_recorded": "no",
    "sex_recorded": "no",
}


@dataclass(frozen=True)
class Scope:
    """Which incidents count: one agency (by id) and an inclusive date range.

    With a date bound, incidents of unknown date are left out.
    """

    agency_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def force_counts(
    con: BaseBackend, unit: str, by: Sequence[str] = (), scope: Scope | None = None
) -> Table:
    """Units of force per group of `by`: columns `*by` (strings) and `n` (int64).

    Examples
    --------
    >>> table = force_counts(con, "subject", ["race"])  # doctest: +SKIP
    >>> table.to_pyarrow().to_pylist()[:1]  # doctest: +SKIP
    [{'race': 'aian', 'n': 40}]
    """
    _check(unit, by)
    scope = scope or Scope()
    levels = {LEVEL_OF[d] for d in by}
    fact, child = _fact(con, unit, levels, scope)
    # a unit with no record on the other side of a left join: unknown, not null
    fact = fact.mutate(**{d: fact[d].coalesce(_FILL.get(d, dim.UNKNOWN)) for d in by})
    n = (fact.key.nunique() if child else fact.count()).cast("int64")
    if not by:
        return fact.aggregate(n=n)
    return fact.group_by(list(by)).aggregate(n=n).order_by(list(by))


def _check(unit: str, by: Sequence[str]) -> None:
    if unit not in UNITS:
        raise ValueError(f"unknown counting unit {unit!r}; units: {', '.join(UNITS)}")
    unknown = [d for d in by if d not in LEVEL_OF]
    if unknown:
        raise ValueError(
            f"unknown dimension(s) {', '.join(unknown)}; dimensions: "
            + ", ".join(DIMENSIONS)
        )
    if len(set(by)) != len(by):
        raise ValueError(f"a dimension is repeated in {list(by)}")
    levels = {LEVEL_OF[d] for d in by}
    if "officer" in levels and unit not in ("engagement", "application"):
        raise ValueError("officer dimensions need the engagement or application unit")
    if unit == "incident" and {"subject", "application"} <= levels:
        raise ValueError(
            "crossing subject and force dimensions needs the subject, engagement "
            "or application unit"
        )


def _fact(
    con: BaseBackend, unit: str, levels: set[str], scope: Scope
) -> tuple[Table, bool]:
    """One row per unit (or per unit and lower record), with `key` the unit's id."""
    incs = incidents(con, scope)
    child = False
    if unit == "incident":
        fact = incs.mutate(key=incs.incident_id)
        if "subject" in levels:
            subs = subjects(con)
            fact = fact.left_join(subs, fact.incident_id == subs.subject_incident)
            child = True
        if "application" in levels:
            apps = applications(con, levels)
            fact = fact.left_join(apps, fact.incident_id == apps.app_incident)
            child = True
        return fact, child
    # without incident dimensions or dates, the agency is a filter, not a join
    dated = scope.since is not None or scope.until is not None
    join_incidents = dated or "incident" in levels
    if unit == "subject":
        subs = subjects(con, scope)
        fact = subs
        if join_incidents:
            fact = subs.join(incs, subs.subject_incident == incs.incident_id)
        fact = fact.mutate(key=fact.subject_id)
        if "application" in levels:
            apps = applications(con, levels)
            fact = fact.left_join(apps, fact.subject_id == apps.app_subject)
            child = True
        return fact, child
    if unit == "engagement":
        e = con.table("engagement")
        if scope.agency_id is not None:
            e = e.filter(e.agency_id == scope.agency_id)
        base = e.select(
            key=e.id,
            row_incident=e.incident_id,
            row_subject=e.subject_id,
            row_involvement=e.involvement_id,
        )
    else:
        apps = applications(con, levels, scope)
        base = apps.mutate(
            key=apps.application_id,
            row_incident=apps.app_incident,
            row_subject=apps.app_subject,
            row_involvement=apps.app_involvement,
        )
    fact = base
    if join_incidents:
        fact = base.join(incs, base.row_incident == incs.incident_id)
    if "subject" in levels:
        subs = subjects(con)
        fact = fact.left_join(subs, fact.row_subject == subs.subject_id)
    if "officer" in levels:
        offs = officers(con)
        fact = fact.left_join(offs, fact.row_involvement == offs.involvement_id)
    if unit == "engagement" and "application" in levels:
        apps = applications(con, levels)
        fact = fact.left_join(apps, fact.key == apps.app_engagement)
        child = True
    return fact, child


def incidents(con: BaseBackend, scope: Scope) -> Table:
    i = con.table("incident")
    if scope.agency_id is not None:
        i = i.filter(i.agency_id == scope.agency_id)
    if scope.since is not None:
        i = i.filter(i.occurred_date >= scope.since)
    if scope.until is not None:
        i = i.filter(i.occurred_date <= scope.until)
    year = i.occurred_date.year().cast("string")
    return i.select(
        incident_id=i.id,
        district=dim.text_or_unknown(i.district),
        call_type=ibis.cases(
            (i.contact_reason != "", i.contact_reason),
            (i.call_type != "", i.call_type),
            else_=dim.UNKNOWN,
        ),
        agency_level=dim.text_or_unknown(i.level),
        year=year.coalesce(dim.UNKNOWN),
        month=i.occurred_date.strftime("%Y-%m").coalesce(dim.UNKNOWN),
    )


def subjects(con: BaseBackend, scope: Scope | None = None) -> Table:
    """Subjects with their dimensions (of the scope's agency, if given)."""
    s = con.table("subject")
    if scope is not None and scope.agency_id is not None:
        s = s.filter(s.agency_id == scope.agency_id)
    race = dim.race_group(s.race, s.ethnicity)
    sex = dim.sex_group(s.sex)
    return s.select(
        subject_id=s.id,
        subject_incident=s.incident_id,
        race=race,
        sex=sex,
        age=dim.age_band(s.age_min, s.age_max),
        crisis=dim.crisis(s.in_crisis, s.impairments),
        outcome=dim.outcome(s.died, s.hospitalized, s.injured, s.arrested),
        race_recorded=dim.recorded(race),
        sex_recorded=dim.recorded(sex),
    )


def officers(con: BaseBackend) -> Table:
    inv, officer = con.table("officer_involvement"), con.table("officer")
    joined = inv.left_join(officer, inv.officer_id == officer.id)
    return joined.select(
        involvement_id=inv.id,
        officer=dim.text_or_unknown(officer.source_key),
        officer_unit=dim.text_or_unknown(inv.unit),
    )


def applications(
    con: BaseBackend, levels: set[str], scope: Scope | None = None
) -> Table:
    """Applications with force type (and resistance level, if asked for)."""
    a = con.table("force_application")
    if scope is not None and scope.agency_id is not None:
        a = a.filter(a.agency_id == scope.agency_id)
    columns = {
        "application_id": a.id,
        "app_incident": a.incident_id,
        "app_subject": a.subject_id,
        "app_engagement": a.engagement_id,
        "app_involvement": a.involvement_id,
        "force_type": dim.text_or_unknown(a.force_type),
    }
    if "application" not in levels:
        return a.select(**columns)
    highest = dim.subject_highest_resistance(con.table("subject_action"))
    joined = a.left_join(highest, a.subject_id == highest.subject)
    return joined.select(
        **columns, resistance_level=dim.resistance_level(a.resistance, highest.highest)
    )
