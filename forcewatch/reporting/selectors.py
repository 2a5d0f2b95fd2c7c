"""Reads of the reporting workflow, scoped by what the reader may see."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from forcewatch.accounts.policies import Principal, ReportFacts, list_scope
from forcewatch.core.lib import sql
from forcewatch.records.models import Officer
from forcewatch.reporting.models import (
    FieldReport,
    NamedOfficer,
    ReportVersion,
    Status,
    Transition,
    WitnessStatement,
)


def report_facts(report: FieldReport) -> ReportFacts:
    """What access to the report turns on. The officers it names are read from
    its content, of which the `named` index is a copy kept by every save
    (`services._name_officers`), so the page asks no second query."""
    return ReportFacts(
        agency_id=report.agency_id,
        unit=report.unit,
        author_id=report.author_id,
        status=report.status,
        officer_ids=frozenset(
            officer["officer_id"] for officer in report.content.get("officers", [])
        ),
    )


def report_list(*, who: Principal, agency_id: int) -> QuerySet[FieldReport]:
    """The agency's reports this reader may see, newest first."""
    qs = FieldReport.objects.filter(agency_id=agency_id).order_by("-updated_at", "-pk")
    scope = list_scope(who, agency_id)
    if scope == "all":
        return qs
    grants = who.in_agency(agency_id)
    if scope == "unit":
        units = {g.unit for g in grants if g.unit}
        return qs.filter(unit__in=units) if units else qs
    if scope == "own":
        officer_ids = {g.officer_id for g in grants if g.officer_id is not None}
        named = NamedOfficer.objects.filter(officer_id__in=officer_ids)
        return qs.filter(Q(author_id=who.user_id) | Q(pk__in=named.values("report_id")))
    return qs.none()


def review_queue(*, who: Principal, agency_id: int) -> QuerySet[FieldReport]:
    """Submitted reports awaiting this supervisor's review, oldest first."""
    return (
        report_list(who=who, agency_id=agency_id)
        .filter(status=Status.SUBMITTED)
        .exclude(author_id=who.user_id)
        .order_by("submitted_at")
    )


def overdue(qs: QuerySet[FieldReport]) -> QuerySet[FieldReport]:
    return qs.filter(status=Status.SUBMITTED, review_due__lt=timezone.now())


def agency_officers(*, agency_id: int) -> list[tuple[int, str]]:
    """The officers a report of this agency may name, as form choices."""
    officers = Officer.objects.filter(agency_id=agency_id).order_by(
        "family_name", "given_name", "pk"
    )
    return [(o.pk, str(o)) for o in officers]


NAME_FIELDS = ("given_name", "family_name", "source_key")  # what str(Officer) reads


def officer_names(*, agency_id: int, officer_ids: Iterable[int]) -> dict[int, str]:
    """The names of these officers of the agency (those a report names), as
    str(Officer) gives them; read by hand (core.lib.sql) for the report page."""
    ids = sorted(set(officer_ids))
    if not ids:
        return {}
    c = sql.column
    query = (
        f"SELECT {c(Officer, 'id')}, {', '.join(c(Officer, n) for n in NAME_FIELDS)}"  # noqa: S608
        f" FROM {sql.table(Officer)} WHERE {c(Officer, 'agency')} = %s"
        f" AND {c(Officer, 'id')} IN ({', '.join(['%s'] * len(ids))})"
    )
    return {
        pk: str(Officer(pk=pk, **dict(zip(NAME_FIELDS, names, strict=True))))
        for pk, *names in sql.fetch(query, [agency_id, *ids])
    }


# what each kind of timeline event is read from, and the column naming its user
EVENTS = (
    ("version", ReportVersion, "author"),
    ("transition", Transition, "by"),
    ("statement", WitnessStatement, "author"),
)
EVENT_COLUMNS = ("version", "from_status", "to_status", "reason", "intervened", "text")


@functools.cache
def _timeline(vendor: str) -> sql.Query:
    """One UNION ALL over the three event tables; a kind's missing columns are
    NULL, each column converted as its model field is."""
    q, c = sql.table, sql.column
    fields: dict[type[Model], set[str]] = {
        model: {f.name for f in model._meta.fields} for _, model, _ in EVENTS
    }
    owner = {n: m for m, names in fields.items() for n in EVENT_COLUMNS if n in names}

    def select(kind: str, model: type[Model], who: str) -> str:
        values = [
            f"e.{c(model, n)}" if n in fields[model] else sql.typed_null(owner[n], n)
            for n in EVENT_COLUMNS
        ]
        # names from the models; the report id is a parameter
        return (
            f"SELECT '{kind}', e.{c(model, 'at')}, {', '.join(values)},"  # noqa: S608
            f" u.{c(User, 'username')} FROM {q(model)} e"
            f" JOIN {q(User)} u ON u.{c(User, 'id')} = e.{c(model, who)}"
            f" WHERE e.{c(model, 'report')} = %s"
        )

    return sql.Query(
        " UNION ALL ".join(select(*event) for event in EVENTS),
        (
            ("kind", None),
            ("at", sql.converter(ReportVersion, "at")),
            *((n, sql.converter(owner[n], n)) for n in EVENT_COLUMNS),
            ("who", None),
        ),
    )


def report_timeline(report: FieldReport) -> list[dict[str, Any]]:
    """Versions, transitions and witness statements of one report, oldest first,
    as plain values (who is a user name; a kind's columns are None in the others).

    One hand-written query (`core.lib.sql`): built by the ORM, the three reads
    cost more than the rest of the report page's queries together."""
    events = sql.read(_timeline(connection.vendor), [report.pk] * len(EVENTS))
    return sorted(events, key=lambda e: (e["at"], e["kind"] != "version"))
