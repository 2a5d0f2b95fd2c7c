"""The whole chain of command in a real browser, with axe-core on every page.

An officer files a multi-officer, multi-subject report (without JavaScript's
help: rows are added by the form's own buttons), the supervisor returns it, the
officer corrects and resubmits it, the supervisor approves it. Each page must
have no WCAG 2.1 A/AA violation that axe-core can find.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from forcewatch.reporting.models import FieldReport, Status
from tests.personas import PASSWORD, World, make_world

CHROMIUM = Path("/usr/bin/chromium")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed (apt-get install -y chromium)",
    ),
]


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls (fixtures, final checks) are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


class Walk:
    """A signed-in person's way through the pages, checking each one with axe."""

    def __init__(self, page: Any, base: str):
        from axe_playwright_python.sync_playwright import Axe

        self.page, self.base, self.axe = page, base, Axe()
        self.seen: list[str] = []

    def check(self) -> None:
        results = self.axe.run(
            self.page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}
        )
        self.seen.append(self.page.url)
        assert results.violations_count == 0, (
            f"{self.page.url}\n{results.generate_report()}"
        )

    def click(self, selector: str) -> None:
        self.page.locator(selector).first.click()
        self.page.wait_for_load_state()
        self.check()

    def sign_in(self, name: str) -> None:
        self.page.goto(f"{self.base}/staff/")
        self.check()
        self.page.fill("#id_username", name)
        self.page.fill("#id_password", PASSWORD)
        self.click("main button[type=submit]")

    def sign_out(self) -> None:
        self.click("header form[action='/accounts/logout/'] button")

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base}{path}")
        self.check()


def fill_report(walk: Walk, world: World) -> None:
    page = walk.page
    page.fill("#id_incident-occurred_date", "2026-11-20")
    page.fill("#id_incident-occurred_time", "21:40")
    page.fill("#id_incident-address", "1200 block Main St")
    page.select_option("#id_incident-contact_reason", "call_for_service")
    page.select_option("#id_subjects-0-sex", "M")
    page.check("input[name='subjects-0-race'][value='B']")
    page.fill("#id_subjects-0-age_min", "25")
    page.select_option("#id_subjects-0-injured", "yes")
    walk.click("button[name=add][value=subjects]")  # a second subject row
    page.select_option("#id_subjects-1-sex", "F")
    page.check("input[name='subjects-1-race'][value='W']")
    page.select_option("#id_subjects-1-handcuffed", "yes")
    page.fill("#id_subjects-1-handcuff_justification", "pulled away, fled")
    for n, (name, role) in enumerate(
        [("officer", "used_force"), ("partner", "witnessed")]
    ):
        page.select_option(f"#id_officers-{n}-officer_id", str(world.officers[name].pk))
        page.select_option(f"#id_officers-{n}-role", role)
    forces = [("0", "0", "takedown", "active"), ("0", "1", "handcuffing", "active")]
    for n, (officer, subject, force, resistance) in enumerate(forces):
        page.select_option(f"#id_forces-{n}-officer", officer)
        page.select_option(f"#id_forces-{n}-subject", subject)
        page.select_option(f"#id_forces-{n}-force_type", force)
        page.select_option(f"#id_forces-{n}-resistance", resistance)
    walk.click("button[name=save]")


def test_a_report_is_filed_returned_corrected_and_approved(
    live_server: Any, page: Any
) -> None:
    world = make_world()
    walk = Walk(page, live_server.url)

    walk.sign_in("officer")
    walk.click("a:has-text('File a new report')")
    fill_report(walk, world)
    report = FieldReport.objects.get()
    assert len(report.content["subjects"]) == 2
    assert len(report.content["officers"]) == 2
    walk.click("button[value=submitted]")
    walk.sign_out()

    walk.sign_in("supervisor")
    walk.open("/staff/queue/")
    walk.click(f"a:has-text('{report.number}')")
    page.fill("#reason-returned", "Say which subject was handcuffed first.")
    walk.click("button[value=returned]")
    walk.sign_out()

    walk.sign_in("officer")
    walk.open(f"/staff/{report.pk}/")
    walk.click("a:has-text('Edit report')")
    page.fill("#id_incident-narrative", "Subject 2 was handcuffed after subject 1.")
    walk.click("button[name=save]")
    walk.click("button[value=submitted]")
    walk.sign_out()

    walk.sign_in("supervisor")
    walk.open(f"/staff/{report.pk}/")
    walk.click("button[value=approved]")
    assert "Approved" in page.inner_text("main")

    report.refresh_from_db()
    assert report.status == Status.APPROVED and report.version == 2
    assert [t.to_status for t in report.transitions.order_by("at")] == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    assert len(walk.seen) >= 15
