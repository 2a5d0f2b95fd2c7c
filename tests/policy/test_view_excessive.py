"""`officer.force_found_excessive` comes from reviewers' dispositions (database).

An incident of two reports, as Chicago files them: officer A's neck restraint
is in report R-A, officer B's takedown in report R-B; C and D only watched.
When a reviewer disposes the neck-restraint finding as out of policy, A's force
is found excessive in both reports of that incident (not in A's other
incident), and the duty to intervene asks B once, in B's own report, never A.
C and D are linked to no report: they are members of the incident's first
report, R-A, and asked there only (C intervened; whether D did is missing).
A first-aid finding disposed out of policy finds no force excessive.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from forcewatch.core.audit import audit_write
from forcewatch.intake.batch import Batch, Pending, Ref
from forcewatch.intake.writer import BatchWriter
from forcewatch.policy.models import Finding, FindingStatus, Kind, Outcome
from forcewatch.policy.services import check_agency, dispose
from forcewatch.policy.view import ViewBuilder
from forcewatch.records import models as rm

pytestmark = pytest.mark.django_db(transaction=True)

SCENE = "SCENE"
ELSEWHERE = "ELSEWHERE"
AID = "AID"


def _write(target: rm.Agency) -> None:
    """The two incidents, through the import writer (the path of every import)."""
    batch = Batch()

    def incident(key: str, on: dt.date, reports: list[str], **subject: object) -> None:
        batch.add("incident", key, Pending({"occurred_date": on}, {}, 1))
        for name in reports:
            refs: dict[str, Ref] = {"incident_id": ("incident", key)}
            batch.add("report", name, Pending({"status": "approved"}, refs, 1))
        refs = {"incident_id": ("incident", key)}
        batch.add("subject", f"{key}/s", Pending(dict(subject), refs, 1))

    def present(key: str, officer: str, role: str, **facts: object) -> None:
        batch.add("officer", officer, Pending({}, {}, 1))
        refs: dict[str, Ref] = {
            "incident_id": ("incident", key),
            "officer_id": ("officer", officer),
        }
        values = {"role": role, "deescalation": ["time"], **facts}
        batch.add("involvement", f"{key}|{officer}", Pending(values, refs, 1))

    def force(key: str, officer: str, kind: str, report: str) -> None:
        refs: dict[str, Ref] = {
            "incident_id": ("incident", key),
            "report_id": ("report", report),
            "involvement_id": ("involvement", f"{key}|{officer}"),
            "subject_id": ("subject", f"{key}/s"),
        }
        values = {"sequence": 1, "force_type": kind, "resistance": "active"}
        batch.add("force", f"{key}/{officer}", Pending(values, refs, 1))

    incident(SCENE, dt.date(2023, 3, 10), ["R-A", "R-B"])
    present(SCENE, "A", "used_force", intervened=False)
    present(SCENE, "B", "used_force", intervened=False)
    present(SCENE, "C", "witnessed", intervened=True)
    present(SCENE, "D", "witnessed")  # whether D intervened is not recorded
    force(SCENE, "A", "neck_restraint", "R-A")
    force(SCENE, "B", "takedown", "R-B")
    incident(ELSEWHERE, dt.date(2023, 3, 11), ["R-E"])
    present(ELSEWHERE, "A", "used_force")
    present(ELSEWHERE, "B", "witnessed", intervened=False)
    force(ELSEWHERE, "A", "takedown", "R-E")
    # an injured subject left without first aid after force within policy
    incident(
        AID,
        dt.date(2023, 3, 12),
        ["R-F"],
        injured=True,
        first_aid_given=False,
        medical_requested=True,
    )
    present(AID, "A", "used_force")
    present(AID, "B", "witnessed", intervened=False)
    force(AID, "A", "takedown", "R-F")
    with (
        transaction.atomic(durable=True),
        audit_write(actor="test", action="test_records", summary="2 incidents") as a,
    ):
        BatchWriter(agency=target, source_file=None, audit=a).write(batch)


@pytest.fixture
def city() -> rm.Agency:
    with (
        transaction.atomic(durable=True),
        audit_write(actor="test", action="test_setup", summary="city") as audit,
    ):
        target = rm.Agency(slug="excessive-city", name="Excessive City")
        audit.save(target)
    _write(target)
    return target


@pytest.fixture
def reviewer() -> User:
    return User.objects.create_user("reviewer")


def found(target: rm.Agency) -> dict[str, dict[str, bool]]:
    """report key -> officer key -> force_found_excessive ("*": the report's
    excessive_force_found), as the view builder makes them."""
    builder = ViewBuilder(target.pk)
    out = {}
    for unit in builder.units(builder.incident_ids()):
        view = unit.view
        flags = {o["key"]: o["force_found_excessive"] for o in view["officers"]}
        out[view["key"]] = {**flags, "*": view["excessive_force_found"]}
    return out


NOBODY = {
    "R-A": {"A": False, "B": False, "C": False, "D": False, "*": False},
    "R-B": {"A": False, "B": False, "C": False, "D": False, "*": False},
    "R-E": {"A": False, "B": False, "*": False},
    "R-F": {"A": False, "B": False, "*": False},
}


def neck_restraint(target: rm.Agency) -> Finding:
    return Finding.objects.get(
        agency=target, rule_id="neck-restraint", kind=Kind.VIOLATION
    )


def duty(target: rm.Agency) -> list[tuple[str, str, str, str, str]]:
    """(incident, report, officer, kind, status) of each duty-to-intervene finding."""
    return sorted(
        (
            f.incident.source_key,
            f.report.source_key if f.report else "",
            f.officer.source_key if f.officer else "",
            f.kind,
            f.status,
        )
        for f in Finding.objects.filter(
            agency=target, rule_id="duty-to-intervene"
        ).select_related("incident", "report", "officer")
    )


def in_report(target: rm.Agency) -> dict[str, set[str]]:
    """report key -> the officers whose report it is (`officer.in_report`)."""
    builder = ViewBuilder(target.pk)
    return {
        u.view["key"]: {o["key"] for o in u.view["officers"] if o["in_report"]}
        for u in builder.units(builder.incident_ids())
    }


def asked(target: rm.Agency, officer: str) -> list[tuple[str, str, str, str]]:
    return [(i, r, k, s) for i, r, o, k, s in duty(target) if o == officer]


def test_an_open_finding_finds_no_force_excessive(city: rm.Agency) -> None:
    check_agency(city)
    assert neck_restraint(city).officer.source_key == "A"  # type: ignore[union-attr]
    assert found(city) == NOBODY
    assert duty(city) == []


def test_each_report_of_the_scene_is_its_officer_s_own(city: rm.Agency) -> None:
    reports = in_report(city)
    # C and D, linked to no report, are members of the first report only
    assert reports["R-A"] == {"A", "C", "D"}
    assert reports["R-B"] == {"B"}
    # one report: every officer of the incident
    assert (reports["R-E"], reports["R-F"]) == ({"A", "B"}, {"A", "B"})


def test_out_of_policy_marks_that_officer_in_every_report_of_the_incident(
    city: rm.Agency, reviewer: User
) -> None:
    check_agency(city)
    dispose(
        neck_restraint(city),
        outcome=Outcome.OUT_OF_POLICY,
        reasons="A neck restraint on active resistance.",
        by=reviewer,
    )
    scene = {"A": True, "B": False, "C": False, "D": False, "*": True}
    assert found(city) == {**NOBODY, "R-A": scene, "R-B": scene}
    # B did not intervene: asked once, in B's own report; A is not asked, and
    # nobody at A's other incidents
    assert asked(city, "B") == [(SCENE, "R-B", Kind.VIOLATION, FindingStatus.OPEN)]
    assert asked(city, "A") == []
    assert {i for i, *_ in duty(city)} == {SCENE}


def test_the_latest_disposition_counts(city: rm.Agency, reviewer: User) -> None:
    check_agency(city)
    finding = neck_restraint(city)
    dispose(finding, outcome=Outcome.OUT_OF_POLICY, reasons="excessive", by=reviewer)
    dispose(
        finding,
        outcome=Outcome.WITHIN_POLICY,
        reasons="on appeal: deadly force was threatened",
        by=reviewer,
    )
    assert found(city) == NOBODY
    check_agency(city)
    assert {status for *_, status in duty(city)} == {FindingStatus.CLEARED}


def test_a_finding_on_first_aid_is_not_force_found_excessive(
    city: rm.Agency, reviewer: User
) -> None:
    check_agency(city)
    first_aid = Finding.objects.get(
        agency=city, rule_id="first-aid-and-medical-help", kind=Kind.VIOLATION
    )
    assert first_aid.item.startswith("subject:")
    dispose(first_aid, outcome=Outcome.OUT_OF_POLICY, reasons="none", by=reviewer)
    assert found(city) == NOBODY
    assert duty(city) == []


def test_an_officer_in_no_report_is_asked_once_in_the_first(
    city: rm.Agency, reviewer: User
) -> None:
    check_agency(city)
    dispose(
        neck_restraint(city),
        outcome=Outcome.OUT_OF_POLICY,
        reasons="A neck restraint on active resistance.",
        by=reviewer,
    )
    # C intervened: not asked; D's account is missing: asked once, in R-A
    assert asked(city, "C") == []
    assert asked(city, "D") == [(SCENE, "R-A", Kind.INCOMPLETE, FindingStatus.OPEN)]
    assert [(r, o) for _, r, o, *_ in duty(city)] == [("R-A", "D"), ("R-B", "B")]
    # checking again asks nobody twice
    check_agency(city)
    assert [(r, o) for _, r, o, *_ in duty(city)] == [("R-A", "D"), ("R-B", "B")]


# -- which report is "first": the first filed, whatever the table order -------


def test_the_first_report_is_the_first_filed_whatever_the_table_order(
    city: rm.Agency,
) -> None:
    # an edited report's row moves in PostgreSQL's table: R-A is still first
    rm.Report.objects.filter(source_key="R-A").update(status="approved")
    reports = in_report(city)
    assert (reports["R-A"], reports["R-B"]) == ({"A", "C", "D"}, {"B"})
