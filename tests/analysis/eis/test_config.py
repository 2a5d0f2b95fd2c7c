"""Threshold rules are data: defaults, an agency's changes, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcewatch.analysis.eis import ThresholdError, load_thresholds


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    return path


def test_the_defaults_are_the_cmpd_rules() -> None:
    rules = {r.id: (r.event, r.at_least, r.days) for r in load_thresholds().rules}
    assert rules == {
        "force_90d": ("force", 3, 90),
        "complaints_180d": ("complaint", 3, 180),
    }


def test_an_agency_file_changes_disables_and_adds_rules(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
version: "town-1"
rules:
  - {id: force_90d, at_least: 4}
  - {id: complaints_180d, enabled: false}
  - {id: complaints_365d, event: complaint, at_least: 5, days: 365}
""",
    )
    thresholds = load_thresholds("town", path)
    rules = {r.id: (r.event, r.at_least, r.days) for r in thresholds.rules}
    assert rules == {
        "force_90d": ("force", 4, 90),
        "complaints_365d": ("complaint", 5, 365),
    }
    assert thresholds.version == "town-1"
    assert thresholds.files[-1] == str(path)


def test_an_agency_without_a_file_gets_the_defaults() -> None:
    assert load_thresholds("no-such-agency") == load_thresholds()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: x\nrules: [{id: a, event: force, days: 90}]", "needs at_least"),
        (
            "version: x\nrules: [{id: a, event: arrests, at_least: 1, days: 9}]",
            "rules.0.event",
        ),
        (
            "version: x\nrules: [{id: a, event: force, at_least: 0, days: 9}]",
            "at least 1",
        ),
        ("version: x\nrules: [{id: force_90d, colour: red}]", "rules.0.colour"),
        (
            "version: x\nrules: [{id: force_90d, enabled: false}, "
            "{id: complaints_180d, enabled: false}]",
            "every rule is disabled",
        ),
    ],
)
def test_a_bad_rule_file_is_refused_saying_what_is_wrong(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ThresholdError, match="rules.yaml") as caught:
        load_thresholds("town", write(tmp_path, text))
    assert message in str(caught.value)
