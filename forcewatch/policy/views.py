"""Policy review pages: fetch, authorise (accounts.policies), validate, call a
service, render.

A finding or case the reader may not see is a 404, so its existence does not
leak; a page of an agency where none of the reader's roles opens it is a 403,
and so is a forbidden action on a visible finding or case.
"""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcewatch.accounts.policies import (
    PolicyPage,
    Principal,
    finding_visible,
    may_dispose,
    may_use,
    units_seen,
)
from forcewatch.accounts.selectors import principal_for
from forcewatch.accounts.services import access_record
from forcewatch.core.lib.pages import RowPage
from forcewatch.policy import selectors, services
from forcewatch.policy.forms import (
    CASE_STATUS_LABELS,
    FINDING_STATUS_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    SEVERITY_LABELS,
    CaseMoveForm,
    DispositionForm,
    FindingFilterForm,
    PeriodForm,
)
from forcewatch.policy.models import CaseStatus, DeadlyForceCase, Finding
from forcewatch.records.codes import codelist
from forcewatch.records.models import Agency

CASE_ORDER = (CaseStatus.INVESTIGATION, CaseStatus.BOARD, CaseStatus.CLOSED)


def _actor(request: HttpRequest) -> User:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user


def _agency(
    request: HttpRequest, slug: str, page: PolicyPage
) -> tuple[Principal, Agency]:
    agency = get_object_or_404(Agency, slug=slug)
    who = principal_for(request.user)
    if not may_use(who, page, agency.pk):
        raise PermissionDenied(_("None of your roles opens this page for this agency."))
    return who, agency


def _query(request: HttpRequest) -> str:
    """The page's filters, for its page links."""
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page"])


def _shown(value: Any) -> str:
    if value is None:
        return _("not recorded")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or _("none")
    return str(value)


# -- findings ------------------------------------------------------------------------


@login_required
def finding_list(request: HttpRequest, agency: str) -> HttpResponse:
    who, place = _agency(request, agency, PolicyPage.FINDINGS)
    form = FindingFilterForm(
        request.GET, rules=selectors.finding_rules(agency_id=place.pk)
    )
    units = units_seen(who, PolicyPage.FINDINGS, place.pk)
    findings = selectors.finding_list(agency_id=place.pk, units=units, **form.filters())
    page = RowPage.of(findings, request.GET.get("page"))
    rows = [
        {
            "finding": f,
            "kind": KIND_LABELS[f.kind],
            "severity": SEVERITY_LABELS.get(f.severity, f.severity),
            "status": OUTCOME_LABELS[f.outcome]
            if f.outcome
            else FINDING_STATUS_LABELS[f.status],
        }
        for f in page
    ]
    context = {"agency": place, "form": form, "page": page, "rows": rows}
    return render(
        request, "policy/findings.html", {**context, "query": _query(request)}
    )


def _finding(request: HttpRequest, pk: int) -> tuple[Principal, Finding]:
    """The finding, if this reader may see it; every such read is logged."""
    finding = get_object_or_404(
        Finding.objects.select_related("agency", "incident", "report", "officer"), pk=pk
    )
    who = principal_for(request.user)
    if not finding_visible(who, selectors.finding_facts(finding)):
        raise Http404
    access_record(
        user=_actor(request), agency_id=finding.agency_id, what="finding", object_id=pk
    )
    return who, finding


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    who, finding = _finding(request, pk)
    return _finding_page(request, who, finding, DispositionForm())


