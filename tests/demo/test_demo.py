"""The demo department: loads once, twice is harmless, and the site shows it."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from django.core.management import call_command
from django.test import Client

from forcewatch.policy.models import Finding
from forcewatch.publication.models import Release
from forcewatch.records import models as rm


class Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.links: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag in ("td", "th")
        if tag == "a":
            self.links.extend(v for k, v in attrs if k == "href" and v)

    def handle_data(self, data: str) -> None:
        if self._in and data.strip():
            self.cells.append(data.strip())


def test_demo_loads_a_real_department_and_a_second_run_adds_nothing(
    transactional_db: None,
) -> None:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "imported" in out.getvalue()
    counts = (rm.Incident.objects.count(), rm.ForceApplication.objects.count())
    assert counts == (1645, 6256)
    call_command("demo", "--no-serve", stdout=out)
    assert "already imported" in out.getvalue()
    assert (rm.Incident.objects.count(), rm.ForceApplication.objects.count()) == counts


def test_the_site_lists_the_department_and_its_counts(transactional_db: None) -> None:
    call_command("demo", "--no-serve", stdout=io.StringIO())
    client = Client()
    home = Cells()
    home.feed(client.get("/").content.decode())
    assert "/agencies/dallas/" in home.links
    page = client.get("/agencies/dallas/")
    assert page.status_code == 200
    table = Cells()
    table.feed(page.content.decode())
    total = table.cells[table.cells.index("Total") + 1 :]
    assert total[:2] == ["1645", "1744"]
    assert client.get("/agencies/nowhere/").status_code == 404


def test_demo_creates_five_staff_accounts_once(transactional_db: None) -> None:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert out.getvalue().count("(password ") == 5
    assert "Policy check: 1645 reports checked" in out.getvalue()
    assert Finding.objects.filter(agency__slug="dallas").exists()
    call_command("demo", "--no-serve", stdout=(again := io.StringIO()))
    assert "password as first shown" in again.getvalue()
    assert "Policy check: 0 reports checked, 0 new findings" in again.getvalue()
    client = Client()
    assert client.get("/staff/").status_code == 302  # sign-in first


def test_demo_publishes_a_release_once(transactional_db: None) -> None:
    call_command("demo", "--no-serve", stdout=(out := io.StringIO()))
    assert "Public release: /releases/dallas/2019H1/ (version 1, published)" in (
        out.getvalue()
    )
    # the 2019 file records no firearm discharge: no shooting to disclose
    assert "0 shooting disclosure(s) published" in out.getvalue()
    call_command("demo", "--no-serve", stdout=(again := io.StringIO()))
    assert "(version 1, published)" in again.getvalue()
    assert Release.objects.count() == 1
    client = Client()
    page = client.get("/releases/dallas/2019H1/")
    assert page.status_code == 200 and b"<svg" in page.content
    assert b"/releases/dallas/2019H1/v1/" in client.get("/releases/").content
