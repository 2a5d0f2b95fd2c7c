"""Reads of the canonical records: counts in every counting unit."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from forcewatch.records import models as rm
from forcewatch.records.units import UNITS

UNIT_LABELS = {
    "incidents": "Incidents",
    "subjects": "Subjects",
    "officers": "Officers",
    "officer_subject_pairs": "Officer × subject pairs",
    "force_applications": "Force applications",
    "reports": "Reports",
}


def _by_year(
    qs: Any, year_path: str, distinct: str | None = None
) -> tuple[int, dict[str, int]]:
    counter = Count(distinct, distinct=True) if distinct else Count("pk")
    total = qs.aggregate(n=counter)["n"]
    rows = qs.annotate(year=ExtractYear(year_path)).values("year").annotate(n=counter)
    return total, {str(r["year"]) if r["year"] else "unknown": r["n"] for r in rows}


def record_counts(*, agency: rm.Agency) -> dict[str, Any]:
    """Counts per counting unit, in total and by the incident's year.

    Officers are distinct officers involved (in any role) in that year's incidents.
    """
    on = Q(agency=agency)
    sources = {
        "incidents": (rm.Incident.objects.filter(on), "occurred_date", None),
        "subjects": (rm.Subject.objects.filter(on), "incident__occurred_date", None),
        "officers": (
            rm.OfficerInvolvement.objects.filter(on),
            "incident__occurred_date",
            "officer_id",
        ),
        "officer_subject_pairs": (
            rm.Engagement.objects.filter(on),
            "incident__occurred_date",
            None,
        ),
        "force_applications": (
            rm.ForceApplication.objects.filter(on),
            "incident__occurred_date",
            None,
        ),
        "reports": (rm.Report.objects.filter(on), "incident__occurred_date", None),
    }
    total: dict[str, int] = {}
    by_year: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(UNITS, 0))
    for unit, (qs, path, distinct) in sources.items():
        total[unit], years = _by_year(qs, path, distinct)
        for year, n in years.items():
            by_year[year][unit] = n
    return {"total": total, "by_year": dict(sorted(by_year.items()))}


def agency_list() -> list[rm.Agency]:
    return list(rm.Agency.objects.order_by("name"))


class UnknownAgency(LookupError):
    """No agency has that slug; the message lists those that do."""


def agency_by_slug(slug: str) -> rm.Agency:
    agency = rm.Agency.objects.filter(slug=slug).first()
    if agency is None:
        known = ", ".join(
            rm.Agency.objects.order_by("slug").values_list("slug", flat=True)
        )
        raise UnknownAgency(f"no agency {slug!r} (agencies: {known or 'none yet'})")
    return agency
