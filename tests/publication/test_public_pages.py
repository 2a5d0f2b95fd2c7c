"""The public release pages, parsed: totals, tables with charts, suppression shown
as such, methods, downloads only of the files release.json lists; en and es."""

from __future__ import annotations

import csv
import gzip
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from forcewatch.publication.models import Release
from forcewatch.publication.services import (
    release_approve,
    release_path,
    release_prepare,
    release_publish,
)
from tests.publication.conftest import Staff

BASE = "/releases/dallas/2019H1/"


class Page(HTMLParser):
    """Tables as lists of rows of cell texts, links, and the page's text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: list[str] = []
        self.text: list[str] = []
        self._section = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "h3" and a.get("id", "").startswith("t-"):  # type: ignore[union-attr]
            self._section = str(a["id"])[2:]
        if tag == "tr":
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = []
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.tables.setdefault(self._section, []).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def published(staff: Staff, snapshot: Path, who: str = "analyst") -> Release:
    release = release_prepare(staff.agency, "2019H1", staff[who], snapshot_dir=snapshot)
    return release_publish(release_approve(release, staff["admin"]), staff["admin"])


@pytest.fixture
def release(staff: Staff, dallas_snapshot: Path) -> Release:
    return published(staff, dallas_snapshot)


def test_the_release_list_links_each_published_release(
    staff: Staff, dallas_snapshot: Path, release: Release
) -> None:
    unapproved = release_prepare(
        staff.agency, "2019H1", staff["analyst"], snapshot_dir=dallas_snapshot
    )
    page = Page(Client().get("/releases/").content.decode())
    assert f"{BASE}v1/" in page.links and f"{BASE}v2/" not in page.links
    assert "Dallas Police Department" in page.all_text
    assert Client().get(f"{BASE}v{unapproved.version}/").status_code == 404


def test_the_release_page_shows_totals_charts_and_every_table(release: Release) -> None:
    response = Client().get(BASE)
    assert response.status_code == 200
    html = response.content.decode()
    page = Page(html)
    folder = release_path(release)
    manifest = json.loads((folder / "release.json").read_text())
    summary = list(csv.DictReader((folder / "data/summary.csv").open()))
    incidents = next(r for r in summary if r["unit"] == "incident")["count"]
    assert f"{incidents} Incidents" in page.all_text
    charts = [t for t in manifest["tables"] if t["chart"]]
    assert charts and html.count("<svg") == len(charts)
    assert "<script" not in html
    for table in (t for t in manifest["tables"] if t["dims"] and not t["withheld"]):
        rows = list(csv.DictReader((folder / table["file"]).open()))
        shown = page.tables[table["name"]][1:]  # after the header row
        assert len(shown) == len(rows), table["name"]
        for row, cells in zip(rows, shown, strict=True):
            count = cells[len(table["dims"])]
            if row["status"] == "published":
                assert count == row["count"]
            else:
                assert row["count"] == "" and count == "suppressed"
    assert "/data/summary.csv" in " ".join(page.links)
    assert "Methods" in page.all_text and "What changed" in page.all_text


def test_some_cells_of_the_slice_are_suppressed_and_explained(release: Release) -> None:
    page = Page(Client().get(BASE).content.decode())
    cells = [c for rows in page.tables.values() for row in rows for c in row]
    assert "suppressed" in cells
    assert "fewer than 10 people" in page.all_text
    for rows in page.tables.values():
        for row in rows:
            for c in row:
                if c == "suppressed":
                    continue
    assert "suppressed_small" not in page.all_text


def test_a_version_has_its_own_address_and_the_latest_is_the_default(
    staff: Staff, dallas_snapshot: Path, release: Release
) -> None:
    second = published(staff, dallas_snapshot, "analyst2")
    client = Client()
    assert "Version 2." in Page(client.get(BASE).content.decode()).all_text
    old = Page(client.get(f"{BASE}v1/").content.decode()).all_text
    assert "Version 1." in old and "A newer version of this release exists" in old
    assert second.version == 2
    assert client.get(f"{BASE}v3/").status_code == 404
    assert client.get("/releases/dallas/2020H1/").status_code == 404


def test_downloads_serve_only_the_files_release_json_lists(release: Release) -> None:
    folder = release_path(release)
    (folder / "notes.txt").write_text("internal")
    (folder.parent / "secret.txt").write_text("secret")
    client = Client()
    ok = client.get(f"{BASE}v1/data/summary.csv")
    assert ok.status_code == 200 and ok["Content-Type"].startswith("text/csv")
    assert b"".join(ok.streaming_content) == (folder / "data/summary.csv").read_bytes()
    assert client.get(f"{BASE}v1/release.json").status_code == 200
    for name in (
        "notes.txt",
        "../secret.txt",
        "data/../../secret.txt",
        "%2e%2e/secret.txt",
        "..%2fsecret.txt",
        "data/%2e%2e/release.json",
        "/etc/passwd",
        "data",
        "data/nothing.csv",
    ):
        assert client.get(f"{BASE}v1/{name}").status_code == 404, name


def test_a_changed_folder_is_not_shown(release: Release) -> None:
    manifest = release_path(release) / "release.json"
    manifest.write_text(manifest.read_text() + " ")
    client = Client()
    assert client.get(BASE).status_code == 503
    assert client.get(f"{BASE}v1/data/summary.csv").status_code == 404


def test_a_release_page_gzipped_is_under_200_kb(release: Release) -> None:
    response = Client().get(BASE, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 200_000
    assert len(gzip.decompress(response.content)) > len(response.content)


@pytest.mark.parametrize(
    ("path", "english", "spanish"),
    [
        ("/releases/", "Use-of-force statistics", "Estadísticas de uso de la fuerza"),
        (BASE, "Tables and charts", "Tablas y gráficos"),
        ("/shootings/", "Officer-involved shootings", "Disparos de agentes"),
        ("/methods/", "How the statistics are made", "Cómo se elaboran"),
        ("/report-misconduct/", "Report police misconduct", "Denunciar"),
    ],
)
def test_public_pages_render_in_english_and_spanish(
    release: Release, path: str, english: str, spanish: str
) -> None:
    client = Client()
    en = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    es = client.get(path, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="en">' in en and english in en
    assert '<html lang="es">' in es and spanish in es and english not in es


def test_the_spanish_release_page_labels_groups_in_spanish(release: Release) -> None:
    es = Page(Client().get(BASE, HTTP_ACCEPT_LANGUAGE="es").content.decode())
    cells = {c for rows in es.tables.values() for row in rows for c in row}
    assert "Negra (no hispana)" in cells and "suprimido" in cells


def test_the_home_page_links_the_public_pages(release: Release) -> None:
    page = Page(Client().get("/").content.decode())
    assert {"/releases/", "/shootings/", "/methods/", "/report-misconduct/"} <= set(
        page.links
    )


def test_the_page_cache_is_keyed_by_the_manifest_hash(release: Release) -> None:
    from forcewatch.publication import reader

    client = Client()
    client.get(BASE)
    hits = reader._page.cache_info().hits
    client.get(BASE)
    assert reader._page.cache_info().hits == hits + 1
    assert io  # the module is used for parsing CSVs above


def test_the_language_links_set_the_language_and_go_back(release: Release) -> None:
    client = Client()
    html = client.get(BASE).content.decode()
    assert "csrfmiddlewaretoken" not in html  # nothing of the request is in the page
    assert f'href="/language/es/?next={BASE}"' in html.replace("%2F", "/")
    response = client.get(f"/language/es/?next={BASE}")
    assert response.status_code == 302 and response["Location"] == BASE
    assert "Tablas y gráficos" in client.get(BASE).content.decode()
    assert client.get("/language/en/?next=https://evil.example/")["Location"] == "/"
    assert "Tables and charts" in client.get(BASE).content.decode()


def test_every_public_page_opens_without_signing_in(release: Release) -> None:
    from django.urls import URLPattern, get_resolver

    names = {
        p.name
        for p in get_resolver("forcewatch.publication.urls").url_patterns
        if isinstance(p, URLPattern)
    }
    opened = {
        "releases": "/releases/",
        "release": BASE,
        "release_version": f"{BASE}v1/",
        "file": f"{BASE}v1/methods.md",
        "shootings": "/shootings/",
        "methods": "/methods/",
        "report_misconduct": "/report-misconduct/",
    }
    assert names == {*opened, "shooting", "language"}  # those two: own tests
    client = Client()
    for path in opened.values():
        assert client.get(path).status_code == 200, path


def test_rates_show_with_their_interval_and_the_unstable_note(
    staff: Staff, dallas_snapshot: Path
) -> None:
    release = release_prepare(
        staff.agency,
        "2019H1",
        staff["analyst"],
        snapshot_dir=dallas_snapshot,
        denominator="dallas-residents-acs2015",
    )
    release_publish(release_approve(release, staff["admin"]), staff["admin"])
    page = Page(Client().get(BASE).content.decode())
    header, *rows = page.tables["subjects_by_race"]
    assert header == ["Race", "Count", "Rate", "95% interval"]
    published = [r for r in rows if r[1] != "suppressed"]
    assert published and all("–" in r[3] for r in published if r[2] != "–")
    assert any(r[2].endswith(" *") for r in published)  # a 60-row slice: few events
    assert "Fewer than 20 events: the rate is unstable." in page.all_text
    assert "Rates use the denominator “Dallas residents, ACS 2015" in page.all_text
