"""Reads for the support pages: queues, a flag's reasons, who it is routed to,
and the due dates (without names, reasons or notes)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When

from forcewatch.accounts.models import Membership, Role
from forcewatch.accounts.policies import FlagFacts
from forcewatch.core.lib import sql
from forcewatch.support.models import FlagStatus, Intervention, Outcome, SupportFlag

STATUS_ORDER = [
    FlagStatus.OPEN,
    FlagStatus.ACKNOWLEDGED,
    FlagStatus.PLANNED,
    FlagStatus.CLOSED,
]


def flag_facts(flag: SupportFlag) -> FlagFacts:
    return FlagFacts(
        agency_id=flag.agency_id,
        unit=flag.routed_to,
        officer_ids=frozenset({flag.officer_id, *flag.officer_records}),
    )


def _by_status(flags: QuerySet[SupportFlag]) -> QuerySet[SupportFlag]:
    rank = Case(
        *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
        output_field=IntegerField(),
    )
    return flags.annotate(rank=rank).order_by("rank", "-flagged_on", "pk")


def flag_queue(
    *,
    agency_id: int,
    units: frozenset[str] | None,
    not_about: frozenset[int] = frozenset(),
    closed: bool = False,
) -> QuerySet[SupportFlag]:
    """The flags of these units (None: every unit), open ones first; never the
    reader's own (`not_about`: the reader's officer records)."""
    flags = SupportFlag.objects.filter(agency_id=agency_id).select_related("officer")
    if units is not None:
        flags = flags.filter(routed_to__in=units)
    if not closed:
        flags = flags.exclude(status=FlagStatus.CLOSED)
    if not_about:
        mine = _about(flags, not_about)
        flags = flags.exclude(pk__in=mine)
    return _by_status(flags)


def _about(flags: QuerySet[SupportFlag], officer_ids: Iterable[int]) -> list[int]:
    """The flags about any of these officer records (any record of the person).

    Read in Python: SQLite has no JSON containment lookup, and an agency's flags
    are few (tens a year in Chicago)."""
    ids = set(officer_ids)
    rows = flags.values_list("pk", "officer_id", "officer_records")
    return [pk for pk, officer, records in rows if _is_about(ids, officer, records)]


def _is_about(ids: set[int], officer: int, records: list[int]) -> bool:
    return bool(ids & {officer, *records})


def own_flags(*, agency_id: int, officer_ids: Iterable[int]) -> list[SupportFlag]:
    """Every flag about the reader (any of their officer records), newest first."""
    flags = SupportFlag.objects.filter(agency_id=agency_id)
    mine = _about(flags, officer_ids)
    return list(flags.filter(pk__in=mine).order_by("-flagged_on", "pk"))


@functools.cache
def _flag_people(vendor: str) -> sql.Query:
    """Each flag of an agency: the officer and the other records of the person."""
    f, c = sql.table(SupportFlag), sql.column
    return sql.Query(
        f"SELECT {c(SupportFlag, 'officer')}, {c(SupportFlag, 'officer_records')}"  # noqa: S608
        f" FROM {f} WHERE {c(SupportFlag, 'agency')} = %s",
        (
            ("officer", None),
            ("records", sql.converter(SupportFlag, "officer_records")),
        ),
    )


def has_own_flags(agency_id: int, officer_ids: frozenset[int]) -> bool:
    """Whether any flag is about these officer records (the header's link): the
    same test as `_about`, hand-written (core.lib.sql) because the header of
    every staff page asks it."""
    ids = set(officer_ids)
    flags = sql.read(_flag_people(connection.vendor), [agency_id])
    return any(_is_about(ids, f["officer"], f["records"]) for f in flags)


def supervisors_of(flag: SupportFlag) -> list[User]:
    """The supervisors the flag is routed to: the unit's (or unit-less ones),
    never the officer flagged."""
    members = Membership.objects.filter(
        agency_id=flag.agency_id, role=Role.SUPERVISOR, active=True
    ).select_related("user")
    mine = flag_facts(flag).officer_ids
    return [
        m.user
        for m in members.order_by("user__username")
        if (not m.unit or m.unit == flag.routed_to) and m.officer_id not in mine
    ]


def flag_history(
    flag: SupportFlag,
) -> tuple[list[Intervention], list[Outcome]]:
    interventions = list(
        flag.interventions.select_related("recorded_by").order_by("planned_on", "pk")
    )
    outcomes = list(flag.outcomes.select_related("recorded_by").order_by("pk"))
    return interventions, outcomes


@dataclass(frozen=True)
class DueRow:
    """One flag's dates: what is due and what is done, nothing else."""

    flag_id: int
    flagged_on: dt.date
    status: str
    planned: list[tuple[dt.date, dt.date | None]]  # (due, done)
    follow_up_on: dt.date | None


def due_rows(*, agency_id: int, units: frozenset[str] | None) -> list[DueRow]:
    flags = SupportFlag.objects.filter(agency_id=agency_id)
    if units is not None:
        flags = flags.filter(routed_to__in=units)
    flags = _by_status(flags).prefetch_related("interventions", "outcomes")
    rows = []
    for flag in flags:
        planned = sorted((i.planned_on, i.done_on) for i in flag.interventions.all())
        follow = [o.follow_up_on for o in flag.outcomes.all() if o.follow_up_on]
        rows.append(
            DueRow(
                flag.pk,
                flag.flagged_on,
                flag.status,
                planned,
                max(follow) if follow else None,
            )
        )
    return rows


def explanation_rules(flag: SupportFlag) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = flag.explanation.get("rules", [])
    return rules
