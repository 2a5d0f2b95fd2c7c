"""dispose(): a person's decision on a finding; out of policy, the duty to intervene."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from forcewatch.core.audit import audit_verify
from forcewatch.core.models import AuditEvent
from forcewatch.policy.models import (
    CheckRun,
    Disposition,
    Finding,
    FindingStatus,
    Kind,
    Outcome,
)
from forcewatch.policy.services import check_agency, dispose
from forcewatch.records import models as rm
from tests.policy_check.builders import agency, officer, write_incidents
from tests.policy_check.packs import local_pack, proportionate

DUTY = "duty-to-intervene"
SCENE = {
    "key": "SCENE",
    "date": dt.date(2023, 3, 10),
    "officers": [
        officer("o1", deescalation=["verbal_persuasion"]),
        officer("o2", "witnessed", intervened=False),
        officer("o3", "witnessed", intervened=True),
        officer("o4", "witnessed"),  # whether o4 intervened is not recorded
    ],
    "subjects": [{"injured": False}, {}],
    "force": [
        # a Taser probe (level 4) on passive resistance (level 2)
        {"officer": 0, "subject": 0, "type": "ced_probe", "resistance": "passive"},
        {"officer": 0, "subject": 1, "type": "escort_hold"},
    ],
}
ELSEWHERE = {
    "key": "ELSEWHERE",
    "date": dt.date(2023, 3, 11),
    "officers": [officer("o5"), officer("o2", "witnessed", intervened=False)],
    "subjects": [{"injured": False}],
    "force": [{"officer": 0, "subject": 0, "type": "takedown", "resistance": "active"}],
}


@pytest.fixture
def city(transactional_db: None) -> rm.Agency:
    target = agency("reviewed-city")
    write_incidents(target, [SCENE, ELSEWHERE])
    return target


def violation(target: rm.Agency, pack: str = "default") -> Finding:
    """The proportionality violation at SCENE (checked first with the default pack)."""
    if pack == "default":
        check_agency(target)
    return Finding.objects.get(
        agency=target, pack=pack, rule_id__endswith="proportionate", kind="violation"
    )


def duty(target: rm.Agency) -> dict[str, tuple[str, str]]:
    """officer key -> (kind, status) of the duty-to-intervene findings."""
    return {
        f.officer.source_key: (f.kind, f.status)
        for f in Finding.objects.filter(agency=target, rule_id=DUTY).select_related(
            "officer"
        )
        if f.officer is not None
    }


def test_dispose_records_a_disposition_and_the_finding_s_outcome(
    city: rm.Agency, reviewer: User
) -> None:
    finding = violation(city)
    runs = CheckRun.objects.count()
    made = dispose(
        finding,
        outcome=Outcome.WITHIN_POLICY,
        reasons="  Taser on a passive resister who was walking into traffic.  ",
        by=reviewer,
    )
    assert (made.finding_id, made.outcome, made.by_id) == (
        finding.pk,
        Outcome.WITHIN_POLICY,
        reviewer.pk,
    )
    assert made.reasons == "Taser on a passive resister who was walking into traffic."
    assert made.at is not None
    finding.refresh_from_db()
    assert (finding.outcome, finding.status) == (
        Outcome.WITHIN_POLICY,
        FindingStatus.DISPOSED,
    )
    assert CheckRun.objects.count() == runs  # within policy: nothing to re-check
    assert duty(city) == {}


def test_out_of_policy_makes_the_duty_to_intervene_fire_for_officers_present(
    city: rm.Agency, reviewer: User
) -> None:
    finding = violation(city)
    assert duty(city) == {}
    dispose(
        finding,
        outcome=Outcome.OUT_OF_POLICY,
        reasons="Two levels above the resistance met.",
        by=reviewer,
    )
    # o2 did not intervene; o3 did; o4's account is missing; o1 used the force
    assert duty(city) == {
        "o2": (Kind.VIOLATION, FindingStatus.OPEN),
        "o4": (Kind.INCOMPLETE, FindingStatus.OPEN),
    }
    o2 = Finding.objects.get(rule_id=DUTY, officer__source_key="o2")
    assert (o2.item, o2.incident_id) == ("officer:o2", finding.incident_id)
    assert o2.evidence["officer.intervened"] is False
    assert o2.unit == "north"
    # o2 was also present elsewhere, where no force was found excessive
    assert not Finding.objects.filter(rule_id=DUTY).exclude(
        incident_id=finding.incident_id
    )
    run = CheckRun.objects.latest("pk")
    assert (run.actor, run.units_seen) == ("reviewer", 1)


def test_the_latest_disposition_counts_and_the_next_check_clears_the_duty(
    city: rm.Agency, reviewer: User
) -> None:
    finding = violation(city)
    dispose(finding, outcome=Outcome.OUT_OF_POLICY, reasons="excessive", by=reviewer)
    dispose(
        finding,
        outcome=Outcome.WITHIN_POLICY,
        reasons="on appeal: the video shows active resistance",
        by=reviewer,
    )
    finding.refresh_from_db()
    assert finding.outcome == Outcome.WITHIN_POLICY
    assert list(
        Disposition.objects.filter(finding=finding)
        .order_by("pk")
        .values_list("outcome", flat=True)
    ) == [Outcome.OUT_OF_POLICY, Outcome.WITHIN_POLICY]
    check_agency(city)
    assert duty(city) == {
        "o2": (Kind.VIOLATION, FindingStatus.CLEARED),
        "o4": (Kind.INCOMPLETE, FindingStatus.CLEARED),
    }
    assert audit_verify().ok


def test_out_of_policy_on_a_missing_fact_triggers_nothing(
    city: rm.Agency, reviewer: User
) -> None:
    check_agency(city)
    missing = Finding.objects.get(rule_id="injury-recorded")
    dispose(missing, outcome=Outcome.OUT_OF_POLICY, reasons="not asked", by=reviewer)
    assert duty(city) == {}


@pytest.mark.parametrize(
    ("outcome", "reasons", "message"),
    [
        ("excessive", "because", "unknown outcome 'excessive'; one of "),
        (Outcome.OUT_OF_POLICY, "   ", "a disposition gives its reasons"),
    ],
)
def test_dispose_refuses_an_unknown_outcome_or_no_reasons(
    city: rm.Agency, reviewer: User, outcome: str, reasons: str, message: str
) -> None:
    finding = violation(city)
    events = AuditEvent.objects.count()
    with pytest.raises(ValueError, match=message):
        dispose(finding, outcome=outcome, reasons=reasons, by=reviewer)
    finding.refresh_from_db()
    assert (finding.outcome, finding.status) == ("", FindingStatus.OPEN)
    assert not Disposition.objects.exists()
    assert AuditEvent.objects.count() == events


def test_out_of_policy_rechecks_with_the_finding_s_own_pack(
    city: rm.Agency, reviewer: User
) -> None:
    duty_rule = """
  - id: intervene
    version: 1
    title: Officers present at excessive force intervene
    effective_from: 2000-01-01
    policy: {text: "Intervene.", source: test}
    each: officer
    when: report.excessive_force_found && !officer.used_force
    needs: [officer.intervened]
    violation: "!officer.intervened"
"""
    pack = local_pack(proportionate(1, "2000-01-01", None, 2) + duty_rule)
    check_agency(city, pack=pack)
    finding = violation(city, pack="local")
    dispose(finding, outcome=Outcome.OUT_OF_POLICY, reasons="excessive", by=reviewer)
    assert not Finding.objects.filter(pack="default").exists()
    check_agency(city, pack=pack)  # the agency's own pack sees the decision
    fired = Finding.objects.filter(pack="local", rule_id="intervene")
    assert {f.officer.source_key for f in fired if f.officer} == {"o2", "o4"}
