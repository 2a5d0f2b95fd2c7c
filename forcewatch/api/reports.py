"""Report endpoints: fetch, authorise (accounts.policies), call one service, answer.

A report the caller may not see is a 404 whatever the reason, as on the staff
pages; a visible report's forbidden action is a 403. Every answer that carries
a report is logged with `access_record(via="api")`.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router
from ninja import Status as Answer
from ninja.pagination import paginate

from forcewatch.accounts.policies import Action, allowed, list_scope
from forcewatch.accounts.selectors import principal_for
from forcewatch.accounts.services import access_record
from forcewatch.api.pages import Pages
from forcewatch.api.schemas import (
    MAX_INT,
    ErrorOut,
    ReportCreateIn,
    ReportFilters,
    ReportOut,
    ReportSaveIn,
    ReportSummaryOut,
    StaleOut,
    StatementIn,
    StatementOut,
    TransitionIn,
    nul_paths,
    statement_out,
)
from forcewatch.records.models import Agency
from forcewatch.reporting import selectors, services
from forcewatch.reporting.content import ReportContent
from forcewatch.reporting.models import FieldReport
from forcewatch.reporting.services import ContentInvalid

router = Router(tags=["reports"])
DENIALS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE = {**DENIALS, 409: StaleOut, 422: ErrorOut}


def _user(request: HttpRequest) -> AbstractBaseUser:
    user: AbstractBaseUser = request.auth  # type: ignore[attr-defined]
    return user


def _visible(request: HttpRequest, report_id: int) -> FieldReport:
    report = (
        FieldReport.objects.select_related("agency", "author")
        .filter(pk=report_id)
        .first()
    )
    who = principal_for(_user(request))
    if report is None or not allowed(who, Action.VIEW, selectors.report_facts(report)):
        raise Http404("no such report")
    return report


def _read(request: HttpRequest, report_id: int) -> FieldReport:
    """The report as it is now, logged as read by the caller."""
    report = _visible(request, report_id)
    access_record(
        user=_user(request),
        agency_id=report.agency_id,
        what="report",
        object_id=report.pk,
        via="api",
    )
    return report


def _content(content: ReportContent) -> dict[str, Any]:
    data = content.model_dump(mode="json")
    bad = nul_paths(data, "content")
    if bad:
        raise ContentInvalid([{"loc": p, "msg": "null character"} for p in bad])
    return data


ReportId = Path(..., ge=1, le=MAX_INT)


@router.get("", response={200: list[ReportSummaryOut], **DENIALS})
@paginate(Pages)
def list_reports(
    request: HttpRequest, filters: Query[ReportFilters]
) -> QuerySet[FieldReport]:
    agency = Agency.objects.filter(slug=filters.agency).first()
    if agency is None:
        raise Http404("no such agency")
    who = principal_for(_user(request))
    if list_scope(who, agency.pk) == "none":
        raise PermissionDenied("your role does not list this agency's reports")
    reports = selectors.report_list(who=who, agency_id=agency.pk)
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.unit:
        reports = reports.filter(unit=filters.unit)
    if filters.since:
        reports = reports.filter(updated_at__date__gte=filters.since)
    access_record(
        user=_user(request), agency_id=agency.pk, what="report_list", via="api"
    )
    return reports.select_related("agency", "author")


@router.get("/{report_id}", response={200: ReportOut, **DENIALS})
def get_report(request: HttpRequest, report_id: int = ReportId) -> FieldReport:
    return _read(request, report_id)


@router.post("", response={201: ReportOut, **WRITE})
def create_report(request: HttpRequest, payload: ReportCreateIn) -> Answer[FieldReport]:
    agency = Agency.objects.filter(slug=payload.agency).first()
    if agency is None:
        raise Http404("no such agency")
    report = services.report_create(
        actor=_user(request), agency=agency, content=_content(payload.content)
    )
    return Answer(201, _read(request, report.pk))


@router.put("/{report_id}", response={200: ReportOut, **WRITE})
def save_report(
    request: HttpRequest, payload: ReportSaveIn, report_id: int = ReportId
) -> FieldReport:
    _visible(request, report_id)
    services.report_save(
        actor=_user(request),
        report_id=report_id,
        expected_version=payload.version,
        content=_content(payload.content),
    )
    return _read(request, report_id)


@router.post("/{report_id}/transitions", response={200: ReportOut, **WRITE})
def move_report(
    request: HttpRequest, payload: TransitionIn, report_id: int = ReportId
) -> FieldReport:
    _visible(request, report_id)
    services.report_transition(
        actor=_user(request),
        report_id=report_id,
        to_status=payload.to_status,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _read(request, report_id)


@router.post("/{report_id}/statements", response={201: StatementOut, **WRITE})
def file_statement(
    request: HttpRequest, payload: StatementIn, report_id: int = ReportId
) -> Answer[dict[str, object]]:
    _visible(request, report_id)
    statement = services.statement_file(
        actor=_user(request),
        report_id=report_id,
        text=payload.text,
        intervened=payload.intervened,
    )
    return Answer(201, statement_out(statement))
