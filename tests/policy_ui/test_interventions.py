"""Officers who intervened are recognised (SPEC §2): the interventions report."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.personas import World
from tests.policy_ui.conftest import as_user, scenario


def report(world: World, who: str, **params: str | int) -> str:
    url = reverse("policy:interventions", args=[world.agency.slug])
    response = as_user(world, who).get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[tuple[str, str, str, str]]:
    listed = html.split("Interventions 1 to")[1] if "Interventions 1 to" in html else ""
    return re.findall(
        r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>",
        listed,
    )


def test_every_officer_recorded_as_intervening_is_listed(world: World) -> None:
    scenario(world)
    html = report(world, "training")
    assert rows(html) == [
        ("Bystander Test", "2024-08-20", "A4", "north"),  # witnessed, intervened
        ("Partner Test", "2024-05-01", "A3", "north"),  # role of record
        ("S2 Extra", "2023-11-05", "A2", "south"),
    ]
    assert "Other_Supervisor" not in html  # another agency's
    by_year = re.findall(
        r'<th scope="row">(\d{4})</th><td>(\d+)</td><td>(\d+)</td>', html
    )
    assert by_year == [("2023", "1", "1"), ("2024", "2", "2")]


def test_by_quarter_and_within_a_date_range(world: World) -> None:
    scenario(world)
    html = report(world, "analyst", period="quarter", start="2024-01-01")
    assert [r[2] for r in rows(html)] == ["A4", "A3"]
    quarters = re.findall(r'<th scope="row">(\d{4}-Q\d)</th><td>(\d+)</td>', html)
    assert quarters == [("2024-Q2", "1"), ("2024-Q3", "1")]


def test_a_supervisor_sees_their_units_interventions(world: World) -> None:
    scenario(world)
    assert [r[2] for r in rows(report(world, "south_supervisor"))] == ["A2"]
    assert [r[2] for r in rows(report(world, "supervisor"))] == ["A4", "A3"]
