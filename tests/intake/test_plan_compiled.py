"""The compiled planner (plan.py) memoises conditions and renders keys from
prepared steps: it must decide and render every row as the mapping says,
however values repeat."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from forcewatch.intake.mapping import Mapping
from forcewatch.intake.plan import SourcePlanner
from forcewatch.intake.readers import norm

MAPPING = {
    "mapping": "compiled-test",
    "version": "1",
    "title": "compiled planner test",
    "sources": {
        "main": {
            "files": ["*.csv"],
            "unit": "incident",
            "read": {"null_values": ["", "NULL", "0"]},
            "columns": {"unit": {"names": ["unit"], "null_values": ["n/a"]}},
            "skip": [{"column": "status", "in": ["Void", "test row"], "reason": "x"}],
            "records": {
                "incident": {"key": "ev-{case}/{unit}#{row}"},
                "force": {
                    "key": "{incident}:{index}",
                    "when": {"column": "status", "matches": "^[A-Z]"},
                },
            },
        }
    },
}
HEADER = ["case", "unit", "status"]
cells = st.sampled_from(["", " ", "NULL", "null", "0", "n/a", "N/A", "12", "12.0"])
cells = cells | st.sampled_from(["7.00", "-3.0", "1.5", " 4 ", "Void", "VOID"])
cells = cells | st.sampled_from(["test-row", "Open", "open", "Ä"]) | st.text(max_size=4)
rows = st.lists(st.lists(cells, min_size=0, max_size=3), min_size=1, max_size=30)


def planner() -> SourcePlanner:
    mapping = Mapping.model_validate(MAPPING)
    return SourcePlanner(mapping, "main", HEADER, "f.csv", "tag", None)


def cell(row: list[str], index: int, nulls: set[str]) -> str | None:
    text = row[index].strip() if index < len(row) else ""
    return None if text.casefold() in nulls else text


def expected_key(row: list[str], number: int) -> str | None:
    case = cell(row, 0, {"", "null", "0"})
    unit = cell(row, 1, {"", "null", "0", "n/a"})
    if not case or not unit:
        return None
    case, unit = (
        v[:-2] if v.endswith(".0") and re.fullmatch(r"-?\d+\.0+", v) else v
        for v in (case, unit)
    )
    return f"ev-{case}/{unit}#{number}"


@given(rows)
def test_keys_render_from_columns_and_context_as_the_template_says(
    table: list[list[str]],
) -> None:
    plan = planner()
    (render,) = plan.entities["incident"].keys
    for number, row in enumerate(table, start=2):
        assert render(row, None, {"row": str(number)}) == expected_key(row, number)


@given(rows)
def test_conditions_decide_every_row_by_its_own_value(
    table: list[list[str]],
) -> None:
    plan = planner()
    ((skip, _),) = plan.skips
    (when,) = plan.entities["force"].when
    for row in table:
        status = cell(row, 2, {"", "null", "0"})
        assert skip(row, None) == (norm(status or "") in {"void", "testrow"})
        assert when(row, None) == bool(re.search("^[A-Z]", status or ""))
