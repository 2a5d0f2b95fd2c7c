"""`forcewatch policy validate|rules`: the analyst's check of a pack."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from forcewatch.policy.models import RuleVersion
from forcewatch.policy.pack import DEFAULT_PACK, load_pack
from forcewatch.policy.services import register_rules
from tests.policy.test_pack import pack_text, rule


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("policy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str, name: str = "my-pack.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_validate_says_the_default_pack_is_valid() -> None:
    out, err = run("validate", str(DEFAULT_PACK))
    assert out == (
        f"{DEFAULT_PACK}: pack default 2026.1 is valid: 15 rule versions of 15 rules.\n"
    )
    assert err == ""


@pytest.mark.django_db
def test_validate_prints_every_problem_and_fails(tmp_path: Path) -> None:
    bad = write(tmp_path, pack_text(rule(when="force.kind == 'x'", needs=["f.x"])))
    good = write(tmp_path, pack_text(rule()), "good.yaml")
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError, match="^1 of 2 packs are not valid$"):
        call_command("policy", "validate", bad, good, stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        f"{bad}: the pack is not valid:",
        "  rule ced-in-crisis v1: `when` names `kind`, which the report view does "
        "not have",
        "  rule ced-in-crisis v1: `needs` names `f.x`, which is not a fact of force "
        "or report (see docs/policy-rules.md)",
    ]
    assert out.getvalue() == (
        f"{good}: pack my-pack 1 is valid: 1 rule versions of 1 rules.\n"
    )


@pytest.mark.django_db
def test_validate_warns_of_codes_no_code_list_has(tmp_path: Path) -> None:
    when = (
        "force.type in ['ced_probe', 'taser'] && force.type != \"chokehold\""
        " && force.resistance == 'violent' && force.subject.resistance == 'active'"
    )
    path = write(tmp_path, pack_text(rule(when=when)))
    out, err = run("validate", path)
    assert "is valid" in out
    lines = err.splitlines()
    assert lines == [
        f"{path}: warning: rule ced-in-crisis v1: `when` compares `{attr}` with "
        f"{code!r}, which is not a code of the `{codes}` code list: it can never match"
        for attr, code, codes in [
            ("type", "chokehold", "force_type"),
            ("resistance", "violent", "resistance"),
            ("type", "taser", "force_type"),
        ]
    ]


@pytest.mark.django_db(transaction=True)
def test_validate_refuses_a_used_version_that_changed(tmp_path: Path) -> None:
    path = write(tmp_path, pack_text(rule()))
    register_rules(load_pack(path))
    used = RuleVersion.objects.get(pack="my-pack", rule_id="ced-in-crisis")
    assert run("validate", path)[1] == ""
    changed = write(tmp_path, pack_text(rule(violation="force.resistance_level < 5")))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("policy", "validate", changed, stdout=out, stderr=err)
    assert err.getvalue() == (
        f"{changed}: ced-in-crisis v1 (first used {used.registered_at:%Y-%m-%d}) "
        "changed after it was used to check reports. Past findings keep the version "
        "they were made with: give the change a new `version` with its own "
        "`effective_from`, and end the old one the day before.\n"
    )


def ended_and_replaced() -> str:  # also used by test_rule_registry.py
    """Version 1 ended the day before a new version 2 starts."""
    return pack_text(
        rule(effective_to="2023-12-31"),
        rule(version=2, effective_from="2024-01-01", title="Changed"),
    )


@pytest.mark.django_db(transaction=True)
def test_validate_accepts_a_used_version_ended_for_a_new_one(tmp_path: Path) -> None:
    register_rules(load_pack(write(tmp_path, pack_text(rule()))))
    out, _ = run("validate", write(tmp_path, ended_and_replaced(), "v2.yaml"))
    assert "is valid: 2 rule versions of 1 rules" in out


@pytest.mark.django_db
def test_validate_does_not_register_anything(tmp_path: Path) -> None:
    run("validate", write(tmp_path, pack_text(rule())))
    assert not RuleVersion.objects.exists()


def test_rules_lists_every_version_with_its_dates(tmp_path: Path) -> None:
    text = pack_text(
        rule(effective_to="2021-06-30"),
        rule(version=2, effective_from="2021-07-01", severity="high"),
        rule(
            id="audit",
            kind="completeness",
            violation=None,
            each="report",
            when="true",
            needs=["report.status"],
            evidence=None,
            title="Status",
        ),
    )
    out, _ = run("rules", write(tmp_path, text))
    assert [line.split() for line in out.splitlines()] == [
        ["my-pack", "1:", "Mine"],
        "audit v1 2020-01-01 to open-ended completeness medium each report "
        "Status".split(),
        "ced-in-crisis v1 2020-01-01 to 2021-06-30 violation medium each force No "
        "CED on a person in crisis".split(),
        "ced-in-crisis v2 2021-07-01 to open-ended violation high each force No "
        "CED on a person in crisis".split(),
    ]


def test_rules_on_a_date_lists_the_versions_in_force() -> None:
    out, _ = run("rules", "--on", "2021-06-30")
    lines = out.splitlines()
    assert lines[0] == (
        "default 2026.1: Reform standard for the use of force (forcewatch default "
        "pack) (in force on 2021-06-30)"
    )
    ids = [line.split()[0] for line in lines[1:]]
    assert len(ids) == 14
    assert "handcuffing-justified" not in ids
    out, _ = run("rules", "--on", "2021-07-01")
    assert "handcuffing-justified" in out


def test_rules_of_a_pack_that_is_not_valid_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="the pack is not valid"):
        run("rules", write(tmp_path, pack_text(rule(violation=None))))


def test_rules_refuses_a_date_it_cannot_read() -> None:
    with pytest.raises(CommandError, match="--on takes a date as YYYY-MM-DD"):
        run("rules", "--on", "30/06/2021")
