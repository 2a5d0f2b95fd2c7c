"""API test helpers: the personas of tests/personas.py, each with a bearer token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from forcewatch.api.services import token_issue
from forcewatch.reporting.models import FieldReport, Status
from forcewatch.reporting.services import report_create, report_transition
from tests.personas import World, make_world, report_content


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(transactional_db: None) -> World:
    return make_world()


class Api:
    """A client that sends one persona's token (or none) as a bearer token."""

    def __init__(self, token: str | None = None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = Client(headers=headers)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params)

    def send(self, method: str, path: str, body: object) -> Any:
        call = getattr(self.client, method.lower())
        return call(path, body, content_type="application/json")


def api_as(world: World, persona: str) -> Api:
    if persona == "anonymous":
        return Api()
    return Api(token_issue(user=world.users[persona], name="t", actor="test").plain)


def content_for(world: World, where: str) -> dict[str, Any]:
    """A valid report document for agency "a" (officer + partner) or "b"."""
    content = report_content(world)
    if where == "b":
        content["officers"] = [
            {"officer_id": world.officers["other_officer"].pk, "role": "used_force"}
        ]
    return content


def filed(world: World, where: str = "a", status: str = Status.DRAFT) -> FieldReport:
    """A report by `officer` ("a", naming `partner`) or `other_officer` ("b")."""
    author = world.users["officer" if where == "a" else "other_officer"]
    agency = world.agency if where == "a" else world.other_agency
    report = report_create(
        actor=author, agency=agency, content=content_for(world, where)
    )
    if status != Status.DRAFT:
        report = report_transition(
            actor=author, report_id=report.pk, to_status=Status.SUBMITTED
        )
    if status == Status.APPROVED:
        supervisor = world.users["supervisor" if where == "a" else "other_supervisor"]
        report = report_transition(
            actor=supervisor, report_id=report.pk, to_status=Status.APPROVED
        )
    return report
