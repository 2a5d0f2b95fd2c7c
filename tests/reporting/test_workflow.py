"""The chain-of-command workflow: draft, submit, return, correct, approve, close."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from forcewatch.core.audit import audit_verify
from forcewatch.records import models as rm
from forcewatch.reporting.models import FieldReport, ReportVersion, Status, Transition
from forcewatch.reporting.services import (
    ContentInvalid,
    StaleReport,
    report_create,
    report_save,
    report_transition,
    statement_file,
)
from tests.personas import World, make_world, report_content


@pytest.fixture
def world(transactional_db: None) -> World:
    return make_world()


def draft(world: World) -> FieldReport:
    return report_create(
        actor=world.users["officer"], agency=world.agency, content=report_content(world)
    )


def test_an_officer_files_a_draft_with_a_number_and_a_first_version(
    world: World,
) -> None:
    report = draft(world)
    assert report.number.startswith("UF-") and report.number.endswith("-000001")
    assert (report.status, report.version, report.unit) == (Status.DRAFT, 1, "north")
    assert report.versions.get().content["subjects"][1]["ethnicity"] == "H"


def test_handcuffing_without_a_justification_is_refused_at_the_field(
    world: World,
) -> None:
    content = report_content(world)
    content["subjects"][0]["handcuff_justification"] = ""  # type: ignore[index]
    with pytest.raises(
        ContentInvalid, match="subjects.0: Value error, handcuffing must"
    ):
        report_create(
            actor=world.users["officer"], agency=world.agency, content=content
        )


def test_force_must_name_an_officer_and_a_subject_of_the_report(world: World) -> None:
    content = report_content(world)
    content["forces"][0]["subject"] = 7  # type: ignore[index]
    with pytest.raises(ContentInvalid, match="there is no subject 8"):
        report_create(
            actor=world.users["officer"], agency=world.agency, content=content
        )


def test_a_second_save_of_the_same_version_is_refused_and_nothing_is_lost(
    world: World,
) -> None:
    report = draft(world)
    first = report_content(world, address="first edit")
    report_save(
        actor=world.users["officer"],
        report_id=report.pk,
        expected_version=1,
        content=first,
    )
    with pytest.raises(StaleReport, match="changed by someone else"):
        report_save(
            actor=world.users["officer"],
            report_id=report.pk,
            expected_version=1,
            content=report_content(world, address="second edit"),
        )
    report.refresh_from_db()
    assert report.version == 2
    assert report.content["incident"]["address"] == "first edit"
    assert ReportVersion.objects.filter(report=report).count() == 2


def test_the_whole_chain_returns_corrects_approves_and_writes_canonical_records(
    world: World,
) -> None:
    officer, supervisor = world.users["officer"], world.users["supervisor"]
    report = draft(world)
    report_transition(actor=officer, report_id=report.pk, to_status="submitted")
    report_transition(
        actor=supervisor,
        report_id=report.pk,
        to_status="returned",
        reason="Say which warning was given.",
    )
    report_save(
        actor=officer,
        report_id=report.pk,
        expected_version=1,
        content=report_content(
            world, narrative="Warned: 'stop or you will be taken to the ground'."
        ),
    )
    report_transition(actor=officer, report_id=report.pk, to_status="submitted")
    report = report_transition(
        actor=supervisor, report_id=report.pk, to_status="approved"
    )
    assert report.status == Status.APPROVED and report.incident is not None
    steps = list(
        Transition.objects.filter(report=report).values_list("to_status", flat=True)
    )
    assert steps == ["submitted", "returned", "submitted", "approved"]
    assert Transition.objects.get(to_status="returned").reason.startswith("Say which")
    incident = report.incident
    assert incident.subjects.count() == 2
    assert (
        incident.involvements.get(officer=world.officers["partner"]).role == "witnessed"
    )
    forces = incident.force_applications.order_by("sequence")
    assert [f.force_type for f in forces] == ["takedown", "handcuffing", "escort_hold"]
    assert rm.Engagement.objects.filter(incident=incident).count() == 2
    assert audit_verify().ok


def test_nobody_reviews_their_own_report_or_another_units(world: World) -> None:
    report = draft(world)
    report_transition(
        actor=world.users["officer"], report_id=report.pk, to_status="submitted"
    )
    for name in (
        "officer",
        "south_supervisor",
        "other_supervisor",
        "analyst",
        "partner",
    ):
        with pytest.raises(PermissionDenied):
            report_transition(
                actor=world.users[name], report_id=report.pk, to_status="approved"
            )
    assert FieldReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_returning_needs_a_reason(world: World) -> None:
    report = draft(world)
    report_transition(
        actor=world.users["officer"], report_id=report.pk, to_status="submitted"
    )
    with pytest.raises(ContentInvalid, match="say why"):
        report_transition(
            actor=world.users["supervisor"], report_id=report.pk, to_status="returned"
        )


def test_an_approved_report_cannot_be_edited_and_closes_by_professional_standards(
    world: World,
) -> None:
    report = draft(world)
    report_transition(
        actor=world.users["officer"], report_id=report.pk, to_status="submitted"
    )
    report_transition(
        actor=world.users["supervisor"], report_id=report.pk, to_status="approved"
    )
    with pytest.raises(PermissionDenied):
        report_save(
            actor=world.users["officer"],
            report_id=report.pk,
            expected_version=1,
            content=report_content(world),
        )
    with pytest.raises(PermissionDenied):
        report_transition(
            actor=world.users["supervisor"], report_id=report.pk, to_status="closed"
        )
    closed = report_transition(
        actor=world.users["professional_standards"],
        report_id=report.pk,
        to_status="closed",
    )
    assert closed.status == Status.CLOSED


def test_a_witnessing_officer_files_their_own_statement(world: World) -> None:
    report = draft(world)
    statement = statement_file(
        actor=world.users["partner"],
        report_id=report.pk,
        text="I saw the takedown; I did not need to intervene.",
        intervened=False,
    )
    assert statement.officer == world.officers["partner"]
    with pytest.raises(PermissionDenied):
        statement_file(
            actor=world.users["bystander"],
            report_id=report.pk,
            text="x",
            intervened=None,
        )


def test_a_report_names_only_officers_of_its_own_agency(world: World) -> None:
    content = report_content(world)
    content["officers"][1]["officer_id"] = world.officers["other_officer"].pk  # type: ignore[index]
    with pytest.raises(ContentInvalid, match="officers.1.officer_id: not an officer"):
        report_create(
            actor=world.users["officer"], agency=world.agency, content=content
        )


def test_an_officers_list_holds_their_own_reports_and_those_naming_them(
    world: World,
) -> None:
    from forcewatch.accounts.selectors import principal_for
    from forcewatch.reporting.selectors import report_list

    report = draft(world)
    seen = {
        name: list(
            report_list(who=principal_for(world.users[name]), agency_id=world.agency.pk)
        )
        for name in ("officer", "partner", "bystander")
    }
    assert seen == {"officer": [report], "partner": [report], "bystander": []}
    content = report_content(world)
    content["officers"] = content["officers"][:1]  # type: ignore[index]
    content["forces"] = [f for f in content["forces"] if f["officer"] == 0]  # type: ignore[attr-defined,index]
    report_save(
        actor=world.users["officer"],
        report_id=report.pk,
        expected_version=1,
        content=content,
    )
    partner = principal_for(world.users["partner"])
    assert list(report_list(who=partner, agency_id=world.agency.pk)) == []
