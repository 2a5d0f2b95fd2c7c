"""Links to many rows of one kind, reversed once per page."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_MARK = 987654321  # an id no row has in the reversed route


def pk_url(viewname: str) -> Callable[[int], str]:
    """`reverse(viewname, args=[pk])` as a function of pk, for a route whose one
    argument is an `<int:...>`: reversed once, then formatted per row. A list page
    links each of its rows, and reversing each cost more than reading them."""
    head, mark, tail = reverse(viewname, args=[_MARK]).rpartition(str(_MARK))
    if not mark:
        raise ValueError(f"{viewname} does not take one integer argument")
    return lambda pk: f"{head}{int(pk)}{tail}"
