"""The public site: releases, shooting disclosures, methods. No sign-in, no JavaScript.

Each view fetches published data only (selectors), then renders. Pages are
gzipped: inline SVG charts compress several times over, which keeps a release
page well under 200 KB on a phone.
"""

from __future__ import annotations

import gzip
import logging
import mimetypes
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from forcewatch.publication.folder import listed_file, manifest_hash, read_manifest
from forcewatch.publication.models import ShootingDisclosure
from forcewatch.publication.reader import FolderChanged, release_page
from forcewatch.publication.selectors import (
    public_disclosures,
    published_release,
    published_releases,
    release_versions,
)
from forcewatch.publication.services import release_path

log = logging.getLogger(__name__)
TYPES = {".csv": "text/csv", ".md": "text/markdown", ".json": "application/json"}


@require_safe
@gzip_page
def release_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publication/releases.html",
        {"agencies": published_releases(), "section": "releases"},
    )


@require_safe
def release_detail(
    request: HttpRequest, slug: str, period: str, version: int | None = None
) -> HttpResponse:
    release = published_release(slug, period, version)
    if release is None:
        raise Http404("no such published release")
    try:
        page = release_page(release_path(release), release.manifest_sha256)
    except (FolderChanged, OSError, ValueError, KeyError):
        log.exception("release %s cannot be shown", release)
        return render(request, "publication/unavailable.html", status=503)
    versions = release_versions(release)
    key = (
        request.path,
        release.pk,
        release.manifest_sha256,
        get_language(),
        tuple(v.version for v in versions),
    )
    body = _rendered.get(key)
    if body is None:
        context = {
            "release": release,
            "page": page,
            "versions": versions,
            "pinned": version is not None,
            "section": "releases",
        }
        html = render_to_string("publication/release.html", context, request)
        body = Body(html.encode(), gzip.compress(html.encode(), 6, mtime=0))
        _rendered.put(key, body)
    return body.response(request)


@dataclass(frozen=True)
class Body:
    """A rendered page, and the same gzipped once (browsers ask for gzip)."""

    plain: bytes
    gzipped: bytes

    def response(self, request: HttpRequest) -> HttpResponse:
        zipped = "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(self.gzipped if zipped else self.plain)
        if zipped:
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ["Accept-Encoding"])
        return response


class Rendered:
    """Release pages as rendered, by (path, release, its hash, language, versions).

    A public page carries nothing of the request (no form token, no user), and a
    published release never changes, so its page is rendered once per process.
    """

    def __init__(self, size: int = 64) -> None:
        self.pages: OrderedDict[tuple[object, ...], Body] = OrderedDict()
        self.size, self.lock = size, threading.Lock()

    def get(self, key: tuple[object, ...]) -> Body | None:
        with self.lock:
            body = self.pages.get(key)
            if body is not None:
                self.pages.move_to_end(key)
            return body

    def put(self, key: tuple[object, ...], body: Body) -> None:
        with self.lock:
            self.pages[key] = body
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_rendered = Rendered()


@require_safe
def language(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """Switch language by a plain link (no form, so public pages hold no token)."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if check_for_language(code):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


@require_safe
def release_file(
    request: HttpRequest, slug: str, period: str, version: int, name: str
) -> FileResponse:
    """One file of a release, only if its release.json lists it."""
    release = published_release(slug, period, version)
    if release is None:
        raise Http404("no such published release")
    folder = release_path(release)
    if manifest_hash(folder) != release.manifest_sha256:
        raise Http404("this release's files are not available")
    path = listed_file(folder, read_manifest(folder), name)
    if path is None:
        raise Http404("no such file in this release")
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=path.name,
        content_type=f"{kind or 'application/octet-stream'}; charset=utf-8",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
@gzip_page
def shooting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publication/shootings.html",
        {"disclosures": public_disclosures(), "section": "shootings"},
    )


@require_safe
@gzip_page
def shooting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure: ShootingDisclosure | None = public_disclosures().filter(pk=pk).first()
    if disclosure is None:
        raise Http404("no such published disclosure")
    return render(
        request, "publication/shooting.html", {"d": disclosure, "section": "shootings"}
    )


@require_safe
@gzip_page
def methods(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publication/methods.html",
        {"agencies": published_releases(), "section": "methods"},
    )


@require_safe
@gzip_page
def report_misconduct(request: HttpRequest) -> HttpResponse:
    return render(
        request, "publication/report_misconduct.html", {"section": "misconduct"}
    )
