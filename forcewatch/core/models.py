"""The append-only, hash-chained audit log and the base of every audited table."""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class AuditedModel(models.Model):
    """A table whose every row is sealed by the audit event that last wrote it.

    `audit_seq` names that event; `row_hash` is the hash of the row's audited
    values at that moment. `forcewatch audit verify` recomputes both.
    """

    audit_seq = models.BigIntegerField(null=True, blank=True)
    row_hash = models.CharField(max_length=64, blank=True, default="")

    UNAUDITED: ClassVar[frozenset[str]] = frozenset({"id", "audit_seq", "row_hash"})

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One change: who, when, what, from which source. Never updated or deleted."""

    seq = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=200)
    action = models.CharField(max_length=60)
    source = models.CharField(max_length=500, blank=True, default="")
    summary = models.CharField(max_length=500, blank=True, default="")
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"


class AuditHead(models.Model):
    """Single row holding the chain's tip; locking it serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
