"""The policy pages in Spanish, and the header's links by role."""

from __future__ import annotations

from django.urls import reverse

from tests.personas import World
from tests.policy_ui.conftest import as_user, finding, scenario


def test_a_finding_page_renders_in_spanish(world: World) -> None:
    scenario(world)
    pk = finding("force-proportionate", incident_key="A3").pk
    client = as_user(world, "professional_standards")
    html = client.get(
        reverse("policy:finding", args=[pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert '<html lang="es">' in html
    assert "Posible infracción" in html and "Pendiente de decisión" in html
    assert (
        "Registrar una decisión" in html
        and "Problema de formación o de táctica" in html
    )
    assert "Hallazgos de política" in html  # the header link


def test_the_learning_page_renders_in_spanish(world: World) -> None:
    scenario(world)
    url = reverse("policy:learning", args=[world.agency.slug])
    html = as_user(world, "training").get(url, HTTP_ACCEPT_LANGUAGE="es").content
    text = html.decode()
    assert "Aprender de los hallazgos" in text and "Por regla" in text


LINKS = {
    "findings": "Policy findings",
    "cases": "Deadly-force cases",
    "learning": "Learning loop",
    "interventions": "Interventions",
}
EXPECTED = {
    "officer": set(),
    "supervisor": {"findings", "interventions"},
    "professional_standards": {"findings", "cases", "learning", "interventions"},
    "oversight": {"findings", "cases", "learning", "interventions"},
    "agency_admin": {"findings", "cases", "learning", "interventions"},
    "analyst": {"learning", "interventions"},
    "training": {"learning", "interventions"},
    "wellness": set(),
    "other_supervisor": {"findings", "interventions"},
}


def test_the_header_links_only_to_the_pages_a_role_opens(world: World) -> None:
    for who, pages in EXPECTED.items():
        html = as_user(world, who).get(reverse("accounts:two_factor")).content.decode()
        nav = html.split('<nav aria-label="Staff">')[1].split("</nav>")[0]
        shown = {page for page, label in LINKS.items() if f">{label}</a>" in nav}
        assert shown == pages, who
        slug = "shelbyville" if who.startswith("other_") else "springfield"
        for page in pages:
            url = reverse(f"policy:{page}", args=[slug])
            assert f'href="{url}"' in nav
            assert as_user(world, who).get(url).status_code == 200
