"""The compiled rules against the `cel` library, their reference.

1. Every rule of the default pack, on random report views shaped like
   `schema.py` (values of the right type, null, and values of the wrong type):
   the compiled verdict on the whole view is the library's verdict on the
   projected view, or both fail; and the engine's outcome (statuses, results,
   errors and their wording) is the library-only engine's.
2. Random expressions from a small grammar over random bindings: the same value
   of the same type, or both fail.
3. Hand-written cases, one per semantic point, and what the compiler refuses.

A compiled program may raise `Unsupported` (a map iterated, a regular
expression on non-ASCII text): the engine then asks the library, so those
draws are not compared.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import cel
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from forcewatch.policy.compiler import (
    CelError,
    NotCompiled,
    Unsupported,
    compile_cel,
    python_pattern,
)
from forcewatch.policy.engine import CEL_ERRORS, Engine, Outcome
from forcewatch.policy.pack import STRINGS, Rule, fused_source, load_pack, parse_pack
from forcewatch.policy.projection import KEEP, projector
from forcewatch.policy.schema import FORCE, INCIDENT, OFFICER, REPORT, SUBJECT, Fact
from forcewatch.policy.view import Unit

PACK = load_pack()
PROJECT = projector(PACK.projection)
FAILED = ("failed",)


def typed(value: Any) -> Any:
    """A value with its type spelt out, NaN equal to itself: 1, 1.0 and True
    differ, as they do in CEL."""
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, dict):
        return ("map", sorted((typed(k), typed(v)) for k, v in value.items()))
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, repr(value))


def by_library(program: Any, bindings: dict[str, Any]) -> Any:
    try:
        return typed(program.execute(cel.Context(bindings)))
    except CEL_ERRORS:
        return FAILED


def compiled(program: Any, *values: Any) -> Any:
    try:
        return typed(program(*values))
    except Unsupported as exc:
        event(f"unsupported: {exc}")
        return None
    except Exception:  # noqa: BLE001 - any failure counts as one
        return FAILED


# -- 1. the default pack on random report views ----------------------------------

LITERALS = sorted(
    {m[1:-1] for r in PACK.rules for e in r.expressions() for m in STRINGS.findall(e)}
)
WORDS = [*LITERALS, "x", "", "HEAD", "Face", "é"]
WRONG: st.SearchStrategy[Any] = st.one_of(
    st.integers(-3, 9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.booleans(),
    st.lists(st.integers(0, 3) | st.sampled_from(WORDS), max_size=2),
    st.just({}),
)


def right(fact: Fact) -> st.SearchStrategy[Any]:
    base = fact.type.rstrip("?")
    return {
        "bool": st.booleans(),
        "int": st.integers(-2, 20),
        "double": st.floats(0, 40, allow_nan=False),
        "string": st.sampled_from(WORDS),
        "list(string)": st.lists(st.sampled_from(WORDS), max_size=3),
    }[base]


def facts(group: tuple[Fact, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            f.name: st.one_of(right(f), right(f), right(f), st.none(), WRONG)
            for f in group
            if not f.fields
        }
    )


@st.composite
def views(draw: st.DrawFn) -> dict[str, Any]:
    officers = draw(st.lists(facts(OFFICER), max_size=3))
    subjects = draw(st.lists(facts(SUBJECT), max_size=3))
    force = [
        {
            **draw(facts(FORCE)),
            "officer": draw(st.sampled_from(officers) if officers else facts(OFFICER)),
            "subject": draw(st.sampled_from(subjects) if subjects else facts(SUBJECT)),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    return {
        **draw(facts(REPORT.fields)),
        "incident": draw(facts(INCIDENT)),
        "officers": officers,
        "subjects": subjects,
        "force": force,
    }


def verdicts(rule: Rule) -> tuple[Any, Any]:
    source = fused_source([rule])[0]
    return cel.compile(source), compile_cel(source, ("report",), PACK.projection)


RULES = {rule.label: verdicts(rule) for rule in PACK.rules}


def test_every_rule_of_the_default_pack_compiles() -> None:
    assert len(RULES) == len(PACK.rules) > 10


@settings(max_examples=300)
@given(view=views())
def test_each_default_rule_decides_as_the_library(view: dict[str, Any]) -> None:
    projected = PROJECT(view)
    for label, (library, python) in RULES.items():
        mine = compiled(python, view)
        if mine is not None:
            assert mine == by_library(library, {"report": projected}), label


class LibraryEngine(Engine):
    """The engine as it was: every program on the library."""

    def fused(self, rules: list[Rule]) -> tuple[Any, Any, Any]:
        _, program, layout = super().fused(rules)
        return None, program, layout


def summary(outcome: Outcome) -> Any:
    return (
        sorted(outcome.status.items()),
        [
            (r.rule.label, r.item, r.fired, r.missing, repr(r.evidence), r.officer_id)
            for r in outcome.results
        ],
        [(e.rule.label, e.unit_key, str(e)) for e in outcome.errors],
    )


def unit_of(view: dict[str, Any], on: date) -> Unit:
    n = len(view["officers"])
    return Unit(
        key="report:1",
        incident_id=1,
        report_id=1,
        date=on,
        view=view,
        officer_ids=[100 + i for i in range(n)],
        units=[""] * n,
        force_officer=[100 if n else None for _ in view["force"]],
        author=None,
    )


ENGINES = (Engine(PACK), LibraryEngine(PACK))


@settings(max_examples=200)
@given(view=views(), on=st.dates(date(1999, 6, 1), date(2024, 12, 31)))
def test_the_engine_decides_as_the_library_engine(
    view: dict[str, Any], on: date
) -> None:
    outcomes = []
    for engine in ENGINES:
        try:
            outcomes.append(summary(engine.evaluate(unit_of(view, on))))
        except Exception as exc:  # noqa: BLE001 - reading results may fail alike
            outcomes.append(type(exc).__name__)
    assert outcomes[0] == outcomes[1]


def test_a_pack_outside_the_subset_runs_on_the_library() -> None:
    text = """
