"""Every role x every staff URL x own/other agency, with the expected status code.

Both reports are submitted and filed by an officer of unit "north": "a" in
Springfield by `officer`, naming `partner`; "b" in Shelbyville by
`other_officer`. The columns are the personas of tests/personas.py plus an
anonymous visitor. 404 = not visible, 403 = visible but forbidden, 302 on
`move` = the approval went through (302 for anonymous = sent to sign in).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from forcewatch.reporting.models import FieldReport
from tests.personas import World
from tests.reporting.conftest import as_user, filed

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
# (url name, report) -> one code per column
# fmt: off
MATRIX: dict[tuple[str, str], list[int]] = {
    ("list", ""): [200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 200, 200, 200, 302],  # noqa: E501
    ("queue", ""): [403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 200, 302],  # noqa: E501
    ("new", ""): [200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 200, 200, 302],  # noqa: E501
    ("detail", "a"): [200, 200, 404, 200, 404, 200, 200, 404, 404, 404, 200, 404, 404, 302],  # noqa: E501
    ("detail", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 200, 302],  # noqa: E501
    ("edit", "a"): [403, 403, 404, 403, 404, 403, 403, 404, 404, 404, 403, 404, 404, 302],  # noqa: E501
    ("edit", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 403, 302],  # noqa: E501
    ("move", "a"): [403, 403, 404, 302, 404, 403, 403, 404, 404, 404, 403, 404, 404, 302],  # noqa: E501
    ("move", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 302, 302],  # noqa: E501
    ("statement", "a"): [403, 200, 404, 403, 404, 403, 403, 404, 404, 404, 403, 404, 404, 302],  # noqa: E501
    ("statement", "b"): [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 403, 302],  # noqa: E501
}
# fmt: on
POSTED = {"move"}


def staff_url_names() -> set[str]:
    staff = next(
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and str(p.pattern) == "staff/"
    )
    return {p.name for p in staff.url_patterns if isinstance(p, URLPattern) and p.name}


def test_every_staff_url_is_in_the_matrix() -> None:
    assert staff_url_names() == {name for name, _ in MATRIX}


def request(client: Client, name: str, report: FieldReport | None) -> int:
    url = reverse(f"reporting:{name}", args=[report.pk] if report else [])
    if name not in POSTED:
        return client.get(url).status_code
    assert report is not None
    data = {"to": "approved", "version": report.version}
    code = client.post(url, data).status_code
    # put the report back, so every column sees the same submitted report
    FieldReport.objects.filter(pk=report.pk).update(status="submitted")
    return code


@pytest.mark.parametrize(("name", "which"), list(MATRIX), ids=lambda v: v or "-")
def test_each_role_gets_the_expected_status(
    world: World, name: str, which: str
) -> None:
    reports = {
        "a": filed(world, submit=True),
        "b": filed(world, submit=True, by="other_officer"),
    }
    report = reports.get(which)
    actual = []
    for persona in COLUMNS:
        client = Client() if persona == "anonymous" else as_user(world, persona)
        actual.append(request(client, name, report))
    assert dict(zip(COLUMNS, actual, strict=True)) == dict(
        zip(COLUMNS, MATRIX[(name, which)], strict=True)
    )


def test_the_move_url_answers_only_post(world: World) -> None:
    report = filed(world, submit=True)
    url = reverse("reporting:move", args=[report.pk])
    assert as_user(world, "supervisor").get(url).status_code == 405
