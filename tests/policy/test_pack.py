"""Loading a pack: every mistake is refused with a message naming rule and field."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from forcewatch.policy.engine import Engine
from forcewatch.policy.pack import DEFAULT_PACK, Pack, PackError, load_pack, parse_pack
from tests.policy.handbuilt import unit

PATH = "my-pack.yaml"


def rule(**changes: Any) -> dict[str, Any]:
    """A valid rule, changed; a change to None drops the key."""
    out: dict[str, Any] = {
        "id": "ced-in-crisis",
        "version": 1,
        "title": "No CED on a person in crisis",
        "effective_from": date(2020, 1, 1),
        "policy": {"text": "Officers shall not...", "source": "General Order 1"},
        "each": "force",
        "when": "force.type == 'ced_probe' && force.subject.in_crisis == true",
        "needs": ["force.resistance_level"],
        "violation": "force.resistance_level < 4",
        "evidence": ["force.type", "force.officer.key"],
    }
    out.update(changes)
    return {k: v for k, v in out.items() if v is not None}


def pack_text(*rules: dict[str, Any], **header: Any) -> str:
    body = {"pack": "my-pack", "version": "1", "title": "Mine", **header}
    return yaml.safe_dump({**body, "rules": list(rules)}, sort_keys=False)


def load(*rules: dict[str, Any], **header: Any) -> Pack:
    return parse_pack(pack_text(*rules, **header), PATH)


def refused(*rules: dict[str, Any], **header: Any) -> str:
    with pytest.raises(PackError) as caught:
        load(*rules, **header)
    message = str(caught.value)
    assert message.startswith(f"{PATH}: ")
    return message


# -- what loads ---------------------------------------------------------------


def test_the_default_pack_loads() -> None:
    pack = load_pack()
    assert (pack.name, pack.path) == ("default", str(DEFAULT_PACK))
    assert len(pack.rules) == len(pack.by_id) == 15


def test_a_valid_rule_loads_with_its_defaults() -> None:
    (r,) = load(
        rule(
            each=None,
            when=None,
            evidence=None,
            needs=None,
            violation="report.deadly_force",
        )
    ).rules
    assert (r.kind, r.severity, r.each, r.when, r.needs, r.effective_to) == (
        "violation",
        "medium",
        "report",
        "true",
        [],
        None,
    )


def test_comprehension_variables_are_allowed() -> None:
    text = (
        "report.force.exists(f, f.officer.i == officer.i && f.level >= 3)"
        " && report.subjects.all(s, s.armed != true)"
        " && report.force.map(f, f.level).exists_one(l, l == 5)"
        " && size(report.force.filter(f, f.deadly)) > 0"
    )
    pack = load(
        rule(
            each="officer",
            when="officer.used_force",
            needs=None,
            evidence=None,
            violation=text,
        )
    )
    assert pack.projection["force"] == {
        "officer": {"i": "*"},
        "level": "*",
        "deadly": "*",
    }
    assert pack.projection["subjects"] == {"armed": "*"}


def test_versions_that_meet_without_overlapping_load() -> None:
    pack = load(
        rule(effective_to=date(2021, 6, 30)),
        rule(version=2, effective_from=date(2021, 7, 1)),
    )
    assert [r.version for r in pack.in_force(date(2021, 6, 30))] == [1]
    assert [r.version for r in pack.in_force(date(2021, 7, 1))] == [2]
    assert pack.in_force(date(2019, 12, 31)) == []


def test_a_gap_between_versions_leaves_the_rule_out_of_force() -> None:
    pack = load(
        rule(effective_to=date(2020, 12, 31)),
        rule(version=2, effective_from=date(2022, 1, 1)),
    )
    assert pack.in_force(date(2021, 5, 5)) == []
    assert pack.rule("ced-in-crisis", 2) is not None
    assert pack.rule("ced-in-crisis", 3) is None


# -- the pack file ------------------------------------------------------------


def test_it_refuses_text_that_is_not_yaml() -> None:
    with pytest.raises(PackError, match=f"^{PATH}: not valid YAML"):
        parse_pack("pack: [unclosed", PATH)


def test_it_refuses_a_violation_starting_with_an_unquoted_exclamation_mark() -> None:
    text = pack_text(rule()).replace(
        "violation: force.resistance_level < 4",
        "violation: !force.officer.warning_given",
    )
    with pytest.raises(PackError, match="not valid YAML: could not determine a"):
        parse_pack(text, PATH)


def test_it_refuses_a_pack_that_is_not_a_mapping() -> None:
    with pytest.raises(PackError, match="a pack is a YAML mapping"):
        parse_pack("- one\n- two\n", PATH)


def test_it_refuses_an_unknown_key_at_the_top() -> None:
    message = refused(rule(), author="me")
    assert "field `author`: Extra inputs are not permitted" in message


def test_it_refuses_a_pack_version_written_as_a_number() -> None:
    message = refused(rule(), version=2026.1)
    assert "field `version`: Input should be a valid string" in message


# -- rule fields --------------------------------------------------------------


def test_it_refuses_an_unknown_key_in_a_rule() -> None:
    message = refused(rule(), rule(id="other", colour="red"))
    assert "rule 2 (other), field `colour`: Extra inputs are not permitted" in message


def test_it_refuses_an_unknown_key_in_the_policy_citation() -> None:
    message = refused(
        rule(policy={"text": "x", "source": "y", "page": 4}),
    )
    assert "rule 1 (ced-in-crisis), field `policy.page`: Extra inputs" in message


def test_it_refuses_a_rule_without_a_required_field() -> None:
    message = refused(rule(effective_from=None))
    assert "rule 1 (ced-in-crisis), field `effective_from`: Field required" in message


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"id": "Ced_In_Crisis"}, "id", "String should match pattern"),
        ({"version": 0}, "version", "greater than or equal to 1"),
        ({"severity": "critical"}, "severity", "'high', 'medium' or 'low'"),
        ({"kind": "duty"}, "kind", "'violation' or 'completeness'"),
        ({"each": "subjects"}, "each", "'report', 'force', 'subject' or 'officer'"),
        ({"effective_from": "01/07/2021"}, "effective_from", "valid date"),
    ],
)
def test_it_refuses_a_bad_value(change: dict[str, Any], field: str, says: str) -> None:
    message = refused(rule(**change))
    assert f"rule 1 ({rule(**change)['id']}), field `{field}`: " in message
    assert says in message


def test_it_refuses_a_violation_rule_without_violation() -> None:
    message = refused(rule(violation=None))
    assert (
        "rule 1 (ced-in-crisis): Value error, a violation rule needs `violation`"
        in message
    )


def test_it_refuses_a_completeness_rule_with_violation() -> None:
    message = refused(rule(kind="completeness"))
    assert (
        "rule 1 (ced-in-crisis): Value error, a completeness rule fires on missing "
        "`needs`; drop `violation`" in message
    )


def test_it_refuses_a_completeness_rule_without_needs() -> None:
    message = refused(rule(kind="completeness", violation=None, needs=None))
    assert "a completeness rule lists the facts it `needs`" in message


def test_it_refuses_an_end_before_the_start() -> None:
    message = refused(rule(effective_to=date(2019, 12, 31)))
    assert (
        "rule 1 (ced-in-crisis): Value error, `effective_to` is before "
        "`effective_from`" in message
    )


# -- CEL ----------------------------------------------------------------------


@pytest.mark.parametrize("field", ["when", "violation"])
def test_it_refuses_cel_that_does_not_parse(field: str) -> None:
    message = refused(rule(**{field: "force.level >= "}))
    assert f"rule ced-in-crisis v1: `{field}` is not valid CEL: " in message


def test_it_refuses_a_single_equals_sign() -> None:
    message = refused(rule(when="force.type = 'ced_probe'"))
    assert "rule ced-in-crisis v1: `when` is not valid CEL: " in message


def test_it_refuses_a_function_the_engine_does_not_provide() -> None:
    message = refused(rule(violation="force.officer.key.lowerAscii() == 'x'"))
    assert (
        "rule ced-in-crisis v1: `violation` calls ['lowerAscii'], which this engine "
        "does not provide; it provides ['contains', " in message
    )


@pytest.mark.parametrize(
    ("field", "text", "name"),
    [
        ("when", "force.kind == 'ced'", "kind"),
        ("violation", "force.subject.age < 18", "age"),
        ("when", "report.force.exists(f, f.weapon == 'x')", "weapon"),
    ],
)
def test_it_refuses_a_fact_the_view_does_not_have(
    field: str, text: str, name: str
) -> None:
    message = refused(rule(**{field: text}))
    assert (
        f"rule ced-in-crisis v1: `{field}` names `{name}`, which the report view "
        "does not have" in message
    )


def test_it_refuses_a_variable_the_rule_does_not_see() -> None:
    message = refused(rule(violation="subject.in_crisis == true"))
    assert (
        "rule ced-in-crisis v1: `violation` uses ['subject']; a rule with "
        "`each: force` sees ['force', 'report']" in message
    )


@pytest.mark.parametrize("field", ["needs", "evidence"])
@pytest.mark.parametrize(
    "path", ["force.weapon", "subject.injured", "force.subject.age", "report.officer"]
)
def test_it_refuses_a_path_that_is_not_a_fact(field: str, path: str) -> None:
    message = refused(rule(**{field: [path]}))
    assert (
        f"rule ced-in-crisis v1: `{field}` names `{path}`, which is not a fact of "
        "force or report (see docs/policy-rules.md)" in message
    )


def test_it_lists_every_problem_at_once() -> None:
    message = refused(
        rule(when="force.kind == 'x'", needs=["force.weapon"]),
        rule(id="other", violation=None),
    )
    assert "rule ced-in-crisis" not in message  # field errors come first...
    assert "rule 2 (other)" in message
    message = refused(rule(when="force.kind == 'x'", needs=["force.weapon"]))
    assert message.count("rule ced-in-crisis v1:") == 2  # ...then all CEL errors


# -- versions -----------------------------------------------------------------


def test_it_refuses_overlapping_versions() -> None:
    message = refused(rule(), rule(version=2, effective_from=date(2021, 7, 1)))
    assert (
        "rule ced-in-crisis: version 1 (from 2020-01-01 to open-ended) overlaps "
        "version 2 (from 2021-07-01); end the earlier one the day before" in message
    )


def test_it_refuses_versions_that_share_a_day() -> None:
    message = refused(
        rule(effective_to=date(2021, 7, 1)),
        rule(version=2, effective_from=date(2021, 7, 1)),
    )
    assert "version 1 (from 2020-01-01 to 2021-07-01) overlaps version 2" in message


def test_it_refuses_repeated_version_numbers() -> None:
    message = refused(
        rule(effective_to=date(2021, 6, 30)),
        rule(effective_from=date(2021, 7, 1)),
    )
    assert "rule ced-in-crisis: version numbers repeat: [1, 1]" in message


def test_versions_of_different_rules_may_overlap() -> None:
    pack = load(rule(), rule(id="other"))
    assert len(pack.in_force(date(2022, 1, 1))) == 2


# -- each problem once -------------------------------------------------------


def problems(text: str) -> list[str]:
    """The problems a pack is refused for (a problem may span lines)."""
    try:
        parse_pack(text, PATH)
    except PackError as exc:
        return [line for line in str(exc).splitlines() if line.startswith("  rule ")]
    return []


def test_an_unknown_function_is_reported_once() -> None:
    found = problems(pack_text(rule(violation="force.type.lowerAscii() == 'x'")))
    assert len(found) == 1
    assert "calls ['lowerAscii'], which this engine does not provide" in found[0]


def test_cel_that_does_not_parse_is_reported_once() -> None:
    found = problems(pack_text(rule(violation="force.level >= ")))
    assert found == [
        "  rule ced-in-crisis v1: `violation` is not valid CEL: Failed to parse "
        "expression 'force.level >= ': ERROR: <input>:1:16: Syntax error: "
        "mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', "
        "'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}"
    ]


# -- mistakes found by running the rule on a sample report ------------------------


def smoke_run(failure: str) -> str:
    """The loader's message for a rule that fails on its sample report."""
    return (
        "  rule ced-in-crisis v1: fails on a report with every fact recorded "
        f"({failure}): check that each fact is read by a dotted path from a "
        "variable the rule sees, on the object that has it"
    )


