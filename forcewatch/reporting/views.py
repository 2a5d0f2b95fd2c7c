"""Staff pages: fetch, authorise (accounts.policies), validate, call a service, render.

A report the reader may not see is a 404, whatever the reason (another agency,
another unit), so its existence does not leak; a visible report's forbidden
action is a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcewatch.accounts.policies import (
    Action,
    AgencyRef,
    Principal,
    ReportFacts,
    allowed,
    has_review_queue,
    list_scope,
    may_create,
)
from forcewatch.accounts.selectors import principal_for, working_agency
from forcewatch.accounts.services import access_record
from forcewatch.core.lib.pages import PAGE_SIZE, RowPage
from forcewatch.records.models import Agency
from forcewatch.reporting import selectors
from forcewatch.reporting.display import list_rows, report_display
from forcewatch.reporting.forms import STATUS_LABELS, StatementForm, TransitionForm
from forcewatch.reporting.models import FieldReport, Status
from forcewatch.reporting.report_form import ReportForm
from forcewatch.reporting.services import (
    REASON_REQUIRED,
    TRANSITIONS,
    ContentInvalid,
    StaleReport,
    report_create,
    report_save,
    report_transition,
    statement_file,
)


def _agency(request: HttpRequest) -> AgencyRef:
    """The agency the reader works in (`working_agency`, read with their grants);
    without a role in any, no staff page."""
    agency = working_agency(request)
    if agency is None:
        raise PermissionDenied(_("You have no role in any agency."))
    return agency


def _actor(request: HttpRequest) -> User:
    """The signed-in user (every view here requires one)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user


