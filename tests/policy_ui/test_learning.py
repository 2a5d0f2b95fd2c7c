"""The learning loop: findings and dispositions by rule, unit and period, checked
against hand counts of `scenario()`; its CSV; `forcewatch findings summary`."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from forcewatch.policy.models import Finding
from forcewatch.policy.selectors import learning_tables
from forcewatch.policy.services import dispose
from tests.personas import World
from tests.policy_ui.conftest import as_user, finding, scenario

Z = {"within_policy": 0, "out_of_policy": 0, "training_issue": 0, "policy_gap": 0}


def reviewed(world: World) -> None:
    """`scenario()` with four of Springfield's five findings disposed."""
    scenario(world)
    ps = world.users["professional_standards"]
    for rule, key, outcome in [
        ("neck-restraint", "A1", "out_of_policy"),
        ("force-proportionate", "A1", "policy_gap"),
        ("force-proportionate", "A2", "within_policy"),  # superseded below
        ("force-proportionate", "A2", "training_issue"),
        ("force-proportionate", "A3", "training_issue"),
    ]:
        dispose(finding(rule, incident_key=key), outcome=outcome, reasons="x", by=ps)


def counts(row: dict[str, object]) -> dict[str, object]:
    keys = ("key", "violations", "incomplete", "open", *Z)
    return {k: row[k] for k in keys}


def row(key: str, v: int = 0, i: int = 0, o: int = 0, **outcomes: int) -> dict:
    return {"key": key, "violations": v, "incomplete": i, "open": o, **Z, **outcomes}


def test_the_tables_match_the_hand_counts(world: World) -> None:
    reviewed(world)
    tables = learning_tables(agency_id=world.agency.pk)
    assert [counts(r) for r in tables.by_rule] == [
        row("force-proportionate", v=3, training_issue=2, policy_gap=1),
        row("injury-recorded", i=1, o=1),
        row("neck-restraint", v=1, out_of_policy=1),
    ]
    assert [counts(r) for r in tables.by_unit] == [
        # the subject's missing injury is the finding of the officer who used force
        row("north", v=3, i=1, o=1, out_of_policy=1, policy_gap=1, training_issue=1),
        row("south", v=1, training_issue=1),
    ]
    assert [counts(r) for r in tables.by_period] == [
        row("2023", v=1, training_issue=1),
        row("2024", v=3, i=1, o=1, out_of_policy=1, policy_gap=1, training_issue=1),
    ]
    assert [r["key"] for r in tables.highlighted] == ["force-proportionate"]
    assert tables.by_rule[0]["label"].startswith("Force proportionate to resistance")


def test_quarters_and_a_date_range(world: World) -> None:
    reviewed(world)
    tables = learning_tables(agency_id=world.agency.pk, period="quarter")
    assert [
        (r["key"], r["violations"] + r["incomplete"]) for r in tables.by_period
    ] == [
        ("2023-Q4", 1),
        ("2024-Q1", 2),
        ("2024-Q2", 1),
        ("2024-Q3", 1),
    ]
    spring = learning_tables(
        agency_id=world.agency.pk, start=date(2024, 1, 1), end=date(2024, 6, 30)
    )
    assert [counts(r) for r in spring.by_rule] == [
        row("force-proportionate", v=2, training_issue=1, policy_gap=1),
        row("neck-restraint", v=1, out_of_policy=1),
    ]


def test_cleared_findings_do_not_count(world: World) -> None:
    reviewed(world)
    Finding.objects.filter(rule_id="injury-recorded").update(status="cleared")
    tables = learning_tables(agency_id=world.agency.pk)
    assert [r["key"] for r in tables.by_rule] == [
        "force-proportionate",
        "neck-restraint",
    ]


def test_the_page_shows_the_tables_and_marks_the_rules_to_look_at(
    world: World,
) -> None:
    reviewed(world)
    url = reverse("policy:learning", args=[world.agency.slug])
    html = as_user(world, "training").get(url).content.decode()
    assert "Rules most often disposed as a policy gap or a training issue" in html
    assert "<strong>force-proportionate</strong>" in html
    assert "★ force-proportionate" in html
    cells = re.search(
        r"★ force-proportionate</strong>.*?</th>((?:<td>\d+</td>)+)</tr>", html
    )
    assert cells is not None
    assert re.findall(r"\d+", cells.group(1)) == ["3", "0", "0", "0", "0", "2", "1"]
    assert "Shelbyville" not in html
    page = as_user(world, "training").get(
        url, {"start": "2024-12-01", "end": "2024-01-01"}
    )
    assert "The end of the range is before its start." in page.content.decode()


def test_the_csv_has_the_same_tables(world: World) -> None:
    reviewed(world)
    url = reverse("policy:learning_csv", args=[world.agency.slug])
    response = as_user(world, "analyst").get(url, {"period": "quarter"})
    assert response["Content-Type"].startswith("text/csv")
    assert "policy-learning-springfield.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["table"], r["key"]) for r in rows] == [
        ("rule", "force-proportionate"),
        ("rule", "injury-recorded"),
        ("rule", "neck-restraint"),
        ("unit", "north"),
        ("unit", "south"),
        ("period", "2023-Q4"),
        ("period", "2024-Q1"),
        ("period", "2024-Q2"),
        ("period", "2024-Q3"),
    ]
    assert rows[0]["violations"] == "3" and rows[0]["training_issue"] == "2"
    assert rows[0]["label"].startswith("Force proportionate")


def test_the_csv_does_not_let_a_spreadsheet_run_a_unit_name(world: World) -> None:
    scenario(world)
    Finding.objects.filter(unit="south").update(unit="=HYPERLINK(1)")
    url = reverse("policy:learning_csv", args=[world.agency.slug])
    body = as_user(world, "analyst").get(url).content.decode()
    assert "unit,'=HYPERLINK(1),'=HYPERLINK(1)," in body


def test_the_command_prints_the_same_tables(world: World) -> None:
    reviewed(world)
    out = io.StringIO()
    call_command("findings", "summary", "--agency", "springfield", stdout=out)
    text = out.getvalue()
    assert "By rule" in text and "By unit" in text and "By period" in text
    line = next(x for x in text.splitlines() if x.startswith("force-proportionate"))
    assert line.split()[1:] == ["3", "0", "0", "0", "0", "2", "1"]
    assert "Most often a policy gap or training issue: force-proportionate (3)" in text

    out = io.StringIO()
    args = ["summary", "--agency", "springfield", "--by", "unit", "--json"]
    call_command("findings", *args, stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == ["unit"]
    assert data["unit"][1] == {
        "key": "south",
        "label": "south",
        **row("south", v=1, training_issue=1),
    }


def test_the_command_names_the_agencies_it_knows(world: World) -> None:
    with pytest.raises(CommandError, match="no agency 'nowhere'.*springfield"):
        call_command("findings", "summary", "--agency", "nowhere")
