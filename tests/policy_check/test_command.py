"""`forcewatch check --agency SLUG [--since DATE] [--pack FILE]`, as analysts run it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from forcewatch.policy.models import CheckRun, Finding
from forcewatch.policy.pack import load_pack
from forcewatch.records import models as rm
from tests.policy_check.builders import agency, officer, write_incidents
from tests.policy_check.packs import CARELESS, PROPORTIONATE, default_edited_text

NECK = "    title: No neck or carotid restraint unless deadly force was justified\n"


def run(*args: str) -> tuple[list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("policy_check", *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


def rule_rows(lines: list[str]) -> dict[str, list[int]]:
    start = next(i for i, line in enumerate(lines) if line.startswith("rule "))
    return {
        cells[0]: [int(c) for c in cells[1:]]
        for cells in (line.split() for line in lines[start + 1 :])
    }


def test_check_prints_what_it_checked_and_a_line_per_rule(dallas: rm.Agency) -> None:
    lines, err = run("--agency", "dallas")
    found = Finding.objects.count()
    pack = load_pack()
    assert lines[0] == (
        "Dallas Police Department: 58 reports, 58 checked (the rest unchanged since "
        f"their last check) against default {pack.version}; {found} new findings, "
        "0 cleared."
    )
    assert lines[1].split() == ["rule", "applied", "fired", "missing", "passed"]
    rows = rule_rows(lines)
    assert rows["deescalation-attempted"] == [39, 0, 39, 0]
    assert rows["injury-recorded"] == [58, 0, 0, 58]
    assert set(rows) == set(CheckRun.objects.get().tallies)
    assert err == ""


def test_a_second_run_checks_nothing_and_says_so(dallas: rm.Agency) -> None:
    run("--agency", "dallas")
    lines, _ = run("--agency", "dallas", "--quiet")
    assert lines == [
        "Dallas Police Department: 58 reports, 0 checked (the rest unchanged since "
        f"their last check) against default {load_pack().version}; 0 new findings, "
        "0 cleared."
    ]


def test_since_takes_a_date_and_checks_incidents_from_that_day(
    dallas: rm.Agency,
) -> None:
    lines, _ = run("--agency", "dallas", "--since", "2019-07-01")
    later = rm.Incident.objects.filter(
        agency=dallas, occurred_date__gte=dt.date(2019, 7, 1)
    ).count()
    assert lines[0].startswith(
        f"Dallas Police Department: {later} reports, {later} checked"
    )
    assert CheckRun.objects.get().since == dt.date(2019, 7, 1)


@pytest.mark.parametrize("since", ["2019-13-01", "01/07/2019", "yesterday"])
def test_a_bad_since_is_refused_naming_the_format(
    dallas: rm.Agency, since: str
) -> None:
    with pytest.raises(CommandError) as refused:
        run("--agency", "dallas", "--since", since)
    assert str(refused.value) == f"--since takes a date as YYYY-MM-DD, not {since!r}"
    assert not CheckRun.objects.exists()


def test_an_unknown_agency_names_the_known_ones(dallas: rm.Agency) -> None:
    with pytest.raises(CommandError) as refused:
        run("--agency", "dalas")
    assert str(refused.value) == "no agency 'dalas' (agencies: dallas)"


def test_an_unknown_agency_when_there_is_none_yet(transactional_db: None) -> None:
    with pytest.raises(CommandError, match=r"^no agency 'x' \(agencies: none yet\)$"):
        run("--agency", "x")


def test_a_pack_file_that_is_not_there_is_named(
    dallas: rm.Agency, tmp_path: Path
) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(CommandError) as refused:
        run("--agency", "dallas", "--pack", str(missing))
    assert str(refused.value).startswith(f"{missing}: cannot read the pack: ")
    assert not CheckRun.objects.exists()


def test_a_pack_with_a_misspelt_field_is_refused_naming_the_rule_and_field(
    dallas: rm.Agency, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(default_edited_text(NECK, NECK + "    sevrity: low\n"))
    with pytest.raises(CommandError) as refused:
        run("--agency", "dallas", "--pack", str(bad))
    message = str(refused.value)
    assert message.startswith(f"{bad}: the pack is not valid:\n")
    assert (
        "rule 1 (neck-restraint), field `sevrity`: Extra inputs are not permitted"
        in (message)
    )
    assert not CheckRun.objects.exists()


def test_a_pack_that_is_not_yaml_is_refused(dallas: rm.Agency, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: [unclosed\n")
    with pytest.raises(CommandError, match=r"bad\.yaml: not valid YAML: "):
        run("--agency", "dallas", "--pack", str(bad))


def test_a_used_rule_edited_in_place_is_refused_by_the_command(
    dallas: rm.Agency, tmp_path: Path
) -> None:
    run("--agency", "dallas")
    edited = tmp_path / "default.yaml"
    edited.write_text(
        default_edited_text(PROPORTIONATE, PROPORTIONATE.replace(">= 2", ">= 3"))
    )
    with pytest.raises(CommandError, match="force-proportionate v1 .*changed after"):
        run("--agency", "dallas", "--pack", str(edited))
    assert CheckRun.objects.count() == 1


def test_rule_errors_are_listed_and_fail_the_command(
    transactional_db: None, tmp_path: Path
) -> None:
    city = agency("erring-city")
    write_incidents(
        city,
        [
            {
                "key": "UNKNOWN",
                "date": dt.date(2022, 5, 4),
                "officers": [officer("o1")],
                "subjects": [{}],
                "force": [{"officer": 0, "subject": 0, "type": "strike"}],
            }
        ],
    )
    pack = tmp_path / "careless.yaml"
    pack.write_text(f'pack: local\nversion: "1"\ntitle: t\nrules:\n{CARELESS}')
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "policy_check",
            "--agency",
            city.slug,
            "--pack",
            str(pack),
            stdout=out,
            stderr=err,
        )
    assert str(refused.value) == (
        "1 rule evaluations failed (first ones above); fix the pack and check again"
    )
    unit = f"report:{rm.Report.objects.get().pk}"
    assert err.getvalue().startswith(
        f"error: rule low-resistance v1 failed on {unit}: "
    )
    assert out.getvalue().startswith("Erring-City: 1 reports, 1 checked")
    assert Finding.objects.filter(rule_id="injury-recorded").count() == 1


def test_reports_without_a_date_are_counted_apart(transactional_db: None) -> None:
    city = agency("undated-city")
    write_incidents(
        city,
        [
            {
                "key": "NO-DATE",
                "officers": [officer("o1")],
                "subjects": [{}],
                "force": [{"officer": 0, "subject": 0, "type": "takedown"}],
            }
        ],
    )
    lines, _ = run("--agency", city.slug)
    assert lines[:2] == [
        "Undated-City: 1 reports, 1 checked (the rest unchanged since their last "
        f"check) against default {load_pack().version}; 0 new findings, 0 cleared.",
        "1 reports have no incident date: no rule version applies.",
    ]


def test_the_numbers_sit_under_their_column_names(dallas: rm.Agency) -> None:
    lines, _ = run("--agency", "dallas")
    header, first = lines[1], lines[2]
    for name in ("applied", "fired", "missing", "passed"):
        end = header.index(name) + len(name)
        assert first[end - 1] != " " and first[end : end + 1] in ("", " "), name
