"""What happened between officers and subjects: pairs, force, resistance."""

from __future__ import annotations

from django.db import models

from forcewatch.records.models.base import Recorded, unique_source_key


class Engagement(Recorded):
    """One officer x one subject in an incident, as the source filed it."""

    incident = models.ForeignKey(
        "records.Incident", on_delete=models.PROTECT, related_name="engagements"
    )
    involvement = models.ForeignKey(
        "records.OfficerInvolvement", null=True, blank=True, on_delete=models.PROTECT
    )
    subject = models.ForeignKey(
        "records.Subject", null=True, blank=True, on_delete=models.PROTECT
    )
    report = models.ForeignKey(
        "records.Report", null=True, blank=True, on_delete=models.PROTECT
    )
    force_reason = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        constraints = [unique_source_key("engagement")]


class ForceApplication(Recorded):
    """One officer -> one subject -> one force type, in sequence."""

    incident = models.ForeignKey(
        "records.Incident", on_delete=models.PROTECT, related_name="force_applications"
    )
    involvement = models.ForeignKey(
        "records.OfficerInvolvement", null=True, blank=True, on_delete=models.PROTECT
    )
    subject = models.ForeignKey(
        "records.Subject", null=True, blank=True, on_delete=models.PROTECT
    )
    engagement = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.PROTECT
    )
    report = models.ForeignKey(
        "records.Report", null=True, blank=True, on_delete=models.PROTECT
    )
    sequence = models.PositiveIntegerField(default=1)
    force_type = models.CharField(max_length=40, db_index=True)
    force_type_raw = models.CharField(max_length=300, blank=True, default="")
    body_region = models.CharField(max_length=40, blank=True, default="")
    effective = models.BooleanField(null=True, blank=True)
    effect = models.CharField(max_length=200, blank=True, default="")
    resistance = models.CharField(max_length=40, blank=True, default="")
    resistance_raw = models.CharField(max_length=300, blank=True, default="")
    discharged_at_person = models.BooleanField(null=True, blank=True)
    at_vehicle = models.BooleanField(null=True, blank=True)
    indiscriminate = models.BooleanField(
        null=True, blank=True, help_text="fired into a crowd rather than at one person"
    )
    count = models.PositiveIntegerField(
        null=True, blank=True, help_text="shots fired, CED cycles..."
    )

    class Meta:
        constraints = [unique_source_key("forceapplication")]


class SubjectAction(Recorded):
    """Resistance or threat by a subject, which force may answer."""

    incident = models.ForeignKey(
        "records.Incident", on_delete=models.PROTECT, related_name="subject_actions"
    )
    subject = models.ForeignKey(
        "records.Subject", null=True, blank=True, on_delete=models.PROTECT
    )
    report = models.ForeignKey(
        "records.Report", null=True, blank=True, on_delete=models.PROTECT
    )
    sequence = models.PositiveIntegerField(default=1)
    resistance = models.CharField(max_length=40, blank=True, default="")
    action_raw = models.CharField(max_length=300, blank=True, default="")
    weapon = models.CharField(max_length=40, blank=True, default="")
    weapon_raw = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        constraints = [unique_source_key("subjectaction")]