def _finding_page(
    request: HttpRequest,
    who: Principal,
    finding: Finding,
    form: DispositionForm,
    status: int = 200,
) -> HttpResponse:
    rule = selectors.rule_shown(finding)
    each = str(rule.definition.get("each", "report")) if rule else "report"
    evidence = selectors.facts_named(each, list(finding.evidence))
    context = {
        "finding": finding,
        "agency": finding.agency,
        "rule": rule,
        "kind": KIND_LABELS[finding.kind],
        "severity": SEVERITY_LABELS.get(finding.severity, finding.severity),
        "status": FINDING_STATUS_LABELS[finding.status],
        "outcome": OUTCOME_LABELS.get(finding.outcome, ""),
        "evidence": [(p, a, _shown(finding.evidence[p])) for p, a in evidence],
        "missing": selectors.facts_named(each, list(finding.missing)),
        "staff_report": selectors.staff_report_id(finding),
        "history": [
            (d, OUTCOME_LABELS[d.outcome]) for d in selectors.finding_history(finding)
        ],
        "form": form,
        "may_dispose": may_dispose(who, selectors.finding_facts(finding)),
    }
    return render(request, "policy/finding.html", context, status=status)


@require_POST
@login_required
def finding_dispose(request: HttpRequest, pk: int) -> HttpResponse:
    who, finding = _finding(request, pk)
    if not may_dispose(who, selectors.finding_facts(finding)):
        raise PermissionDenied(_("You may read this finding but not dispose of it."))
    form = DispositionForm(request.POST)
    if not form.is_valid():
        return _finding_page(request, who, finding, form, status=400)
    outcome = form.cleaned_data["outcome"]
    services.dispose(
        finding,
        outcome=outcome,
        reasons=form.cleaned_data["reasons"],
        by=_actor(request),
    )
    label = OUTCOME_LABELS[outcome]
    messages.success(
        request, _("Disposition recorded: %(outcome)s.") % {"outcome": label}
    )
    return redirect("policy:finding", pk=finding.pk)


# -- deadly-force cases ----------------------------------------------------------------


@login_required
def case_list(request: HttpRequest, agency: str) -> HttpResponse:
    _who, place = _agency(request, agency, PolicyPage.CASES)
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""
    cases = selectors.case_list(agency_id=place.pk, status=status)
    page = RowPage.of(cases, request.GET.get("page"))
    context = {
        "agency": place,
        "page": page,
        "rows": [(c, CASE_STATUS_LABELS[CaseStatus(c.status)]) for c in page],
        "statuses": list(CASE_STATUS_LABELS.items()),
        "status": status,
        "query": _query(request),
    }
    return render(request, "policy/cases.html", context)


def _case(request: HttpRequest, pk: int) -> tuple[Principal, DeadlyForceCase]:
    case = get_object_or_404(
        DeadlyForceCase.objects.select_related("agency", "incident", "investigator"),
        pk=pk,
    )
    who = principal_for(request.user)
    if not may_use(who, PolicyPage.CASES, case.agency_id):
        raise Http404
    access_record(
        user=_actor(request),
        agency_id=case.agency_id,
        what="deadly_force_case",
        object_id=pk,
    )
    return who, case


