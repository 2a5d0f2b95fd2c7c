"""Support pages: fetch, authorise (accounts.policies), validate, call a service,
render.

A flag the reader may not see is a 404, so its existence does not leak; a page
of an agency none of the reader's roles opens is a 403, and so is a step the
reader may not take on a flag they can see (their own, or as a reader).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcewatch.accounts.policies import (
    Principal,
    SupportPage,
    flag_about,
    flag_visible,
    may_open_support,
    may_support,
    own_officer_ids,
    support_units,
)
from forcewatch.accounts.selectors import principal_for
from forcewatch.accounts.services import access_record
from forcewatch.core.lib.pages import RowPage
from forcewatch.records.models import Agency
from forcewatch.support import selectors, services
from forcewatch.support.forms import (
    EVENT_LABELS,
    STATUS_LABELS,
    DoneForm,
    InterventionForm,
    OutcomeForm,
)
from forcewatch.support.kinds import intervention_kinds
from forcewatch.support.models import FlagStatus, Intervention, SupportFlag


def _actor(request: HttpRequest) -> User:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user


def _agency(
    request: HttpRequest, slug: str, page: SupportPage
) -> tuple[Principal, Agency]:
    agency = get_object_or_404(Agency, slug=slug)
    who = principal_for(request.user)
    if not may_open_support(who, page, agency.pk):
        raise PermissionDenied(_("None of your roles opens this page for this agency."))
    return who, agency


@login_required
def queue(request: HttpRequest, agency: str) -> HttpResponse:
    who, place = _agency(request, agency, SupportPage.QUEUE)
    closed = request.GET.get("closed") == "1"
    flags = selectors.flag_queue(
        agency_id=place.pk,
        units=support_units(who, SupportPage.QUEUE, place.pk),
        not_about=own_officer_ids(who, place.pk),
        closed=closed,
    )
    page = RowPage.of(flags, request.GET.get("page"))
    rows = [(f, STATUS_LABELS[f.status]) for f in page]
    query = "closed=1" if closed else ""
    context = {"agency": place, "page": page, "rows": rows, "closed": closed}
    return render(request, "support/queue.html", {**context, "query": query})


@login_required
def due(request: HttpRequest, agency: str) -> HttpResponse:
    who, place = _agency(request, agency, SupportPage.DUE)
    units = support_units(who, SupportPage.DUE, place.pk)
    rows = selectors.due_rows(agency_id=place.pk, units=units)
    labelled = [(r, STATUS_LABELS[r.status]) for r in rows]
    return render(request, "support/due.html", {"agency": place, "rows": labelled})


@login_required
def mine(request: HttpRequest, agency: str) -> HttpResponse:
    place = get_object_or_404(Agency, slug=agency)
    who = principal_for(request.user)
    officers = own_officer_ids(who, place.pk)
    if not officers:
        raise PermissionDenied(_("This page lists flags about you as an officer."))
    flags = selectors.own_flags(agency_id=place.pk, officer_ids=officers)
    rows = [(f, STATUS_LABELS[f.status]) for f in flags]
    return render(request, "support/mine.html", {"agency": place, "rows": rows})


def _flag(request: HttpRequest, pk: int) -> tuple[Principal, SupportFlag]:
    """The flag, if this reader may see it; every such read is logged."""
    flag = get_object_or_404(
        SupportFlag.objects.select_related("agency", "officer"), pk=pk
    )
    who = principal_for(request.user)
    if not flag_visible(who, selectors.flag_facts(flag)):
        raise Http404
    access_record(
        user=_actor(request),
        agency_id=flag.agency_id,
        what="support_flag",
        object_id=pk,
    )
    return who, flag


def _supporter(request: HttpRequest, pk: int) -> SupportFlag:
    who, flag = _flag(request, pk)
    if not may_support(who, selectors.flag_facts(flag)):
        raise PermissionDenied(_("You may read this flag but not act on it."))
    return flag


@login_required
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    who, flag = _flag(request, pk)
    return _flag_page(request, who, flag)


def _flag_page(
    request: HttpRequest,
    who: Principal,
    flag: SupportFlag,
    failed: dict[str, Form] | None = None,
) -> HttpResponse:
    facts = selectors.flag_facts(flag)
    forms: dict[str, Form] = {
        "intervention": InterventionForm(),
        "outcome": OutcomeForm(),
        **(failed or {}),
    }
    interventions, outcomes = selectors.flag_history(flag)
    kinds = intervention_kinds()
    done_forms = {
        i.pk: forms.get(f"done-{i.pk}") or DoneForm(auto_id=f"done{i.pk}-%s")
        for i in interventions
        if i.done_on is None
    }
    context: dict[str, Any] = {
        "flag": flag,
        "agency": flag.agency,
        "status": STATUS_LABELS[flag.status],
        "rules": [
            {**r, "event_label": EVENT_LABELS.get(r["event"], r["event"])}
            for r in selectors.explanation_rules(flag)
        ],
        "peers": flag.explanation.get("peers", {}),
        "supervisors": selectors.supervisors_of(flag),
        "interventions": [
            (i, kinds.label(i.kind), done_forms.get(i.pk)) for i in interventions
        ],
        "outcomes": outcomes,
        "about_me": flag_about(who, facts),
        "may_support": may_support(who, facts) and flag.status != FlagStatus.CLOSED,
        "may_close": flag.status == FlagStatus.PLANNED,
        "is_open": flag.status == FlagStatus.OPEN,
        "forms": forms,
    }
    return render(request, "support/flag.html", context, status=400 if failed else 200)


@require_POST
@login_required
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _supporter(request, pk)
    try:
        services.flag_acknowledge(flag, by=_actor(request))
    except services.SupportError:
        messages.error(request, _("This flag was already acknowledged."))
    else:
        messages.success(request, _("Flag acknowledged."))
    return redirect("support:flag", pk=flag.pk)


@require_POST
@login_required
def intervene(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _supporter(request, pk)
    form = InterventionForm(request.POST)
    if not form.is_valid():
        return _flag_page(
            request, principal_for(request.user), flag, {"intervention": form}
        )
    try:
        services.intervention_record(flag, by=_actor(request), **form.cleaned_data)
    except services.SupportError:
        messages.error(request, _("This flag is closed."))
    else:
        messages.success(request, _("Intervention recorded."))
    return redirect("support:flag", pk=flag.pk)


@require_POST
@login_required
def intervention_done(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = get_object_or_404(Intervention, pk=pk)
    flag = _supporter(request, intervention.flag_id)
    form = DoneForm(request.POST, auto_id=f"done{pk}-%s")
    if not form.is_valid():
        who = principal_for(request.user)
        return _flag_page(request, who, flag, {f"done-{pk}": form})
    try:
        services.intervention_done(
            intervention, done_on=form.cleaned_data["done_on"], by=_actor(request)
        )
    except services.SupportError:
        messages.error(request, _("This intervention cannot be changed now."))
    else:
        messages.success(request, _("Intervention marked as done."))
    return redirect("support:flag", pk=flag.pk)


@require_POST
@login_required
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _supporter(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _flag_page(request, principal_for(request.user), flag, {"outcome": form})
    try:
        services.outcome_record(flag, by=_actor(request), **form.cleaned_data)
    except services.SupportError:
        messages.error(request, _("Record an intervention before the outcome."))
    else:
        messages.success(request, _("Outcome recorded; the flag is closed."))
    return redirect("support:flag", pk=flag.pk)
