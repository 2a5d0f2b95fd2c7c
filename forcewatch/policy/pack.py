"""Rule packs: YAML files of versioned rules whose conditions are CEL.

A pack is validated whole when it is loaded: unknown keys, CEL that does not
compile, facts the report view does not have, and versions of one rule whose
effective dates overlap are all errors that name the rule and the field. The
format is documented for policy analysts in `docs/policy-rules.md`.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import cel
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from forcewatch.policy.projection import (
    KEEP,
    projector,
    read_paths,
    scope_roots,
    tree_of,
)
from forcewatch.policy.schema import (
    COLLECTIONS,
    FORCE,
    INCIDENT,
    OFFICER,
    REPORT,
    SCOPES,
    SUBJECT,
    all_names,
    resolve,
)

PACK_DIR = Path(__file__).with_name("packs")
DEFAULT_PACK = PACK_DIR / "default.yaml"

# the CEL functions this engine provides (others compile but fail at run time)
CEL_FUNCTIONS = {
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "int",
    "uint",
    "double",
    "string",
    "timestamp",
    "duration",
    "type",
    "dyn",
    "getFullYear",
    "getMonth",
    "getDayOfMonth",
    "getDayOfWeek",
}
# CEL's macros and member functions, which may follow a dot
CEL_MEMBERS = CEL_FUNCTIONS | {"all", "exists", "exists_one", "map", "filter"}
COMPREHENSION = re.compile(
    r"\.(?:all|exists|exists_one|map|filter)\(\s*([A-Za-z_]\w*)\s*,"
)
STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
MEMBER = re.compile(r"\.\s*([A-Za-z_]\w*)")


class PackError(ValueError):
    """A pack that cannot be used, with where and why."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PolicyText(Strict):
    text: str = Field(min_length=1)
    source: str = Field(min_length=1)
    section: str = ""
    url: str = ""


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: int = Field(ge=1)
    title: str = Field(min_length=1)
    kind: Literal["violation", "completeness"] = "violation"
    severity: Literal["high", "medium", "low"] = "medium"
    effective_from: date
    effective_to: date | None = None
    policy: PolicyText
    each: Literal["report", "force", "subject", "officer"] = "report"
    when: str = "true"
    needs: list[str] = []
    violation: str | None = None
    evidence: list[str] = []
    guidance: str = ""

    @model_validator(mode="after")
    def consistent(self) -> Rule:
        if self.kind == "violation" and not self.violation:
            raise ValueError(
                "a violation rule needs `violation`, the condition that fires"
            )
        if self.kind == "completeness" and self.violation:
            raise ValueError(
                "a completeness rule fires on missing `needs`; drop `violation`"
            )
        if self.kind == "completeness" and not self.needs:
            raise ValueError("a completeness rule lists the facts it `needs`")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("`effective_to` is before `effective_from`")
        return self

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (
            self.effective_to is None or on <= self.effective_to
        )

    @cached_property
    def sha256(self) -> str:
        # Not part of a version: the end date (ending a version is how the next
        # one starts) and the wording of title and guidance (a typo is no change)
        wording = {"effective_to", "title", "guidance"}
        body = json.dumps(self.model_dump(mode="json", exclude=wording), sort_keys=True)
        return hashlib.sha256(body.encode()).hexdigest()

    def same_as(self, definition: dict[str, Any]) -> bool:
        """Is this the version registered with `definition` (RuleVersion)?

        Compared by re-reading the stored definition, so the comparison follows
        what `sha256` covers today, not what it covered when it was stored."""
        return Rule.model_validate(definition).sha256 == self.sha256

    @property
    def label(self) -> str:
        return f"{self.id} v{self.version}"

    def verdict(self) -> str:
        """CEL for one item: true (fires), false (passes), null (a needed fact is
        missing) or NOT_APPLICABLE."""
        needs = " && ".join(f"{p} != null" for p in self.needs) or "true"
        test = f"({self.violation})" if self.violation else "false"
        return f"(({self.when}) ? (({needs}) ? {test} : null) : '{NOT_APPLICABLE}')"

    def paths(self) -> set[tuple[str, ...]]:
        """The view paths the rule's CEL reads (see `projection`).

        Evidence is read from the whole view in Python, so it is not counted.
        """
        roots = scope_roots(self.each)
        paths = read_paths(self.expressions(), self.each, CEL_FUNCTIONS)
        for path in self.needs:
            head, *rest = path.split(".")
            paths.add((*roots[head], *rest, KEEP))
        if self.each in COLLECTIONS:  # the collection it walks, at least
            paths.add((COLLECTIONS[self.each],))
        return paths

    def expressions(self) -> list[str]:
        return [e for e in (self.when, self.violation) if e]


