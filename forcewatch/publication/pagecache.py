"""Public release pages served from memory, in front of Django (WSGI middleware).

A published release never changes, and what the release pages show besides it
(which releases and versions are published) changes only through an audited
action, which moves the audit chain's head. So a page rendered once is served
again, byte for byte, until the head moves, without Django's middleware,
URL resolver or ORM: one small query (the head) and a dictionary lookup.

Only what is the same for every reader is kept: GET or HEAD of the release
pages (`/releases/...`, not the file downloads), with no query string, from a
reader with no session (a signed-in reader gets Django as usual), keyed by
path, language and whether the reader takes gzip; only 200 responses that set
no cookie. Shooting disclosures are never cached here: whether a case is
closed must be read afresh on every request. Entries also expire after
`ttl` seconds, for changes made outside the audit chain (there should be none).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection
from django.utils import translation

PREFIX = "/releases/"
DOWNLOAD_MARK = "/v"  # /releases/<slug>/<period>/v<n>/<file>: files are not pages

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class PublicPageCache:
    def __init__(self, app: WSGIApp, *, max_entries: int = 256, ttl: float = 60.0):
        self.app = app
        self.max_entries = max_entries
        self.ttl = ttl
        self._entries: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __call__(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        key = self._key(environ)
        if key is None:
            return self.app(environ, start_response)
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and now - entry.at < self.ttl:
                self._entries.move_to_end(key)
                self.hits += 1
                start_response(entry.status, list(entry.headers))
                return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]
        self.misses += 1
        return self._fill(key, environ, start_response, now)

    def _key(self, environ: dict[str, Any]) -> tuple[Any, ...] | None:
        path = environ.get("PATH_INFO", "")
        if (
            environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or not path.startswith(PREFIX)
            or environ.get("QUERY_STRING")
            or _is_download(path)
        ):
            return None
        cookies = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
        try:
            head = _audit_head()
        except Exception:  # noqa: BLE001 - the database decides: let Django answer
            return None
        language = translation.get_language_from_request(WSGIRequest(environ))
        gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        return (path, language, gzip, head)

    def _fill(
        self,
        key: tuple[Any, ...],
        environ: dict[str, Any],
        start_response: StartResponse,
        now: float,
    ) -> Iterable[bytes]:
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, *exc)

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        headers = seen.get("headers", [])
        cacheable = str(seen.get("status", "")).startswith("200") and not any(
            name.lower() == "set-cookie" for name, _ in headers
        )
        if cacheable and environ["REQUEST_METHOD"] == "GET":
            with self._lock:
                self._entries[key] = _Entry(seen["status"], tuple(headers), body, now)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return [body]


class _Entry:
    __slots__ = ("at", "body", "headers", "status")

    def __init__(
        self, status: str, headers: tuple[tuple[str, str], ...], body: bytes, at: float
    ):
        self.status, self.headers, self.body, self.at = status, headers, body, at


def _is_download(path: str) -> bool:
    # /releases/<slug>/<period>/v<n>/<file>: five or more segments after a version
    parts = path.strip("/").split("/")
    return len(parts) >= 5 and parts[3].startswith(DOWNLOAD_MARK[1:])


def _audit_head() -> int:
    from forcewatch.core.models import AuditHead

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT last_seq FROM {AuditHead._meta.db_table} WHERE id = 1"  # noqa: S608
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0
