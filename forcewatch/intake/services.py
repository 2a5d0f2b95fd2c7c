"""Import services: one file, one transaction, one audit event."""

from __future__ import annotations

import contextlib
import fnmatch
import gc
import getpass
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction

from forcewatch.core.audit import audit_write
from forcewatch.core.lib.bulk import refresh_statistics
from forcewatch.core.lib.hashing import file_sha256
from forcewatch.intake.batch import MODELS, Batch, LinkResolver
from forcewatch.intake.errors import ImportRejected, MappingError, RowError
from forcewatch.intake.mapping.spec import Mapping
from forcewatch.intake.plan import SourcePlanner
from forcewatch.intake.readers import ReadError, open_table
from forcewatch.intake.rowplan import plan_row
from forcewatch.intake.writer import BatchWriter, UnresolvedReference, WriteResult
from forcewatch.records import models as rm
from forcewatch.records.codes import codelist, codelist_names

MAX_ERRORS = 50
# an import that writes at least this many rows to a table refreshes its statistics
ANALYZE_AFTER = 1000
Progress = Callable[[int, int], None]


@dataclass
class ImportOutcome:
    file: str
    source: str
    status: str  # "imported", "already imported", "validated"
    rows: int = 0
    created: dict[str, int] = field(default_factory=dict)
    filled: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    dropped_headers: list[int] = field(default_factory=list)


def default_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def source_for_file(mapping: Mapping, path: Path, source: str | None = None) -> str:
    """The mapping source whose `files` patterns match this file's name."""
    if source is not None:
        if source not in mapping.sources:
            raise MappingError(f"the mapping has no source {source!r}")
        return source
    name = path.name.lower()
    matches = [
        s
        for s, spec in mapping.sources.items()
        if any(fnmatch.fnmatch(name, pattern.lower()) for pattern in spec.files)
    ]
    if len(matches) != 1:
        what = (
            "no source matches" if not matches else f"several sources match ({matches})"
        )
        patterns = "; ".join(
            f"{s}: {', '.join(v.files)}" for s, v in mapping.sources.items()
        )
        raise MappingError(f"{path.name}: {what} its name; use --source ({patterns})")
    return matches[0]


def order_files(mapping: Mapping, paths: list[Path]) -> list[tuple[Path, str]]:
    """Files in the order their sources depend on each other, then by name."""
    rank = {name: i for i, name in enumerate(mapping.source_order())}
    pairs = [(p, source_for_file(mapping, p)) for p in paths]
    return sorted(pairs, key=lambda pair: (rank[pair[1]], pair[0].name))


def agency_for_import(slug: str, mapping: Mapping, actor: str) -> rm.Agency:
    """The agency to import into, created (audited) from the mapping the first time."""
    agency = rm.Agency.objects.filter(slug=slug).first()
    if agency is not None:
        return agency
    spec = mapping.agency if mapping.agency and mapping.agency.slug == slug else None
    agency = rm.Agency(
        slug=slug, name=spec.name if spec else slug.replace("-", " ").title()
    )
    if spec:
        agency.ori, agency.state = spec.ori, spec.state
    with audit_write(
        actor=actor, action="agency_create", summary=f"agency {slug}"
    ) as audit:
        audit.save(agency)
    return agency


