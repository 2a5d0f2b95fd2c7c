"""Named denominators: who or what uses of force are counted against, loaded as data.

A denominator is a file, never a number typed into code. Shipped ones live in
`forcewatch/analysis/denominators/<name>.yaml`; anyone can pass their own CSV.

YAML: the metadata fields below, and `rows`, a list of
`{dimension, group, value}` mappings (plus `district` for a row within one
district). CSV: the columns `dimension,group,value` and optionally `district`,
after optional `# field: value` lines with the same metadata:

    # title: Arrests by race, 2019 (department records)
    # kind: arrests
    # reference: race=white
    dimension,group,value
    race,black,10500

- kind: residents (per 1,000 per year: the value is multiplied by the years of
  data analysed), or calls_for_service, stops, arrests, contacts, other (per 100:
  the value counts events over the same period as the uses of force). Every
  kind but residents conditions on a police contact.
- dimension: race, sex, age or district; groups use the vocabularies of
  `dimensions` (race: white, black, hispanic, ...; sex: male, female...;
  age: 0-17, 18-24, ...; districts as the agency records them).
- reference: the group each other group is compared with, per dimension
  (`race=white, sex=female`); `rest` compares each group with all the others.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from forcewatch.analysis.disparity.dimensions import AGE_BANDS, RACE_GROUPS, SEX_GROUPS

SHIPPED = Path(__file__).resolve().parents[1] / "denominators"
KINDS = {  # kind -> (what one unit of the value is, default per)
    "residents": ("resident-years", 1000.0),
    "calls_for_service": ("calls for service", 100.0),
    "stops": ("stops", 100.0),
    "arrests": ("arrests", 100.0),
    "contacts": ("contacts", 100.0),
    "other": ("units of the denominator", 100.0),
}
GROUPS: dict[str, tuple[str, ...] | None] = {
    "race": tuple(g for g in RACE_GROUPS if g != "unknown"),
    "sex": tuple(g for g in SEX_GROUPS if g != "unknown"),
    "age": tuple(g for g in AGE_BANDS if g != "unknown"),
    "district": None,  # any name the agency uses
}
DEFAULT_REFERENCE = {
    "race": "white",
    "sex": "female",
    "age": "rest",
    "district": "rest",
}
METADATA = (
    "name",
    "title",
    "kind",
    "per",
    "period",
    "agency",
    "source",
    "scheme",
    "notes",
    "reference",
)


class DenominatorError(ValueError):
    """A denominator file that cannot be used: says where and what to change."""


@dataclass(frozen=True)
class Row:
    dimension: str
    group: str
    value: float
    district: str = ""  # "" for the whole area; else a row within this district


@dataclass(frozen=True)
class Denominator:
    name: str
    title: str
    kind: str
    per: float
    period: str
    agency: str
    source: str
    scheme: str
    notes: str
    reference: dict[str, str]
    rows: tuple[Row, ...]
    path: str = ""

    @property
    def per_year(self) -> bool:
        """Residents are people, not events: their exposure is value x years."""
        return self.kind == "residents"

    @property
    def conditional_on_contact(self) -> bool:
        return self.kind != "residents"

    @property
    def exposure_unit(self) -> str:
        return KINDS[self.kind][0]

    def rate_label(self) -> str:
        per = f"{self.per:,.0f}"
        if self.per_year:
            return f"per {per} residents per year"
        return f"per {per} {self.exposure_unit}"

    def dimensions(self) -> list[str]:
        return sorted({r.dimension for r in self.rows if not r.district})

    def values(self, dimension: str) -> dict[str, float]:
        """Group -> value for the whole area (no district)."""
        return {
            r.group: r.value
            for r in self.rows
            if r.dimension == dimension and not r.district
        }

    def strata(self, dimension: str) -> dict[tuple[str, str], float]:
        """(district, group) -> value, for the rows within districts."""
        return {
            (r.district, r.group): r.value
            for r in self.rows
            if r.dimension == dimension and r.district
        }

    def reference_for(self, dimension: str) -> str:
        return self.reference.get(dimension, DEFAULT_REFERENCE.get(dimension, "rest"))


def available() -> list[str]:
    """Names of the shipped denominators."""
    return sorted(p.stem for p in SHIPPED.glob("*.yaml"))


def load_denominator(name_or_path: str | Path) -> Denominator:
    """A shipped denominator by name, or a .yaml/.csv file by path."""
    path = Path(name_or_path)
    if path.suffix.lower() not in (".csv", ".yaml", ".yml"):
        path = SHIPPED / f"{name_or_path}.yaml"
        if not path.is_file():
            raise DenominatorError(
                f"no denominator named {str(name_or_path)!r}: give a .csv or .yaml "
                f"file, or one of {', '.join(available()) or 'none shipped'}"
            )
    if not path.is_file():
        raise DenominatorError(f"{path} does not exist")
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        meta, rows = _read_csv(path, text)
    else:
        meta, rows = _read_yaml(path, text)
    return build(meta, rows, where=str(path))


def build(
    meta: Mapping[str, Any], rows: Iterable[Mapping[str, Any]], *, where: str
) -> Denominator:
    """Check metadata and rows; the error names the file, the row and the fix."""
    unknown = sorted(set(meta) - set(METADATA))
    if unknown:
        raise DenominatorError(
            f"{where}: unknown field(s) {', '.join(unknown)}; fields: "
            + ", ".join(METADATA)
        )
    kind = str(meta.get("kind", "")).strip()
    if kind not in KINDS:
        raise DenominatorError(
            f"{where}: kind must be one of {', '.join(KINDS)}; got {kind!r}"
        )
    per = _number(meta.get("per", KINDS[kind][1]), f"{where}: per")
    checked = tuple(_row(row, f"{where}, row {i}") for i, row in enumerate(rows, 1))
    if not checked:
        raise DenominatorError(f"{where}: no rows")
    _no_duplicates(checked, where)
    reference = _reference(meta.get("reference", {}), where)
    stem = Path(where).stem
    return Denominator(
        name=str(meta.get("name") or stem),
        title=str(meta.get("title") or meta.get("name") or stem),
        kind=kind,
        per=per,
        period=str(meta.get("period", "")),
        agency=str(meta.get("agency", "")),
        source=" ".join(str(meta.get("source", "")).split()),
        scheme=" ".join(str(meta.get("scheme", "")).split()),
        notes=" ".join(str(meta.get("notes", "")).split()),
        reference=reference,
        rows=checked,
        path=where,
    )


def _read_yaml(path: Path, text: str) -> tuple[dict[str, Any], list[Any]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DenominatorError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise DenominatorError(f"{path}: expected a mapping with a list of `rows`")
    rows = data.pop("rows")
    return data, rows


def _read_csv(path: Path, text: str) -> tuple[dict[str, Any], list[Any]]:
    meta: dict[str, Any] = {}
    lines = text.splitlines()
    body_start = 0
    for number, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = number
            break
        key, sep, value = line.lstrip("#").partition(":")
        if not sep:
            raise DenominatorError(
                f"{path}, line {number + 1}: a metadata line is `# field: value`"
            )
        meta[key.strip()] = value.strip()
    else:
        body_start = len(lines)
    reader = csv.DictReader(io.StringIO("\n".join(lines[body_start:])))
    needed = {"dimension", "group", "value"}
    columns = set(reader.fieldnames or ())
    if not needed <= columns or not columns <= needed | {"district"}:
        raise DenominatorError(
            f"{path}: the columns must be dimension,group,value (and optionally "
            f"district); got {','.join(reader.fieldnames or ()) or 'none'}"
        )
    return meta, list(reader)


def _row(row: Any, where: str) -> Row:
    if not isinstance(row, Mapping):
        raise DenominatorError(f"{where}: expected dimension, group and value")
    dimension = str(row.get("dimension", "")).strip()
    if dimension not in GROUPS:
        raise DenominatorError(
            f"{where}: dimension must be one of {', '.join(GROUPS)}; got {dimension!r}"
        )
    group = str(row.get("group", "")).strip()
    allowed = GROUPS[dimension]
    if not group or (allowed is not None and group not in allowed):
        choices = ", ".join(allowed) if allowed else "a district name"
        raise DenominatorError(
            f"{where}: {dimension} group must be {choices}; got {group!r}"
        )
    district = str(row.get("district") or "").strip()
    if district and dimension == "district":
        raise DenominatorError(f"{where}: a district row cannot lie within a district")
    value = _number(row.get("value"), f"{where}: value")
    return Row(dimension, group, value, district)


def _number(raw: Any, where: str) -> float:
    try:
        value = float(str(raw).replace(",", "").strip())
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise DenominatorError(f"{where} must be a number > 0; got {raw!r}")
    return value


def _no_duplicates(rows: tuple[Row, ...], where: str) -> None:
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        key = (row.dimension, row.group, row.district)
        if key in seen:
            inside = f" in district {row.district}" if row.district else ""
            raise DenominatorError(
                f"{where}: {row.dimension} {row.group}{inside} is given twice"
            )
        seen.add(key)


def _reference(raw: Any, where: str) -> dict[str, str]:
    if isinstance(raw, str):  # CSV: "race=white, sex=female"
        pairs = [p.partition("=") for p in raw.split(",") if p.strip()]
        if any(not sep for _, sep, _ in pairs):
            raise DenominatorError(f"{where}: reference is `dimension=group, ...`")
        raw = {k.strip(): v.strip() for k, _, v in pairs}
    if not isinstance(raw, Mapping):
        raise DenominatorError(f"{where}: reference maps a dimension to a group")
    reference = {str(k): str(v) for k, v in raw.items()}
    for dimension, group in reference.items():
        allowed = GROUPS.get(dimension, ())
        if dimension not in GROUPS or (
            group != "rest" and allowed is not None and group not in allowed
        ):
            raise DenominatorError(
                f"{where}: reference {dimension}={group} is not a dimension and "
                "group (or `rest`)"
            )
    return reference