def report_rule(violation: str, each: str = "report") -> str:
    return pack_text(
        rule(each=each, when="true", needs=None, evidence=None, violation=violation)
    )


def test_a_fact_of_another_object_is_refused() -> None:
    # `demonstration` is a fact of the incident, not of a subject: without the
    # sample run this rule would load, then fail on every report with a subject.
    found = problems(report_rule("subject.demonstration == true", each="subject"))
    assert found == [smoke_run("KeyError: 'demonstration'")]


def test_a_fact_read_by_index_is_refused() -> None:
    found = problems(report_rule("report['incident']['demonstration'] == true"))
    assert found == [smoke_run("KeyError: 'incident'")]


def test_a_comprehension_variable_used_outside_its_macro_is_refused() -> None:
    found = problems(report_rule("report.force.exists(f, f.deadly) && f.level > 3"))
    assert found == [
        smoke_run(
            "RuntimeError: Undefined variable or function: 'f'. Check that the "
            "variable is defined in the context or that the function name is "
            "spelled correctly."
        )
    ]


def test_a_macro_on_the_result_of_filter_is_refused() -> None:
    found = problems(
        report_rule("report.force.filter(f, f.deadly).exists(g, g.level > 3)")
    )
    assert found == [smoke_run("KeyError: 'level'")]


