"""Schemathesis against /api/openapi.json, in-process over WSGI: no server errors.

Requests carry a valid officer's token, so they reach the endpoints' code, not
only the 401 gate. Bounded (few examples per operation) to run in seconds.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from forcewatch.api.services import token_issue
from forcewatch.reporting.models import Status
from tests.api.conftest import filed
from tests.personas import World


@pytest.fixture
def officer_token(world: World) -> str:
    filed(world)
    filed(world, status=Status.SUBMITTED)
    return token_issue(user=world.users["officer"], name="fuzz", actor="test").plain


# Loaded at import (the document needs no database): schemathesis 4.32's lazy
# `pytest.from_fixture` loader reads `request.node._nodeid`, gone in pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_makes_the_api_fail_with_a_server_error(
    case: Any, officer_token: str
) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {officer_token}"},
        checks=[not_a_server_error],
    )
