"""Properties of the default pack on random, well-typed report views.

- Evaluating a report twice, or with a freshly loaded pack, decides it the same.
- No rule fails on a report shaped like `schema.py`, whatever is recorded.
- The outcome depends only on the facts the pack reads (its CEL, its `needs`,
  its `evidence`): changing any other fact changes nothing. This is what makes
  it safe to hand CEL a projection of the view.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from forcewatch.policy.engine import Engine, Outcome
from forcewatch.policy.pack import load_pack
from forcewatch.policy.projection import KEEP
from forcewatch.policy.schema import FORCE, INCIDENT, OFFICER, REPORT, SUBJECT, Fact
from forcewatch.policy.view import Unit
from forcewatch.records.codes import codelist
from tests.policy.handbuilt import unit

PACK = load_pack()
ENGINE = Engine(PACK)
GROUPS: dict[str, tuple[Fact, ...]] = {
    "report": REPORT.fields,
    "incident": INCIDENT,
    "officer": OFFICER,
    "subject": SUBJECT,
    "force": FORCE,
}
# where each group's facts sit below `report` (force.officer is an officer...)
PLACES = {
    ("incident",): "incident",
    ("officers",): "officer",
    ("subjects",): "subject",
    ("force",): "force",
    ("force", "officer"): "officer",
    ("force", "subject"): "subject",
}
SCOPE_HEADS = {"report": (), "force": ("force",), "subject": ("subjects",)}
SCOPE_HEADS["officer"] = ("officers",)
FIXED = {"i", "key", "date", "type", "level", "deadly", "applied"}

CODES = {
    "resistance": ["compliant", "passive", "active", "aggressive", "deadly"],
    "body_region": ["head", "Neck", "torso", "legs", "face", ""],
    "handcuff_justification": ["", "arrest", "officer safety"],
    "role": ["used_force", "witnessed", "intervened", "supervised"],
    "deescalation": list(codelist("deescalation").codes),
    "impairments": list(codelist("impairment").codes),
    "armed_with": list(codelist("weapon").codes),
    "threat_means": list(codelist("weapon").codes),
    "injury_severity": list(codelist("injury_severity").codes),
}
FORCE_TYPES = sorted(codelist("force_type").codes)
FIRST_DAY, LAST_DAY = date(1999, 12, 1), date(2024, 12, 31)  # rules start 2000


def value(fact: Fact) -> st.SearchStrategy[Any]:
    """Any value of the fact's type (null included where the type allows it)."""
    base = fact.type.rstrip("?")
    choices = CODES.get(fact.name, ["x", "y", ""])
    plain: st.SearchStrategy[Any] = {
        "bool": st.booleans(),
        "int": st.integers(-5, 60),
        "double": st.floats(0, 45, allow_nan=False),
        "string": st.sampled_from(choices),
        "list(string)": st.lists(st.sampled_from(choices), max_size=3),
    }[base]
    return st.none() | plain if fact.type.endswith("?") else plain


def settable(group: str) -> dict[str, Fact]:
    return {f.name: f for f in GROUPS[group] if not f.fields and f.name not in FIXED}


def facts(group: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {}, optional={name: value(f) for name, f in settable(group).items()}
    )


@st.composite
def units(draw: st.DrawFn) -> Unit:
    officers = draw(st.lists(facts("officer"), max_size=3))
    subjects = draw(st.lists(facts("subject"), max_size=3))

    def position(n: int) -> st.SearchStrategy[int | None]:
        return st.none() | st.integers(0, n - 1) if n else st.none()

    force = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "type": st.sampled_from(FORCE_TYPES),
                    "officer": position(len(officers)),
                    "subject": position(len(subjects)),
                }
            ).flatmap(lambda f: facts("force").map(lambda more: {**f, **more})),
            max_size=4,
        )
    )
    on = draw(st.none() | st.dates(FIRST_DAY, LAST_DAY).map(date.isoformat))
    return unit(
        on=on,
        officers=officers,
        subjects=subjects,
        force=force,
        incident=draw(facts("incident")),
        author=draw(position(len(officers))),
        **draw(facts("report")),
    )


def read_facts() -> set[tuple[str, str]]:
    """(group, fact) pairs the pack reads: its projection plus its evidence."""
    read: set[tuple[str, str]] = set()

    def walk(tree: Any, at: tuple[str, ...]) -> None:
        group = PLACES.get(at, "report" if not at else "")
        for name, sub in tree.items():
            whole = PLACES.get(at + (name,))
            if sub == KEEP and whole:  # an object kept whole: all its facts
                read.update((whole, f.name) for f in GROUPS[whole])
            elif sub == KEEP:
                read.add((group, name))
            else:
                walk(sub, at + (name,))

    walk(PACK.projection, ())
    for rule in PACK.rules:
        for path in rule.evidence:
            head, *rest = path.split(".")
            at = SCOPE_HEADS[head] + tuple(rest[:-1])
            read.add((PLACES.get(at, "report" if not at else ""), rest[-1]))
    return read


READ = read_facts()


def objects(u: Unit) -> list[tuple[str, dict[str, Any]]]:
    """Every object of the view with its group (shared objects once)."""
    out: list[tuple[str, dict[str, Any]]] = [("report", u.view)]
    out.append(("incident", u.view["incident"]))
    out += [("officer", o) for o in u.view["officers"]]
    out += [("subject", s) for s in u.view["subjects"]]
    out += [("force", f) for f in u.view["force"]]
    seen = {id(o) for _, o in out}
    for f in u.view["force"]:
        for group in ("officer", "subject"):
            if id(f[group]) not in seen:
                out.append((group, f[group]))
                seen.add(id(f[group]))
    return out


def same(a: Outcome, b: Outcome) -> bool:
    return a == b and a.errors == b.errors == []


def test_the_default_pack_reads_the_facts_its_rules_name() -> None:
    assert ("force", "resistance_level") in READ
    assert ("officer", "warning_given") in READ
    assert ("incident", "demonstration") in READ
    assert ("subject", "age_min") not in READ


@given(units())
def test_evaluating_a_report_twice_decides_it_the_same(u: Unit) -> None:
    first = ENGINE.evaluate(u)
    assert first.errors == []
    assert same(ENGINE.evaluate(u), first)
    assert same(Engine(load_pack()).evaluate(u), first)


@given(units(), st.data())
def test_facts_the_pack_does_not_read_do_not_change_the_outcome(
    u: Unit, data: st.DataObject
) -> None:
    before = ENGINE.evaluate(u)
    changed = 0
    for group, obj in objects(u):
        for name, fact in settable(group).items():
            if (group, name) in READ or name not in obj:
                continue
            obj[name] = data.draw(value(fact), label=f"{group}.{name}")
            changed += 1
    after = ENGINE.evaluate(u)
    assert same(after, before)
    assert changed > 0
