"""Pages of long lists without counting every row."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

PAGE_SIZE = 25


@dataclass
class RowPage:
    """One page of a list, found by reading one row past its end (no COUNT)."""

    number: int
    rows: list[Any]
    has_next: bool
    size: int = PAGE_SIZE

    @classmethod
    def of(cls, qs: Any, requested: str | None, size: int = PAGE_SIZE) -> RowPage:
        number = int(requested) if requested and requested.isdigit() else 1
        number = max(1, min(number, 100_000))
        rows = list(qs[(number - 1) * size : number * size + 1])
        return cls(number, rows[:size], len(rows) > size, size)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * self.size + len(self.rows)
