"""Which tables a snapshot holds, and the Arrow schema of each, from the Django fields.

The schema is explicit, never inferred from the values: an empty table, or a
batch whose column happens to be all null, gets the same types as any other,
so every file of every snapshot reads the same way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from django.db import models

from forcewatch.policy import models as pm
from forcewatch.records import models as rm


class SnapshotError(Exception):
    """A snapshot that cannot be written: says what is wrong and what to do."""


# Canonical tables, parents before children; the file is `<name>.parquet`.
TABLES: dict[str, type[models.Model]] = {
    "agency": rm.Agency,
    "source_file": rm.SourceFile,
    "officer": rm.Officer,
    "officer_identifier": rm.OfficerIdentifier,
    "incident": rm.Incident,
    "report": rm.Report,
    "review_step": rm.ReviewStep,
    "officer_involvement": rm.OfficerInvolvement,
    "subject": rm.Subject,
    "engagement": rm.Engagement,
    "force_application": rm.ForceApplication,
    "subject_action": rm.SubjectAction,
    "complaint": rm.Complaint,
    "allegation": rm.Allegation,
    "policy_finding": pm.Finding,
    "policy_disposition": pm.Disposition,
}

# Fields a snapshot leaves out: free text that may name people (a finding's
# frozen evidence, a disposition's reasons), and references to tables a
# snapshot does not hold (the check run, the reviewing staff account).
LEFT_OUT = frozenset(
    {
        ("policy.Finding", "evidence"),
        ("policy.Finding", "run"),
        ("policy.Disposition", "reasons"),
        ("policy.Disposition", "by"),
    }
)

# JSON fields that hold something other than a list of strings (written as JSON text).
JSON_TEXT = frozenset({("records.SourceFile", "skipped")})

STRING_LIST = pa.list_(pa.string())


def arrow_type(model: type[models.Model], field: models.Field[Any, Any]) -> pa.DataType:
    """The Arrow type of one Django field (order matters: subclasses first)."""
    if isinstance(field, models.ForeignKey):
        return arrow_type(model, field.target_field)
    if isinstance(field, models.BooleanField):
        return pa.bool_()
    if isinstance(field, models.BigIntegerField | models.PositiveBigIntegerField):
        return pa.int64()
    if isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField):
        return pa.int16()
    if isinstance(field, models.IntegerField):
        return pa.int32()
    if isinstance(field, models.FloatField):
        return pa.float64()
    if isinstance(field, models.DecimalField):
        return pa.decimal128(field.max_digits or 38, field.decimal_places or 0)
    if isinstance(field, models.DateTimeField):
        return pa.timestamp("us", tz="UTC")
    if isinstance(field, models.DateField):
        return pa.date32()
    if isinstance(field, models.TimeField):
        return pa.time64("us")
    if isinstance(field, models.JSONField):
        label = f"{model._meta.app_label}.{model.__name__}"
        if field.default is list and (label, field.name) not in JSON_TEXT:
            return STRING_LIST
        return pa.string()
    if isinstance(field, models.CharField | models.TextField):
        return pa.string()
    raise SnapshotError(
        f"{model.__name__}.{field.name} is a {type(field).__name__}, which "
        "snapshots cannot write yet: give it an Arrow type in "
        "forcewatch/snapshot/schema.py"
    )


@dataclass(frozen=True)
class ColumnSpec:
    name: str  # the database column's attribute name (agency_id, not agency)
    type: pa.DataType
    nullable: bool
    json: bool  # a JSONField: values are Python lists/dicts, not Arrow-ready

    def array(self, table: str, values: Sequence[Any]) -> pa.Array:
        """One column of a batch as an Arrow array of this column's type."""
        if self.json and self.type == STRING_LIST:
            for value in values:
                if value is not None and not (
                    isinstance(value, list) and all(isinstance(v, str) for v in value)
                ):
                    raise SnapshotError(
                        f"{table}.{self.name} holds {value!r}, not a list of strings: "
                        "list the field in JSON_TEXT in forcewatch/snapshot/schema.py"
                    )
        elif self.json:
            values = [None if v is None else canonical_json(v) for v in values]
        try:
            return pa.array(values, type=self.type)
        except (pa.ArrowException, OverflowError, TypeError) as exc:
            raise SnapshotError(
                f"{table}.{self.name}: a value does not fit {self.type}: {exc}"
            ) from exc


def table_columns(model: type[models.Model]) -> list[ColumnSpec]:
    """The stored columns, in the model's order (id first), less LEFT_OUT."""
    label = model._meta.label
    return [
        ColumnSpec(
            name=f.attname,
            type=arrow_type(model, f),
            nullable=bool(f.null),
            json=isinstance(f, models.JSONField),
        )
        for f in model._meta.concrete_fields
        if (label, f.name) not in LEFT_OUT
    ]


def arrow_schema(columns: list[ColumnSpec]) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in columns])


def canonical_json(value: Any) -> str:
    """One text for one value, whichever database stored it (jsonb reorders keys)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
