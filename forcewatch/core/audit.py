"""Audit services: append sealed events, and verify the chain and the tables.

Every write to an audited table goes through `audit_write`, inside the same
transaction as the write itself (Zulip's audited actions).
"""

from __future__ import annotations

import contextlib
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from forcewatch.core.lib.bulk import insert_values
from forcewatch.core.lib.hashing import GENESIS, chain_hash, digest, row_hash
from forcewatch.core.models import AuditedModel, AuditEvent, AuditHead


def audited_attnames(model: type[models.Model]) -> list[str]:
    skip = getattr(model, "UNAUDITED", AuditedModel.UNAUDITED)
    return sorted(
        f.attname for f in model._meta.concrete_fields if f.attname not in skip
    )


def audited_models() -> list[type[AuditedModel]]:
    return [m for m in apps.get_models() if issubclass(m, AuditedModel)]


def seal_values(obj: models.Model, attnames: list[str]) -> str:
    return row_hash([getattr(obj, name) for name in attnames])


@dataclass
class AuditWriter:
    """Collects what one audited action wrote, then seals it into one event."""

    event: AuditEvent
    created: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    superseded: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def seq(self) -> int:
        return self.event.seq

    def stamp(self, objs: Iterable[AuditedModel]) -> None:
        """Set seq and row hash on new objects before they are inserted."""
        cache: dict[type, list[str]] = {}
        for obj in objs:
            names = cache.setdefault(type(obj), audited_attnames(type(obj)))
            obj.audit_seq = self.seq
            obj.row_hash = seal_values(obj, names)

    def insert(
        self, model: type[AuditedModel], rows: Iterable[dict[str, Any]]
    ) -> list[int]:
        """Seal and insert new rows (attname -> value, every audited column) in one
        pass each; return their primary keys."""
        names = audited_attnames(model)
        take = operator.itemgetter(*names)  # an audited table has several columns
        values, hashes = [], []
        for row in rows:
            cells = list(take(row))
            sealed = row_hash(cells)
            cells.append(self.seq)
            cells.append(sealed)
            values.append(cells)
            hashes.append(sealed)
        pks = insert_values(model, [*names, "audit_seq", "row_hash"], values)
        self.created.setdefault(model._meta.db_table, []).extend(
            zip(pks, hashes, strict=True)
        )
        return pks

    def record_rows(
        self, model: type[AuditedModel], rows: Iterable[tuple[int, dict[str, Any]]]
    ) -> None:
        """Call after insert with (primary key, row) pairs."""
        pairs = self.created.setdefault(model._meta.db_table, [])
        pairs.extend((pk, row["row_hash"]) for pk, row in rows)

    def record_created(self, objs: Iterable[AuditedModel]) -> None:
        """Call after insert, when the objects have primary keys."""
        for obj in objs:
            table = obj._meta.db_table
            self.created.setdefault(table, []).append((obj.pk, obj.row_hash))

    def save(self, obj: AuditedModel, *, changed: dict[str, Any] | None = None) -> None:
        """Create or update one object, sealing the old and new state."""
        if obj.pk is not None and obj.audit_seq is not None:
            self.superseded.append(
                {
                    "table": obj._meta.db_table,
                    "pk": obj.pk,
                    "prev_seq": obj.audit_seq,
                    "before": obj.row_hash,
                }
            )
        self.stamp([obj])
        obj.save()
        self.record_created([obj])
        if changed:
            self.changes.append({"table": obj._meta.db_table, "pk": obj.pk, **changed})


@contextlib.contextmanager
def audit_write(
    *, actor: str, action: str, source: str = "", summary: str = ""
) -> Iterator[AuditWriter]:
    """Open an audited action; must run inside `transaction.atomic`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_write must run inside transaction.atomic()")
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS}
    )
    event = AuditEvent(
        seq=head.last_seq + 1,
        at=timezone.now().replace(microsecond=0),
        actor=actor,
        action=action,
        source=source,
        summary=summary,
        prev_hash=head.last_hash,
        hash=f"pending-{head.last_seq + 1}",
    )
    writer = AuditWriter(event=event)
    yield writer
    event.payload = {
        "tables": {
            table: {"rows": len(pairs), "digest": digest(pairs)}
            for table, pairs in sorted(writer.created.items())
        },
        "superseded": writer.superseded,
        "changes": writer.changes,
    }
    event.hash = chain_hash(event.prev_hash, event_content(event))
    event.save(force_insert=True)
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save()


def event_content(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at,
        "actor": event.actor,
        "action": event.action,
        "source": event.source,
        "summary": event.summary,
        "payload": event.payload,
    }


@dataclass
class VerifyResult:
    ok: bool
    events: int
    rows: int
    problems: list[str]


Problem = tuple[int, str]  # (audit event seq it concerns, message)


def audit_verify(*, max_problems: int = 20) -> VerifyResult:
    """Recompute the chain and every audited row; name the first break first."""
    problems: list[Problem] = []
    events = list(AuditEvent.objects.order_by("seq"))
    prev = GENESIS
    for expected_seq, ev in enumerate(events, start=1):
        if ev.seq != expected_seq:
            problems.append((expected_seq, f"audit event #{expected_seq} is missing"))
            break
        if ev.prev_hash != prev or chain_hash(prev, event_content(ev)) != ev.hash:
            problems.append(
                (ev.seq, f"audit event #{ev.seq} was altered: hash mismatch")
            )
            break
        prev = ev.hash
    head = AuditHead.objects.filter(id=1).first()
    if events and not problems and (head is None or head.last_hash != prev):
        last = events[-1].seq
        problems.append((last, f"the audit log was truncated after event #{last}"))
    by_seq = {ev.seq: ev for ev in events}
    rows = _verify_tables(by_seq, problems)
    problems.sort(key=lambda p: p[0])
    messages = [message for _, message in problems[:max_problems]]
    return VerifyResult(
        ok=not problems, events=len(events), rows=rows, problems=messages
    )


def _verify_tables(by_seq: dict[int, AuditEvent], problems: list[Problem]) -> int:
    sealed: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for ev in by_seq.values():
        for item in ev.payload.get("superseded", []):
            sealed[(item["table"], item["prev_seq"])].append(
                (item["pk"], item["before"])
            )
    count = 0
    for model in audited_models():
        table = model._meta.db_table
        names = audited_attnames(model)
        qs = model._default_manager.order_by("pk").values_list(
            "pk", "audit_seq", "row_hash", *names
        )
        for pk, seq, stored, *values in qs.iterator(chunk_size=5000):
            count += 1
            if seq not in by_seq:
                problems.append(
                    (0, f"{table} row {pk} was written outside the application")
                )
                continue
            if row_hash(values) != stored:
                problems.append(
                    (
                        seq,
                        f"{table} row {pk} was altered outside the application "
                        f"(sealed by audit event #{seq}, {by_seq[seq].action})",
                    )
                )
            sealed[(table, seq)].append((pk, stored))
        for seq, ev in sorted(by_seq.items()):
            info = ev.payload.get("tables", {}).get(table)
            pairs = sealed.get((table, seq), [])
            if info is None and not pairs:
                continue
            if info is None or info["digest"] != digest(pairs):
                problems.append(
                    (
                        seq,
                        f"audit event #{seq}: rows of {table} it sealed were added, "
                        "removed or re-sealed outside the application",
                    )
                )
    return count
