from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from forcewatch.records import models as rm
from forcewatch.records.selectors import UNIT_LABELS, agency_list, record_counts


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "records/home.html", {"agencies": agency_list()})


def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(rm.Agency, slug=slug)
    counts = record_counts(agency=agency)
    return render(
        request,
        "records/agency.html",
        {"agency": agency, "counts": counts, "labels": UNIT_LABELS.values()},
    )
