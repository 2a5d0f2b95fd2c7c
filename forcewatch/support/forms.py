"""Support forms: they turn input into domain values (services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forcewatch.support.kinds import kind_choices
from forcewatch.support.models import FlagStatus

STATUS_LABELS: dict[str, Any] = {  # a flag's status ("alerta" is feminine in Spanish)
    FlagStatus.OPEN: pgettext_lazy("support flag", "Open"),
    FlagStatus.ACKNOWLEDGED: pgettext_lazy("support flag", "Acknowledged"),
    FlagStatus.PLANNED: pgettext_lazy("support flag", "Intervention planned"),
    FlagStatus.CLOSED: pgettext_lazy("support flag", "Closed"),
}
EVENT_LABELS: dict[str, Any] = {
    "force": _("reports of force"),
    "complaint": _("complaints"),
}


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give a date."), "invalid": _("Give a date.")},
    )


def _not_future(form: forms.Form, name: str) -> None:
    value = form.cleaned_data.get(name)
    if value and value > timezone.localdate():
        form.add_error(name, _("This date is in the future."))


class _Marked(forms.Form):
    """A field with an error says so to assistive technology, and where."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {
                        "aria-invalid": "true",
                        "aria-describedby": f"{self[name].auto_id}_error",
                    }
                )


class InterventionForm(_Marked):
    kind = forms.ChoiceField(
        label=_("Kind of support"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of support.")},
    )
    planned_on = _date(_("Planned for"))
    done_on = _date(_("Done on (leave empty if not yet)"), required=False)
    note = forms.CharField(
        label=_("Note (the officer can read it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = kind_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _not_future(self, "done_on")
        return data


class DoneForm(_Marked):
    done_on = _date(_("Done on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _not_future(self, "done_on")
        return data


class OutcomeForm(_Marked):
    text = forms.CharField(
        label=_("How did the support go? (the officer can read it)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say how the support went.")},
    )
    follow_up_on = _date(_("Follow-up on (optional)"), required=False)
