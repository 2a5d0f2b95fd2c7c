"""Every role x every policy review URL x own/other agency, with the status code.

The data is `scenario()`: the finding is A1's neck-restraint finding (unit
"north", about `officer`) or Shelbyville's B1 one; the case is A1's or B1's.
404 = not visible, 403 = visible (or an agency page) but forbidden, 302 on
`dispose` and `move` = the step went through (302 for anonymous = sent to sign in).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from forcewatch.policy.models import CaseStatus, DeadlyForceCase
from tests.personas import World
from tests.policy_ui.conftest import as_user, case_of, finding, scenario

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
    ("findings", "a"): [403, 403, 403, 200, 200, 200, 200, 403, 403, 403, 200, 403, 403, 302],  # noqa: E501
    ("findings", "b"): [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 302],  # noqa: E501
    ("finding", "a"): [404, 404, 404, 200, 404, 200, 200, 404, 404, 404, 200, 404, 404, 302],  # noqa: E501
    ("finding", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 302],  # noqa: E501
    ("dispose", "a"): [404, 404, 404, 302, 404, 302, 403, 404, 404, 404, 403, 404, 404, 302],  # noqa: E501
    ("dispose", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 302, 302],  # noqa: E501
    ("cases", "a"): [403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 200, 403, 403, 302],  # noqa: E501
    ("cases", "b"): [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302],  # noqa: E501
    ("case", "a"): [404, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200, 404, 404, 302],  # noqa: E501
    ("case", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 302],  # noqa: E501
    ("move", "a"): [404, 404, 404, 404, 404, 302, 403, 404, 404, 404, 403, 404, 404, 302],  # noqa: E501
    ("move", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 302],  # noqa: E501
    ("learning", "a"): [403, 403, 403, 403, 403, 200, 200, 200, 200, 403, 200, 403, 403, 302],  # noqa: E501
    ("learning", "b"): [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302],  # noqa: E501
    ("learning_csv", "a"): [403, 403, 403, 403, 403, 200, 200, 200, 200, 403, 200, 403, 403, 302],  # noqa: E501
    ("learning_csv", "b"): [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302],  # noqa: E501
    ("interventions", "a"): [403, 403, 403, 200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 302],  # noqa: E501
    ("interventions", "b"): [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 302],  # noqa: E501
}
# fmt: on
BY_AGENCY = {"findings", "cases", "learning", "learning_csv", "interventions"}
POSTED = {
    "dispose": {"outcome": "within_policy", "reasons": "Reviewed the narrative."},
    "move": {"to": "investigation"},
}


def policy_url_names() -> set[str]:
    policy = next(
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and str(p.pattern) == "staff/policy/"
    )
    return {p.name for p in policy.url_patterns if isinstance(p, URLPattern) and p.name}


def test_every_policy_url_is_in_the_matrix() -> None:
    assert policy_url_names() == {name for name, _ in MATRIX}


def request(client: Client, name: str, args: list[Any]) -> int:
    url = reverse(f"policy:{name}", args=args)
    if name not in POSTED:
        return client.get(url).status_code
    code = client.post(url, POSTED[name]).status_code
    # put the case back, so every column sees the same open case
    DeadlyForceCase.objects.update(status=CaseStatus.OPEN)
    return code


@pytest.mark.parametrize(("name", "which"), list(MATRIX))
def test_each_role_gets_the_expected_status(
    world: World, name: str, which: str
) -> None:
    scenario(world)
    incident_key = "A1" if which == "a" else "B1"
    if name in BY_AGENCY:
        agency = world.agency if which == "a" else world.other_agency
        args: list[Any] = [agency.slug]
    elif name in ("finding", "dispose"):
        args = [finding("neck-restraint", incident_key=incident_key).pk]
    else:
        args = [case_of(incident_key).pk]
    actual = []
    for persona in COLUMNS:
        client = Client() if persona == "anonymous" else as_user(world, persona)
        actual.append(request(client, name, args))
    assert dict(zip(COLUMNS, actual, strict=True)) == dict(
        zip(COLUMNS, MATRIX[(name, which)], strict=True)
    )


def test_the_posted_urls_answer_only_post(world: World) -> None:
    scenario(world)
    client = as_user(world, "professional_standards")
    pk = finding("neck-restraint", incident_key="A1").pk
    assert client.get(reverse("policy:dispose", args=[pk])).status_code == 405
    case = case_of("A1").pk
    assert client.get(reverse("policy:move", args=[case])).status_code == 405


def test_an_unknown_agency_is_not_found(world: World) -> None:
    client = as_user(world, "professional_standards")
    url = reverse("policy:findings", args=["no-such-agency"])
    assert client.get(url).status_code == 404
