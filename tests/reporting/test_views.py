"""Staff pages, each with its success and its denials, through Django's test client."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forcewatch.accounts.models import AccessEvent
from forcewatch.reporting.models import FieldReport, Status, WitnessStatement
from tests.personas import PASSWORD, World, report_content
from tests.reporting.conftest import as_user, filed
from tests.reporting.formdata import form_post


def test_anonymous_users_are_sent_to_sign_in(world: World) -> None:
    response = Client().get(reverse("reporting:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_works_and_five_failures_lock_the_account(world: World) -> None:
    client = Client()
    good = {"username": "officer", "password": PASSWORD}
    assert client.post(reverse("login"), good).status_code == 302
    client.post(reverse("logout"))
    bad = {"username": "officer", "password": "wrong password here"}
    codes = [client.post(reverse("login"), bad).status_code for _ in range(5)]
    assert codes[:4] == [200] * 4 and codes[4] == 429
    assert client.post(reverse("login"), good).status_code == 429


def test_an_officer_lists_their_reports_and_none_of_another_agency(
    world: World,
) -> None:
    mine, theirs = filed(world), filed(world, by="other_officer")
    page = as_user(world, "officer").get(reverse("reporting:list")).content.decode()
    assert mine.number in page and f"/staff/{theirs.pk}/" not in page


def test_the_list_filters_by_status_and_unit(world: World) -> None:
    draft, submitted = filed(world), filed(world, submit=True)
    client = as_user(world, "supervisor")
    page = client.get(reverse("reporting:list"), {"status": "submitted"})
    assert submitted.number in page.content.decode()
    assert draft.number not in page.content.decode()
    page = client.get(reverse("reporting:list"), {"unit": "south"})
    assert "No reports." in page.content.decode()


def test_the_list_is_paginated(world: World) -> None:
    for _ in range(26):
        filed(world)
    client = as_user(world, "officer")
    first = client.get(reverse("reporting:list")).content.decode()
    second = client.get(reverse("reporting:list"), {"page": 2}).content.decode()
    assert first.count("<tr><td><a href=") == 25
    assert "Reports 1 to 25" in first and "Next page" in first
    assert second.count("<tr><td><a href=") == 1
    assert "Reports 26 to 26" in second and "Next page" not in second


def test_roles_that_do_not_list_reports_are_refused(world: World) -> None:
    for name in ("analyst", "training", "wellness"):
        assert as_user(world, name).get(reverse("reporting:list")).status_code == 403


def test_the_review_queue_marks_overdue_reports(world: World) -> None:
    late, fresh = filed(world, submit=True), filed(world, submit=True)
    FieldReport.objects.filter(pk=late.pk).update(
        review_due=timezone.now() - dt.timedelta(hours=1)
    )
    page = as_user(world, "supervisor").get(reverse("reporting:queue"))
    html = page.content.decode()
    assert late.number in html and fresh.number in html
    assert html.count("Overdue") == 1


def test_the_review_queue_is_for_supervisors_only(world: World) -> None:
    for name in ("officer", "professional_standards", "analyst"):
        assert as_user(world, name).get(reverse("reporting:queue")).status_code == 403


def test_the_detail_page_shows_the_timeline_and_logs_the_read(world: World) -> None:
    report = filed(world, submit=True)
    page = as_user(world, "supervisor").get(
        reverse("reporting:detail", args=[report.pk])
    )
    html = page.content.decode()
    assert "saved version 1" in html and "Submitted, awaiting review" in html
    assert "Takedown" in html and "Subject 2" in html
    for named in ("officer", "partner"):  # the officers the report names, by name
        assert str(world.officers[named]) in html
    assert AccessEvent.objects.filter(
        user=world.users["supervisor"], what="report", object_id=str(report.pk)
    ).exists()


def test_another_agencys_report_is_not_found(world: World) -> None:
    report = filed(world, by="other_officer")
    for name in ("officer", "supervisor", "agency_admin"):
        url = reverse("reporting:detail", args=[report.pk])
        assert as_user(world, name).get(url).status_code == 404


def test_an_officer_files_a_multi_subject_report_through_the_form(
    world: World,
) -> None:
    client = as_user(world, "officer")
    assert client.get(reverse("reporting:new")).status_code == 200
    response = client.post(reverse("reporting:new"), form_post(report_content(world)))
    assert response.status_code == 302
    report = FieldReport.objects.get()
    assert len(report.content["subjects"]) == 2
    assert [f["force_type"] for f in report.content["forces"]] == [
        "takedown",
        "handcuffing",
        "escort_hold",
    ]
    named = sorted(report.named.values_list("officer_id", flat=True))
    assert named == sorted([world.officers["officer"].pk, world.officers["partner"].pk])


def test_blank_extra_rows_are_ignored(world: World) -> None:
    data = form_post(report_content(world))
    data["subjects-TOTAL_FORMS"] = "3"  # a blank third row
    response = as_user(world, "officer").post(reverse("reporting:new"), data)
    assert response.status_code == 302
    assert len(FieldReport.objects.get().content["subjects"]) == 2


def test_add_another_subject_shows_one_more_row_and_saves_nothing(
    world: World,
) -> None:
    data = form_post(report_content(world))
    data["add"] = "subjects"
    del data["save"]
    response = as_user(world, "officer").post(reverse("reporting:new"), data)
    assert response.status_code == 200
    assert 'name="subjects-2-sex"' in response.content.decode()
    assert not FieldReport.objects.exists()


def test_a_service_error_is_shown_next_to_its_field(world: World) -> None:
    content = report_content(world)
    content["subjects"][1]["age_max"] = 200  # type: ignore[index]
    content["subjects"][0]["handcuff_justification"] = ""  # type: ignore[index]
    response = as_user(world, "officer").post(
        reverse("reporting:new"), form_post(content)
    )
    html = response.content.decode()
    assert 'id="id_subjects-1-age_max_error"' in html
    assert 'aria-describedby="id_subjects-1-age_max_error"' in html
    assert "handcuffing must be justified every time" in html
    assert not FieldReport.objects.exists()


def test_a_force_naming_a_blank_officer_row_is_refused(world: World) -> None:
    content = report_content(world)
    data = form_post(content)
    data["officers-TOTAL_FORMS"] = "3"
    data["forces-0-officer"] = "2"  # the blank third row
    response = as_user(world, "officer").post(reverse("reporting:new"), data)
    assert "Officer 3 is blank." in response.content.decode()


def test_the_author_edits_a_draft_into_a_new_version(world: World) -> None:
    report = filed(world)
    client = as_user(world, "officer")
    page = client.get(reverse("reporting:edit", args=[report.pk]))
    assert 'value="1200 block Main St"' in page.content.decode()
    data = form_post(report_content(world, address="1300 block Main St"), version=1)
    response = client.post(reverse("reporting:edit", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.version, report.content["incident"]["address"]) == (
        2,
        "1300 block Main St",
    )


def test_a_stale_edit_is_refused_with_a_message_and_the_input_kept(
    world: World,
) -> None:
    report = filed(world)
    client = as_user(world, "officer")
    url = reverse("reporting:edit", args=[report.pk])
    client.post(url, form_post(report_content(world, address="first"), version=1))
    second = form_post(report_content(world, address="second edit"), version=1)
    response = client.post(url, second)
    html = response.content.decode()
    assert response.status_code == 409
    assert "changed by someone else" in html and 'value="second edit"' in html
    report.refresh_from_db()
    assert report.content["incident"]["address"] == "first"


def test_only_the_author_edits_and_only_while_editable(world: World) -> None:
    report = filed(world)
    url = reverse("reporting:edit", args=[report.pk])
    assert as_user(world, "partner").get(url).status_code == 403
    assert as_user(world, "bystander").get(url).status_code == 404
    submitted = filed(world, submit=True)
    url = reverse("reporting:edit", args=[submitted.pk])
    assert as_user(world, "officer").get(url).status_code == 403


def move(client: Client, report: FieldReport, to: str, reason: str = "") -> int:
    report.refresh_from_db()
    data = {"to": to, "version": report.version, "reason": reason}
    url = reverse("reporting:move", args=[report.pk])
    return client.post(url, data).status_code


def test_the_chain_of_command_moves_a_report_with_reasons(world: World) -> None:
    report = filed(world)
    officer, supervisor = as_user(world, "officer"), as_user(world, "supervisor")
    assert move(officer, report, "submitted") == 302
    assert move(supervisor, report, "returned") == 400  # no reason given
    assert move(supervisor, report, "returned", "say who struck first") == 302
    assert move(officer, report, "submitted") == 302
    assert move(supervisor, report, "approved") == 302
    assert move(as_user(world, "professional_standards"), report, "closed") == 302
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    page = officer.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert "say who struck first" in page


def test_forbidden_moves_are_refused(world: World) -> None:
    report = filed(world, submit=True)
    assert move(as_user(world, "officer"), report, "approved") == 403
    assert move(as_user(world, "partner"), report, "returned", "no") == 403
    assert move(as_user(world, "south_supervisor"), report, "approved") == 404
    assert move(as_user(world, "other_supervisor"), report, "approved") == 404


def test_a_move_on_a_stale_page_is_refused(world: World) -> None:
    report = filed(world, submit=True)
    data = {"to": "approved", "version": report.version - 1}
    client = as_user(world, "supervisor")
    response = client.post(reverse("reporting:move", args=[report.pk]), data)
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()


def test_a_named_officer_files_a_witness_statement(world: World) -> None:
    report = filed(world, submit=True)
    url = reverse("reporting:statement", args=[report.pk])
    client = as_user(world, "partner")
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": ""}).status_code == 200  # error shown
    response = client.post(url, {"text": "He pulled away.", "intervened": "no"})
    assert response.status_code == 302
    statement = WitnessStatement.objects.get()
    assert (statement.officer, statement.intervened) == (
        world.officers["partner"],
        False,
    )


def test_only_named_officers_file_statements(world: World) -> None:
    report = filed(world, submit=True)
    url = reverse("reporting:statement", args=[report.pk])
    assert as_user(world, "officer").get(url).status_code == 403  # the author
    assert as_user(world, "supervisor").get(url).status_code == 403
    assert as_user(world, "bystander").get(url).status_code == 404