def import_file(
    *,
    agency_slug: str,
    mapping: Mapping,
    path: Path,
    source: str | None = None,
    dry_run: bool = False,
    actor: str | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import one file atomically; on error raise ImportRejected, changing nothing."""
    actor = actor or default_actor()
    source = source_for_file(mapping, path, source)
    if not path.is_file():
        raise ImportRejected([RowError(str(path), None, None, "no such file")])
    sha = file_sha256(str(path))
    done = rm.SourceFile.objects.filter(
        agency__slug=agency_slug,
        sha256=sha,
        mapping_sha256=mapping.sha256,
        source=source,
    ).first()
    if done is not None:
        return ImportOutcome(path.name, source, "already imported", rows=done.rows_read)
    try:
        with _collector_paused(), transaction.atomic(durable=not dry_run):
            agency = agency_for_import(agency_slug, mapping, actor)
            outcome = _import(agency, mapping, path, source, sha, actor, progress)
            if dry_run:
                outcome.status = "validated"
                transaction.set_rollback(True)
    except DatabaseError as exc:
        raise ImportRejected(
            [RowError(path.name, None, None, f"database refused: {exc}")]
        ) from exc
    if not dry_run:
        written = Counter(outcome.created) + Counter(outcome.filled)
        refresh_statistics(
            MODELS[kind] for kind, n in written.items() if n >= ANALYZE_AFTER
        )
    return outcome


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one import.

    An import holds millions of small records, none in a cycle, until it writes
    them; the collector would walk them all again and again (a tenth of the
    import's time). Whatever cycles the import leaves are collected after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(
    agency: rm.Agency,
    mapping: Mapping,
    path: Path,
    source: str,
    sha: str,
    actor: str,
    progress: Progress | None,
) -> ImportOutcome:
    spec = mapping.sources[source]
    summary = f"import {path.name} ({source}) with {mapping.mapping} v{mapping.version}"
    with audit_write(
        actor=actor, action="import", source=f"sha256:{sha}", summary=summary
    ) as audit:
        source_file = rm.SourceFile(
            agency=agency,
            sha256=sha,
            name=path.name,
            size=path.stat().st_size,
            mapping=mapping.mapping,
            mapping_version=mapping.version,
            mapping_sha256=mapping.sha256,
            source=source,
            codelist_versions={n: codelist(n).version for n in codelist_names()},
            mapped_fields=mapping.mapped_fields(source),
            imported_at=audit.event.at,
            imported_by=actor,
        )
        audit.stamp([source_file])
        source_file.save()
        batch, dropped = _plan(agency, mapping, path, source, sha, progress)
        try:
            result = BatchWriter(
                agency=agency, source_file=source_file, audit=audit
            ).write(batch)
        except UnresolvedReference as exc:
            raise ImportRejected(
                [
                    RowError(
                        path.name,
                        exc.pending.row,
                        None,
                        f"no {exc.kind} with key {exc.key!r}",
                    )
                ]
            ) from exc
        source_file.rows_read = batch.rows
        source_file.skipped = batch.skipped
        source_file.created = {k: v for k, v in result.created.items() if v}
        audit.stamp([source_file])
        source_file.save()
        audit.record_created([source_file])
    return _outcome(path, source, spec.unit, batch, result, dropped)


def _plan(
    agency: rm.Agency,
    mapping: Mapping,
    path: Path,
    source: str,
    sha: str,
    progress: Progress | None,
) -> tuple[Batch, list[int]]:
    spec = mapping.sources[source]
    batch = Batch()
    try:
        table = open_table(path, spec.read, aliases=column_names(spec))
        links = LinkResolver(agency, set(spec.link)) if spec.link else None
        planner = SourcePlanner(
            mapping, source, table.header, path.name, sha[:16], links
        )
        last = 0
        for number, cells in table.rows:
            if not any(c.strip() for c in cells):
                continue
            plan_row(planner, number, cells, batch)
            if len(batch.errors) >= MAX_ERRORS:
                break
            if progress and batch.rows % 5000 == 0:
                position = table.progress()
                progress(position - last, table.size)
                last = position
        if progress:
            progress(table.size - last, table.size)
    except ReadError as exc:
        raise ImportRejected([*batch.errors, exc.error]) from exc
    except MappingError as exc:
        raise ImportRejected([RowError(path.name, None, None, str(exc))]) from exc
    if batch.errors:
        raise ImportRejected(batch.errors)
    if batch.rows == 0:
        raise ImportRejected(
            [RowError(path.name, None, None, "the file has no data rows")]
        )
    return batch, table.dropped_headers


def column_names(spec: Any) -> dict[str, list[str]]:
    return {name: alias.names for name, alias in spec.columns.items() if alias.names}


def _outcome(
    path: Path,
    source: str,
    unit: str,
    batch: Batch,
    result: WriteResult,
    dropped: list[int],
) -> ImportOutcome:
    return ImportOutcome(
        file=path.name,
        source=source,
        status="imported",
        rows=batch.rows,
        created={k: v for k, v in result.created.items() if v},
        filled={k: v for k, v in result.filled.items() if v},
        unchanged={k: v for k, v in result.unchanged.items() if v},
        conflicts={k: v for k, v in result.conflicts.items() if v},
        skipped=batch.skipped,
        dropped_headers=dropped,
    )
