"""Evaluate a pack's rules on report views (no database here).

Every rule in force on the report's date runs as one fused program (one pass
over each collection). Where the rules are inside the subset `compiler.py`
compiles, the program is Python and reads the report view as it is. Otherwise,
or when the compiled program fails on a report, the `cel` library evaluates
the report as before: the view is converted to CEL once (`cel.Context`), cut
down first to the fields the pack's rules read (converting Python values into
CEL values is most of the library's cost), and its verdicts are remembered by
projected view.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import cel

from forcewatch.policy.compiler import NotCompiled, Program, compile_cel
from forcewatch.policy.pack import NOT_APPLICABLE, Pack, Rule, fused_source
from forcewatch.policy.projection import projector
from forcewatch.policy.schema import COLLECTIONS
from forcewatch.policy.view import Unit

Layout = list[tuple[str, list[Rule]]]
Programs = tuple[Program | None, Any, Layout]  # Python (if it compiles), library
MEMO_SIZE = 200_000  # remembered verdicts (a few hundred bytes each)
CEL_ERRORS = (RuntimeError, TypeError, ValueError, LookupError, ArithmeticError)


class RuleError(RuntimeError):
    """A rule failed on a report (e.g. compared a missing fact with `<`)."""

    def __init__(self, rule: Rule, unit_key: str, message: str) -> None:
        super().__init__(f"rule {rule.label} failed on {unit_key}: {message}")
        self.rule = rule
        self.unit_key = unit_key


@dataclass(frozen=True)
class Result:
    """One item a rule fired on, or could not be evaluated on."""

    rule: Rule
    item: str  # "" for the report, else "force:<key>", "subject:<key>"...
    fired: bool  # False: needed facts are missing
    missing: tuple[str, ...]
    evidence: dict[str, Any]
    officer_id: int | None
    unit: str


@dataclass
class Outcome:
    """What a pack made of one report: status per rule in force, and results."""

    status: dict[str, str] = field(
        default_factory=dict
    )  # rule id -> fired/incomplete/passed
    results: list[Result] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    undated: bool = False


@cache
def _names(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def lookup(bindings: dict[str, Any], path: str) -> Any:
    head, *rest = _names(path)
    value = bindings.get(head)
    for name in rest:
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


class Engine:
    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._in_force: dict[date, list[Rule]] = {}
        self._project = projector(pack.projection)
        self._programs: dict[tuple[str, ...], Programs] = {}
        self._memo: dict[tuple[int, bytes], list[Any]] = {}
        self._fused_by_list: dict[int, Programs] = {}
        self._lists: list[list[Rule]] = []

    def rules_for(self, on: date) -> list[Rule]:
        rules = self._in_force.get(on)
        if rules is None:
            rules = self._in_force[on] = self.pack.in_force(on)
        return rules

    def view_for_cel(self, unit: Unit) -> dict[str, Any]:
        return self._project(unit.view)  # type: ignore[no-any-return]

    def evaluate(self, unit: Unit, view: dict[str, Any] | None = None) -> Outcome:
        """Run the rules in force on the unit's date; `view` is the unit's
        projected view when the caller has it already (`view_for_cel`)."""
        outcome = Outcome()
        if unit.date is None:
            outcome.undated = True
            return outcome
        rules = self.rules_for(unit.date)
        if not rules:
            return outcome
        python, program, layout = self.fused(rules)
        if python is not None:
            try:
                output = python(unit.view)
            except Exception:  # noqa: BLE001 - any failure: the library decides
                output = None  # (and words the error, as before)
            if output is not None:
                self._read(unit, layout, output, outcome)
                return outcome
        if view is None:
            view = self.view_for_cel(unit)
        # CEL is pure: the same projected view under the same rules gives the same
        # verdicts, and projected views repeat (most reports raise the same few
        # facts), so verdicts are remembered by the view's bytes
        memo_key = (id(layout), pickle.dumps(view, protocol=5))
        output = self._memo.get(memo_key)
        if output is None:
            context = cel.Context({"report": view})
            try:
                output = program.execute(context)
            except CEL_ERRORS:
                # find the failing rule(s), keep the others' results
                for rule in rules:
                    try:
                        _, one, one_layout = self._compiled([rule])
                        self._read(unit, one_layout, one.execute(context), outcome)
                    except CEL_ERRORS as exc:
                        outcome.errors.append(RuleError(rule, unit.key, str(exc)))
                return outcome
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[memo_key] = output
        self._read(unit, layout, output, outcome)
        return outcome

    def _read(
        self, unit: Unit, layout: Layout, output: list[Any], outcome: Outcome
    ) -> None:
        """Turn the fused program's verdicts into statuses and results."""
        for (each, group), values in zip(layout, output, strict=True):
            rows = [values] if each == "report" else values
            for k, rule in enumerate(group):
                status = ""
                for index, row in enumerate(rows):
                    result = row[k]
                    if result is False:
                        status = status or "passed"
                    elif result != NOT_APPLICABLE:
                        status = (
                            "fired" if result or status == "fired" else "incomplete"
                        )
                        outcome.results.append(self._result(rule, unit, index, result))
                if status:
                    outcome.status[rule.id] = status

    def fused(self, rules: list[Rule]) -> Programs:
        """The rules as one program: compiled to Python (None where a rule is
        outside the compiled subset) and for the library, with its layout."""
        # rules_for() hands out one list per set of rules in force: key on it
        fused = self._fused_by_list.get(id(rules))
        if fused is None:
            fused = self._fused_by_list[id(rules)] = self._compiled(rules)
            self._lists.append(rules)  # keeps each id unique while the engine lives
        return fused

    def _compiled(self, rules: list[Rule]) -> Programs:
        """The programs of a set of rules, once per set (dates share sets)."""
        key = tuple(r.label for r in rules)
        programs = self._programs.get(key)
        if programs is None:
            source, layout = fused_source(rules)
            try:
                python: Program | None = compile_cel(
                    source, ("report",), self.pack.projection
                )
            except NotCompiled:
                python = None
            programs = self._programs[key] = (python, cel.compile(source), layout)
        return programs

    def _result(
        self, rule: Rule, unit: Unit, index: int, result: bool | None
    ) -> Result:
        view = unit.view
        bindings: dict[str, Any] = {"report": view}
        item = ""
        if rule.each != "report":
            element = view[COLLECTIONS[rule.each]][index]
            bindings[rule.each] = element
            item = f"{rule.each}:{element['key']}"
        officer_i = self._officer_of(rule.each, unit, index)
        missing = tuple(p for p in rule.needs if lookup(bindings, p) is None)
        evidence = {"report.key": view["key"], "report.date": view["date"]}
        evidence.update({p: lookup(bindings, p) for p in rule.evidence})
        return Result(
            rule=rule,
            item=item,
            fired=bool(result),
            missing=() if result else missing,
            evidence=evidence,
            officer_id=unit.officer_ids[officer_i] if officer_i is not None else None,
            unit=unit.units[officer_i] if officer_i is not None else "",
        )

    @staticmethod
    def _officer_of(each: str, unit: Unit, index: int) -> int | None:
        """Whose finding it is (an index into the report's officers), for the
        queues and the learning loop: the officer named by the item; for a
        subject or the whole report, the report's filer, else the first officer
        who used force (on that subject)."""
        if each == "officer":
            return index
        if each == "force":
            officer_id = unit.force_officer[index]
        elif unit.author is not None:
            return unit.author
        else:
            force = unit.view["force"]
            officer_id = next(
                (
                    unit.force_officer[k]
                    for k, f in enumerate(force)
                    if unit.force_officer[k] is not None
                    and (each == "report" or f["subject"].get("i") == index)
                ),
                None,
            )
        if officer_id is None or officer_id not in unit.officer_ids:
            return None
        return unit.officer_ids.index(officer_id)