def _move_form(
    request: HttpRequest, case: DeadlyForceCase, to: str, data: Any = None
) -> CaseMoveForm:
    return CaseMoveForm(
        data,
        initial={
            "to": to,
            "investigator": case.investigator_id or request.user.pk,
            "summary": case.investigation_summary,
        },
        auto_id=f"{to}-%s",
        investigators=selectors.investigators(agency_id=case.agency_id),
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    who, case = _case(request, pk)
    return _case_page(request, who, case)


def _case_page(
    request: HttpRequest,
    who: Principal,
    case: DeadlyForceCase,
    failed: CaseMoveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    moves = []
    if may_use(who, PolicyPage.MOVE_CASE, case.agency_id):
        steps = services.CASE_STEPS[CaseStatus(case.status)]
        for to in (s for s in CASE_ORDER if s in steps):
            again = failed is not None and failed.data.get("to") == to
            form = failed if failed and again else _move_form(request, case, to)
            fields = [form[name] for name in CaseMoveForm.FIELDS[to]]
            moves.append({"to": str(to), "fields": fields})
    labels = codelist("force_type")
    force = [
        (f, labels.label(f.force_type))
        for f in selectors.incident_force(case.incident_id)
    ]
    events = [
        (e, CASE_STATUS_LABELS.get(e.from_status, ""), CASE_STATUS_LABELS[e.to_status])
        for e in selectors.case_events(case)
    ]
    context = {
        "case": case,
        "agency": case.agency,
        "status": CASE_STATUS_LABELS[CaseStatus(case.status)],
        "board_finding": OUTCOME_LABELS.get(case.board_finding, ""),
        "force_types": [labels.label(t) for t in case.force_types],
        "force": force,
        "events": events,
        "moves": moves,
        "failed": failed,
    }
    return render(request, "policy/case.html", context, status=status)


@require_POST
@login_required
def case_move(request: HttpRequest, pk: int) -> HttpResponse:
    who, case = _case(request, pk)
    if not may_use(who, PolicyPage.MOVE_CASE, case.agency_id):
        raise PermissionDenied(_("Only professional standards moves a case."))
    form = _move_form(request, case, request.POST.get("to", ""), request.POST)
    if not form.is_valid():
        return _case_page(request, who, case, failed=form, status=400)
    data = form.cleaned_data
    try:
        moved = services.case_move(
            case,
            data["to"],
            by=_actor(request),
            note=data["note"],
            investigator=data["investigator"],
            summary=data["summary"],
            board_finding=data["board_finding"],
            board_reasons=data["board_reasons"],
            board_date=data["board_date"],
        )
    except services.CaseError as exc:
        form.add_error(None, _("This step is not possible now: %(why)s") % {"why": exc})
        return _case_page(request, who, case, failed=form, status=409)
    label = CASE_STATUS_LABELS[CaseStatus(moved.status)]
    messages.success(request, _("Case is now: %(status)s.") % {"status": label})
    return redirect("policy:case", pk=case.pk)


# -- the learning loop and the interventions report -----------------------------------

COLUMNS = selectors.COUNTS


def _learning(
    request: HttpRequest, agency: str
) -> tuple[Agency, PeriodForm, selectors.LearningTables]:
    _who, place = _agency(request, agency, PolicyPage.LEARNING)
    form = PeriodForm(request.GET)
    period, start, end = form.range()
    tables = selectors.learning_tables(
        agency_id=place.pk, start=start, end=end, period=period
    )
    return place, form, tables


def _headings() -> list[str]:
    return [
        _("Possible violations"),
        _("Facts missing"),
        _("Awaiting disposition"),
        *(str(label) for label in OUTCOME_LABELS.values()),
    ]


@login_required
def learning(request: HttpRequest, agency: str) -> HttpResponse:
    place, form, tables = _learning(request, agency)
    sections = [
        ("rule", _("By rule"), _("Rule"), tables.by_rule),
        ("unit", _("By unit"), _("Unit"), tables.by_unit),
        ("period", _("By period of the incident"), _("Period"), tables.by_period),
    ]
    context = {
        "agency": place,
        "form": form,
        "sections": [
            (key, title, first, [(r, [r[c] for c in COLUMNS]) for r in rows])
            for key, title, first, rows in sections
        ],
        "headings": _headings(),
        "highlighted": tables.highlighted,
        "query": _query(request),
    }
    return render(request, "policy/learning.html", context)


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
def learning_csv(request: HttpRequest, agency: str) -> HttpResponse:
    place, _form, tables = _learning(request, agency)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"policy-learning-{place.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["table", "key", "label", *COLUMNS])
    for by in selectors.BY:
        for row in tables.table(by):
            cells = [by, row["key"], row["label"], *(row[c] for c in COLUMNS)]
            writer.writerow([_cell(c) for c in cells])
    return response


@login_required
def interventions(request: HttpRequest, agency: str) -> HttpResponse:
    who, place = _agency(request, agency, PolicyPage.INTERVENTIONS)
    form = PeriodForm(request.GET)
    period, start, end = form.range()
    units = units_seen(who, PolicyPage.INTERVENTIONS, place.pk)
    found = selectors.interventions(
        agency_id=place.pk, units=units, start=start, end=end
    )
    context = {
        "agency": place,
        "form": form,
        "by_period": selectors.interventions_by_period(found, period),
        "page": RowPage.of(found, request.GET.get("page")),
        "query": _query(request),
    }
    return render(request, "policy/interventions.html", context)
