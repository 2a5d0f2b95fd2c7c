from __future__ import annotations

from django.db import models

from forcewatch.core.models import AuditedModel


class SourceFile(AuditedModel):
    """One imported file: what it was, how it was mapped, what it produced."""

    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    sha256 = models.CharField(max_length=64)
    name = models.CharField(max_length=500)
    size = models.BigIntegerField()
    mapping = models.CharField(max_length=120)
    mapping_version = models.CharField(max_length=40)
    mapping_sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=120, help_text="which source of the mapping")
    rows_read = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(
        default=list, help_text="rows the mapping skips on purpose, with the reason"
    )
    created = models.JSONField(default=dict, help_text="records created, by table")
    codelist_versions = models.JSONField(
        default=dict, help_text="version of each code list the values were coded with"
    )
    mapped_fields = models.JSONField(
        default=dict,
        help_text="record kind -> the fields this source's mapping fills",
    )
    imported_at = models.DateTimeField()
    imported_by = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "sha256", "mapping_sha256", "source"],
                name="sourcefile_once_per_mapping",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"
