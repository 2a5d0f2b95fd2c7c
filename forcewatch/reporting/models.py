"""An officer's report as it moves through the chain of command.

The report's document is versioned (`ReportVersion`, never changed once
written); `version` on the report is the optimistic lock; every status change
is a `Transition` with who, when and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from forcewatch.core.models import AuditedModel


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted, awaiting review"
    RETURNED = "returned", "Returned for correction"
    APPROVED = "approved", "Approved"
    ESCALATED = "escalated", "Escalated to professional standards"
    CLOSED = "closed", "Closed"


class FieldReport(AuditedModel):
    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    number = models.CharField(max_length=40)
    unit = models.CharField(max_length=100, blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    officer = models.ForeignKey("records.Officer", on_delete=models.PROTECT)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(default=0)
    content = models.JSONField(default=dict)
    occurred_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    review_due = models.DateTimeField(null=True, blank=True)
    incident = models.ForeignKey(
        "records.Incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="the canonical incident, once approved",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"], name="fieldreport_number"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status", "unit"]),
            # the report lists: newest first, for an agency or one unit
            models.Index(
                fields=["agency", "-updated_at", "-id"], name="report_agency_recent"
            ),
            models.Index(
                fields=["agency", "unit", "-updated_at", "-id"],
                name="report_unit_recent",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ReportVersion(AuditedModel):
    report = models.ForeignKey(
        FieldReport, on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField()
    content = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "version"], name="reportversion_once"
            )
        ]


class Transition(AuditedModel):
    report = models.ForeignKey(
        FieldReport, on_delete=models.PROTECT, related_name="transitions"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField()
    reason = models.TextField(blank=True, default="")


class WitnessStatement(AuditedModel):
    """What an officer named in a report saw, and whether they intervened."""

    report = models.ForeignKey(
        FieldReport, on_delete=models.PROTECT, related_name="statements"
    )
    officer = models.ForeignKey("records.Officer", on_delete=models.PROTECT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    intervened = models.BooleanField(null=True, blank=True)
    at = models.DateTimeField()


class NamedOfficer(models.Model):
    """An officer the current version of a report names: an index, rebuilt on save.

    Not audited: it is derived from the audited document, and exists so that an
    officer's list ("reports I am named in") is one indexed query.
    """

    report = models.ForeignKey(
        FieldReport, on_delete=models.CASCADE, related_name="named"
    )
    officer = models.ForeignKey("records.Officer", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "officer"], name="named_once")
        ]
        indexes = [models.Index(fields=["officer", "report"])]
