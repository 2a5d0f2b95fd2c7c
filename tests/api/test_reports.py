"""The report endpoints: what each returns, filters, pages, errors, access log."""

from __future__ import annotations

import pytest

from forcewatch.accounts.models import AccessEvent
from forcewatch.reporting.models import FieldReport, Status
from tests.api.conftest import api_as, content_for, filed
from tests.personas import World


def test_the_openapi_document_is_served_without_a_token(db: None) -> None:
    from django.test import Client

    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_an_officer_lists_the_reports_they_filed_or_are_named_in(world: World) -> None:
    mine = filed(world)
    filed(world, "b")
    for persona in ("officer", "partner"):
        body = api_as(world, persona).get("/api/reports", agency="springfield").json()
        assert [r["id"] for r in body["items"]] == [mine.pk]
        assert body["items"][0]["agency"] == "springfield"
        assert body["items"][0]["author"] == "officer"
    body = api_as(world, "bystander").get("/api/reports", agency="springfield").json()
    assert body == {"items": [], "count": 0, "page": 1, "page_size": 50}


def test_a_supervisor_lists_only_their_units_reports(world: World) -> None:
    filed(world)
    south = api_as(world, "south_supervisor").get("/api/reports", agency="springfield")
    north = api_as(world, "supervisor").get("/api/reports", agency="springfield")
    assert (south.json()["count"], north.json()["count"]) == (0, 1)


def test_the_list_filters_by_status_unit_and_date(world: World) -> None:
    draft, submitted = filed(world), filed(world, status=Status.SUBMITTED)
    api = api_as(world, "professional_standards")

    def ids(**params: str) -> list[int]:
        response = api.get("/api/reports", agency="springfield", **params)
        return [r["id"] for r in response.json()["items"]]

    assert ids(status="submitted") == [submitted.pk]
    assert ids(status="draft") == [draft.pk]
    assert ids(unit="south") == []
    assert sorted(ids(unit="north")) == sorted([draft.pk, submitted.pk])
    assert ids(since="2999-01-01") == []
    assert len(ids(since="2000-01-01")) == 2


