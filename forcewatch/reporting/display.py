"""Reports as readable rows: the list page's rows, and a stored report document
for the detail page (no rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypedDict

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from forcewatch.core.lib.urls import pk_url
from forcewatch.records.codes import codelist
from forcewatch.reporting import forms as rf

CODED = {
    "contact_reason": "contact_reason",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "injury_severity": "injury_severity",
    "race": "race",
    "impairments": "impairment",
    "armed_with": "weapon",
    "threat_means": "weapon",
    "deescalation": "deescalation",
    "force_type": "force_type",
    "resistance": "resistance",
}
ROLE_LABELS = dict(rf.ROLES)


class ListRow(TypedDict):
    """A dict, not a named tuple: the template language tries a key before an
    attribute, and 125 failed key lookups a page were measurable."""

    url: str
    number: str
    occurred: str  # YYYY-MM-DD
    unit: str
    status: str  # in the reader's language
    updated: str  # YYYY-MM-DD HH:MM, local time


def list_rows(
    reports: Iterable[tuple[int, str, dt.date | None, str, str, dt.datetime]],
) -> list[ListRow]:
    """(pk, number, occurred_date, unit, status, updated_at) rows as the list
    page shows them: formatted here, once, rather than by template filters
    (a page of 25 rows spent more on `date` filters and `url` tags than on its
    query); the link, the status words and the time zone are looked up once
    per page, not per row."""
    url = pk_url("reporting:detail")
    labels = {str(code): str(label) for code, label in rf.STATUS_LABELS.items()}
    zone = timezone.get_current_timezone()
    return [
        ListRow(
            url=url(pk),
            number=number,
            occurred=occurred.isoformat() if occurred else "",
            unit=unit,
            status=labels[status],
            updated=updated.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        )
        for pk, number, occurred, unit, status, updated in reports
    ]


def shown(name: str, value: Any) -> str:
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if name in CODED and isinstance(value, list):
        return ", ".join(codelist(CODED[name]).label(v) for v in value)
    if name in CODED:
        return codelist(CODED[name]).label(value)
    if name == "role":
        return str(ROLE_LABELS.get(value, value))
    return str(value)


def rows(form_class: type[forms.Form], part: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each recorded field, in the form's order and words."""
    fields = form_class.base_fields
    return [
        (str(field.label), shown(name, part[name]))
        for name, field in fields.items()
        if part.get(name) not in (None, "", [])
    ]


def report_display(
    content: dict[str, Any], officer_names: dict[int, str]
) -> dict[str, Any]:
    officers = content.get("officers", [])

    def officer_name(index: int) -> str:
        return officer_names.get(officers[index]["officer_id"], "?")

    return {
        "incident": rows(rf.IncidentForm, content.get("incident", {})),
        "subjects": [rows(rf.SubjectForm, s) for s in content.get("subjects", [])],
        "officers": [
            {
                "name": officer_names.get(o["officer_id"], "?"),
                "rows": rows(
                    rf.OfficerForm, {k: v for k, v in o.items() if k != "officer_id"}
                ),
            }
            for o in officers
        ],
        "forces": [
            {
                "officer": officer_name(f["officer"]),
                "subject": f["subject"] + 1,
                "rows": rows(
                    rf.ForceForm,
                    {k: v for k, v in f.items() if k not in ("officer", "subject")},
                ),
            }
            for f in content.get("forces", [])
        ],
    }
