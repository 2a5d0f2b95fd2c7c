"""Reports as readable rows: the list page's rows, and a stored report document
for the detail page (no rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
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


# One report of the list page, a table row. Built here rather than by a template
# loop: 25 rows of five cells cost the template language more than everything
# else on the page together (docs/decisions.md, "Staff pages").
LIST_ROW = (
    '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>'
)


def list_rows(
    reports: Iterable[tuple[int, str, dt.date | None, str, str, dt.datetime]],
) -> SafeString:
    """(pk, number, occurred_date, unit, status, updated_at) rows as the list
    page's table rows (link, number, occurred YYYY-MM-DD, unit, status in the
    reader's language, updated YYYY-MM-DD HH:MM local time), every value escaped.
    The link, the status words and the time zone are looked up once per page."""
    url = pk_url("reporting:detail")
    labels = {str(code): str(label) for code, label in rf.STATUS_LABELS.items()}
    zone = timezone.get_current_timezone()
    return format_html_join(
        "\n",
        LIST_ROW,
        (
            (
                url(pk),
                number,
                occurred.isoformat() if occurred else "",
                unit,
                labels[status],
                updated.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            )
            for pk, number, occurred, unit, status, updated in reports
        ),
    )


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
