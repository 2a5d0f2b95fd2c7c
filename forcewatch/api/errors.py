"""Domain errors become HTTP answers: 403, 409 and 422 with field paths."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestInvalid

from forcewatch.reporting.services import ContentInvalid, StaleReport

# leading parts of a Ninja error location that name no field: the place in the
# request, and for a body the parameter's name ("body", "payload", ...)
PLACES = {"body": 2, "query": 1, "path": 1}


def field_path(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = list(loc)
    skip = PLACES.get(str(parts[0]), 0) if parts else 0
    if skip == 1 and len(parts) > 2:
        skip = 2  # a query schema's own name (ReportFilters) before the field
    return ".".join(str(p) for p in parts[skip:]) or ".".join(map(str, parts))


def install(api: NinjaAPI) -> None:
    def request_invalid(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
        errors = [{"loc": field_path(e["loc"]), "msg": e["msg"]} for e in exc.errors]
        body = {"detail": "the request is not valid", "errors": errors}
        return api.create_response(request, body, status=422)

    def content_invalid(request: HttpRequest, exc: ContentInvalid) -> HttpResponse:
        body = {"detail": "the report is not valid", "errors": exc.errors}
        return api.create_response(request, body, status=422)

    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        detail = str(exc) or "you may not do this"
        return api.create_response(request, {"detail": detail}, status=403)

    def stale(request: HttpRequest, exc: StaleReport) -> HttpResponse:
        body = {"detail": str(exc), "current_version": exc.current}
        return api.create_response(request, body, status=409)

    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        body = {"detail": "send a valid token: Authorization: Bearer <token>"}
        response = api.create_response(request, body, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        RequestInvalid: request_invalid,
        ContentInvalid: content_invalid,
        PermissionDenied: forbidden,
        StaleReport: stale,
        AuthenticationError: unauthenticated,
    }
    for error, handler in handlers.items():
        api.add_exception_handler(error, handler)