def test_the_sample_run_follows_the_rule_s_scope() -> None:
    # the same fact, read from the object that has it, loads and decides
    pack = load(
        rule(
            each="subject",
            when="true",
            needs=None,
            evidence=None,
            violation="report.incident.demonstration == true",
        )
    )
    outcome = Engine(pack).evaluate(
        unit(subjects=[{}], incident={"demonstration": True})
    )
    assert (outcome.errors, outcome.status) == ([], {"ced-in-crisis": "fired"})


# -- the sample run tries each expression, with each text the rule compares ------

DEMONSTRATION = "KeyError: 'demonstration'"
UNDEFINED_F = (
    "RuntimeError: Undefined variable or function: 'f'. Check that the variable "
    "is defined in the context or that the function name is spelled correctly."
)
BEHIND_A_CODE = [
    ("force.subject.demonstration == true", DEMONSTRATION),
    ("report['incident']['demonstration'] == true", "KeyError: 'incident'"),
    ("report.force.exists(f, f.deadly) && f.level > 3", UNDEFINED_F),
    ("report.force.filter(f, f.deadly).exists(g, g.level > 3)", "KeyError: 'level'"),
]


@pytest.mark.parametrize(("violation", "failure"), BEHIND_A_CODE)
def test_a_mistake_behind_a_when_on_a_code_is_refused(
    violation: str, failure: str
) -> None:
    # rule(): when force.type == 'ced_probe' && force.subject.in_crisis == true,
    # which the sample with texts 'x' does not meet: `violation` is tried alone
    assert problems(pack_text(rule(violation=violation))) == [smoke_run(failure)]


