"""Bearer tokens: only a digest is kept; revoked, wrong or missing tokens get 401."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from forcewatch.api.models import APIToken
from forcewatch.api.services import token_digest, token_issue, token_revoke
from forcewatch.core.audit import audit_verify
from forcewatch.core.models import AuditEvent
from tests.api.conftest import Api
from tests.personas import World

LIST = "/api/reports?agency=springfield"


def test_only_the_digest_of_a_token_is_stored(world: World) -> None:
    issued = token_issue(user=world.users["officer"], name="laptop", actor="test")
    stored = APIToken.objects.get()
    assert issued.plain.startswith("fw_") and len(issued.plain) > 40
    assert stored.digest == token_digest(issued.plain) != issued.plain
    assert issued.plain not in str(list(APIToken.objects.values()))


def test_a_valid_token_is_accepted_and_its_use_recorded(world: World) -> None:
    issued = token_issue(user=world.users["officer"], name="laptop", actor="test")
    assert Api(issued.plain).get(LIST).status_code == 200
    assert APIToken.objects.get().last_used is not None


@pytest.mark.parametrize(
    "header",
    ["", "Bearer ", "Bearer fw_not-a-token", "Token fw_x", "Basic b2ZmaWNlcjp4"],
)
def test_a_missing_or_wrong_token_is_401(world: World, header: str) -> None:
    from django.test import Client

    client = Client(headers={"Authorization": header} if header else {})
    response = client.get(LIST)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_is_refused(world: World) -> None:
    user = world.users["officer"]
    keep = token_issue(user=user, name="phone", actor="test")
    lost = token_issue(user=user, name="laptop", actor="test")
    assert token_revoke(user=user, name="laptop", actor="test") == 1
    assert Api(lost.plain).get(LIST).status_code == 401
    assert Api(keep.plain).get(LIST).status_code == 200


def test_a_deactivated_users_token_is_refused(world: World) -> None:
    user = world.users["officer"]
    issued = token_issue(user=user, name="laptop", actor="test")
    user.is_active = False
    user.save()
    assert Api(issued.plain).get(LIST).status_code == 401


def test_issuing_using_and_revoking_keep_the_audit_chain_intact(world: World) -> None:
    user = world.users["officer"]
    issued = token_issue(user=user, name="laptop", actor="test")
    Api(issued.plain).get(LIST)  # sets last_used outside any audited action
    token_revoke(user=user, name=None, actor="test")
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions[-2:] == ["token_issue", "token_revoke"]
    result = audit_verify()
    assert result.ok, result.problems


def test_the_command_creates_lists_and_revokes_tokens(world: World) -> None:
    out = StringIO()
    call_command(
        "token", "create", "supervisor", "--name", "ci", stdout=out, stderr=StringIO()
    )
    plain = out.getvalue().strip()
    assert Api(plain).get(LIST).status_code == 200

    listing = StringIO()
    call_command("token", "list", "supervisor", stdout=listing)
    assert listing.getvalue().startswith("ci\tcreated ")
    assert "live" in listing.getvalue()

    revoked = StringIO()
    call_command("token", "revoke", "supervisor", "--name", "ci", stdout=revoked)
    assert revoked.getvalue().strip() == "revoked 1 token(s)"
    assert Api(plain).get(LIST).status_code == 401


def test_the_command_names_an_unknown_user(world: World) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("token", "create", "nobody")
