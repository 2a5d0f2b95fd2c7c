"""A report document as the POST the staff form sends (what a browser submits)."""

from __future__ import annotations

from typing import Any

from forcewatch.reporting.report_form import PARTS


def _value(value: Any) -> Any:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str) and len(value) > 16 and value[10:11] == "T":
        return value[:16]  # datetime-local has no seconds or zone
    return value


def form_post(content: dict[str, Any], version: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {"version": str(version), "save": "1"}
    for name, value in content["incident"].items():
        data[f"incident-{name}"] = _value(value)
    for part in PARTS:
        rows = content.get(part, [])
        data[f"{part}-TOTAL_FORMS"] = str(len(rows))
        data[f"{part}-INITIAL_FORMS"] = "0"
        for n, row in enumerate(rows):
            for name, value in row.items():
                data[f"{part}-{n}-{name}"] = _value(value)
    return data
