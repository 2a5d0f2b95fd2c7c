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


# Each demo run imports a real department (about 15 s): the first run's outcome
# is checked by one test, the second run's by another.


def test_a_first_run_loads_the_department_its_accounts_findings_and_release(
    transactional_db: None,
) -> None:
    call_command("demo", "--no-serve", stdout=(out := io.StringIO()))
    said = out.getvalue()
    assert "imported" in said
    counts = (rm.Incident.objects.count(), rm.ForceApplication.objects.count())
    assert counts == (1645, 6256)
    assert said.count("(password ") == 5
    assert "Policy check: 1645 reports checked" in said
    assert Finding.objects.filter(agency__slug="dallas").exists()
    assert "Public release: /releases/dallas/2019H1/ (version 1, published)" in said
    # the 2019 file records no firearm discharge: no shooting to disclose
    assert "0 shooting disclosure(s) published" in said
    assert Release.objects.count() == 1

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
    assert client.get("/staff/").status_code == 302  # sign-in first
    release = client.get("/releases/dallas/2019H1/")
    assert release.status_code == 200 and b"<svg" in release.content
    assert b"/releases/dallas/2019H1/v1/" in client.get("/releases/").content


def test_a_second_run_adds_nothing(transactional_db: None) -> None:
    call_command("demo", "--no-serve", stdout=io.StringIO())
    counts = (rm.Incident.objects.count(), rm.ForceApplication.objects.count())
    releases = list(Release.objects.values_list("pk", "version"))
    call_command("demo", "--no-serve", stdout=(again := io.StringIO()))
    said = again.getvalue()
    assert "already imported" in said
    # no password is made again
    assert said.count("(password as first shown)") == said.count("(password ") == 5
    assert "Policy check: 0 reports checked, 0 new findings" in said
    assert "(version 1, published)" in said
    assert (rm.Incident.objects.count(), rm.ForceApplication.objects.count()) == counts
    assert list(Release.objects.values_list("pk", "version")) == releases
