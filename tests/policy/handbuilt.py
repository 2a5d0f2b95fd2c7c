"""Hand-built report views for rule tests, shaped exactly like `schema.py`.

Every fact of the report view is present; a fact whose type ends in `?` is
`null` unless the test sets it, so a test states only what matters to the rule.
The facts the view builder derives are derived the same way here:
`force.level`, `force.deadly` and `force.applied` from the force type's code
list entry (`force.deadly` false where `discharged_at_person` is false),
`officer.used_force` from the force the officer used, `report.deadly_force`
from the force, `report.excessive_force_found` from the officers'
`force_found_excessive`, positions `i` and keys. Every officer is `in_report`
(as in an incident of one report) unless the test says otherwise.
Naming a fact the schema does not have is an error, so a typo cannot make a
test pass.

    unit(
        on="2022-03-01",
        officers=[{"warning_given": False}],
        subjects=[{"fleeing": True}],
        force=[{"type": "firearm_discharge", "resistance_level": 3}],
    )

A force dict's `officer` and `subject` are positions in `officers` and
`subjects` (default 0 where there is one, else unattributed: every fact null).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from forcewatch.policy.schema import FORCE, INCIDENT, OFFICER, REPORT, SUBJECT, Fact
from forcewatch.policy.view import Unit
from forcewatch.records.codes import codelist

FORCE_TYPES = codelist("force_type")
OFFICER_IDS = 100  # officer_ids[i] = OFFICER_IDS + i


def blank(facts: Iterable[Fact]) -> dict[str, Any]:
    """Every plain fact of a group: null if nullable, else a neutral value."""
    out: dict[str, Any] = {}
    for fact in facts:
        if fact.fields:
            continue
        if fact.type.endswith("?"):
            out[fact.name] = None
        else:
            out[fact.name] = {"bool": False, "int": 0, "string": ""}[fact.type]
    return out


def _fill(
    group: str, facts: tuple[Fact, ...], given: Mapping[str, Any]
) -> dict[str, Any]:
    out = blank(facts)
    unknown = sorted(set(given) - set(out))
    if unknown:
        raise KeyError(f"{group} has no fact {unknown}; it has {sorted(out)}")
    out.update(given)
    return out


def unattributed(facts: tuple[Fact, ...]) -> dict[str, Any]:
    """The officer or subject of a force the source does not attribute."""
    return {f.name: None for f in facts}


def _force(
    i: int,
    given: Mapping[str, Any],
    officers: list[dict[str, Any]],
    subjects: list[dict[str, Any]],
) -> tuple[dict[str, Any], int | None]:
    spec = dict(given)
    oi = spec.pop("officer", 0 if len(officers) == 1 else None)
    si = spec.pop("subject", 0 if len(subjects) == 1 else None)
    code = spec.get("type", "other")
    attrs = FORCE_TYPES.codes[code]
    applied = spec.get("applied", attrs.get("applied", True) is not False)
    derived = {
        "i": i,
        "key": f"f{i}",
        "sequence": i + 1,
        "type": code,
        "level": int(attrs.get("level", 0)),
        "applied": applied,
        # a firearm discharged at an animal or by accident is not deadly force
        "deadly": bool(attrs.get("deadly"))
        and applied
        and spec.get("discharged_at_person") is not False,
    }
    view = _fill("force", FORCE, {**derived, **spec})
    view["officer"] = officers[oi] if oi is not None else unattributed(OFFICER)
    view["subject"] = subjects[si] if si is not None else unattributed(SUBJECT)
    return view, oi


def view(
    *,
    on: str | None = "2022-03-01",
    officers: Iterable[Mapping[str, Any]] = (),
    subjects: Iterable[Mapping[str, Any]] = (),
    force: Iterable[Mapping[str, Any]] = (),
    incident: Mapping[str, Any] | None = None,
    **report: Any,
) -> tuple[dict[str, Any], list[int | None]]:
    """A full report view, and the officer position of each force application."""
    given = [dict(o) for o in officers]
    offs = [
        _fill("officer", OFFICER, {"i": i, "key": f"o{i}", "in_report": True, **o})
        for i, o in enumerate(given)
    ]
    subs = [
        _fill("subject", SUBJECT, {"i": i, "key": f"s{i}", **s})
        for i, s in enumerate(subjects)
    ]
    pairs = [_force(i, f, offs, subs) for i, f in enumerate(force)]
    forces = [f for f, _ in pairs]
    users = {oi for _, oi in pairs if oi is not None}
    for o, spec in zip(offs, given, strict=True):
        if "used_force" not in spec:
            o["used_force"] = o["i"] in users
        if "role" not in spec:
            o["role"] = "used_force" if o["used_force"] else "witnessed"
    inc = _fill("incident", INCIDENT, {"key": "i1", "date": on, **(incident or {})})
    derived = {
        "key": "r1",
        "date": on,
        "deadly_force": any(f["deadly"] for f in forces),
        "excessive_force_found": any(o["force_found_excessive"] for o in offs),
    }
    out = _fill("report", REPORT.fields, {**derived, **report})
    out.update(incident=inc, officers=offs, subjects=subs, force=forces)
    return out, [oi for _, oi in pairs]


def unit(
    *, on: str | None = "2022-03-01", author: int | None = None, **kw: Any
) -> Unit:
    """A `Unit` the engine evaluates (on = the incident date, ISO; None: undated)."""
    officers = [dict(o) for o in kw.pop("officers", ())]
    report_view, force_officer = view(on=on, officers=officers, **kw)
    return Unit(
        key="report:1",
        incident_id=1,
        report_id=1,
        date=date.fromisoformat(on) if on else None,
        view=report_view,
        officer_ids=[OFFICER_IDS + i for i in range(len(officers))],
        units=[o.get("unit") or "" for o in officers],
        force_officer=[
            OFFICER_IDS + i if i is not None else None for i in force_officer
        ],
        author=author,
    )
