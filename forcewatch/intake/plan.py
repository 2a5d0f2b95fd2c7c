"""Compile one source of a mapping against one file's header.

`rowplan.py` runs the compiled source over each row; `writer.py` stores the
records it plans.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.db import models

from forcewatch.intake.batch import MODELS, Ref

if TYPE_CHECKING:
    from forcewatch.intake.batch import LinkResolver
from forcewatch.intake.errors import MappingError
from forcewatch.intake.mapping.fields import (
    make_converter,
)
from forcewatch.intake.mapping.spec import (
    Condition,
    EachSpec,
    EntitySpec,
    Mapping,
    SourceSpec,
)
from forcewatch.intake.readers import norm

ENGINE_FIELDS = {
    "id",
    "agency",
    "source_key",
    "source_file",
    "source_row",
    "audit_seq",
    "row_hash",
    "incident",
    "officer",
    "involvement",
    "subject",
    "engagement",
    "report",
    "complaint",
}
CODE_LISTS = {
    ("officer", "sex"): "sex",
    ("officer", "race"): "race",
    ("officer", "ethnicity"): "ethnicity",
    ("subject", "sex"): "sex",
    ("subject", "race"): "race",
    ("subject", "ethnicity"): "ethnicity",
    ("subject", "injuries"): "injury_type",
    ("subject", "injury_severity"): "injury_severity",
    ("subject", "impairments"): "impairment",
    ("subject", "armed_with"): "weapon",
    ("incident", "contact_reason"): "contact_reason",
    ("force", "force_type"): "force_type",
    ("force", "resistance"): "resistance",
    ("resistance", "resistance"): "resistance",
    ("resistance", "weapon"): "weapon",
    ("review", "step"): "review_step",
    ("involvement", "deescalation"): "deescalation",
    ("complaint", "category"): "complaint_category",
    ("complaint", "outcome"): "complaint_finding",
    ("allegation", "category"): "complaint_category",
    ("allegation", "finding"): "complaint_finding",
}
VIRTUAL_FIELDS = {("subject", "age"): ("age_min", "age_max")}
# template fields that name the row's context, not a column
TEMPLATE_CONTEXT = {
    "row",
    "index",
    "file",
    "incident",
    "officer",
    "subject",
    "report",
    "complaint",
}
NUMERIC_KEY = re.compile(r"^-?\d+\.0+$")


class Columns:
    """Resolves a mapping's column names against one file's header."""

    def __init__(self, source: SourceSpec, header: list[str], file: str):
        self.source, self.header, self.file = source, header, file
        self.exact = {h: i for i, h in enumerate(header)}
        self.folded: dict[str, int] = {}
        for i, h in enumerate(header):
            self.folded.setdefault(" ".join(h.split()).casefold(), i)
        self.missing: list[str] = []
        # columns taken from the file's name, appended to every row
        self.virtual: list[str] = []
        self.virtual_index: dict[str, int] = {}
        for alias_name, alias in source.columns.items():
            if alias.file_name is None:
                continue
            found = re.search(alias.file_name, file)
            if found is None:
                raise MappingError(
                    f"{file}: column {alias_name!r} comes from the file name, but "
                    f"{alias.file_name!r} does not match it"
                )
            value = found.group(1) if found.groups() else found.group(0)
            self.virtual_index[alias_name] = len(header) + len(self.virtual)
            self.virtual.append(value)

    def index(self, name: str) -> int | None:
        if name in self.virtual_index:
            return self.virtual_index[name]
        alias = self.source.columns.get(name)
        names = alias.names if alias else [name]
        for candidate in names:
            if candidate in self.exact:
                return self.exact[candidate]
            folded = " ".join(candidate.split()).casefold()
            if folded in self.folded:
                return self.folded[folded]
        if alias is None or not alias.optional:
            self.missing.append(
                name if alias is None else f"{name} ({' / '.join(names)})"
            )
        return None


Cells = list[str]
Item = dict[str, str | None]
Renderer = Callable[[Cells, Item | None, dict[str, str]], str | None]


class Getter(Protocol):
    """A column's cell in a row, None when empty; takes (and ignores) an item so
    that it serves as a field's fetch without a wrapper."""

    def __call__(self, cells: Cells, item: Item | None = None) -> str | None: ...


