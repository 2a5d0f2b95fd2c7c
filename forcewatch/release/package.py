"""The open data of a release as a Frictionless Data Package.

Each published table becomes `data/<name>.csv` with a Table Schema; the totals
(tables without dimensions) share `data/summary.csv`. `datapackage.json` records
every file's size and sha256, and `data-dictionary.md` documents every column.
A suppressed cell keeps its row with an empty count and a status saying why;
nothing derived from its value (rate, interval, instability) is written either.
Rebuilding from the same tables gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frictionless import validate

from forcewatch.release.model import Cell, ReleaseTable, Status

SUMMARY = "summary"
RATE_COLUMNS = ("rate", "rate_low", "rate_high", "unstable")
STATUS_DOC = (
    "Whether the count is published and, if not, why: `published`; "
    "`suppressed_small` (too few persons in a group crossing a person attribute); "
    "`suppressed_complementary` (hidden so that a small count cannot be worked out "
    "from the others); `withheld` (too many records do not state this attribute)."
)


@dataclass(frozen=True)
class _File:
    """One CSV of the package: its resource descriptor without size and hash."""

    name: str
    title: str
    description: str
    fields: list[dict[str, Any]]
    primary_key: list[str]
    rows: list[list[str]]

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"


def write_package(
    out_dir: Path,
    tables: list[ReleaseTable],
    *,
    name: str,
    title: str,
    version: str,
    description: str,
    sources: list[dict[str, Any]],
    licenses: list[dict[str, Any]],
    dim_docs: Mapping[str, str],
    unit_docs: Mapping[str, str],
) -> list[str]:
    """Write the CSVs, `datapackage.json` and `data-dictionary.md` under out_dir.

    Withheld tables are left out (the manifest lists them). Returns the paths
    written, relative to out_dir, sorted.
    """
    files = _files(tables, dim_docs, unit_docs)
    if not files:
        raise ValueError("no table to publish: every table is withheld")
    resources = [_write_csv(out_dir, file) for file in files]
    descriptor = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "version": version,
        "description": description,
        "sources": sources,
        "licenses": licenses,
        "resources": resources,
    }
    text = json.dumps(descriptor, sort_keys=True, indent=2, ensure_ascii=False)
    _write(out_dir / "datapackage.json", text + "\n")
    _write(out_dir / "data-dictionary.md", _dictionary(title, description, files))
    return sorted(["datapackage.json", "data-dictionary.md"] + [f.path for f in files])


def validate_package(out_dir: Path) -> list[str]:
    """Frictionless validation of out_dir/datapackage.json: readable errors, or []."""
    report = validate(str(out_dir / "datapackage.json"))
    messages = [f"datapackage.json: {e.type}: {e.message}" for e in report.errors]
    for task in report.tasks:
        messages += [f"{task.place}: {e.type}: {e.message}" for e in task.errors]
    return messages


def _files(
    tables: list[ReleaseTable],
    dim_docs: Mapping[str, str],
    unit_docs: Mapping[str, str],
) -> list[_File]:
    published = [table for table in tables if not table.withheld_reason]
    totals = [table for table in published if not table.dims]
    files = [_summary(totals, unit_docs)] if totals else []
    files += [_table(t, dim_docs, unit_docs) for t in published if t.dims]
    names = [file.name for file in files]
    if len(set(names)) != len(names):
        raise ValueError(f"two files would share a name: {sorted(names)}")
    return files


def _summary(totals: list[ReleaseTable], unit_docs: Mapping[str, str]) -> _File:
    units = [table.spec.unit for table in totals]
    if len(set(units)) != len(units):
        raise ValueError(f"more than one total table for a unit: {units}")
    unit_list = "; ".join(
        f"`{unit}`: {_doc(unit_docs, unit, 'unit')}" for unit in units
    )
    fields = [
        _field("unit", "string", f"Counting unit. {unit_list}.", enum=units),
        _count_field("Number of units counted in the release period"),
        _status_field(),
    ]
    for table in totals:
        if len(table.cells) != 1:
            raise ValueError(f"total table {table.name} must have exactly one cell")
    rows = [[t.spec.unit, *_count_and_status(t.cells[0])] for t in totals]
    return _File(SUMMARY, "Totals", "Totals per counting unit.", fields, ["unit"], rows)


def _table(
    table: ReleaseTable, dim_docs: Mapping[str, str], unit_docs: Mapping[str, str]
) -> _File:
    unit = table.spec.unit
    clash = {"count", "status", *RATE_COLUMNS} & set(table.dims)
    if clash:
        raise ValueError(f"table {table.name}: dimension names {clash} are reserved")
    fields = [_field(d, "string", _doc(dim_docs, d, "dimension")) for d in table.dims]
    fields.append(
        _count_field(
            f"Number of {unit}s ({_doc(unit_docs, unit, 'unit')}) in the group"
        )
    )
    fields.append(_status_field())
    with_rates = any(cell.rate is not None for cell in table.cells)
    if with_rates:
        fields += _rate_fields(table)
    rows = []
    for cell in table.cells:
        row = [*cell.key, *_count_and_status(cell)]
        rows.append(row + _rates(cell) if with_rates else row)
    spec = table.spec
    return _File(spec.name, spec.title, spec.description, fields, list(spec.dims), rows)


def _count_and_status(cell: Cell) -> list[str]:
    return [str(cell.count) if cell.published else "", str(cell.status)]


def _rates(cell: Cell) -> list[str]:
    """Rate, interval and instability: empty for a suppressed cell (they reveal it)."""
    if not cell.published:
        return ["", "", "", ""]
    rates = [_number(cell.rate), _number(cell.rate_low), _number(cell.rate_high)]
    return [*rates, "true" if cell.unstable else "false"]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if not math.isfinite(value):
        raise ValueError(f"a rate must be a finite number; got {value!r}")
    return format(value, ".4f")


def _field(
    name: str, type_: str, description: str, **constraints: Any
) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": type_, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def _count_field(description: str) -> dict[str, Any]:
    return _field(
        "count", "integer", description + "; empty when suppressed.", minimum=0
    )


def _status_field() -> dict[str, Any]:
    values = [str(status) for status in Status]
    return _field("status", "string", STATUS_DOC, required=True, enum=values)


def _rate_fields(table: ReleaseTable) -> list[dict[str, Any]]:
    per = table.spec.denominator or "denominator"
    return [
        _field(
            "rate",
            "number",
            f"Rate of {table.spec.unit}s in the group per its {per} denominator "
            "(see methods.md); empty when suppressed or not defined.",
        ),
        _field("rate_low", "number", "Lower limit of the rate's 95% interval."),
        _field("rate_high", "number", "Upper limit of the rate's 95% interval."),
        _field(
            "unstable",
            "boolean",
            "true when the rate rests on too few events to be reliable "
            "(see methods.md); empty when the count is suppressed.",
        ),
    ]


def _doc(docs: Mapping[str, str], key: str, what: str) -> str:
    try:
        return docs[key]
    except KeyError:
        raise ValueError(f"{what} {key!r} has no documentation") from None


def _write_csv(out_dir: Path, file: _File) -> dict[str, Any]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([field["name"] for field in file.fields])
    writer.writerows(file.rows)
    data = buffer.getvalue().encode("utf-8")
    path = out_dir / file.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    resource: dict[str, Any] = {
        "name": file.name,
        "path": file.path,
        "title": file.title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "schema": {
            "fields": file.fields,
            "primaryKey": file.primary_key,
            "missingValues": [""],
        },
    }
    if file.description:
        resource["description"] = file.description
    return resource


def _dictionary(title: str, description: str, files: list[_File]) -> str:
    lines = [f"# Data dictionary: {title}", "", description, ""]
    lines += [
        "Every file is UTF-8 CSV with a header row. An empty field is a missing "
        "value: a suppressed count (the `status` column says why) or a rate that is "
        "not defined. `datapackage.json` holds the same schema, with each file's "
        "size and sha256.",
        "",
    ]
    for file in files:
        lines += [f"## `{file.path}`: {file.title}", ""]
        if file.description:
            lines += [file.description, ""]
        lines += ["| Column | Type | Description |", "| --- | --- | --- |"]
        for field in file.fields:
            text = field["description"].replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{field['name']}` | {field['type']} | {text} |")
        lines.append("")
    return "\n".join(lines)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
