from __future__ import annotations

from django.db import models

from forcewatch.core.models import AuditedModel


class Recorded(AuditedModel):
    """A canonical record: audited, with provenance and a per-agency source key.

    `source_key` is the record's natural key in its source (report number,
    incident number, pseudonymous id...), unique within the agency, so that
    re-importing the same or an overlapping export finds what is already there.
    """

    # indexed by the (agency, source_key) unique constraint, whose first column it is
    agency = models.ForeignKey(
        "records.Agency", on_delete=models.PROTECT, db_index=False
    )
    source_key = models.CharField(max_length=200)
    source_file = models.ForeignKey(
        "records.SourceFile", null=True, blank=True, on_delete=models.PROTECT
    )
    source_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


def unique_source_key(model_name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["agency", "source_key"], name=f"{model_name}_unique_source_key"
    )
