"""The whole report form: the incident form and the three formsets, as one unit.

It turns a POST into the `ReportContent` dict the services take, turns a stored
document back into initial values, adds a row when an "add another" button was
pressed (no JavaScript), and puts the services' `ContentInvalid` errors next to
the fields they name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone

from forcewatch.reporting import forms as rf

PARTS = ("subjects", "officers", "forces")
BLANK_DEFAULTS = {"sex": "U", "ethnicity": "U"}


def _initial_value(value: Any) -> Any:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str) and len(value) > 16 and value[10:11] == "T":
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
    return value


def _initial(part: dict[str, Any]) -> dict[str, Any]:
    return {key: _initial_value(value) for key, value in part.items()}


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k != "DELETE"}
    for key, default in BLANK_DEFAULTS.items():
        if key in out and not out[key]:
            out[key] = default
    return out


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportForm:
    def __init__(
        self,
        *,
        officers: list[tuple[int, str]],
        data: QueryDict | None = None,
        content: dict[str, Any] | None = None,
        version: int = 0,
    ):
        self.added = ""
        if data is not None and data.get("add") in PARTS:
            self.added = str(data["add"])
            data = data.copy()
            key = f"{self.added}-TOTAL_FORMS"
            data[key] = str(int(data.get(key) or 0) + 1)
        content = content or {}
        self.meta = VersionForm(data, initial={"version": version})
        self.incident = rf.IncidentForm(
            data, prefix="incident", initial=_initial(content.get("incident", {}))
        )
        self.subjects = self._formset(rf.SubjectForm, "subjects", data, content, {})
        self.officers = self._formset(
            rf.OfficerForm, "officers", data, content, {"officers": officers}
        )
        rows = {
            "officer": self.officers.total_form_count(),
            "subject": self.subjects.total_form_count(),
        }
        self.forces = self._formset(
            rf.ForceForm, "forces", data, content, {"rows": rows}
        )
        self.top_errors: list[str] = []

    @staticmethod
    def _formset(
        form: type[forms.Form],
        part: str,
        data: QueryDict | None,
        content: dict[str, Any],
        kwargs: dict[str, Any],
    ) -> Any:
        initial = [_initial(row) for row in content.get(part, [])]
        formset_class = forms.formset_factory(
            form, extra=rf.EXTRA[part], can_delete=True
        )
        return formset_class(
            data, prefix=part, initial=initial or None, form_kwargs=kwargs
        )

    @property
    def version(self) -> int:
        return int(self.meta.cleaned_data.get("version") or 0)

    def kept(self, part: str) -> list[forms.Form]:
        """The rows that say something and are not marked for deletion."""
        formset = getattr(self, part)
        stored = formset.initial_form_count()
        return [
            f
            for n, f in enumerate(formset.forms)
            if (n < stored or f.has_changed()) and not f.cleaned_data.get("DELETE")
        ]

    def content(self) -> dict[str, Any] | None:
        """The document, or None when a field is invalid (errors are on the form)."""
        parts = [self.meta, self.incident, self.subjects, self.officers, self.forces]
        if not all(p.is_valid() for p in parts):
            return None
        position = {
            part: {id(f): n for n, f in enumerate(self.kept(part))}
            for part in ("subjects", "officers")
        }
        forces = []
        for form in self.kept("forces"):
            row = _plain(form.cleaned_data)
            for name, part in (("officer", "officers"), ("subject", "subjects")):
                chosen = getattr(self, part).forms[row[name]]
                if id(chosen) not in position[part]:
                    form.add_error(name, f"{name.title()} {row[name] + 1} is blank.")
                    return None
                row[name] = position[part][id(chosen)]
            forces.append(row)
        return {
            "incident": self.incident.cleaned_data,
            "subjects": [_plain(f.cleaned_data) for f in self.kept("subjects")],
            "officers": [_plain(f.cleaned_data) for f in self.kept("officers")],
            "forces": forces,
        }

    def show_errors(self, errors: list[dict[str, Any]]) -> None:
        """Put each service error next to its field, or at the top of the form."""
        for error in errors:
            msg = str(error["msg"]).removeprefix("Value error, ")
            loc = str(error["loc"]).split(".")
            form = self._form_at(loc)
            name = loc[2] if loc[0] != "incident" and len(loc) > 2 else loc[-1]
            if form is None:
                self.top_errors.append(msg)
            else:
                form.add_error(name if name in form.fields else None, msg)

    def _form_at(self, loc: list[str]) -> forms.Form | None:
        if loc[0] == "incident" and len(loc) > 1:
            return self.incident
        if loc[0] in PARTS and len(loc) > 1 and loc[1].isdigit():
            rows = self.kept(loc[0])
            index = int(loc[1])
            return rows[index] if index < len(rows) else None
        return None
