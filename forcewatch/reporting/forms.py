"""The staff report form: formsets in, a `ReportContent` dict out (no rules here).

Every part of the document is a formset with blank extra rows; a blank row is
skipped, so the form works without JavaScript. Force rows name officers and
subjects by their row number on the page.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from forcewatch.records.codes import codelist
from forcewatch.reporting.models import Status

EXTRA = {"subjects": 1, "officers": 2, "forces": 2}
STATUS_LABELS = {
    Status.DRAFT: _("Draft"),
    Status.SUBMITTED: _("Submitted, awaiting review"),
    Status.RETURNED: _("Returned for correction"),
    Status.APPROVED: _("Approved"),
    Status.ESCALATED: _("Escalated to professional standards"),
    Status.CLOSED: _("Closed"),
}
ROLES = [
    ("used_force", _("Used force")),
    ("witnessed", _("Witnessed")),
    ("intervened", _("Intervened")),
    ("supervised", _("Supervised")),
]


def codes(name: str, blank: str | None = "") -> list[tuple[str, str]]:
    choices = [(code, codelist(name).label(code)) for code in codelist(name).codes]
    return choices if blank is None else [("", blank), *choices]


def code_field(name: str, label: Any) -> forms.ChoiceField:
    # a callable: the labels follow the language of each request
    return forms.ChoiceField(label=label, choices=partial(codes, name), required=False)


def codes_field(name: str, label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=partial(codes, name, blank=None),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def yes_no(label: Any) -> forms.TypedChoiceField:
    """Yes, no, or not recorded (None)."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("", _("Not recorded")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )


def when(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class IncidentForm(forms.Form):
    occurred_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    occurred_time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    address = forms.CharField(label=_("Address or block"), required=False)
    contact_reason = code_field("contact_reason", _("Reason for contact"))
    call_type = forms.CharField(label=_("Call type"), required=False)
    demonstration = yes_no(_("During a demonstration"))
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class SubjectForm(forms.Form):
    sex = code_field("sex", _("Sex"))
    race = codes_field("race", _("Race"))
    ethnicity = code_field("ethnicity", _("Ethnicity"))
    age_min = forms.IntegerField(label=_("Age, lowest estimate"), required=False)
    age_max = forms.IntegerField(label=_("Age, highest estimate"), required=False)
    in_crisis = yes_no(_("In mental-health crisis"))
    impairments = codes_field("impairment", _("Apparent impairment"))
    armed = yes_no(_("Armed"))
    armed_with = codes_field("weapon", _("Armed with"))
    fleeing = yes_no(_("Fleeing"))
    in_moving_vehicle = yes_no(_("In a moving vehicle"))
    vehicle_used_as_weapon = yes_no(_("Vehicle used as a weapon"))
    threat_means = codes_field(
        "weapon", _("Threatened deadly force with (other than a vehicle)")
    )
    injured = yes_no(_("Injured"))
    complained_of_injury = yes_no(_("Complained of injury"))
    injury_severity = code_field("injury_severity", _("Injury severity"))
    first_aid_given = yes_no(_("First aid given"))
    first_aid_at = when(_("First aid given at"))
    medical_requested = yes_no(_("Medical help requested"))
    medical_requested_at = when(_("Medical help requested at"))
    handcuffed = yes_no(_("Handcuffed"))
    handcuff_justification = forms.CharField(
        label=_("Why handcuffs were needed"), required=False
    )


class OfficerForm(forms.Form):
    officer_id = forms.TypedChoiceField(
        label=_("Officer"), coerce=int, required=False, empty_value=None
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Choose a role")), *ROLES], required=False
    )
    warning_given = yes_no(_("Warning given"))
    warning_feasible = yes_no(_("Warning feasible"))
    deescalation = codes_field("deescalation", _("De-escalation tried"))
    intervened = yes_no(_("Intervened"))
    injured = yes_no(_("Officer injured"))

    def __init__(self, *args: Any, officers: list[tuple[int, str]], **kw: Any):
        super().__init__(*args, **kw)
        choice_field = self.fields["officer_id"]
        assert isinstance(choice_field, forms.ChoiceField)
        choice_field.choices = [("", _("Choose an officer")), *officers]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("officer_id"):
            self.add_error("officer_id", _("Choose the officer."))
        if not data.get("role"):
            self.add_error("role", _("Choose what this officer did."))
        return data


class ForceForm(forms.Form):
    officer = forms.TypedChoiceField(label=_("Officer"), coerce=int, required=False)
    subject = forms.TypedChoiceField(label=_("Subject"), coerce=int, required=False)
    force_type = code_field("force_type", _("Force used"))
    resistance = code_field("resistance", _("Resistance it answered"))
    body_region = forms.CharField(label=_("Body region"), required=False)
    effective = yes_no(_("Effective"))
    at_vehicle = yes_no(_("Fired at or from a moving vehicle"))
    indiscriminate = yes_no(_("Fired into a crowd rather than at one person"))

    def __init__(self, *args: Any, rows: dict[str, int], **kw: Any):
        super().__init__(*args, **kw)
        for part, label in (("officer", _("Officer")), ("subject", _("Subject"))):
            field = self.fields[part]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("Choose"))] + [
                (str(n), f"{label} {n + 1}") for n in range(rows[part])
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("officer", "subject", "force_type"):
            if data.get(name) in (None, ""):
                self.add_error(name, _("Required for each use of force."))
        return data


SubjectFormSet = formset_factory(SubjectForm, extra=0)
OfficerFormSet = formset_factory(OfficerForm, extra=0)
ForceFormSet = formset_factory(ForceForm, extra=0)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("What you saw"), widget=forms.Textarea(attrs={"rows": 8})
    )
    intervened = yes_no(_("Did you intervene?"))