class SourcePlanner:
    """Compiled form of one source of a mapping, for one file's header."""

    def __init__(
        self,
        mapping: Mapping,
        source_name: str,
        header: list[str],
        file: str,
        file_tag: str,
        links: LinkResolver | None,
    ):
        self.mapping, self.source = mapping, mapping.sources[source_name]
        self.file, self.file_tag, self.links = file, file_tag, links
        self.cols = Columns(self.source, header, file)
        self._link_keys: dict[str, list[Renderer]] = {}
        self.nulls = frozenset(v.casefold() for v in self.source.read.null_values)
        self.entities = {
            kind: self._compile_entity(kind, spec)
            for kind, spec in self.source.records.items()
        }
        self.skips = [(self._condition(rule), rule.reason) for rule in self.source.skip]
        self.sequence: Counter[Ref | None] = Counter()  # actions numbered per parent
        if self.cols.missing:
            raise MappingError(
                f"{file}: column(s) not found: {', '.join(self.cols.missing)}. "
                f"The file has: {', '.join(repr(h) for h in header)}"
            )

    # -- compilation ---------------------------------------------------------
    def _column(self, name: str) -> Getter:
        """The cells of a column (or alias), its own `null_values` read as empty."""
        alias = self.source.columns.get(name)
        own = {v.casefold() for v in alias.null_values} if alias else set()
        return self._raw(self.cols.index(name), own)

    def _raw(
        self, index: int | None, own: set[str] | frozenset[str] = frozenset()
    ) -> Getter:
        if index is None:
            return lambda cells, item=None: None
        nulls = self.nulls | own
        # Most cells are longer than any null marker: skip the casefold for them
        # (casefold never makes a text shorter).
        longest = max(map(len, nulls), default=-1)

        def get(cells: Cells, item: Item | None = None) -> str | None:
            if index >= len(cells):
                return None
            text = cells[index].strip()
            if len(text) <= longest and text.casefold() in nulls:
                return None
            return text

        return get

    def null(self, text: str) -> bool:
        return text.casefold() in self.nulls

    def _template(self, template: str) -> Renderer:
        """`{name}` fields filled from columns, `{item.NAME}` or the row's context
        (`{row}`, `{incident}`, ...); no key when a field is empty."""
        steps = [
            (text, self._template_field(name) if name else None)
            for text, name, _, _ in string.Formatter().parse(template)
        ]

        def render(
            cells: Cells, item: Item | None, extra: dict[str, str]
        ) -> str | None:
            out: list[str] = []
            for text, fetch in steps:
                out.append(text)
                if fetch is None:
                    continue
                value = fetch(cells, item, extra)
                if not value:
                    return None
                # a number stored as a float ("1532313742.0") keys as the integer
                if value.endswith(".0") and NUMERIC_KEY.match(value):
                    value = value[:-2]
                out.append(value)
            return "".join(out)

        return render

    def _template_field(self, name: str) -> Renderer:
        # by name, not str.format: `{item.type}` is a name, not attribute access
        if name.startswith("item."):
            key = name[5:]
            return lambda cells, item, extra: (item or {}).get(key)
        if name in TEMPLATE_CONTEXT:
            return lambda cells, item, extra: extra.get(name)
        get = self._column(name)
        return lambda cells, item, extra: get(cells)

    def _condition(self, cond: Condition) -> Callable[[Cells, Item | None], bool]:
        get = self._column(cond.column) if cond.column else None
        name = cond.item or ""
        holds = _predicate(cond)
        # values repeat: decide each distinct one once
        known: dict[str | None, bool] = {}

        def test(cells: Cells, item: Item | None) -> bool:
            value = get(cells) if get else (item or {}).get(name)
            result = known.get(value)
            if result is None:
                result = holds(value)
                if len(known) < 10_000:
                    known[value] = result
            return result

        return test

    def _compile_entity(self, kind: str, spec: EntitySpec) -> Compiled:
        model = MODELS[kind]
        compiled = Compiled(kind=kind, spec=spec)
        if spec.key is not None:
            keys = [spec.key] if isinstance(spec.key, str) else spec.key
            compiled.keys = [self._template(k) for k in keys]
        elif kind in ("incident", "report", "complaint"):
            raise MappingError(f"{self.file}: `{kind}` needs a `key`")
        conds = (
            spec.when
            if isinstance(spec.when, list)
            else [spec.when]
            if spec.when
            else []
        )
        compiled.when = [self._condition(c) for c in conds]
        compiled.items = self._compile_each(spec) if spec.each else None
        compiled.identifiers = {
            s: self._template(t) for s, t in spec.identifiers.items()
        }
        for name, fspec in spec.fields.items():
            targets = VIRTUAL_FIELDS.get((kind, name))
            model_field: models.Field[Any, Any]
            if targets is None:
                if name in ENGINE_FIELDS or name not in {
                    f.name for f in model._meta.concrete_fields
                }:
                    allowed = sorted(
                        f.name
                        for f in model._meta.concrete_fields
                        if f.name not in ENGINE_FIELDS
                        and f.name not in {"audit_seq", "row_hash"}
                    )
                    raise MappingError(
                        f"`{kind}` has no field {name!r}; fields: {', '.join(allowed)}"
                    )
                model_field = model._meta.get_field(name)  # type: ignore[assignment]
            else:
                model_field = models.CharField(max_length=40)
            conv = make_converter(
                f"{kind}.{name}",
                fspec,
                model_field,
                CODE_LISTS.get((kind, name)),
                self.mapping.maps,
            )
            fetch, column = self._fetch(fspec, spec.each)
            raw_name = f"{name}_raw"
            has_raw = any(f.name == raw_name for f in model._meta.concrete_fields)
            has_raw = has_raw and raw_name not in spec.fields and fspec.value is None
            compiled.fields.append(
                FieldPlan(
                    name, targets, conv, fetch, column, raw_name if has_raw else None
                )
            )
        return compiled

    def _fetch(
        self, fspec: Any, each: EachSpec | None
    ) -> tuple[Callable[[Cells, Item | None], str | None], str | None]:
        if fspec.column is not None:
            return self._column(fspec.column), fspec.column
        if fspec.columns is not None:
            gets = [self._column(c) for c in fspec.columns]
            joiner = fspec.join

            def joined(cells: Cells, item: Item | None) -> str | None:
                parts = [part for get in gets if (part := get(cells))]
                return joiner.join(parts) if parts else None

            return joined, ", ".join(fspec.columns)
        if fspec.item is not None:
            name = fspec.item
            column = (each.columns or {}).get(name) if each else None
            where = column or f"item {name}"
            return (lambda cells, item: (item or {}).get(name)), where
        if fspec.template is not None:
            render = self._template(fspec.template)
            return (lambda cells, item: render(cells, item, {})), fspec.template
        if fspec.one_hot is not None:
            flags = [(code, self._column(c)) for c, code in fspec.one_hot.items()]
            truthy = {norm(v) for v in EachSpec.model_fields["true_values"].default}

            def hot(cells: Cells, item: Item | None) -> str | None:
                codes = dict.fromkeys(
                    code for code, get in flags if norm(get(cells) or "") in truthy
                )
                return ", ".join(codes) or None

            return hot, ", ".join(fspec.one_hot)
        constant = fspec.value
        return (lambda cells, item: constant), None

    def _compile_each(self, spec: EntitySpec) -> Callable[[Cells], list[Item]]:
        each = spec.each
        assert each is not None
        if each.columns:
            getters = {n: self._column(c) for n, c in each.columns.items()}
            seps = each.split if isinstance(each.split, list) else [each.split or ","]
            parts = re.compile("|".join(re.escape(s) for s in seps)).split

            def split_items(cells: Cells) -> list[Item]:
                lists = {
                    n: [p.strip() for p in parts(g(cells) or "")]
                    for n, g in getters.items()
                }
                width = max((len(v) for v in lists.values() if v != [""]), default=0)
                items = []
                for i in range(width):
                    item = {
                        n: (
                            v[i]
                            if i < len(v) and v[i] and not self.null(v[i])
                            else None
                        )
                        for n, v in lists.items()
                    }
                    if any(item.values()):
                        items.append(item)
                return items

            return split_items
        if each.wide:
            wide = {n: [self._column(c) for c in cs] for n, cs in each.wide.items()}
            width = max(len(v) for v in wide.values())

            def wide_items(cells: Cells) -> list[Item]:
                items = []
                for i in range(width):
                    item = {
                        n: (gs[i](cells) if i < len(gs) else None)
                        for n, gs in wide.items()
                    }
                    if any(item.values()):
                        items.append(item)
                return items

            return wide_items
        flags = [
            (col, code, self._column(col)) for col, code in (each.one_hot or {}).items()
        ]
        truthy = {norm(v) for v in each.true_values}

        def hot_items(cells: Cells) -> list[Item]:
            return [
                {"code": code, "column": col, "raw": col}
                for col, code, get in flags
                if norm(get(cells) or "") in truthy
            ]

        return hot_items

    def link_keys(self, kind: str) -> list[Renderer]:
        compiled = self._link_keys.get(kind)
        if compiled is None:
            key = self.source.link[kind].key  # type: ignore[index]
            keys = [key] if isinstance(key, str) else key
            compiled = self._link_keys[kind] = [self._template(k) for k in keys]
        return compiled


