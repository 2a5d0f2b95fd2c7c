"""docs/policy-rules.md is enough to write a rule: its tables, examples and
messages are what the code does.

- The report view tables list exactly the facts of `schema.py`, and the code
  list tables exactly the code lists.
- The example pack loads and decides the reports in the table after it as the
  doc says; every worked example loads.
- Every mistake shown is refused with the message shown, and every mistake
  said to fail on reports fails with the message shown.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from forcewatch.policy.engine import Engine
from forcewatch.policy.pack import PackError, Rule, parse_pack
from forcewatch.policy.schema import FORCE, INCIDENT, OFFICER, REPORT, SUBJECT, Fact
from forcewatch.records.codes import codelist
from tests.policy.handbuilt import unit

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "policy-rules.md"
DOC = DOC_PATH.read_text(encoding="utf-8")
GROUPS: dict[str, tuple[str, tuple[Fact, ...]]] = {
    "report": ("report", REPORT.fields),
    "incident": ("report.incident", INCIDENT),
    "officer": ("officer", OFFICER),
    "subject": ("subject", SUBJECT),
    "force": ("force", FORCE),
}
CODE_LISTS = [
    "force_type",
    "resistance",
    "weapon",
    "deescalation",
    "impairment",
    "injury_severity",
    "contact_reason",
]
HEADER = 'pack: doc-example\nversion: "1"\ntitle: An example from the doc\nrules:\n'


# -- reading the doc ----------------------------------------------------------


def after(marker: str) -> list[str]:
    """The text after each `<!-- marker -->` up to the next blank line or fence end."""
    return re.findall(rf"<!-- {marker} -->\n(.*?)(?:\n\n|\Z)", DOC, re.S)


def blocks(marker: str) -> list[tuple[str, str]]:
    """Each ```yaml block after `<!-- marker -->`, with the ```text block after it."""
    pattern = rf"<!-- {marker} -->\n```yaml\n(.*?)```\n(?:```text\n(.*?)```)?"
    return re.findall(pattern, DOC, re.S)


def table(text: str) -> list[list[str]]:
    """The cells of a markdown table's rows (without header and rule)."""
    rows = [line for line in text.splitlines() if line.startswith("|")][2:]
    return [
        [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", r)[1:-1]]
        for r in rows
    ]


def as_pack(yaml_text: str) -> str:
    return yaml_text if yaml_text.startswith("pack:") else HEADER + yaml_text


# -- the generated tables -------------------------------------------------------


def facts_table(group: str) -> str:
    prefix, facts = GROUPS[group]
    lines = ["| fact | type | meaning |", "|---|---|---|"]
    lines += [f"| `{prefix}.{f.name}` | {f.type} | {f.about} |" for f in facts]
    return "\n".join(lines)


def codes_table(name: str) -> str:
    codes = codelist(name).codes
    if name == "force_type":
        lines = ["| code | level | deadly | applied | label |", "|---|---|---|---|---|"]
        lines += [
            f"| `{code}` | {a.get('level', '')} | {'yes' if a.get('deadly') else ''} "
            f"| {'no' if a.get('applied') is False else ''} | {a['label']} |"
            for code, a in codes.items()
        ]
    elif name == "resistance":
        lines = ["| code | level | label |", "|---|---|---|"]
        lines += [f"| `{c}` | {a['level']} | {a['label']} |" for c, a in codes.items()]
    else:
        lines = ["| code | label |", "|---|---|"]
        lines += [f"| `{c}` | {a['label']} |" for c, a in codes.items()]
    return "\n".join(lines)


@pytest.mark.parametrize("group", GROUPS)
def test_the_report_view_table_lists_exactly_the_facts_of_the_schema(
    group: str,
) -> None:
    (documented,) = after(f"facts:{group}")
    assert documented == facts_table(group), (
        f"docs/policy-rules.md is out of step with schema.py; the table after "
        f"<!-- facts:{group} --> should read:\n\n{facts_table(group)}\n"
    )


def test_every_fact_of_the_schema_is_in_a_table() -> None:
    documented = {
        row[0].strip("`")
        for group in GROUPS
        for row in table(after(f"facts:{group}")[0])
    }
    expected = {
        f"{prefix}.{f.name}" for prefix, facts in GROUPS.values() for f in facts
    }
    assert documented == expected


@pytest.mark.parametrize("name", CODE_LISTS)
def test_the_code_list_tables_list_exactly_the_codes(name: str) -> None:
    (documented,) = after(f"codes:{name}")
    assert documented == codes_table(name), (
        f"the table after <!-- codes:{name} --> should read:\n\n{codes_table(name)}\n"
    )


def test_every_rule_key_is_documented() -> None:
    keys = set(Rule.model_fields) | {"text", "source", "section", "url"}
    keys |= {"pack", "version", "title", "description", "rules"}
    assert sorted(k for k in keys if f"`{k}`" not in DOC) == []


def test_every_function_and_macro_the_engine_provides_is_documented() -> None:
    from forcewatch.policy.pack import CEL_FUNCTIONS

    names = CEL_FUNCTIONS | {"exists", "all", "exists_one", "filter", "map"}
    assert sorted(n for n in names if not re.search(rf"\b{n}\(", DOC)) == []


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_link_within_the_doc_leads_to_a_heading() -> None:
    anchors = {slug(h) for h in re.findall(r"^#+ (.+)$", DOC, re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", DOC))
    assert links and sorted(links - anchors) == []


# -- the example rule ---------------------------------------------------------

OUTCOMES = {
    "fires": "fired",
    "passes": "passed",
    "facts missing": "incomplete",
    "does not apply": None,
    "not in force": None,
}


def cell(text: str) -> Any:
    text = text.strip("`")
    if text in ("true", "false", "null"):
        return {"true": True, "false": False, "null": None}[text]
    return int(text) if text.isdigit() else text


def test_the_example_rule_loads() -> None:
    ((text, _),) = blocks("example-rule")
    pack = parse_pack(text, "example.yaml")
    assert [r.label for r in pack.rules] == ["ced-person-in-crisis v1"]


def example_cases() -> list[list[str]]:
    (cases,) = after("example-rule-cases")
    return table(cases)


def test_the_example_table_covers_every_outcome() -> None:
    assert {row[-1] for row in example_cases()} == set(OUTCOMES)


@pytest.mark.parametrize("row", example_cases(), ids=" ".join)
def test_the_example_rule_decides_as_the_doc_says(row: list[str]) -> None:
    ((text, _),) = blocks("example-rule")
    pack = parse_pack(text, "example.yaml")
    (rule,) = pack.rules
    on, kind, in_crisis, level, said = row
    u = unit(
        on=on,
        officers=[{"key": "17563"}],
        subjects=[{"in_crisis": cell(in_crisis)}],
        force=[{"type": cell(kind), "resistance_level": cell(level)}],
    )
    outcome = Engine(pack).evaluate(u)
    assert outcome.errors == []
    assert outcome.status.get(rule.id) == OUTCOMES[said]
    assert rule.in_force(date.fromisoformat(on)) == (said != "not in force")
    results = outcome.results
    if said in ("fires", "facts missing"):
        (result,) = results
        assert list(result.evidence) == ["report.key", "report.date", *rule.evidence]
        assert result.evidence["force.officer.key"] == "17563"
        assert result.missing == (() if said == "fires" else tuple(rule.needs))
    else:
        assert results == []


# -- worked examples and mistakes -----------------------------------------------


def test_the_doc_has_its_examples_and_mistakes() -> None:
    assert len(blocks("example-fragment")) >= 5
    assert len(blocks("mistake")) >= 10
    assert len(blocks("runtime-mistake")) >= 3


@pytest.mark.parametrize(
    "text", [t for t, _ in blocks("example-fragment")], ids=lambda t: t[5:40]
)
def test_every_worked_example_loads(text: str) -> None:
    pack = parse_pack(as_pack(text), "example.yaml")
    assert pack.rules


@pytest.mark.parametrize(
    ("text", "said"), blocks("mistake"), ids=lambda t: t.splitlines()[0][:30]
)
def test_every_mistake_is_refused_with_the_message_shown(text: str, said: str) -> None:
    with pytest.raises(PackError) as caught:
        parse_pack(as_pack(text), "my-pack.yaml")
    lines = [line.strip() for line in str(caught.value).splitlines()]
    shown = [line.strip() for line in said.splitlines() if line.strip() != "..."]
    assert shown
    assert [line for line in shown if line not in lines] == []


@pytest.mark.parametrize(
    ("text", "said"), blocks("runtime-mistake"), ids=lambda t: t.splitlines()[0][:30]
)
def test_every_mistake_that_loads_fails_on_a_report_as_shown(
    text: str, said: str
) -> None:
    pack = parse_pack(as_pack(text), "my-pack.yaml")
    u = unit(
        on=pack.rules[0].effective_from.isoformat(),
        officers=[{}],
        subjects=[{"armed_with": ["12"]}],  # a handgun: a weapon code is text
        force=[{"type": "neck_restraint"}],
    )
    (error,) = Engine(pack).evaluate(u).errors
    assert said.strip() in str(error)
