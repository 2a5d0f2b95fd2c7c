"""A stored report document as readable rows for the detail page (no rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

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
