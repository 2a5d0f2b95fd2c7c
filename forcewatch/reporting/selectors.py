"""Reads of the reporting workflow, scoped by what the reader may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from forcewatch.accounts.policies import Principal, ReportFacts, list_scope
from forcewatch.reporting.models import FieldReport, Status


def report_facts(report: FieldReport) -> ReportFacts:
    return ReportFacts(
        agency_id=report.agency_id,
        unit=report.unit,
        author_id=report.author_id,
        status=report.status,
        officer_ids=frozenset(report.officer_ids),
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
        own = qs.filter(author_id=who.user_id)
        named = [
            r.pk
            for r in qs.only("pk", "officer_ids")
            if set(r.officer_ids) & officer_ids
        ]
        return (own | qs.filter(pk__in=named)).distinct()
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
