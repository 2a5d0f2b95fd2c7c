"""The mapping configuration format, validated field by field.

docs/import.md documents every field below for analysts; keep them in step
(tests/intake/test_docs.py checks that every field is documented).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from forcewatch.intake.errors import MappingError

ENTITIES = (
    "incident",
    "report",
    "officer",
    "involvement",
    "subject",
    "engagement",
    "force",
    "resistance",
    "review",
    "complaint",
    "allegation",
)
LINKABLE = ("incident", "report", "subject", "officer", "complaint")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Condition(Strict):
    """A test on one column (or item field) of a row."""

    column: str | None = None
    item: str | None = None
    equals: str | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    not_in: list[str] | None = None
    empty: bool | None = None
    matches: str | None = None

    @model_validator(mode="after")
    def one_target(self) -> Condition:
        if (self.column is None) == (self.item is None):
            raise ValueError("a condition names exactly one of `column` or `item`")
        return self


class SkipRule(Condition):
    reason: str


class FieldSpec(Strict):
    """Where a canonical field's value comes from and how it is converted."""

    column: str | None = None
    columns: list[str] | None = None
    join: str = " "
    item: str | None = None
    value: Any = None
    template: str | None = None
    one_hot: dict[str, str] | None = None
    regex: str | None = None
    map: str | dict[str, Any] | None = None
    format: str | list[str] | None = None
    split: str | list[str] | None = None
    required: bool = False
    scale: float | None = None

    @model_validator(mode="after")
    def one_source(self) -> FieldSpec:
        given = [
            n
            for n in ("column", "columns", "item", "value", "template", "one_hot")
            if getattr(self, n) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "a field takes exactly one of column, columns, item, value, template,"
                " one_hot"
                f" (got {', '.join(given) or 'none'})"
            )
        return self


def _field(value: Any) -> Any:
    if isinstance(value, str):
        return {"column": value}
    if isinstance(value, bool | int | float):
        return {"value": value}
    return value


class EachSpec(Strict):
    """Several items from one row: a split list cell, wide columns or one-hot flags."""

    split: str | list[str] | None = None
    columns: dict[str, str] | None = None
    wide: dict[str, list[str]] | None = None
    one_hot: dict[str, str] | None = None
    true_values: list[str] = ["yes", "y", "true", "1", "x"]

    @model_validator(mode="after")
    def one_kind(self) -> EachSpec:
        kinds = [k for k in ("columns", "wide", "one_hot") if getattr(self, k)]
        if len(kinds) != 1:
            raise ValueError(
                "`each` takes exactly one of columns (with split), wide, one_hot"
            )
        if self.columns and not self.split:
            raise ValueError(
                "`each.columns` needs `split`, the separator inside the cell"
            )
        return self


class EntitySpec(Strict):
    key: str | list[str] | None = None
    when: Condition | list[Condition] | None = None
    each: EachSpec | None = None
    identifiers: dict[str, str] = {}
    fields: dict[str, Annotated[FieldSpec, Field()]] = {}

    @model_validator(mode="before")
    @classmethod
    def shorthand_fields(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("fields"), dict):
            data = dict(data)
            data["fields"] = {k: _field(v) for k, v in data["fields"].items()}
        return data


class ReadSpec(Strict):
    format: Literal["csv", "xlsx", "xls"] | None = None
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    sheet: int | str = 0
    header_row: int = 1
    header_rows: int = 1
    drop_repeated_headers: bool = True
    null_values: list[str] = ["", "NULL", "null", "N/A", "NA", "nan", "NaN", "None"]
    fill_down: list[str] = []


class ColumnAlias(Strict):
    names: list[str] = []
    optional: bool = False
    file_name: str | None = None
    # values meaning "no value" in this column only (besides read.null_values),
    # e.g. a badge number 0 written for officers without one
    null_values: list[str] = []

    @model_validator(mode="after")
    def names_or_file_name(self) -> ColumnAlias:
        if bool(self.names) == (self.file_name is not None):
            raise ValueError("a column alias takes `names` or `file_name`, not both")
        if self.file_name is not None:
            re.compile(self.file_name)
        return self