NOT_APPLICABLE = "-"


def fused_source(rules: list[Rule]) -> tuple[str, list[tuple[str, list[Rule]]]]:
    """All rules as one CEL program, one pass over each collection.

    It yields one list per scope: for `report`, the verdicts of its rules; for
    a collection, per element, the verdicts of the rules on that element.
    Returns the program and its layout: [(each, rules)] in output order.
    """
    layout: list[tuple[str, list[Rule]]] = []
    parts = []
    for each in ("report", *COLLECTIONS):
        group = [r for r in rules if r.each == each]
        if not group:
            continue
        verdicts = "[" + ", ".join(r.verdict() for r in group) + "]"
        if each == "report":
            parts.append(verdicts)
        else:
            parts.append(f"report.{COLLECTIONS[each]}.map({each}, {verdicts})")
        layout.append((each, group))
    return "[" + ", ".join(parts) + "]", layout


class PackFile(Strict):
    pack: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str = Field(min_length=1)
    title: str
    description: str = ""
    rules: list[Rule]


class Pack:
    """A loaded, validated pack with its rules compiled."""

    def __init__(self, spec: PackFile, sha256: str, path: str) -> None:
        self.name = spec.pack
        self.version = spec.version
        self.title = spec.title
        self.description = spec.description
        self.sha256 = sha256
        self.path = path
        self.rules = spec.rules
        self.by_id: dict[str, list[Rule]] = {}
        for rule in sorted(spec.rules, key=lambda r: (r.id, r.effective_from)):
            self.by_id.setdefault(rule.id, []).append(rule)
        self.projection = tree_of(set().union(*(r.paths() for r in spec.rules)))

    def in_force(self, on: date) -> list[Rule]:
        """The version of each rule in force on a date (none where a rule is not)."""
        out = []
        for versions in self.by_id.values():
            rule = next((r for r in versions if r.in_force(on)), None)
            if rule is not None:
                out.append(rule)
        return out

    def rule(self, rule_id: str, version: int) -> Rule | None:
        return next(
            (r for r in self.by_id.get(rule_id, []) if r.version == version), None
        )


def _check_rule(rule: Rule, known: set[str]) -> list[str]:
    problems = []
    scope = SCOPES[rule.each]
    for name, text in (("when", rule.when), ("violation", rule.violation)):
        if not text:
            continue
        try:
            program = cel.compile(text)
        except ValueError as exc:
            problems.append(f"`{name}` is not valid CEL: {exc}")
            continue
        unknown_functions = {
            f for f in program.functions() if f[0].isalpha() and f not in CEL_FUNCTIONS
        }
        if unknown_functions:
            problems.append(
                f"`{name}` calls {sorted(unknown_functions)}, which this engine "
                f"does not provide; it provides {sorted(CEL_FUNCTIONS)}"
            )
        bound = set(COMPREHENSION.findall(text))
        unknown_vars = set(program.variables()) - set(scope) - bound
        if unknown_vars:
            problems.append(
                f"`{name}` uses {sorted(unknown_vars)}; a rule with "
                f"`each: {rule.each}` sees {sorted(scope)}"
            )
        members = set(MEMBER.findall(STRINGS.sub("''", text))) - CEL_MEMBERS
        members -= set(program.functions())  # reported above as functions
        for member in sorted(members - known):
            problems.append(
                f"`{name}` names `{member}`, which the report view does not have"
            )
    for name, paths in (("needs", rule.needs), ("evidence", rule.evidence)):
        for path in paths:
            if resolve(rule.each, path) is None:
                problems.append(
                    f"`{name}` names `{path}`, which is not a fact of "
                    f"{' or '.join(sorted(scope))} (see docs/policy-rules.md)"
                )
    if problems:
        return problems
    return _smoke(rule) or _unknown_paths(rule)


def _unknown_paths(rule: Rule) -> list[str]:
    """Facts read on an object that lacks them, where the sample run does not
    reach them (beside a condition no sample meets: `force.level >= 4 && ...`)."""
    problems = []
    for path in sorted(read_paths(rule.expressions(), rule.each, CEL_FUNCTIONS)):
        names = [p for p in path if p != KEEP]
        if names and resolve("report", ".".join(["report", *names])) is None:
            problems.append(
                f"reads `{names[-1]}` of `{'.'.join(['report', *names[:-1]])}`, "
                "which has no such fact: check that each fact is read by a dotted "
                "path from a variable the rule sees, on the object that has it"
            )
    return problems


