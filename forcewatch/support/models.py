"""Early-intervention support: flags routed to supervisors, what they did, and
how it went.

A flag is a prompt for a supervisor's supportive conversation, never a finding
about the officer. It comes from the threshold rules (`analysis/eis`), frozen with
its explanation when it is raised; the supervisor acknowledges it, records one
or more interventions, then closes it with an outcome. Interventions and
outcomes are appended, never edited (an intervention's completion date is set
once, audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from forcewatch.core.models import AuditedModel


class FlagSource(models.TextChoices):
    THRESHOLD = "threshold", "Threshold rules"


class FlagStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    PLANNED = "intervention_planned", "Intervention planned"
    CLOSED = "closed", "Closed"


class SupportFlag(AuditedModel):
    """One officer flagged by the threshold rules on one date."""

    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    officer = models.ForeignKey(
        "records.Officer",
        on_delete=models.PROTECT,
        help_text="the person's lowest officer record (see officer_records)",
    )
    officer_records = models.JSONField(
        default=list,
        help_text="every officer record of the person (same name and appointed date)",
    )
    flagged_on = models.DateField(help_text="counted: events before this date")
    source = models.CharField(
        max_length=20, choices=FlagSource.choices, default=FlagSource.THRESHOLD
    )
    rules = models.JSONField(default=list, help_text="the rule ids tripped")
    thresholds_version = models.CharField(max_length=60)
    explanation = models.JSONField(
        default=dict,
        help_text="each rule: count, window, peers' median; tripped rules' events",
    )
    status = models.CharField(
        max_length=30, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    routed_to = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="the officer's latest unit: its supervisors receive the flag",
    )
    created_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "officer", "flagged_on"], name="supportflag_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["agency", "routed_to", "status"], name="supportflag_queue"
            ),
            models.Index(fields=["agency", "officer", "status"]),
        ]

    def __str__(self) -> str:
        return f"support flag {self.pk}"


class Intervention(AuditedModel):
    """What a supervisor planned (and later did) to support the officer."""

    flag = models.ForeignKey(
        SupportFlag, on_delete=models.PROTECT, related_name="interventions"
    )
    kind = models.CharField(max_length=40, help_text="intervention_kinds.yaml")
    note = models.TextField(blank=True, default="")
    planned_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField()


class Outcome(AuditedModel):
    """How the support went, recorded when the flag is closed."""

    flag = models.ForeignKey(
        SupportFlag, on_delete=models.PROTECT, related_name="outcomes"
    )
    follow_up_on = models.DateField(
        null=True,
        blank=True,
        help_text="when the supervisor checks in again, if at all",
    )
    text = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField()
