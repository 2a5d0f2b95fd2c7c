"""Turn one field spec into a converter: raw cells -> a canonical value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.db import models

from forcewatch.intake.errors import MappingError
from forcewatch.intake.mapping.spec import FieldSpec
from forcewatch.intake.readers import norm
from forcewatch.records.codes import codelist

YES = {"yes", "y", "true", "t", "1", "x", "checked"}
NO = {"no", "n", "false", "f", "0", "unchecked"}
BUILTIN_MAPS: dict[str, dict[str, Any]] = {
    "yes_no": {**dict.fromkeys(YES, True), **dict.fromkeys(NO, False)},
}
MEMO_LIMIT = 50_000
UNSEEN = object()  # not in the memo (None is a converted value)
ISO_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%H:%M:%S",
    "%H:%M",
)
AGE_RANGE = re.compile(
    r"^\s*(\d{1,3})(?:\.0+)?\s*(?:(?:-|to|–)\s*(\d{1,3})(?:\.0+)?)?\s*(\+)?\s*$"
)


class ValueProblem(Exception):
    """A cell value that cannot become the canonical field's value."""


def compile_map(
    spec: str | dict[str, Any], named: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    if isinstance(spec, str):
        if spec in named:
            spec = named[spec]
        elif spec in BUILTIN_MAPS:
            return BUILTIN_MAPS[spec]
        else:
            known = ", ".join(sorted([*named, *BUILTIN_MAPS]))
            raise MappingError(f"no value map named {spec!r} (known: {known})")
    return {("*" if k == "*" else norm(str(k))): v for k, v in spec.items()}


def lookup(table: dict[str, Any], raw: str) -> Any:
    key = norm(raw)
    if key in table:
        return table[key]
    if "*" in table:
        return table["*"]
    raise ValueProblem(
        f'value {raw!r} is not in the value map (add it, or a "*" default)'
    )


def parse_datetime(raw: str, formats: list[str]) -> dt.datetime:
    text = " ".join(raw.split())
    for fmt in [*formats, *ISO_FORMATS]:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    shown = ", ".join(formats) or "ISO 8601"
    raise ValueProblem(f"{raw!r} is not a date/time in the format {shown}")


def convert(
    field: models.Field, raw: Any, formats: list[str], scale: float | None
) -> Any:
    """Convert a mapped value to the Python type of the model field."""
    if isinstance(field, models.BooleanField):
        if isinstance(raw, bool):
            return raw
        value = BUILTIN_MAPS["yes_no"].get(norm(str(raw)))
        if value is None:
            raise ValueProblem(f"{raw!r} is not yes/no (map it with `map`)")
        return value
    if isinstance(field, models.DateTimeField):
        parsed = (
            raw if isinstance(raw, dt.datetime) else parse_datetime(str(raw), formats)
        )
        return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed
    if isinstance(field, models.DateField):
        parsed = parse_datetime(str(raw), formats)
        if not 1800 <= parsed.year <= 2100:
            raise ValueProblem(f"{raw!r} is not a plausible date")
        return parsed.date()
    if isinstance(field, models.TimeField):
        text = str(raw).strip()
        if text.isdigit() and len(text) <= 4 and not formats:
            text = text.zfill(4)
            return parse_datetime(f"{text[:2]}:{text[2:]}", []).time()
        return parse_datetime(text, formats).time()
    if isinstance(field, models.IntegerField | models.FloatField):
        try:
            number = float(str(raw).replace(",", ""))
        except ValueError as exc:
            raise ValueProblem(f"{raw!r} is not a number") from exc
        if scale is not None:
            number *= scale
        if isinstance(field, models.FloatField):
            return number
        if (
            not number.is_integer()
            or number < 0
            and isinstance(
                field, models.PositiveIntegerField | models.PositiveSmallIntegerField
            )
        ):
            raise ValueProblem(f"{raw!r} is not a whole number")
        return int(number)
    if isinstance(field, models.CharField):
        text = str(raw)
        if field.max_length and len(text) > field.max_length:
            raise ValueProblem(f"value is longer than {field.max_length} characters")
        return text
    return raw


def empty_value(field: models.Field) -> Any:
    if isinstance(field, models.JSONField):
        return []
    if isinstance(field, models.CharField):
        return ""
    return None


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def make_converter(
    name: str,
    spec: FieldSpec,
    field: models.Field,
    codes: str | None,
    maps: dict[str, dict[str, Any]],
) -> Callable[[str | None], Any]:
    """Build raw text -> canonical value for one field; raises ValueProblem."""
    table = compile_map(spec.map, maps) if spec.map is not None else None
    formats = [spec.format] if isinstance(spec.format, str) else list(spec.format or [])
    pattern = re.compile(spec.regex) if spec.regex else None
    valid = set(codelist(codes).codes) if codes else None
    is_list = isinstance(field, models.JSONField)
    empty = empty_value(field)

    def one(raw: str) -> Any:
        value: Any = raw
        if pattern is not None:
            found = pattern.search(raw)
            if not found:
                return None
            value = found.group(1) if found.groups() else found.group(0)
        if table is not None:
            value = lookup(table, str(value))
        if value is None or value == "":
            return None
        if is_list:
            return value
        return convert(field, value, formats, spec.scale)

    def check(value: Any) -> None:
        for code in value if isinstance(value, list) else [value]:
            if str(code) not in valid:  # type: ignore[operator]
                raise ValueProblem(
                    f"{code!r} is not a code of the {codes} code list "
                    f"({', '.join(sorted(valid))})"  # type: ignore[arg-type]
                )

    memo: dict[str | None, Any] = {}
    separators = [spec.split] if isinstance(spec.split, str) else spec.split or []
    splitter = (
        re.compile("|".join(re.escape(s) for s in separators)).split
        if separators
        else None
    )

    def run(raw: str | None) -> Any:
        # Most columns repeat a few values: convert each distinct one once.
        value = memo.get(raw, UNSEEN)
        if value is not UNSEEN:
            return value
        value = convert_raw(raw)
        if raw is not None and len(memo) < MEMO_LIMIT:
            memo[raw] = value
        return value

    def convert_raw(raw: str | None) -> Any:
        if raw is None:
            if spec.required:
                raise ValueProblem(f"{name} is required but the cell is empty")
            return empty
        parts = [p.strip() for p in splitter(raw)] if splitter else [raw]
        values = [v for v in (one(p) for p in parts if p) if v is not None]
        if is_list:
            flat: list[Any] = []
            for v in values:
                flat.extend(v if isinstance(v, list) else [v])
            value: Any = list(dict.fromkeys(str(v) for v in flat))
        else:
            value = values[0] if values else None
        if is_empty(value):
            if spec.required:
                raise ValueProblem(f"{name} is required but has no value")
            return empty
        if valid is not None:
            check(value)
        return value

    return run


def parse_age(raw: str) -> tuple[int | None, int | None]:
    """'34' -> (34, 34); '25-34' -> (25, 34); '65+' -> (65, None)."""
    found = AGE_RANGE.match(raw)
    if not found:
        raise ValueProblem(f"{raw!r} is not an age or an age range (map it with `map`)")
    low = int(found.group(1))
    high = int(found.group(2)) if found.group(2) else (None if found.group(3) else low)
    if high is not None and (high < low or high > 120):
        raise ValueProblem(f"{raw!r} is not a plausible age range")
    return low, high
