"""`forcewatch support flag --agency SLUG [--on DATE]`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from forcewatch.support.models import SupportFlag
from tests.personas import World
from tests.support.conftest import scenario


def run(*args: str) -> str:
    out = StringIO()
    call_command("support", *args, stdout=out)
    return out.getvalue()


def test_it_flags_a_date_and_says_what_it_added(world: World) -> None:
    scenario(world)
    text = run("flag", "--agency", "springfield", "--on", "2024-07-01")
    assert "3 officer(s) flagged by the rules, 3 new flag(s)" in text
    assert "force_90d: >= 3" in text
    again = run("flag", "--agency", "springfield", "--on", "2024-07-01")
    assert "0 new flag(s), 3 already flagged that day" in again
    assert SupportFlag.objects.count() == 3


def test_it_names_the_agencies_when_the_slug_is_unknown(world: World) -> None:
    with pytest.raises(CommandError, match="springfield"):
        run("flag", "--agency", "nowhere")


def test_it_refuses_a_bad_date(world: World) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("flag", "--agency", "springfield", "--on", "July")
