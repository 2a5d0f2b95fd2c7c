"""`forcewatch member`: the agency administrator's way to give roles."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from forcewatch.accounts.models import Membership
from forcewatch.core.audit import audit_verify
from tests.personas import World, make_world


@pytest.fixture
def world(transactional_db: None) -> World:
    return make_world()


def test_member_add_creates_the_user_and_an_audited_membership(world: World) -> None:
    out = io.StringIO()
    call_command(
        "member",
        "add",
        "newcomer",
        "--agency",
        "springfield",
        "--role",
        "supervisor",
        "--unit",
        "south",
        "--officer",
        "o1",
        stdout=out,
    )
    membership = Membership.objects.get(user__username="newcomer")
    assert (membership.role, membership.unit) == ("supervisor", "south")
    assert membership.officer == world.officers["officer"]
    assert not User.objects.get(username="newcomer").has_usable_password()
    assert "changepassword" in out.getvalue()
    call_command(
        "member",
        "add",
        "newcomer",
        "--agency",
        "springfield",
        "--role",
        "supervisor",
        stdout=io.StringIO(),
    )
    assert Membership.objects.filter(user__username="newcomer").count() == 1
    assert audit_verify().ok


def test_member_add_refuses_an_officer_of_another_agency(world: World) -> None:
    with pytest.raises(CommandError, match="no officer 'o4' in springfield"):
        call_command(
            "member",
            "add",
            "x",
            "--agency",
            "springfield",
            "--role",
            "officer",
            "--officer",
            "o4",
            stdout=io.StringIO(),
        )
