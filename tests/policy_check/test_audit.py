"""`forcewatch audit verify` after everything the policy services write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from forcewatch.core.audit import audit_verify
from forcewatch.policy.models import CaseStatus, DeadlyForceCase, Finding, Outcome
from forcewatch.policy.services import case_move, check_agency, dispose
from forcewatch.records import models as rm
from tests.policy_check.builders import agency, edit, officer, write_incidents
from tests.policy_check.packs import CARELESS, local_pack, proportionate
from tests.policy_check.test_dispositions import SCENE

SHOT = {
    "key": "SHOT",
    "date": dt.date(2023, 4, 1),
    "officers": [officer("o9")],
    "subjects": [{"fleeing": True, "armed": False}],
    "force": [
        {
            "officer": 0,
            "subject": 0,
            "type": "firearm_discharge",
            "resistance": "active",
        }
    ],
}


def test_audit_verify_passes_after_checks_dispositions_and_cases(
    transactional_db: None, reviewer: User
) -> None:
    city = agency("audited-city")
    write_incidents(city, [SCENE, SHOT])
    check_agency(city)
    check_agency(city)
    check_agency(city, pack=local_pack(CARELESS))  # with rule errors
    v1 = proportionate(1, "2000-01-01", "2022-12-31", 2)
    check_agency(city, pack=local_pack(v1, "a"))
    check_agency(city, pack=local_pack(v1 + proportionate(2, "2023-01-01", None, 1)))
    subject = rm.Subject.objects.get(agency=city, source_key="SHOT/s1")
    edit(subject, injured=True, first_aid_given=False, medical_requested=True)
    check_agency(city)
    [fleeing] = Finding.objects.filter(rule_id="deadly-force-fleeing")
    dispose(fleeing, outcome=Outcome.OUT_OF_POLICY, reasons="no threat", by=reviewer)
    dispose(fleeing, outcome=Outcome.TRAINING_ISSUE, reasons="review", by=reviewer)
    case = DeadlyForceCase.objects.get()
    case = case_move(case, CaseStatus.INVESTIGATION, by=reviewer)
    case = case_move(case, CaseStatus.BOARD, by=reviewer, summary="s")
    case_move(
        case,
        CaseStatus.CLOSED,
        by=reviewer,
        board_finding=Outcome.OUT_OF_POLICY,
        board_reasons="fleeing, unarmed",
    )
    result = audit_verify()
    assert result.ok, result.problems
    assert result.events > 15


def test_an_interrupted_check_leaves_the_audit_verifiable(
    transactional_db: None,
) -> None:
    city = agency("interrupted-city")
    write_incidents(city, [SCENE, SHOT])

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check_agency(city, progress=interrupt)
    assert Finding.objects.filter(agency=city).exists()  # the chunk was stored
    result = audit_verify()
    assert result.ok, result.problems