class LinkSpec(Strict):
    """Attach rows to a record another source (or an earlier row) created."""

    # a template, or a list tried in order: the first naming an existing record is used
    key: str | list[str]
    missing: Literal["error", "skip"] = "error"


class SourceSpec(Strict):
    files: list[str]
    unit: str
    description: str = ""
    after: list[str] = []
    read: ReadSpec = ReadSpec()
    columns: dict[str, ColumnAlias] = {}
    skip: list[SkipRule] = []
    link: dict[
        Literal["incident", "report", "subject", "officer", "complaint"], LinkSpec
    ] = {}
    records: dict[str, EntitySpec]

    @model_validator(mode="before")
    @classmethod
    def shorthand(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if isinstance(data.get("files"), str):
            data["files"] = [data["files"]]
        cols = data.get("columns") or {}
        data["columns"] = {
            k: {"names": [v]}
            if isinstance(v, str)
            else {"names": v}
            if isinstance(v, list)
            else v
            for k, v in cols.items()
        }
        links = data.get("link") or {}
        data["link"] = {
            k: {"key": v} if isinstance(v, str | list) else v for k, v in links.items()
        }
        return data

    @model_validator(mode="after")
    def known_entities(self) -> SourceSpec:
        unknown = set(self.records) - set(ENTITIES)
        if unknown:
            raise ValueError(
                f"unknown record kind(s) {sorted(unknown)}; use {', '.join(ENTITIES)}"
            )
        roots = {"incident", "complaint"} & set(self.records)
        if not roots and not self.link:
            raise ValueError(
                "a source must create an `incident` or a `complaint`, or `link` to one"
            )
        return self


class AgencySpec(Strict):
    slug: str
    name: str
    ori: str = ""
    state: str = ""


class Mapping(Strict):
    mapping: str
    version: str
    title: str
    description: str = ""
    origin: str = ""
    agency: AgencySpec | None = None
    maps: dict[str, dict[str, Any]] = {}
    sources: dict[str, SourceSpec]
    sha256: str = ""

    @model_validator(mode="before")
    @classmethod
    def drop_extension_keys(cls, data: Any) -> Any:
        """Top-level `x-...` keys hold YAML anchors shared by several sources."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not str(k).startswith("x-")}
        return data

    @model_validator(mode="after")
    def sources_ordered(self) -> Mapping:
        for name, src in self.sources.items():
            missing = [a for a in src.after if a not in self.sources]
            if missing:
                raise ValueError(f"source {name!r}: `after` names unknown {missing}")
        return self

    def mapped_fields(self, source: str) -> dict[str, list[str]]:
        """Record kind -> the fields one source fills (what its files can tell)."""
        records = self.sources[source].records
        return {kind: sorted(spec.fields) for kind, spec in sorted(records.items())}

    def source_order(self) -> list[str]:
        """Source names with every source after the ones it depends on."""
        done: list[str] = []

        def visit(name: str, stack: tuple[str, ...]) -> None:
            if name in done:
                return
            if name in stack:
                raise MappingError(f"sources depend on each other in a loop: {stack}")
            for dep in self.sources[name].after:
                visit(dep, (*stack, name))
            done.append(name)

        for name in self.sources:
            visit(name, ())
        return done


def load_mapping(path: str | Path) -> Mapping:
    """Read and validate a mapping file; errors name the offending field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise MappingError(f"{path}: cannot read mapping: {exc}") from exc
    if not isinstance(data, dict):
        raise MappingError(f"{path}: a mapping is a YAML mapping (key: value) document")
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"  {'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
            for err in exc.errors()
        ]
        raise MappingError(f"{path}: invalid mapping:\n" + "\n".join(lines)) from exc
    mapping.sha256 = hashlib.sha256(text.encode()).hexdigest()
    return mapping
