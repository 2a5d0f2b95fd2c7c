"""Page-number pagination with a fixed page size and a bounded page number."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="reports matching, on all pages")
        page: int
        page_size: int

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, **kwargs)

    def paginate_queryset(  # type: ignore[override]
        self, queryset: QuerySet[Any], pagination: Input, **params: Any
    ) -> dict[str, Any]:
        offset = (pagination.page - 1) * PAGE_SIZE
        return {
            "items": queryset[offset : offset + PAGE_SIZE],
            "count": queryset.count(),
            "page": pagination.page,
            "page_size": PAGE_SIZE,
        }