def _sample(flag: bool, text: str) -> dict[str, Any]:
    """A report view with one of everything and every fact recorded: yes/no
    facts `flag`, numbers 1, texts and codes `text`."""

    def plain(facts: tuple[Any, ...]) -> dict[str, Any]:
        values = {"bool": flag, "int": 1, "double": 1.0, "list(string)": [text]}
        return {
            f.name: 0 if f.name == "i" else values.get(f.type.rstrip("?"), text)
            for f in facts
            if not f.fields
        }

    officer, subject = plain(OFFICER), plain(SUBJECT)
    force = {**plain(FORCE), "officer": officer, "subject": subject}
    return {
        **plain(REPORT.fields),
        "date": "2000-01-01",
        "incident": {**plain(INCIDENT), "date": "2000-01-01", "time": "00:00"},
        "officers": [officer],
        "subjects": [subject],
        "force": [force],
    }


def _smoke(rule: Rule) -> list[str]:
    """Run each expression of the rule on sample reports, projected as the
    engine projects them: once with texts 'x', once with each text the rule
    compares with (so `force.type == 'ced_probe'` holds on one of them).

    Only failures that no recorded value can avoid refuse the rule: a fact
    the object lacks, a name outside its scope, a type error. A conversion
    or a division that fails on these values may succeed on real ones.
    """
    parts = "[" + ", ".join(f"({e})" for e in rule.expressions()) + "]"
    source = (
        parts
        if rule.each == "report"
        else f"report.{COLLECTIONS[rule.each]}.map({rule.each}, {parts})"
    )
    program = cel.compile(source)
    project = projector(tree_of(rule.paths()))
    texts = ["x"] + sorted(
        {m[1:-1] for e in rule.expressions() for m in STRINGS.findall(e)}
    )
    for flag in (True, False):
        for text in texts:
            report = project(_sample(flag, text))
            try:
                program.execute(cel.Context({"report": report}))
            except (KeyError, TypeError) as exc:
                failure = f"{exc.__class__.__name__}: {exc}"
            except RuntimeError as exc:
                if not str(exc).startswith("Undefined variable or function"):
                    continue
                failure = f"{exc.__class__.__name__}: {exc}"
            except (ValueError, LookupError, ArithmeticError):
                continue
            else:
                continue
            return [
                f"fails on a report with every fact recorded ({failure}): check "
                "that each fact is read by a dotted path from a variable the "
                "rule sees, on the object that has it"
            ]
    return []


def _check_versions(rules: list[Rule]) -> list[str]:
    problems = []
    by_id: dict[str, list[Rule]] = {}
    for rule in rules:
        by_id.setdefault(rule.id, []).append(rule)
    for rule_id, versions in by_id.items():
        numbers = [r.version for r in versions]
        if len(set(numbers)) != len(numbers):
            problems.append(
                f"rule {rule_id}: version numbers repeat: {sorted(numbers)}"
            )
        ordered = sorted(versions, key=lambda r: r.effective_from)
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a.effective_to is None or a.effective_to >= b.effective_from:
                problems.append(
                    f"rule {rule_id}: version {a.version} (from {a.effective_from}"
                    f" to {a.effective_to or 'open-ended'})"
                    f" overlaps version {b.version}"
                    f" (from {b.effective_from}); end the earlier one the day before"
                )
    return problems


def _where(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") or []
        rid = rules[loc[1]].get("id", "?") if loc[1] < len(rules) else "?"
        rest = ".".join(str(p) for p in loc[2:])
        return f"rule {loc[1] + 1} ({rid})" + (f", field `{rest}`" if rest else "")
    return "field `" + ".".join(str(p) for p in loc) + "`"


def parse_pack(text: str, path: str = "<pack>") -> Pack:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PackError(
            f"{path}: a pack is a YAML mapping with `pack`, `version`, `rules`"
        )
    try:
        spec = PackFile.model_validate(data)
    except ValidationError as exc:
        lines = [f"  {_where(tuple(e['loc']), data)}: {e['msg']}" for e in exc.errors()]
        raise PackError(
            f"{path}: the pack is not valid:\n" + "\n".join(lines)
        ) from None
    known = all_names()
    problems = [
        f"  rule {r.id} v{r.version}: {p}"
        for r in spec.rules
        for p in _check_rule(r, known)
    ]
    problems += [f"  {p}" for p in _check_versions(spec.rules)]
    if problems:
        raise PackError(f"{path}: the pack is not valid:\n" + "\n".join(problems))
    return Pack(spec, hashlib.sha256(text.encode()).hexdigest(), path)


def load_pack(path: str | Path = DEFAULT_PACK) -> Pack:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(f"{path}: cannot read the pack: {exc}") from exc
    return parse_pack(text, str(path))