def test_a_mistake_beside_a_code_comparison_is_refused() -> None:
    # `false && error` is false: the sample whose texts are 'ced_probe' reaches it
    when = "force.type == 'ced_probe' && force.subject.demonstration == true"
    assert problems(pack_text(rule(when=when))) == [smoke_run(DEMONSTRATION)]


def test_a_rule_reading_codes_as_numbers_loads() -> None:
    # NIBRS weapon codes 11-15 are firearms; int('x') fails on the sample only
    violation = "subject.armed_with.exists(w, int(w) >= 11 && int(w) <= 15)"
    pack = load(
        rule(
            each="subject", when="true", needs=None, evidence=None, violation=violation
        )
    )
    outcome = Engine(pack).evaluate(unit(subjects=[{"armed_with": ["12"]}]))
    assert (outcome.errors, outcome.status) == ([], {"ced-in-crisis": "fired"})


DIVIDES = "subject.medical_minutes / (subject.first_aid_minutes - 1) > 3"


def test_a_rule_that_divides_by_zero_on_the_sample_loads() -> None:
    # every number is 1 on the sample; recorded minutes may well differ
    pack = load(
        rule(each="subject", when="true", needs=None, evidence=None, violation=DIVIDES)
    )
    subject = {"medical_minutes": 30, "first_aid_minutes": 6}
    outcome = Engine(pack).evaluate(unit(subjects=[subject]))
    assert (outcome.errors, outcome.status) == ([], {"ced-in-crisis": "fired"})


def test_a_division_by_zero_on_a_report_is_a_failure_of_that_rule() -> None:
    pack = load(
        rule(
            each="subject",
            when="subject.injured == true",
            needs=["subject.medical_minutes", "subject.first_aid_minutes"],
            evidence=None,
            violation="subject.medical_minutes / subject.first_aid_minutes > 3",
        )
    )
    subject = {"injured": True, "medical_minutes": 5, "first_aid_minutes": 0}
    outcome = Engine(pack).evaluate(unit(subjects=[subject]))
    assert [str(e) for e in outcome.errors] == [
        "rule ced-in-crisis v1 failed on report:1: division by zero in CEL expression"
    ]
    assert outcome.status == {}


# -- beside a condition no sample meets: the paths the rule reads ---------------

# the sample's numbers are 1 and its texts one value at a time: a mistake beside
# a condition the sample never meets is not reached by the sample run, so the
# loader also checks every path the rule reads against the report view


def wrong_object(fact: str, on: str) -> str:
    return (
        f"  rule ced-in-crisis v1: reads `{fact}` of `{on}`, which has no such "
        "fact: check that each fact is read by a dotted path from a variable the "
        "rule sees, on the object that has it"
    )