pack: outside
version: "1"
title: t
rules:
  - id: typed
    version: 1
    title: t
    effective_from: 2000-01-01
    policy: {text: t, source: s}
    each: force
    when: string(force.level) == '3'
    violation: "true"
"""
    pack = parse_pack(text)
    engine = Engine(pack)
    rules = engine.rules_for(date(2020, 1, 1))
    assert engine.fused(rules)[0] is None
    view = {"key": "k", "date": "2020-01-01", "force": [{"key": "f", "level": 3}]}
    outcome = engine.evaluate(unit_of({**view, "officers": []}, date(2020, 1, 1)))
    assert outcome.status == {"typed": "fired"}


# -- 2. random expressions over random bindings ----------------------------------

NAMES = ("x", "y", "z")
INTS = st.integers(-5, 5) | st.sampled_from([2**63 - 1, -(2**63), 2**62])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    INTS,
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet="abAé", max_size=3),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2)
    ),
    max_leaves=6,
)
LITERAL = st.one_of(
    st.sampled_from(["true", "false", "null", "''", "'a'", "'ab'", "'é'", "[]"]),
    INTS.map(lambda n: f"({n})"),
    st.sampled_from([0.0, 1.5, -2.0, 1e300, 2.5e-3]).map(repr),
)
ATOM = LITERAL | st.sampled_from([*NAMES, "v"])
PATTERNS = ["a", "^a", "b$", "(?i)a|b", "a+b?", "[ab]", "^$", "."]


def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(inner, inner)
    ops = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "in"]
    ops += ["&&", "||"]
    macros = ["all", "exists", "exists_one", "map", "filter"]
    return st.one_of(
        st.tuples(inner, st.sampled_from(ops), inner).map(lambda t: f"({' '.join(t)})"),
        inner.map(lambda a: f"(!{a})"),
        inner.map(lambda a: f"(-{a})"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
        inner.map(lambda a: f"size({a})"),
        inner.map(lambda a: f"{a}.a"),
        inner.map(lambda a: f"has({a}.a)"),
        pair.map(lambda t: f"{t[0]}[{t[1]}]"),
        pair.map(lambda t: f"[{t[0]}, {t[1]}]"),
        inner.map(lambda a: f"{{'a': {a}}}"),
        st.tuples(inner, st.sampled_from(PATTERNS)).map(
            lambda t: f"{t[0]}.matches('{t[1]}')"
        ),
        st.tuples(
            inner, st.sampled_from(["contains", "startsWith", "endsWith"]), inner
        ).map(lambda t: f"{t[0]}.{t[1]}({t[2]})"),
        st.tuples(inner, st.sampled_from(macros), inner).map(
            lambda t: f"{t[0]}.{t[1]}(v, {t[2]})"
        ),
    )


EXPRESSIONS = st.recursive(ATOM, extend, max_leaves=8)


# mostly well-typed: more draws that evaluate to a value than to a failure
TYPED_VALUES = {
    "x": INTS | st.floats(-3, 3, allow_nan=False),
    "y": st.text(alphabet="abAé", max_size=3),
    "z": st.lists(INTS | st.booleans(), max_size=3),
}
TYPED_ATOM = st.one_of(
    st.sampled_from([*NAMES, "v", "true", "false", "'a'", "1", "2", "0.5"]),
    INTS.map(lambda n: f"({n})"),
)
TYPED_EXPRESSIONS = st.recursive(TYPED_ATOM, extend, max_leaves=5)


@settings(max_examples=1500)
@given(
    source=EXPRESSIONS | TYPED_EXPRESSIONS,
    values=st.fixed_dictionaries({name: VALUES for name in NAMES})
    | st.fixed_dictionaries(TYPED_VALUES),
)
def test_random_expressions_agree_with_the_library(
    source: str, values: dict[str, Any]
) -> None:
    try:
        library = cel.compile(source)
    except ValueError:
        assume(False)  # not CEL
    try:
        python = compile_cel(source, NAMES)
    except NotCompiled as exc:
        event(f"not compiled: {str(exc)[:30]}")
        assume(False)
    mine = compiled(python, *(values[name] for name in NAMES))
    if mine is not None:
        assert mine == by_library(library, values)


# -- 3. hand-written cases --------------------------------------------------------

BIG = 9223372036854775807
CASES: list[tuple[str, dict[str, Any], Any]] = [
    # missing key, field of null or of a non-map: failures
    ("m.x", {"m": {}}, FAILED),
    ("m.x", {"m": None}, FAILED),
    ("m.x", {"m": 5}, FAILED),
    ("m.x", {"m": {"x": None}}, None),
    ("m['x']", {"m": {}}, FAILED),
    ("m.x.y", {"m": {"x": None}}, FAILED),
    ("has(m.x)", {"m": {"x": None}}, True),
    ("has(m.y)", {"m": {"x": None}}, False),
    ("has(m.x)", {"m": None}, FAILED),
    # indexes
    ("l[1]", {"l": [1, 2]}, 2),
    ("l[-1]", {"l": [1]}, FAILED),
    ("l[1.0]", {"l": [1, 2]}, FAILED),
    ("m[1]", {"m": {1: 2}}, 2),
    ("m[true]", {"m": {1: 2}}, FAILED),
    ("m[1.0]", {"m": {1: 2}}, FAILED),
    # comparisons across types
    ("x < 5", {"x": None}, FAILED),
    ("x == 5", {"x": None}, False),
    ("1 < 2.5", {}, True),
    ("1 == 1.0", {}, True),
    ("9007199254740993 == 9007199254740992.0", {}, True),  # int made a double
    ("1 == true", {}, False),
    ("x == 1", {"x": True}, False),
    ("x == true", {"x": 1}, False),
    ("x != true", {"x": None}, True),
    ("x == y", {"x": [True], "y": [1]}, False),
    ("[1] == [1.0]", {}, True),
    ("x == x", {"x": [math.nan]}, False),
    ("x < 1.0", {"x": math.nan}, FAILED),
    ("'a' == 1", {}, False),
    ("1 < 'a'", {}, FAILED),
    ("x < y", {"x": True, "y": 1}, FAILED),
    ("false < true", {}, True),
    ("[1] < [2]", {}, FAILED),
    # && and || absorb a failure on either side
    ("m.y || true", {"m": {}}, True),
    ("true || m.y", {"m": {}}, True),
    ("m.y || false", {"m": {}}, FAILED),
    ("m.y && false", {"m": {}}, False),
    ("false && m.y", {"m": {}}, False),
    ("x || true", {"x": 5}, True),
    ("x || false", {"x": 5}, FAILED),
    ("x && false", {"x": 5}, False),
    ("x && true", {"x": 5}, FAILED),
    # ! and - on what they do not take
    ("!x", {"x": 5}, FAILED),
    ("!x", {"x": None}, FAILED),
    ("-x", {"x": True}, False),  # the library's -true
    ("-x", {"x": "a"}, FAILED),
    ("-x", {"x": -BIG - 1}, -BIG - 1),  # the library wraps
    # arithmetic
    (f"{BIG} + 1", {}, FAILED),
    (f"{BIG} * 2", {}, FAILED),
    (f"(-{BIG} - 1) / -1", {}, FAILED),
    ("1 / 0", {}, FAILED),
    ("1 % 0", {}, FAILED),
    ("1.0 / 0.0", {}, math.inf),
    ("-7 / 2", {}, -3),
    ("-7 % 2", {}, -1),
    ("7 % -2", {}, 1),
    ("7.5 % 2.0", {}, FAILED),
    ("1 + 1.0", {}, FAILED),
    ("null + 1", {}, FAILED),
    # size
    ("size('é')", {}, 2),  # bytes
    ("size(x)", {"x": [1, 2]}, 2),
    ("size(x)", {"x": {"a": 1}}, 1),
    ("x.size()", {"x": "ab"}, 2),
    ("size(x)", {"x": None}, FAILED),
    ("size(x)", {"x": 3}, FAILED),
    # in
    ("1.0 in [1, 2]", {}, True),
    ("true in [1]", {}, False),
    ("x in ['a']", {"x": None}, False),
    ("'a' in {'a': 1}", {}, True),
    ("true in {1: 2}", {}, False),
    ("x in {'a': 1}", {"x": None}, FAILED),
    ("1 in x", {"x": None}, FAILED),
    ("'a' in 'abc'", {}, FAILED),
    # matches (RE2 where Python's `re` means the same)
    ("x.matches('(?i)head|neck|face|throat|eye')", {"x": "Face"}, True),
    ("x.matches('(?i)head|neck|face|throat|eye')", {"x": "torso"}, False),
    ("x.matches('^x$')", {"x": "x\n"}, False),
    ("x.matches('b')", {"x": None}, FAILED),
    # concatenation
    ("'a' + 'b'", {}, "ab"),
    ("[1] + ['a']", {}, [1, "a"]),
    ("{} + {}", {}, FAILED),
    ("'a' + x", {"x": None}, FAILED),
    # conditionals and comprehensions
    ("x ? 1 : 2", {"x": None}, FAILED),
    ("true ? 1 : m.y", {"m": {}}, 1),
    ("[1, 'a'].exists(v, v > 0)", {}, True),  # stops at the first true
    ("['a', 1].exists(v, v > 0)", {}, FAILED),  # stops at the first failure
    ("[1, 'a'].all(v, v > 5)", {}, False),
    ("[0, 'a', 2].exists_one(v, v > 1)", {}, FAILED),
    ("[1, 2].exists_one(v, v > 0)", {}, False),
    ("[1, 2].exists(v, 5)", {}, FAILED),
    ("[1, 2].map(v, v > 1, v * 2)", {}, [4]),
    ("[1, 2].filter(v, v > 1)", {}, [2]),
    ("x.all(v, true)", {"x": None}, FAILED),
    # comprehension variables: lexical, shadowing, restored after
    ("[1, 2].exists(y, y == 2) && y == 'outer'", {"y": "outer"}, True),
    ("[[1, 2], [3]].map(v, v.map(v, v * 10))", {}, [[10, 20], [30]]),
    ("[1, 2].map(v, [3].map(w, v + w))", {}, [[4], [5]]),
    # literals
    ('\'\\x41\\u00e9\\101\' + "\\""', {}, 'AéA"'),
    ("0x10 + 1", {}, 17),
    (".5 + 1e3", {}, 1000.5),
    ("{'a': 1, 'a': 2}", {}, {"a": 2}),
]


@pytest.mark.parametrize(("source", "bindings", "expected"), CASES)
def test_edge_case(source: str, bindings: dict[str, Any], expected: Any) -> None:
    names = tuple(bindings)
    library = by_library(cel.compile(source), bindings)
    mine = compiled(compile_cel(source, names), *bindings.values())
    assert library == (FAILED if expected is FAILED else typed(expected))
    assert mine == library


@pytest.mark.parametrize(
    "source",
    [
        "1u + 1",  # uint
        "string(x)",  # outside the functions compiled
        "x.matches('\\\\d+')",  # classes whose meaning differs
        "x.matches('a{2}')",
        "x.matches(y)",  # a pattern only known when run
        "r'a' == x",
        "'''a''' == x",
        "b'a' == x",
        "{1.5: 1}",
        "{1: 1, true: 2}",
        "undeclared == 1",
    ],
)
def test_outside_the_subset_is_refused(source: str) -> None:
    with pytest.raises(NotCompiled):
        compile_cel(source, ("x", "y"))


def test_what_the_projection_cuts_is_refused() -> None:
    tree = {"force": {"type": KEEP}}
    compile_cel("report.force.exists(f, f.type == 'x')", ("report",), tree)
    with pytest.raises(NotCompiled):  # a fact the projection drops
        compile_cel("report.force.exists(f, f.level > 1)", ("report",), tree)
    # a map the projection keeps in part, used whole: the library decides
    for source in ("size(report) > 1", "report.force.exists(f, f == {})"):
        program = compile_cel(source, ("report",), tree)
        with pytest.raises(Unsupported):
            program({"force": [{"type": "x", "level": 2}]})
    # a fact the projection keeps is read as it is
    texts = compile_cel("report.force.exists(f, f.type.size() > 0)", ("report",), tree)
    assert texts({"force": [{"type": "x"}]}) is True


def test_a_map_is_not_iterated_nor_a_pattern_run_on_non_ascii_text() -> None:
    with pytest.raises(Unsupported):
        compile_cel("x.all(k, true)", ("x",))({"a": 1})
    with pytest.raises(Unsupported):
        compile_cel("x.matches('a')", ("x",))("é")


def test_failures_are_cel_errors_where_the_library_fails() -> None:
    with pytest.raises(CelError):
        compile_cel("x < 5", ("x",))(None)


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("(?i)head|neck", "NECK", True),
        ("^head$", "head\n", False),
        ("a.c", "abc", True),
    ],
)
def test_patterns_mean_what_re2_means(pattern: str, text: str, found: bool) -> None:
    assert (python_pattern(pattern).search(text) is not None) is found
    program = cel.compile(f"x.matches('{pattern}')")
    assert program.execute(cel.Context({"x": text})) is found
