"""The WSGI page cache in front of Django: release pages from memory until an
audited change; never for signed-in readers, downloads or shooting disclosures."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from forcewatch.publication.models import Release
from forcewatch.publication.pagecache import PublicPageCache
from forcewatch.publication.services import release_prepare
from tests.publication.conftest import Staff
from tests.publication.test_public_pages import BASE, published


class Counting:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self) -> None:
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start: Any) -> Iterable[bytes]:
        self.calls += 1
        return self.django(environ, start)


def get(
    app: PublicPageCache, path: str, *, query: str = "", **headers: str
) -> tuple[str, dict[str, str], bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    }
    seen: dict[str, Any] = {}

    def start(status: str, headers: list[tuple[str, str]], *exc: Any) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(environ, start))
    return seen["status"], seen["headers"], body


@pytest.fixture
def site(
    staff: Staff, dallas_snapshot: Path
) -> Iterator[tuple[PublicPageCache, Counting]]:
    """The cache in front of Django. Like Django's test client, it keeps the
    test's database connection open: a request's end would otherwise close it
    inside the test's transaction (on PostgreSQL; SQLite's in-memory test
    database is never closed)."""
    published(staff, dallas_snapshot)
    django = Counting()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield PublicPageCache(django), django
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_release_page_is_served_from_memory_the_second_time(
    site: tuple[PublicPageCache, Counting],
) -> None:
    app, django = site
    first = get(app, BASE)
    second = get(app, BASE)
    assert first[0].startswith("200") and second == first
    assert django.calls == 1 and app.hits == 1
    assert b"Dallas Police Department" in second[2]


def test_languages_and_gzip_are_kept_apart(
    site: tuple[PublicPageCache, Counting],
) -> None:
    app, django = site
    english = get(app, BASE, accept_language="en")
    spanish = get(app, BASE, accept_language="es")
    zipped = get(app, BASE, accept_language="en", accept_encoding="gzip")
    assert english[2] != spanish[2]
    assert zipped[1].get("Content-Encoding") == "gzip"
    assert django.calls == 3
    assert get(app, BASE, accept_language="es") == spanish
    assert django.calls == 3


def test_an_audited_change_is_seen_at_once(
    staff: Staff, dallas_snapshot: Path, site: tuple[PublicPageCache, Counting]
) -> None:
    """Publishing version 2 moves the audit head: the list shows it immediately."""
    app, django = site
    assert f"{BASE}v2/".encode() not in get(app, "/releases/")[2]
    published(staff, dallas_snapshot)
    assert Release.objects.filter(version=2, status="published").exists()
    assert f"{BASE}v2/".encode() in get(app, "/releases/")[2]
    assert django.calls == 2


def test_a_prepared_release_is_not_shown_before_it_is_published(
    staff: Staff, dallas_snapshot: Path, site: tuple[PublicPageCache, Counting]
) -> None:
    app, _ = site
    get(app, "/releases/")
    release_prepare(
        staff.agency, "2019H1", staff["analyst"], snapshot_dir=dallas_snapshot
    )
    assert f"{BASE}v2/".encode() not in get(app, "/releases/")[2]


@pytest.mark.parametrize(
    ("path", "query", "headers"),
    [
        (BASE, "", {"cookie": "sessionid=abc"}),
        (BASE, "x=1", {}),
        ("/shootings/", "", {}),
        (f"{BASE}v1/data/summary.csv", "", {}),
        ("/staff/", "", {}),
    ],
)
def test_what_is_never_kept(
    site: tuple[PublicPageCache, Counting],
    path: str,
    query: str,
    headers: dict[str, str],
) -> None:
    app, django = site
    get(app, path, query=query, **headers)
    get(app, path, query=query, **headers)
    assert django.calls == 2 and app.hits == 0


def test_an_error_page_is_not_kept(site: tuple[PublicPageCache, Counting]) -> None:
    app, django = site
    status, _, _ = get(app, "/releases/nowhere/2019H1/")
    assert status.startswith("404")
    get(app, "/releases/nowhere/2019H1/")
    assert django.calls == 2
