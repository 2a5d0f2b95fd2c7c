"""The support pages in Spanish, and the header's links by role."""

from __future__ import annotations

from django.urls import reverse

from tests.personas import World
from tests.support.conftest import as_user, flag_of, flagged


def test_a_flag_page_renders_in_spanish(world: World) -> None:
    flagged(world)
    pk = flag_of(world, "officer").pk
    html = (
        as_user(world, "supervisor")
        .get(reverse("support:flag", args=[pk]), HTTP_ACCEPT_LANGUAGE="es")
        .content.decode()
    )
    assert '<html lang="es">' in html
    assert "Por qué se generó la alerta" in html and "Mediana de los pares" in html
    assert "Apoyo entre pares" in html  # a kind of intervention, from the YAML
    assert "informes de uso de la fuerza" in html
    assert "Abierta" in html  # the status, in the feminine of "alerta"


def header(world: World, name: str) -> str:
    html = as_user(world, name).get(reverse("accounts:two_factor")).content.decode()
    return html.split('<nav aria-label="Staff">')[1].split("</nav>")[0]


def test_the_header_links_only_to_the_support_pages_a_role_opens(
    world: World,
) -> None:
    flagged(world)
    assert "Support flags</a>" in header(world, "supervisor")
    assert "Support flags</a>" in header(world, "professional_standards")
    assert "Support: due dates" in header(world, "wellness")
    assert "Support flags about you" in header(world, "officer")  # flagged
    assert "Support" not in header(world, "partner")  # not flagged
    assert "Support" not in header(world, "oversight")