NEVER_MET = [
    ("force", "force.level >= 4 && force.subject.demonstration == true"),
    (
        "force",
        "force.subject.first_aid_minutes > 15 && force.subject.demonstration == true",
    ),
    (
        "force",
        "force.type == 'neck_restraint' && force.resistance == 'active'"
        " && force.subject.demonstration == true",
    ),
    (
        "report",
        "report.force.exists(f, f.level >= 4 && f.subject.demonstration == true)",
    ),
]


@pytest.mark.parametrize(
    ("each", "violation"),
    NEVER_MET,
    ids=["level", "minutes", "two-codes", "in-a-macro"],
)
def test_a_mistake_beside_a_condition_the_sample_never_meets_is_refused(
    each: str, violation: str
) -> None:
    found = problems(report_rule(violation, each=each))
    assert found == [wrong_object("demonstration", "report.force.subject")]


@pytest.mark.parametrize(
    ("each", "violation", "fact", "on"),
    [
        (
            "subject",
            "subject.age_max > 17 && subject.demonstration == true",
            "demonstration",
            "report.subjects",
        ),
        (
            "officer",
            "officer.years_of_service > 3 && officer.armed == true",
            "armed",
            "report.officers",
        ),
        (
            "report",
            "report.force.exists(f, f.level > 3 && f.officer.armed == true)",
            "armed",
            "report.force.officer",
        ),
    ],
    ids=["subject", "officer", "force-officer"],
)
def test_the_path_check_names_the_object_as_the_report_has_it(
    each: str, violation: str, fact: str, on: str
) -> None:
    # `subject` is an element of `report.subjects`: the message names the list
    assert problems(report_rule(violation, each=each)) == [wrong_object(fact, on)]


def test_the_fact_read_on_the_object_that_has_it_loads() -> None:
    violation = "force.level >= 4 && report.incident.demonstration == true"
    pack = load(rule(when="true", needs=None, evidence=None, violation=violation))
    u = unit(force=[{"type": "neck_restraint"}], incident={"demonstration": True})
    outcome = Engine(pack).evaluate(u)
    assert (outcome.errors, outcome.status) == ([], {"ced-in-crisis": "fired"})


# -- what the loader still cannot see (docs/policy-rules.md says so) ------------

# NIBRS weapon codes are numbers written as text: `w >= 11` compares text with a
# number. The sample run finds it where it reaches it; beside a condition no
# sample meets it is not reached, and the path check sees only the paths. It
# fails on a report where the condition holds and the subject has a weapon code.
FIREARM = "force.level >= 4 && force.subject.armed_with.exists(w, w >= 11 && w <= 15)"


def test_a_type_error_the_sample_run_reaches_is_refused() -> None:
    violation = "force.subject.armed_with.exists(w, w >= 11 && w <= 15)"
    (found,) = problems(report_rule(violation, each="force"))
    assert found.startswith(
        "  rule ced-in-crisis v1: fails on a report with every fact recorded "
        "(TypeError: No such overload"
    )


def test_a_type_error_beside_a_condition_no_sample_meets_loads_then_fails() -> None:
    pack = load(rule(when="true", needs=None, evidence=None, violation=FIREARM))
    armed = unit(force=[{"type": "neck_restraint"}], subjects=[{"armed_with": ["12"]}])
    (error,) = Engine(pack).evaluate(armed).errors
    assert str(error).startswith(
        "rule ced-in-crisis v1 failed on report:1: No such overload"
    )
    # no weapon recorded, or force below level 4: no failure, nothing fires
    for subject, kind in (([], "neck_restraint"), (["12"], "takedown")):
        u = unit(force=[{"type": kind}], subjects=[{"armed_with": subject}])
        outcome = Engine(pack).evaluate(u)
        assert (outcome.errors, outcome.status) == ([], {"ced-in-crisis": "passed"})


def test_weapon_codes_compared_as_text_load_and_decide() -> None:
    # the fix docs/policy-rules.md gives
    firearm = "w in ['11', '12', '13', '14', '15']"
    violation = f"force.level >= 4 && force.subject.armed_with.exists(w, {firearm})"
    pack = load(rule(when="true", needs=None, evidence=None, violation=violation))
    decided = {}
    for weapon in ("12", "20"):
        u = unit(
            force=[{"type": "neck_restraint"}], subjects=[{"armed_with": [weapon]}]
        )
        outcome = Engine(pack).evaluate(u)
        assert outcome.errors == []
        decided[weapon] = outcome.status["ced-in-crisis"]
    assert decided == {"12": "fired", "20": "passed"}