def _visible(
    request: HttpRequest, pk: int
) -> tuple[Principal, FieldReport, ReportFacts]:
    """The report and what access to it depends on, if this reader may see it;
    every such read is logged."""
    report = get_object_or_404(FieldReport, pk=pk)
    who = principal_for(request.user)
    facts = selectors.report_facts(report)
    if not allowed(who, Action.VIEW, facts):
        raise Http404
    access_record(
        user=_actor(request), agency_id=report.agency_id, what="report", object_id=pk
    )
    return who, report, facts


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    who = principal_for(request.user)
    agency = _agency(request)
    if list_scope(who, agency.id) == "none":
        raise PermissionDenied(_("Your role does not list reports."))
    reports = selectors.report_list(who=who, agency_id=agency.id)
    status, unit = request.GET.get("status", ""), request.GET.get("unit", "").strip()
    if status in Status.values:
        reports = reports.filter(status=status)
    if unit:
        reports = reports.filter(unit=unit)
    columns = ("pk", "number", "occurred_date", "unit", "status", "updated_at")
    # No total count: counting 10^5 rows on every page view cost more than the page.
    page = RowPage.of(reports.values_list(*columns), request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "reporting/list.html",
        {
            "agency": agency,
            "page": page,
            "rows": list_rows(page),
            "statuses": list(STATUS_LABELS.items()),
            "status": status,
            "unit": unit,
            "may_create": may_create(who, agency.id),
        },
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    who = principal_for(request.user)
    agency = _agency(request)
    if not has_review_queue(who, agency.id):
        raise PermissionDenied(_("Only supervisors have a review queue."))
    queue = selectors.review_queue(who=who, agency_id=agency.id)
    late = set(selectors.overdue(queue).values_list("pk", flat=True))
    reports = [(r, r.pk in late) for r in queue.select_related("author")]
    return render(
        request, "reporting/queue.html", {"agency": agency, "reports": reports}
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    who, report, facts = _visible(request, pk)
    return _detail(request, who, report, facts)


def _detail(
    request: HttpRequest,
    who: Principal,
    report: FieldReport,
    facts: ReportFacts,
    failed: TransitionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    moves = [
        {"to": to, "label": STATUS_LABELS[to], "reason": to in REASON_REQUIRED}
        for (start, to), action in TRANSITIONS.items()
        if start == report.status and allowed(who, action, facts)
    ]
    names = selectors.officer_names(
        agency_id=report.agency_id, officer_ids=facts.officer_ids
    )
    timeline = selectors.report_timeline(report)
    for event in timeline:
        if event["kind"] == "transition":
            event["from_label"] = STATUS_LABELS[Status(event["from_status"])]
            event["to_label"] = STATUS_LABELS[Status(event["to_status"])]
    context: dict[str, Any] = {
        "report": report,
        "status_label": STATUS_LABELS[Status(report.status)],
        "doc": report_display(report.content, names),
        "timeline": timeline,
        "labels": STATUS_LABELS,
        "moves": moves,
        "failed": failed,
        "may_edit": allowed(who, Action.EDIT, facts),
        "may_witness": allowed(who, Action.WITNESS, facts),
    }
    return render(request, "reporting/detail.html", context, status=status)


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    who = principal_for(request.user)
    agency = _agency(request)
    if not may_create(who, agency.id):
        raise PermissionDenied(_("Only an officer of this agency files reports."))
    return _edit(request, Agency.objects.get(pk=agency.id), None)


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    who, report, facts = _visible(request, pk)
    if not allowed(who, Action.EDIT, facts):
        raise PermissionDenied(_("This report cannot be edited by you now."))
    return _edit(request, report.agency, report)


def _edit(
    request: HttpRequest, agency: Agency, report: FieldReport | None
) -> HttpResponse:
    officers = selectors.agency_officers(agency_id=agency.pk)
    if request.method != "POST":
        form = ReportForm(
            officers=officers,
            content=report.content if report else None,
            version=report.version if report else 0,
        )
        return _form_page(request, form, report)
    form = ReportForm(officers=officers, data=request.POST)
    content = None if form.added else form.content()
    if content is None:
        return _form_page(request, form, report)
    try:
        if report is None:
            saved = report_create(actor=_actor(request), agency=agency, content=content)
        else:
            saved = report_save(
                actor=_actor(request),
                report_id=report.pk,
                expected_version=form.version,
                content=content,
            )
    except ContentInvalid as exc:
        form.show_errors(exc.errors)
        return _form_page(request, form, report)
    except StaleReport as exc:
        return _form_page(request, form, report, stale=str(exc), status=409)
    messages.success(request, _("Report %(number)s saved.") % {"number": saved.number})
    return redirect("reporting:detail", pk=saved.pk)


def _form_page(
    request: HttpRequest,
    form: ReportForm,
    report: FieldReport | None,
    stale: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "report": report, "stale": stale}
    return render(request, "reporting/form.html", context, status=status)


@require_POST
@login_required
def report_move(request: HttpRequest, pk: int) -> HttpResponse:
    who, report, facts = _visible(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _detail(request, who, report, facts, failed=form, status=400)
    try:
        report_transition(
            actor=_actor(request),
            report_id=report.pk,
            to_status=form.cleaned_data["to"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ContentInvalid as exc:
        form.add_error("reason", _("Say why.") if exc.errors else str(exc))
        return _detail(request, who, report, facts, failed=form, status=400)
    except StaleReport as exc:
        form.add_error(None, str(exc))
        return _detail(request, who, report, facts, failed=form, status=409)
    label = STATUS_LABELS[Status(form.cleaned_data["to"])]
    messages.success(request, _("Report is now: %(status)s.") % {"status": label})
    return redirect("reporting:detail", pk=report.pk)


@login_required
def statement_new(request: HttpRequest, pk: int) -> HttpResponse:
    who, report, facts = _visible(request, pk)
    if not allowed(who, Action.WITNESS, facts):
        raise PermissionDenied(_("Only an officer named in the report files one."))
    form = StatementForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        statement_file(
            actor=_actor(request),
            report_id=report.pk,
            text=form.cleaned_data["text"],
            intervened=form.cleaned_data["intervened"],
        )
        messages.success(request, _("Your statement was filed."))
        return redirect("reporting:detail", pk=report.pk)
    return render(request, "reporting/statement.html", {"report": report, "form": form})
