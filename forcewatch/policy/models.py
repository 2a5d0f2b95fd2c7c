"""Policy findings, their dispositions, and deadly-force review cases.

A finding is advisory: it records that one rule version of one pack fired (or
could not be evaluated for want of facts) on one report, with the evidence the
rule names, frozen at evaluation time. A person disposes of it; dispositions are
never edited, a later one supersedes an earlier one. Rule versions are
registered the first time they are used, so a rule that has produced findings
cannot be changed in place (`RuleVersion`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from forcewatch.core.models import AuditedModel


class Kind(models.TextChoices):
    VIOLATION = "violation", "Possible violation"
    INCOMPLETE = "incomplete", "Facts missing"


class Outcome(models.TextChoices):
    WITHIN_POLICY = "within_policy", "Within policy"
    OUT_OF_POLICY = "out_of_policy", "Out of policy"
    TRAINING_ISSUE = "training_issue", "Training or tactics issue"
    POLICY_GAP = "policy_gap", "Policy gap"


class FindingStatus(models.TextChoices):
    OPEN = "open", "Awaiting disposition"
    DISPOSED = "disposed", "Disposed"
    CLEARED = "cleared", "Cleared: the corrected report no longer meets the rule"


class RuleVersion(AuditedModel):
    """One version of one rule as it was first used: later loads must match."""

    pack = models.CharField(max_length=60)
    rule_id = models.CharField(max_length=80)
    version = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    definition = models.JSONField()
    registered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pack", "rule_id", "version"], name="ruleversion_once"
            )
        ]


class CheckRun(AuditedModel):
    """One `forcewatch check`: what was evaluated, with per-rule tallies."""

    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    pack = models.CharField(max_length=60)
    pack_version = models.CharField(max_length=40)
    pack_sha256 = models.CharField(max_length=64)
    since = models.DateField(null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    actor = models.CharField(max_length=200)
    units_seen = models.PositiveIntegerField(default=0)
    units_checked = models.PositiveIntegerField(default=0)
    findings_new = models.PositiveIntegerField(default=0)
    findings_cleared = models.PositiveIntegerField(default=0)
    tallies = models.JSONField(
        default=dict,
        help_text="rule id -> {applicable, fired, incomplete, passed}",
    )


class UnitCheck(models.Model):
    """The last evaluation of one report (or report-less incident) by one pack.

    A cache that makes `check` incremental: a unit whose view and rule
    versions hash to the same `input_sha256` is not evaluated again.
    """

    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    unit_key = models.CharField(max_length=60)
    pack = models.CharField(max_length=60)
    input_sha256 = models.CharField(max_length=64)
    run = models.ForeignKey(CheckRun, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "pack", "unit_key"], name="unitcheck_once"
            )
        ]


class Finding(AuditedModel):
    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    incident = models.ForeignKey("records.Incident", on_delete=models.PROTECT)
    report = models.ForeignKey(
        "records.Report", null=True, blank=True, on_delete=models.PROTECT
    )
    unit_key = models.CharField(
        max_length=60,
        help_text="report:<id>, or incident:<id> for an incident without reports",
    )
    incident_date = models.DateField(null=True, blank=True)
    pack = models.CharField(max_length=60)
    pack_version = models.CharField(max_length=40)
    rule_id = models.CharField(max_length=80)
    rule_version = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    severity = models.CharField(max_length=20)
    item = models.CharField(
        max_length=220,
        blank=True,
        default="",
        help_text="force:<key>, subject:<key>...",
    )
    officer = models.ForeignKey(
        "records.Officer", null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="the officer's unit, as recorded",
    )
    evidence = models.JSONField(default=dict)
    missing = models.JSONField(
        default=list, help_text="facts the rule needed and the report lacks"
    )
    status = models.CharField(
        max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    outcome = models.CharField(
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        default="",
        help_text="the latest disposition's outcome",
    )
    run = models.ForeignKey(CheckRun, on_delete=models.PROTECT)
    found_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "agency",
                    "unit_key",
                    "pack",
                    "rule_id",
                    "rule_version",
                    "item",
                    "kind",
                ],
                name="finding_once",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status", "kind"]),
            models.Index(fields=["agency", "rule_id"]),
            # the queues: an agency's, and a unit's, newest incidents first
            models.Index(
                fields=["agency", "status", "-incident_date", "unit_key"],
                name="finding_queue",
            ),
            models.Index(
                fields=["agency", "unit", "status", "-incident_date"],
                name="finding_unit_queue",
            ),
        ]


class Disposition(AuditedModel):
    """A person's decision on a finding (never edited; the latest counts)."""

    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="dispositions"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField()


class CaseStatus(models.TextChoices):
    OPEN = "open", "Opened"
    INVESTIGATION = "investigation", "Under investigation"
    BOARD = "board", "Before the review board"
    CLOSED = "closed", "Closed"


class DeadlyForceCase(AuditedModel):
    """Every deadly-force use is reviewed case by case, whatever the rules say."""

    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    incident = models.OneToOneField("records.Incident", on_delete=models.PROTECT)
    number = models.CharField(max_length=40)
    incident_date = models.DateField(null=True, blank=True)
    force_types = models.JSONField(default=list, help_text="the deadly force recorded")
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_at = models.DateTimeField()
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    investigation_summary = models.TextField(blank=True, default="")
    board_finding = models.CharField(
        max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    board_reasons = models.TextField(blank=True, default="")
    board_date = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="case_number")
        ]
        indexes = [models.Index(fields=["agency", "status"])]


class CaseEvent(AuditedModel):
    """One step of a case: who moved it, from what to what, and why."""

    case = models.ForeignKey(
        DeadlyForceCase, on_delete=models.PROTECT, related_name="events"
    )
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True, default="")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    at = models.DateTimeField()
