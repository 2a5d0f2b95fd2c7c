"""Deadly-force review cases through the web: list, detail, every step."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from forcewatch.accounts.models import AccessEvent
from forcewatch.policy.models import CaseEvent, CaseStatus, DeadlyForceCase
from tests.personas import World
from tests.policy_ui.conftest import as_user, case_of, scenario


def move(client: Client, case: DeadlyForceCase, **data: object) -> tuple[int, str]:
    response = client.post(reverse("policy:move", args=[case.pk]), data, follow=True)
    return response.status_code, response.content.decode()


def test_the_case_list_shows_the_agencys_cases_by_status(world: World) -> None:
    scenario(world)
    case = case_of("A1")
    client = as_user(world, "oversight")
    url = reverse("policy:cases", args=[world.agency.slug])
    html = client.get(url).content.decode()
    assert case.number in html and "Opened" in html
    assert case_of("B1").number not in html
    html = client.get(url, {"status": "closed"}).content.decode()
    assert case.number not in html and "No cases." in html


def test_the_case_page_shows_the_force_and_the_timeline(world: World) -> None:
    scenario(world)
    case = case_of("A1")
    html = (
        as_user(world, "agency_admin")
        .get(reverse("policy:case", args=[case.pk]))
        .content.decode()
    )
    assert "Neck or carotid restraint / chokehold" in html
    assert "<td>Officer Test</td><td>north</td><td>A1-s0</td><td>active</td>" in html
    assert "opened: deadly force recorded (neck_restraint)" in html
    assert 'action="/staff/policy/cases/' not in html  # admin reads only
    assert AccessEvent.objects.filter(what="deadly_force_case").count() == 1


def test_professional_standards_takes_a_case_from_opening_to_closure(
    world: World,
) -> None:
    scenario(world)
    case = case_of("A1")
    client = as_user(world, "professional_standards")
    investigator = world.users["professional_standards"]

    code, html = move(client, case, to="investigation", investigator=investigator.pk)
    assert code == 200 and "Case is now: Under investigation." in html

    code, html = move(client, case, to="board", summary="   ")
    assert code == 400 and "Summarise the investigation." in html
    assert DeadlyForceCase.objects.get(pk=case.pk).status == CaseStatus.INVESTIGATION

    code, html = move(client, case, to="board", summary="Witnesses interviewed.")
    assert "Case is now: Before the review board." in html

    code, html = move(client, case, to="investigation", note="Find the video.")
    assert "Case is now: Under investigation." in html
    assert "\nWitnesses interviewed.</textarea>" in html  # the summary to amend
    summary = "Witnesses interviewed; video reviewed."
    code, html = move(client, case, to="board", summary=summary, note="Video.")
    assert "Before the review board" in html

    code, html = move(client, case, to="closed", board_finding="out_of_policy")
    assert code == 400
    assert "Record the board&#x27;s reasons." in html
    assert "Give the date of the board&#x27;s decision." in html

    code, html = move(
        client,
        case,
        to="closed",
        board_finding="out_of_policy",
        board_reasons="No threat of death or serious injury.",
        board_date="2024-09-30",
    )
    assert "Case is now: Closed." in html and "Out of policy" in html
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.investigator == investigator
    assert case.investigation_summary == summary
    assert case.board_date == date(2024, 9, 30) and case.closed_on is not None
    steps = list(
        CaseEvent.objects.filter(case=case)
        .order_by("pk")
        .values_list("to_status", flat=True)
    )
    assert steps == [
        "open",
        "investigation",
        "board",
        "investigation",
        "board",
        "closed",
    ]
    assert 'name="to"' not in html  # a closed case has no next step


def test_a_step_out_of_order_is_refused_with_the_reason(world: World) -> None:
    scenario(world)
    case = case_of("A1")
    client = as_user(world, "professional_standards")
    code, html = move(
        client,
        case,
        to="closed",
        board_finding="within_policy",
        board_reasons="Fine.",
        board_date="2024-09-30",
    )
    assert code == 409 and "This step is not possible now" in html
    code, _html = move(client, case, to="sideways")
    assert code == 400
    assert DeadlyForceCase.objects.get(pk=case.pk).status == CaseStatus.OPEN
