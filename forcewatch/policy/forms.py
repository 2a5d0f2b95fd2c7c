"""Policy review forms: they turn input into domain values (services decide)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from forcewatch.policy.models import CaseStatus, FindingStatus, Kind, Outcome

KIND_LABELS: dict[str, Any] = {
    Kind.VIOLATION: _("Possible violation"),
    Kind.INCOMPLETE: _("Facts missing"),
}
SEVERITY_LABELS: dict[str, Any] = {
    "high": _("High"),
    "medium": _("Medium"),
    "low": _("Low"),
}
FINDING_STATUS_LABELS: dict[str, Any] = {
    FindingStatus.OPEN: _("Awaiting disposition"),
    FindingStatus.DISPOSED: _("Disposed"),
    FindingStatus.CLEARED: _("Cleared: the corrected report no longer meets the rule"),
}
OUTCOME_LABELS: dict[str, Any] = {
    Outcome.WITHIN_POLICY: _("Within policy"),
    Outcome.OUT_OF_POLICY: _("Out of policy"),
    Outcome.TRAINING_ISSUE: _("Training or tactics issue"),
    Outcome.POLICY_GAP: _("Policy gap"),
}
CASE_STATUS_LABELS: dict[str, Any] = {
    CaseStatus.OPEN: _("Opened"),
    CaseStatus.INVESTIGATION: _("Under investigation"),
    CaseStatus.BOARD: _("Before the review board"),
    CaseStatus.CLOSED: _("Closed"),
}
ANY_STATUS = "any"


def _choices(labels: dict[Any, Any], blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *((str(k), v) for k, v in labels.items())]


class FindingFilterForm(forms.Form):
    """The queue's filters; a bad value is ignored (the queue shows open findings)."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_choices(KIND_LABELS, _("Any kind"))
    )
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=_choices(SEVERITY_LABELS, _("Any severity")),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            *((str(k), v) for k, v in FINDING_STATUS_LABELS.items()),
            (ANY_STATUS, _("Any status")),
        ],
    )

    def __init__(self, data: Any, *, rules: list[str]) -> None:
        super().__init__({"status": FindingStatus.OPEN, **data.dict()})
        field = self.fields["rule"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any rule")), *((r, r) for r in rules)]

    def filters(self) -> dict[str, str]:
        """The filters as selector arguments (defaults where a value is not valid)."""
        values = self.cleaned_data if self.is_valid() else {}
        status = values.get("status") or FindingStatus.OPEN
        return {
            "kind": values.get("kind", ""),
            "rule": values.get("rule", ""),
            "severity": values.get("severity", ""),
            "status": "" if status == ANY_STATUS else status,
        }


class DispositionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(str(k), v) for k, v in OUTCOME_LABELS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome.")},
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Give the reasons for this decision.")},
    )


class CaseMoveForm(forms.Form):
    """One step of a deadly-force case; what the step needs depends on its target."""

    to = forms.ChoiceField(
        choices=[(str(s), str(s)) for s in CaseStatus], widget=forms.HiddenInput
    )
    investigator = forms.ModelChoiceField(
        label=_("Investigator"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Yourself"),
    )
    summary = forms.CharField(
        label=_("Summary of the investigation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    board_finding = forms.ChoiceField(
        label=_("Board finding"),
        choices=_choices(OUTCOME_LABELS, _("Choose the finding")),
        required=False,
    )
    board_reasons = forms.CharField(
        label=_("The board's reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    board_date = forms.DateField(
        label=_("Date of the board's decision"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    FIELDS = {  # shown for each step
        CaseStatus.INVESTIGATION: ("investigator", "note"),
        CaseStatus.BOARD: ("summary", "note"),
        CaseStatus.CLOSED: ("board_finding", "board_reasons", "board_date", "note"),
    }
    REQUIRED = {
        CaseStatus.BOARD: {"summary": _("Summarise the investigation.")},
        CaseStatus.CLOSED: {
            "board_finding": _("Record the board's finding."),
            "board_reasons": _("Record the board's reasons."),
            "board_date": _("Give the date of the board's decision."),
        },
    }

    def __init__(
        self, *args: Any, investigators: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["investigator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = investigators

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, message in self.REQUIRED.get(data.get("to", ""), {}).items():
            if not data.get(name):
                self.add_error(name, message)
        return data


class PeriodForm(forms.Form):
    """Filters of the learning loop and the interventions report."""

    period = forms.ChoiceField(
        label=_("Periods"),
        required=False,
        choices=[("year", _("Years")), ("quarter", _("Quarters"))],
    )
    start = forms.DateField(
        label=_("Incidents from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("Incidents to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the range is before its start."))
        return data

    def range(self) -> tuple[str, date | None, date | None]:
        """(period, start, end), the defaults where the input is not valid."""
        if not self.is_valid():
            return "year", None, None
        data = self.cleaned_data
        return data["period"] or "year", data["start"], data["end"]
