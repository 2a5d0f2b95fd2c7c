"""Staff pages in Spanish: by the browser's language and by the language switch."""

from __future__ import annotations

from pathlib import Path

from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.reporting.conftest import as_user, filed

LOCALE = Path(__file__).resolve().parents[2] / "forcewatch" / "locale"


def test_a_report_page_renders_in_spanish_for_a_spanish_browser(world: World) -> None:
    report = filed(world, submit=True)
    client = as_user(world, "supervisor")
    url = reverse("reporting:detail", args=[report.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in html
    assert "Enviado, pendiente de revisión" in html
    assert "Devolver para corrección" in html and "Cronología" in html


def test_the_language_switch_keeps_spanish_for_the_session(world: World) -> None:
    client = as_user(world, "officer")
    response = client.post(
        reverse("set_language"), {"language": "es", "next": reverse("reporting:new")}
    )
    assert response.status_code == 302
    html = client.get(reverse("reporting:new")).content.decode()
    assert "Nuevo informe de uso de la fuerza" in html and "Agregar otro sujeto" in html


def test_the_sign_in_page_is_in_spanish() -> None:
    html = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Iniciar sesión" in html and "Saltar al contenido principal" in html


def test_every_message_has_a_spanish_translation() -> None:
    po = (LOCALE / "es" / "LC_MESSAGES" / "django.po").read_text()
    assert 'msgstr ""\n\n' not in po.split("\n\n", 1)[1] + "\n\n"
    assert (LOCALE / "es" / "LC_MESSAGES" / "django.mo").exists()


def test_code_list_labels_follow_the_language(transactional_db: None) -> None:
    from django.utils import translation

    from forcewatch.records.codes import codelist

    with translation.override("es"):
        assert codelist("force_type").label("takedown") == "Derribo"
    with translation.override("en"):
        assert codelist("force_type").label("takedown") == "Takedown"
    assert (
        codelist("resistance").label("passive", "en").startswith("Passive resistance (")
    )


def test_every_code_has_a_spanish_label() -> None:
    from forcewatch.records.codes import codelist, codelist_names

    missing = [
        f"{name}.{code}"
        for name in codelist_names()
        for code, attrs in codelist(name).codes.items()
        if not attrs.get("es")
    ]
    assert missing == []
