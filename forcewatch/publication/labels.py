"""Display labels of a release's units, dimensions, groups and cell statuses.

A release's files keep codes (`black`, `takedown`, `suppressed_small`); the
public pages show these labels in the reader's language.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from forcewatch.records.codes import codelist

UNITS: dict[str, Promise] = {
    "incident": _("Incidents"),
    "subject": _("People force was used on"),
    "application": _("Force applications"),
    "officer": _("Officers who used force"),
}
DIMS: dict[str, Promise] = {
    "month": _("Month"),
    "district": _("District"),
    "call_type": _("Reason for contact"),
    "force_type": _("Type of force"),
    "race": _("Race"),
    "sex": _("Sex"),
    "age": _("Age"),
    "crisis": _("In crisis"),
    "outcome": _("How it ended"),
    "officer_race": _("Officer's race"),
    "officer_sex": _("Officer's sex"),
}
NOT_RECORDED = _("Not recorded")
UNITS_COUNT = _("Count")
RATE = _("Rate")
INTERVAL = _("95% interval")
SUPPRESSED = _("suppressed")
GROUPS: dict[str, dict[str, Promise]] = {
    "race": {
        "white": _("White (non-Hispanic)"),
        "black": _("Black (non-Hispanic)"),
        "hispanic": _("Hispanic or Latino (any race)"),
        "asian": _("Asian (non-Hispanic)"),
        "aian": _("American Indian or Alaska Native (non-Hispanic)"),
        "nhpi": _("Native Hawaiian or Pacific Islander (non-Hispanic)"),
        "other": _("Other or several races (non-Hispanic)"),
    },
    "sex": {
        "male": _("Male"),
        "female": _("Female"),
        "another": _("Non-binary or another gender"),
    },
    "crisis": {"yes": _("In crisis"), "no": _("Not in crisis")},
    "outcome": {
        "died": _("Died"),
        "hospitalized": _("Hospitalized"),
        "injured": _("Injured"),
        "arrested": _("Arrested, not injured"),
        "not_injured": _("Neither injured nor arrested"),
    },
}
GROUPS["officer_race"] = GROUPS["race"]
GROUPS["officer_sex"] = GROUPS["sex"]
CODELIST_OF = {"force_type": "force_type", "call_type": "contact_reason"}
STATUS: dict[str, Promise] = {
    "suppressed_small": _(
        "Suppressed: fewer than 10 people, who could otherwise be identified."
    ),
    "suppressed_complementary": _(
        "Suppressed so that a small count cannot be worked out from the totals."
    ),
    "withheld": _("Withheld: too many records do not say."),
}
TABLES: dict[str, Promise] = {
    "incidents_by_month": _("Incidents by month"),
    "incidents_by_district": _("Incidents by district"),
    "incidents_by_call_type": _("Incidents by reason for contact"),
    "applications_by_force_type": _("Force used, by type"),
    "applications_by_force_type_race": _(
        "Force used, by type and the race of the person it was used on"
    ),
    "subjects_by_race": _("People force was used on, by race"),
    "subjects_by_sex": _("People force was used on, by sex"),
    "subjects_by_age": _("People force was used on, by age"),
    "subjects_by_race_district": _("People force was used on, by race and district"),
    "subjects_by_race_month": _("People force was used on, by race and month"),
    "officers_by_race": _("Officers who used force, by race"),
    "officers_by_sex": _("Officers who used force, by sex"),
    "subjects_by_crisis": _("People force was used on, by whether they were in crisis"),
}


def group_label(dim: str, value: str) -> str:
    """The label of one group of a dimension, in the active language."""
    if value in ("unknown", ""):
        return str(NOT_RECORDED)
    if dim in GROUPS and value in GROUPS[dim]:
        return str(GROUPS[dim][value])
    if dim in CODELIST_OF:
        codes = codelist(CODELIST_OF[dim])
        if value in codes.codes:
            return codes.label(value)
    return value


def dim_label(dim: str) -> str:
    return str(DIMS.get(dim, dim.replace("_", " ").capitalize()))


def unit_label(unit: str) -> str:
    return str(UNITS.get(unit, unit))


def race_text(codes: list[str]) -> str:
    races = codelist("race")
    return ", ".join(races.label(c) for c in codes) or str(NOT_RECORDED)


def sex_text(code: str) -> str:
    return codelist("sex").label(code) if code else str(NOT_RECORDED)
