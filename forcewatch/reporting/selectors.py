"""Reads of the reporting workflow, scoped by what the reader may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from forcewatch.accounts.policies import Principal, ReportFacts, list_scope
from forcewatch.records.models import Officer
from forcewatch.reporting.models import FieldReport, NamedOfficer, Status


def report_facts(report: FieldReport) -> ReportFacts:
    return ReportFacts(
        agency_id=report.agency_id,
        unit=report.unit,
        author_id=report.author_id,
        status=report.status,
        officer_ids=frozenset(report.named.values_list("officer_id", flat=True)),
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
    """The names of these officers of the agency (those a report names)."""
    officers = Officer.objects.filter(agency_id=agency_id, pk__in=set(officer_ids))
    return {o.pk: str(o) for o in officers.only(*NAME_FIELDS)}


def report_timeline(report: FieldReport) -> list[dict[str, Any]]:
    """Versions, transitions and witness statements of one report, oldest first,
    as plain values (who is a user name)."""
    events: list[dict[str, Any]] = [
        {"kind": "version", **v}
        for v in report.versions.values("at", "version", who=F("author__username"))
    ]
    events += [
        {"kind": "transition", **t}
        for t in report.transitions.values(
            "at", "from_status", "to_status", "reason", who=F("by__username")
        )
    ]
    events += [
        {"kind": "statement", **s}
        for s in report.statements.values(
            "at", "intervened", "text", who=F("author__username")
        )
    ]
    return sorted(events, key=lambda e: (e["at"], e["kind"] != "version"))
