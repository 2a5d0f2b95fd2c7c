"""A snapshot's manifest (`manifest.json`): what each table file holds, and from what.

Shared by the writer (forcewatch.snapshot, a Django app) and the readers
(forcewatch.analysis.backends), so it imports nothing from Django.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

FORMAT = "forcewatch-snapshot"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"


class ManifestError(Exception):
    """A snapshot folder without a usable manifest."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # the Arrow type as pyarrow prints it
    nullable: bool


@dataclass(frozen=True)
class TableEntry:
    file: str
    rows: int
    sha256: str
    columns: list[Column]


@dataclass(frozen=True)
class Manifest:
    forcewatch_version: str
    created_at: str  # ISO 8601, UTC; the only time in a snapshot
    agency: str | None  # the one agency's slug, or None for every agency
    tables: dict[str, TableEntry]
    codelists: dict[str, str]  # code list name -> version
    audit: dict[str, Any]  # the audit chain's head when the snapshot was taken
    writer: dict[str, Any]  # pyarrow version and the Parquet writer options
    content_sha256: str  # content_hash(tables): equal for equal data
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


def content_hash(tables: dict[str, TableEntry]) -> str:
    """One hash for the data: the tables' names and file hashes, in name order.

    Two snapshots of the same database share it whatever their `created_at`.
    """
    lines = "".join(f"{name} {tables[name].sha256}\n" for name in sorted(tables))
    return hashlib.sha256(lines.encode()).hexdigest()


def load_manifest(snapshot_dir: str | Path) -> Manifest:
    """Read and check a snapshot's manifest; say what is wrong if it is not one."""
    path = Path(snapshot_dir) / MANIFEST_NAME
    if not path.is_file():
        raise ManifestError(
            f"{path} does not exist: {snapshot_dir} is not a finished snapshot "
            "(write one with `forcewatch snapshot --out DIR`)"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{path} is not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ManifestError(f"{path} is not a forcewatch snapshot manifest")
    if data.get("format_version") != FORMAT_VERSION:
        raise ManifestError(
            f"{path} has format version {data.get('format_version')!r}; this "
            f"forcewatch reads version {FORMAT_VERSION}: write the snapshot again"
        )
    try:
        tables = {
            name: TableEntry(
                file=entry["file"],
                rows=int(entry["rows"]),
                sha256=entry["sha256"],
                columns=[Column(**c) for c in entry["columns"]],
            )
            for name, entry in data["tables"].items()
        }
        return Manifest(
            forcewatch_version=data["forcewatch_version"],
            created_at=data["created_at"],
            agency=data["agency"],
            tables=tables,
            codelists=dict(data["codelists"]),
            audit=dict(data["audit"]),
            writer=dict(data["writer"]),
            content_sha256=data["content_sha256"],
        )
    except (KeyError, TypeError) as exc:
        raise ManifestError(f"{path} lacks or misshapes {exc}") from exc


def verify_files(snapshot_dir: str | Path, manifest: Manifest) -> list[str]:
    """The tables whose file is missing or differs from the manifest's hash."""
    bad = []
    for name, entry in manifest.tables.items():
        path = Path(snapshot_dir) / entry.file
        if not path.is_file() or file_sha256(path) != entry.sha256:
            bad.append(name)
    return bad


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
