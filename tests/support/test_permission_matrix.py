"""Every role x every support URL x own/other agency, with the status code.

The data is `scenario()`, flagged in the row's agency: the flag is `officer`'s
(Springfield, routed to north) or `other_officer`'s (Shelbyville, north).
404 = not visible, 403 = visible (or an agency page) but forbidden, 302 on a
POST = the step went through (302 for anonymous = sent to sign in). Officers
read only their own flags; supervisors act on their unit's flags, never on one
about themselves; professional standards and the agency administrator read the
agency's; wellness sees due dates only; oversight, analysts and training see no
flags.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from forcewatch.core.audit import audit_write
from forcewatch.support.models import FlagStatus, Intervention, Outcome, SupportFlag
from forcewatch.support.services import flag_agency
from tests.personas import World
from tests.support.conftest import FLAG_DAY, as_user, flag_of, flagged, scenario

COLUMNS = [
    "officer",
    "partner",
    "bystander",
    "supervisor",
    "south_supervisor",
    "professional_standards",
    "oversight",
    "analyst",
    "training",
    "wellness",
    "agency_admin",
    "other_officer",
    "other_supervisor",
    "anonymous",
]
# (url name, agency) -> one code per column
# fmt: off
MATRIX: dict[tuple[str, str], list[int]] = {
    ("queue", "a"): [403, 403, 403, 200, 200, 200, 403, 403, 403, 403, 200, 403, 403, 302],  # noqa: E501
    ("queue", "b"): [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 302],  # noqa: E501
    ("due", "a"): [403, 403, 403, 200, 200, 200, 403, 403, 403, 200, 200, 403, 403, 302],  # noqa: E501
    ("due", "b"): [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 302],  # noqa: E501
    ("mine", "a"): [200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 302],  # noqa: E501
    ("mine", "b"): [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 302],  # noqa: E501
    ("flag", "a"): [200, 404, 404, 200, 404, 200, 404, 404, 404, 404, 200, 404, 404, 302],  # noqa: E501
    ("flag", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 200, 302],  # noqa: E501
    ("acknowledge", "a"): [403, 404, 404, 302, 404, 403, 404, 404, 404, 404, 403, 404, 404, 302],  # noqa: E501
    ("acknowledge", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 302, 302],  # noqa: E501
    ("intervene", "a"): [403, 404, 404, 302, 404, 403, 404, 404, 404, 404, 403, 404, 404, 302],  # noqa: E501
    ("intervene", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 302, 302],  # noqa: E501
    ("done", "a"): [403, 404, 404, 302, 404, 403, 404, 404, 404, 404, 403, 404, 404, 302],  # noqa: E501
    ("done", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 302, 302],  # noqa: E501
    ("outcome", "a"): [403, 404, 404, 302, 404, 403, 404, 404, 404, 404, 403, 404, 404, 302],  # noqa: E501
    ("outcome", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 302, 302],  # noqa: E501
}
# fmt: on
BY_AGENCY = {"queue", "due", "mine"}
POSTED: dict[str, dict[str, str]] = {
    "acknowledge": {},
    "intervene": {"kind": "conversation", "planned_on": "2024-07-08"},
    "done": {"done_on": "2024-07-09"},
    "outcome": {"text": "Talked it through; the officer asked for a mentor."},
}


def support_url_names() -> set[str]:
    support = next(
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and str(p.pattern) == "staff/support/"
    )
    names = {p.name for p in support.url_patterns if isinstance(p, URLPattern)}
    return {n for n in names if n}


def test_every_support_url_is_in_the_matrix() -> None:
    assert support_url_names() == {name for name, _ in MATRIX}


def _prepared(flag: SupportFlag, name: str, world: World) -> list[Any]:
    """Put the flag in the state the step needs; the URL's arguments."""
    Outcome.objects.filter(flag=flag).delete()
    Intervention.objects.filter(flag=flag).delete()
    status = FlagStatus.PLANNED if name in ("done", "outcome") else FlagStatus.OPEN
    SupportFlag.objects.filter(pk=flag.pk).update(status=status)
    if name != "done":
        return [flag.pk]
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:
        planned = Intervention(
            flag=flag,
            kind="conversation",
            planned_on=date(2024, 7, 8),
            recorded_by=world.users["supervisor"],
            recorded_at=audit.event.at,
        )
        audit.save(planned)
    return [planned.pk]


def request(client: Client, name: str, args: list[Any]) -> int:
    url = reverse(f"support:{name}", args=args)
    if name not in POSTED:
        return client.get(url).status_code
    return client.post(url, POSTED[name]).status_code


@pytest.mark.parametrize(("name", "which"), list(MATRIX))
def test_each_role_gets_the_expected_status(
    world: World, name: str, which: str
) -> None:
    scenario(world)
    flag_agency(world.agency if which == "a" else world.other_agency, on=FLAG_DAY)
    flag = flag_of(world, "officer" if which == "a" else "other_officer")
    actual = []
    for persona in COLUMNS:
        if name in BY_AGENCY:
            args: list[Any] = [world.agency.slug if which == "a" else "shelbyville"]
        else:
            args = _prepared(flag, name, world)
        client = Client() if persona == "anonymous" else as_user(world, persona)
        actual.append(request(client, name, args))
    assert dict(zip(COLUMNS, actual, strict=True)) == dict(
        zip(COLUMNS, MATRIX[(name, which)], strict=True)
    )


def test_the_posted_urls_answer_only_post(world: World) -> None:
    flagged(world)
    client = as_user(world, "supervisor")
    pk = flag_of(world, "officer").pk
    for name in ("acknowledge", "intervene", "outcome"):
        assert client.get(reverse(f"support:{name}", args=[pk])).status_code == 405


def test_an_unknown_agency_is_not_found(world: World) -> None:
    client = as_user(world, "professional_standards")
    url = reverse("support:queue", args=["no-such-agency"])
    assert client.get(url).status_code == 404
