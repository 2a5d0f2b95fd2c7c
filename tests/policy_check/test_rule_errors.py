"""A rule that fails at run time is reported, and its reports are checked again."""

from __future__ import annotations

import datetime as dt

import pytest

from forcewatch.core.audit import audit_verify
from forcewatch.policy.models import Finding, Kind, UnitCheck
from forcewatch.policy.services import check_agency
from forcewatch.records import models as rm
from tests.policy_check.builders import (
    agency,
    edit,
    findings,
    incident_id,
    officer,
    write_incidents,
)
from tests.policy_check.packs import CARELESS, local_pack

DAY = dt.date(2022, 5, 4)


def incident(key: str, force: str, resistance: str | None) -> dict[str, object]:
    return {
        "key": key,
        "date": DAY,
        "officers": [officer("o1")],
        "subjects": [{}],
        "force": [
            {"officer": 0, "subject": 0, "type": force, "resistance": resistance}
        ],
    }


@pytest.fixture
def city(transactional_db: None) -> rm.Agency:
    target = agency("erring-city")
    write_incidents(
        target,
        [
            incident("PASSIVE", "strike", "passive"),  # fires
            incident("UNKNOWN", "strike", None),  # the rule fails
            incident("SPOKEN", "verbal_command", None),  # not applied: not asked
        ],
    )
    return target


def unit_key(target: rm.Agency, key: str) -> str:
    return f"report:{rm.Report.objects.get(agency=target, source_key=key).pk}"


def test_a_failing_rule_is_reported_and_the_other_rules_still_count(
    city: rm.Agency,
) -> None:
    pack = local_pack(CARELESS)
    summary = check_agency(city, pack=pack)
    [error] = summary.errors
    failing = unit_key(city, "UNKNOWN")
    assert (error.rule.label, error.unit_key) == ("low-resistance v1", failing)
    assert f"rule low-resistance v1 failed on {failing}: " in str(error)
    assert summary.run.tallies["low-resistance"] == {
        "applicable": 1,
        "fired": 1,
        "errors": 1,
    }
    fired = Finding.objects.get(rule_id="low-resistance")
    assert (fired.unit_key, fired.kind) == (unit_key(city, "PASSIVE"), Kind.VIOLATION)
    # the other rule's findings are kept for the failing report too
    incomplete = Finding.objects.filter(rule_id="injury-recorded")
    assert {f.unit_key for f in incomplete} == {
        unit_key(city, k) for k in ("PASSIVE", "UNKNOWN", "SPOKEN")
    }


def test_the_reports_a_rule_failed_on_are_checked_again_next_time(
    city: rm.Agency,
) -> None:
    pack = local_pack(CARELESS)
    check_agency(city, pack=pack)
    failing = unit_key(city, "UNKNOWN")
    cached = set(UnitCheck.objects.values_list("unit_key", flat=True))
    assert cached == {unit_key(city, "PASSIVE"), unit_key(city, "SPOKEN")}
    before = findings(city)
    again = check_agency(city, pack=pack)
    assert again.run.units_checked == 1
    assert [e.unit_key for e in again.errors] == [failing]
    assert findings(city) == before  # nothing duplicated
    # the fact is recorded after all: the report is checked, and then left alone
    force = rm.ForceApplication.objects.get(incident_id=incident_id(city, "UNKNOWN"))
    edit(force, resistance="passive")
    fixed = check_agency(city, pack=pack)
    assert not fixed.errors and fixed.run.units_checked == 1
    assert Finding.objects.filter(rule_id="low-resistance").count() == 2
    assert check_agency(city, pack=pack).run.units_checked == 0
    assert audit_verify().ok