def _predicate(cond: Condition) -> Callable[[str | None], bool]:
    """Whether a cell's value (None when empty) meets the condition."""
    equals = norm(cond.equals) if cond.equals is not None else None
    within = {norm(v) for v in cond.in_} if cond.in_ is not None else None
    outside = {norm(v) for v in cond.not_in} if cond.not_in is not None else None
    pattern = re.compile(cond.matches) if cond.matches else None

    def holds(value: str | None) -> bool:
        if cond.empty is not None and (value is None) != cond.empty:
            return False
        key = norm(value or "")
        if equals is not None and key != equals:
            return False
        if within is not None and key not in within:
            return False
        if outside is not None and key in outside:
            return False
        return not (pattern and not pattern.search(value or ""))

    return holds


@dataclass
class FieldPlan:
    name: str
    targets: tuple[str, str] | None
    convert: Callable[[str | None], Any]
    fetch: Callable[[Cells, Item | None], str | None]
    column: str | None
    raw_name: str | None  # the field that keeps the cell as read, if any


@dataclass
class Compiled:
    kind: str
    spec: EntitySpec
    keys: list[Renderer] = field(default_factory=list)
    when: list[Callable[[Cells, Item | None], bool]] = field(default_factory=list)
    items: Callable[[Cells], list[Item]] | None = None
    identifiers: dict[str, Renderer] = field(default_factory=dict)
    fields: list[FieldPlan] = field(default_factory=list)


class RowProblem(Exception):
    def __init__(self, column: str | None, reason: str):
        self.column, self.reason = column, reason


class SkipRow(Exception):
    pass
