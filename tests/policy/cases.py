"""Hand-built reports for the default pack's rules, and what each rule makes of them.

A case names a rule, a report (the keyword arguments of `handbuilt.unit`) and
what the rule must make of it: `fired`, `passed`, `incomplete` (a fact it needs
is not recorded) or `None` (the rule does not apply to anything in the report).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Report = dict[str, Any]  # the keyword arguments of `handbuilt.unit`


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    expect: str | None
    report: Report
    missing: tuple[str, ...] = ()  # for `incomplete`: the facts not recorded
    items: tuple[str, ...] = field(default=())  # the items with a result, if given


def force_on(kind: str, officer: dict[str, Any] | None = None, **facts: Any) -> Report:
    """One officer using one force of `kind` on one subject."""
    subject = facts.pop("subject", {})
    return {
        "officers": [officer or {}],
        "subjects": [subject],
        "force": [{"type": kind, **facts}],
    }


def at_demonstration(kind: str, **facts: Any) -> Report:
    return {"incident": {"demonstration": True}, **force_on(kind, **facts)}


def injured(**facts: Any) -> Report:
    return {"subjects": [facts]}


def bystander(*, found: bool = True, **facts: Any) -> Report:
    """Officer 0 struck the subject, force a reviewer found excessive (unless not
    `found`); officer 1 (`facts`) was there."""
    return {
        "officers": [{"force_found_excessive": found}, facts],
        "subjects": [{}],
        "force": [{"type": "strike", "officer": 0}],
    }
