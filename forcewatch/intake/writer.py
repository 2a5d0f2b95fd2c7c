"""Write a planned batch: resolve keys to ids, insert new records, fill gaps.

A record whose key already exists is never overwritten: empty fields of the
stored record are filled from the new data (an audited update), and values
that differ are left as they are and counted as conflicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from forcewatch.core.audit import AuditWriter, audited_attnames
from forcewatch.core.lib.bulk import column_defaults, update_rows
from forcewatch.core.lib.hashing import row_hash
from forcewatch.intake.batch import MODELS, WRITE_ORDER, Batch, Pending, Ref
from forcewatch.intake.mapping.fields import is_empty
from forcewatch.records import models as rm
from forcewatch.records.models.base import Recorded

CHUNK = 500


@dataclass
class WriteResult:
    created: dict[str, int] = field(default_factory=dict)
    filled: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)


class UnresolvedReference(Exception):
    def __init__(self, pending: Pending, kind: str, key: str):
        self.pending, self.kind, self.key = pending, kind, key
        super().__init__(f"row {pending.row}: no {kind} with key {key!r}")


class BatchWriter:
    def __init__(
        self,
        *,
        agency: rm.Agency,
        source_file: rm.SourceFile | None,
        audit: AuditWriter,
    ):
        self.agency, self.source_file, self.audit = agency, source_file, audit
        self.ids: dict[str, dict[str, int]] = {kind: {} for kind in MODELS}
        self.defaults: dict[type[Recorded], dict[str, Any]] = {}
        self.result = WriteResult()

    def write(self, batch: Batch) -> WriteResult:
        for kind in WRITE_ORDER:
            pending = batch.records[kind]
            if pending:
                self.write_kind(kind, pending)
        return self.result

    def write_kind(self, kind: str, pending: dict[str, Pending]) -> None:
        model = MODELS[kind]
        self.prefetch_refs(pending.values())
        existing = self.existing_ids(model, list(pending))
        new = [(k, p) for k, p in pending.items() if k not in existing]
        pks = self.audit.insert(model, (self.row(model, key, p) for key, p in new))
        ids = self.ids[kind]
        ids.update(zip((key for key, _ in new), pks, strict=True))
        ids.update(existing)
        self.result.created[kind] = len(pks)
        if existing:
            self.fill_existing(kind, model, {k: pending[k] for k in existing})

    def row(self, model: type[Recorded], key: str, p: Pending) -> dict[str, Any]:
        defaults = self.defaults.get(model)
        if defaults is None:
            defaults = self.defaults[model] = column_defaults(model)
        row = dict(defaults)
        row.update(p.values)
        for attname, ref in p.refs.items():
            row[attname] = self.resolve(ref, p)
        row["agency_id"] = self.agency.pk
        row["source_key"] = key
        row["source_file_id"] = self.source_file.pk if self.source_file else None
        row["source_row"] = p.row
        return row

    def resolve(self, ref: Ref, pending: Pending) -> int:
        if isinstance(ref, int):
            return ref
        kind, key = ref
        pk = self.ids[kind].get(key)
        if pk is None:
            raise UnresolvedReference(pending, kind, key)
        return pk

    def prefetch_refs(self, pendings: Iterable[Pending]) -> None:
        wanted: dict[str, set[str]] = {}
        for p in pendings:
            for ref in p.refs.values():
                if not isinstance(ref, int) and ref[1] not in self.ids[ref[0]]:
                    wanted.setdefault(ref[0], set()).add(ref[1])
        for kind, keys in wanted.items():
            self.ids[kind].update(self.existing_ids(MODELS[kind], list(keys)))

    def existing_ids(self, model: type[Recorded], keys: list[str]) -> dict[str, int]:
        qs = model._default_manager.filter(agency=self.agency)
        if len(keys) > 20 * CHUNK:
            wanted = set(keys)
            return {
                k: pk for k, pk in qs.values_list("source_key", "pk") if k in wanted
            }
        found: dict[str, int] = {}
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            found.update(
                qs.filter(source_key__in=chunk).values_list("source_key", "pk")
            )
        return found

    def fill_existing(
        self, kind: str, model: type[Recorded], pending: dict[str, Pending]
    ) -> None:
        names = audited_attnames(model)
        table = model._meta.db_table
        updates: list[tuple[int, dict[str, Any]]] = []
        conflicts = unchanged = 0
        keys = list(pending)
        for start in range(0, len(keys), CHUNK):
            stored_rows = model._default_manager.filter(
                agency=self.agency, source_key__in=keys[start : start + CHUNK]
            ).values("pk", "audit_seq", "row_hash", *names)
            for stored in stored_rows:
                p = pending[stored["source_key"]]
                incoming = dict(p.values)
                for attname, ref in p.refs.items():
                    incoming[attname] = self.resolve(ref, p)
                fills = {
                    n: v
                    for n, v in incoming.items()
                    if is_empty(stored[n]) and not is_empty(v)
                }
                conflicts += any(
                    not is_empty(stored[n]) and not is_empty(v) and stored[n] != v
                    for n, v in incoming.items()
                )
                if not fills:
                    unchanged += 1
                    continue
                self.audit.superseded.append(
                    {
                        "table": table,
                        "pk": stored["pk"],
                        "prev_seq": stored["audit_seq"],
                        "before": stored["row_hash"],
                    }
                )
                stored.update(fills)
                fills["audit_seq"] = self.audit.seq
                fills["row_hash"] = row_hash([stored[n] for n in names])
                updates.append((stored["pk"], fills))
        update_rows(model, updates)
        self.audit.record_rows(model, updates)
        self.result.filled[kind] = len(updates)
        self.result.unchanged[kind] = unchanged
        self.result.conflicts[kind] = conflicts
