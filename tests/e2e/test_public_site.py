"""The public site in headless Chromium with JavaScript turned off.

Every public page (a real release built from the Dallas slice, a published
shooting disclosure) renders and works without JavaScript, weighs under 200 KB
with everything it loads, and has no WCAG 2.1 A/AA violation axe-core can find,
in English and in Spanish. axe-core itself is JavaScript, so it runs in a
second browser context on the same pages (they have no script of their own).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from forcewatch.accounts.models import Membership, Role
from forcewatch.core.audit import audit_write
from forcewatch.publication.disclosures import disclosure_approve, disclosure_draft
from forcewatch.publication.services import (
    release_approve,
    release_prepare,
    release_publish,
)
from forcewatch.records import models as rm
from tests.conftest import run_import
from tests.publication.shooting import close, shooting
from tests.snapshot.data import DALLAS

CHROMIUM = Path("/usr/bin/chromium")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LIMIT = 200_000  # bytes per page, everything it loads included
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed (apt-get install -y chromium)",
    ),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        yield browser
        browser.close()


def publish_everything(data_dir: Path) -> list[str]:
    """A published release of the Dallas slice and one published disclosure."""
    run_import("dallas", "dallas-r2r", [DALLAS])
    agency = rm.Agency.objects.get(slug="dallas")
    users = {}
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:
        for name, role in (
            ("analyst", Role.ANALYST),
            ("admin", Role.AGENCY_ADMIN),
            ("standards", Role.PROFESSIONAL_STANDARDS),
        ):
            users[name] = User.objects.create_user(name)
            audit.save(Membership(user=users[name], agency=agency, role=role))
    release = release_prepare(agency, "2019H1", users["analyst"])
    release_publish(release_approve(release, users["admin"]), users["admin"])
    case = shooting(agency)
    draft = disclosure_draft(case, users["standards"])
    close(case, users["standards"])
    disclosure_approve(draft, users["admin"], "A demonstration description.")
    return [
        "/",
        "/releases/",
        "/releases/dallas/2019H1/",
        "/releases/dallas/2019H1/v1/",
        "/shootings/",
        f"/shootings/{draft.pk}/",
        "/methods/",
        "/report-misconduct/",
    ]


def weigh(page: Any, url: str) -> int:
    """Load a page; the bytes of it and of everything it loaded (headers included)."""
    loaded: list[Any] = []

    def keep(request: Any) -> None:
        loaded.append(request)

    page.on("requestfinished", keep)
    response = page.goto(url)
    page.wait_for_load_state("load")
    page.remove_listener("requestfinished", keep)
    assert response is not None and response.status == 200, url
    total = 0
    for request in loaded:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_public_page_works_without_javascript_is_light_and_accessible(
    live_server: Any, browser: Any, settings: Any, tmp_path: Path, language: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    settings.DATA_DIR = tmp_path
    paths = publish_everything(tmp_path)
    plain = browser.new_context(
        java_script_enabled=False,
        locale=language,
        viewport={"width": 390, "height": 844},
    )
    checked = browser.new_context(locale=language)
    page, axe_page, axe = plain.new_page(), checked.new_page(), Axe()
    weights = {}
    for path in paths:
        url = f"{live_server.url}{path}"
        weights[path] = weigh(page, url)
        assert weights[path] < LIMIT, (path, weights[path])
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("main h1").count() == 1, path
        axe_page.goto(url)
        results = axe.run(
            axe_page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}
        )
        assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
    print(language, weights)
    release = weights["/releases/dallas/2019H1/"]
    assert page.locator("svg").count() == 0  # the last page is a text page
    page.goto(f"{live_server.url}/releases/dallas/2019H1/")
    assert page.locator("main svg").count() >= 5 and release > 10_000
    plain.close()
    checked.close()


def test_the_language_switch_and_downloads_work_without_javascript(
    live_server: Any, browser: Any, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    publish_everything(tmp_path)
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/releases/dallas/2019H1/")
    page.click("header a[hreflang=es]")
    page.wait_for_load_state("load")
    assert page.url.endswith("/releases/dallas/2019H1/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Tablas y gráficos" in page.inner_text("main")
    with page.expect_download() as download:
        page.click("a[href$='/v1/data/summary.csv']")
    path = download.value.path()
    assert Path(path).read_text().startswith("unit,count,status")
    context.close()