def test_the_list_is_paged(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("forcewatch.api.pages.PAGE_SIZE", 2)
    reports = [filed(world) for _ in range(3)]
    api = api_as(world, "officer")
    first = api.get("/api/reports", agency="springfield").json()
    second = api.get("/api/reports", agency="springfield", page="2").json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (3, 2, 1)
    seen = {r["id"] for r in first["items"] + second["items"]}
    assert seen == {r.pk for r in reports}
    beyond = api.get("/api/reports", agency="springfield", page="9").json()
    assert beyond["items"] == []


def test_an_unknown_agency_or_filter_value_is_refused(world: World) -> None:
    api = api_as(world, "officer")
    assert api.get("/api/reports", agency="nowhere").status_code == 404
    bad = api.get("/api/reports", agency="springfield", status="lost")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == "status"
    assert api.get("/api/reports").json()["errors"][0]["loc"] == "agency"


def test_the_detail_has_content_version_transitions_and_statements(
    world: World,
) -> None:
    report = filed(world, status=Status.SUBMITTED)
    api_as(world, "partner").send(
        "POST",
        f"/api/reports/{report.pk}/statements",
        {"text": "I saw it.", "intervened": False},
    )
    body = api_as(world, "supervisor").get(f"/api/reports/{report.pk}").json()
    assert (body["status"], body["version"], body["number"]) == (
        "submitted",
        1,
        report.number,
    )
    assert body["content"]["subjects"][1]["ethnicity"] == "H"
    assert [
        (t["from_status"], t["to_status"], t["by"]) for t in body["transitions"]
    ] == [("draft", "submitted", "officer")]
    assert [(s["author"], s["text"]) for s in body["statements"]] == [
        ("partner", "I saw it.")
    ]


def test_every_read_of_a_report_is_logged_as_an_api_access(world: World) -> None:
    report = filed(world)
    api = api_as(world, "oversight")
    api.get(f"/api/reports/{report.pk}")
    api.get("/api/reports", agency="springfield")
    events = AccessEvent.objects.filter(user=world.users["oversight"])
    assert sorted((e.what, e.object_id, e.via) for e in events) == [
        ("report", str(report.pk), "api"),
        ("report_list", "", "api"),
    ]


def test_a_report_of_another_agency_is_not_found_and_not_logged(
    world: World,
) -> None:
    report = filed(world, "b")
    response = api_as(world, "agency_admin").get(f"/api/reports/{report.pk}")
    missing = api_as(world, "agency_admin").get("/api/reports/99999")
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()
    assert not AccessEvent.objects.exists()


def test_an_officer_creates_a_draft_and_gets_it_back(world: World) -> None:
    response = api_as(world, "officer").send(
        "POST",
        "/api/reports",
        {"agency": "springfield", "content": content_for(world, "a")},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["version"], body["unit"]) == ("draft", 1, "north")
    assert FieldReport.objects.get(pk=body["id"]).author == world.users["officer"]


def test_an_invalid_report_is_refused_with_the_path_of_each_field(
    world: World,
) -> None:
    content = content_for(world, "a")
    content["subjects"][0]["handcuff_justification"] = ""
    content["subjects"][1]["sex"] = "Q"
    response = api_as(world, "officer").send(
        "POST", "/api/reports", {"agency": "springfield", "content": content}
    )
    assert response.status_code == 422
    errors = {e["loc"]: e["msg"] for e in response.json()["errors"]}
    assert "handcuffing must be justified" in errors["content.subjects.0"]
    assert "'Q' is not a sex code" in errors["content.subjects.1.sex"]
    assert not FieldReport.objects.exists()


def test_null_characters_are_refused_not_stored(world: World) -> None:
    content = content_for(world, "a")
    content["incident"]["address"] = "Main\x00St"
    response = api_as(world, "officer").send(
        "POST", "/api/reports", {"agency": "springfield", "content": content}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == "content.incident.address"


def test_the_author_saves_a_correction_as_a_new_version(world: World) -> None:
    report = filed(world)
    content = content_for(world, "a")
    content["incident"]["address"] = "1300 block Main St"
    response = api_as(world, "officer").send(
        "PUT", f"/api/reports/{report.pk}", {"version": 1, "content": content}
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["content"]["incident"]["address"] == "1300 block Main St"
    assert report.versions.count() == 2


def test_a_supervisor_returns_a_report_only_with_a_reason(world: World) -> None:
    report = filed(world, status=Status.SUBMITTED)
    api = api_as(world, "supervisor")
    path = f"/api/reports/{report.pk}/transitions"
    refused = api.send("POST", path, {"to_status": "returned", "reason": " "})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"loc": "reason", "msg": "say why"}]
    done = api.send(
        "POST", path, {"to_status": "returned", "reason": "age of subject 2"}
    )
    assert done.status_code == 200
    assert done.json()["transitions"][-1]["reason"] == "age of subject 2"


def test_an_impossible_transition_is_forbidden_with_a_reason(world: World) -> None:
    report = filed(world)
    response = api_as(world, "officer").send(
        "POST", f"/api/reports/{report.pk}/transitions", {"to_status": "closed"}
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "a draft report cannot become closed"


def test_a_transition_with_a_stale_version_is_refused(world: World) -> None:
    report = filed(world, status=Status.SUBMITTED)
    response = api_as(world, "supervisor").send(
        "POST",
        f"/api/reports/{report.pk}/transitions",
        {"to_status": "approved", "version": 7},
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 1
    assert FieldReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_approval_through_the_api_writes_the_canonical_incident(world: World) -> None:
    report = filed(world, status=Status.SUBMITTED)
    response = api_as(world, "supervisor").send(
        "POST", f"/api/reports/{report.pk}/transitions", {"to_status": "approved"}
    )
    assert response.status_code == 200
    assert FieldReport.objects.get(pk=report.pk).incident_id is not None


def test_a_named_officer_files_a_statement(world: World) -> None:
    report = filed(world, status=Status.SUBMITTED)
    response = api_as(world, "partner").send(
        "POST",
        f"/api/reports/{report.pk}/statements",
        {"text": "Takedown only, no strikes.", "intervened": False},
    )
    assert response.status_code == 201
    assert (response.json()["officer_id"], response.json()["intervened"]) == (
        world.officers["partner"].pk,
        False,
    )
    empty = api_as(world, "partner").send(
        "POST", f"/api/reports/{report.pk}/statements", {"text": ""}
    )
    assert empty.status_code == 422
