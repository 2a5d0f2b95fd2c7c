"""The REST API, mounted at /api/; its OpenAPI document is /api/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI

from forcewatch.api import errors
from forcewatch.api.auth import BearerToken
from forcewatch.api.reports import router as reports

api = NinjaAPI(
    title="forcewatch API",
    version="1",
    description="Officers' use-of-force reports and their review. See docs/api.md.",
    auth=BearerToken(),
    urls_namespace="api",
    docs_url=None,  # Swagger UI loads scripts from a CDN; the document is enough
)
errors.install(api)
api.add_router("/reports", reports)

app_name = "api"
urlpatterns = api.urls[0]
