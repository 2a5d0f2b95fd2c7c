"""Who took part in an incident: officers (with a role) and subjects."""

from __future__ import annotations

from django.db import models

from forcewatch.records.models.base import Recorded, unique_source_key


class Role(models.TextChoices):
    USED_FORCE = "used_force", "Used force"
    WITNESSED = "witnessed", "Witnessed"
    INTERVENED = "intervened", "Intervened"
    SUPERVISED = "supervised", "Supervised"


class DemographicSource(models.TextChoices):
    PERCEIVED = "perceived", "Perceived by the officer"
    SELF_REPORTED = "self_reported", "Self-reported"
    UNKNOWN = "unknown", "Not recorded"


class OfficerInvolvement(Recorded):
    incident = models.ForeignKey(
        "records.Incident", on_delete=models.PROTECT, related_name="involvements"
    )
    officer = models.ForeignKey("records.Officer", on_delete=models.PROTECT)
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.USED_FORCE
    )
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    rank = models.CharField(max_length=100, blank=True, default="")
    unit = models.CharField(max_length=200, blank=True, default="")
    years_of_service = models.FloatField(null=True, blank=True)
    on_duty = models.BooleanField(null=True, blank=True)
    in_uniform = models.BooleanField(null=True, blank=True)
    injured = models.BooleanField(null=True, blank=True)
    injury = models.CharField(max_length=200, blank=True, default="")
    hospitalized = models.BooleanField(null=True, blank=True)
    warning_given = models.BooleanField(null=True, blank=True)
    warning_feasible = models.BooleanField(null=True, blank=True)
    deescalation = models.JSONField(default=list, blank=True)
    intervened = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [unique_source_key("officerinvolvement")]


class Subject(Recorded):
    """A person force was used on, within one incident."""

    incident = models.ForeignKey(
        "records.Incident", on_delete=models.PROTECT, related_name="subjects"
    )
    person_key = models.CharField(
        max_length=200, blank=True, default="", help_text="stable id across incidents"
    )
    sex = models.CharField(max_length=20, blank=True, default="")
    race = models.JSONField(default=list, blank=True)
    ethnicity = models.CharField(max_length=20, blank=True, default="")
    demographics_source = models.CharField(
        max_length=20,
        choices=DemographicSource.choices,
        default=DemographicSource.UNKNOWN,
    )
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    in_crisis = models.BooleanField(null=True, blank=True)
    impairments = models.JSONField(default=list, blank=True)
    armed = models.BooleanField(null=True, blank=True)
    armed_with = models.JSONField(default=list, blank=True)
    fleeing = models.BooleanField(null=True, blank=True)
    in_moving_vehicle = models.BooleanField(null=True, blank=True)
    vehicle_used_as_weapon = models.BooleanField(null=True, blank=True)
    threat_means = models.JSONField(default=list, blank=True)
    injured = models.BooleanField(null=True, blank=True)
    complained_of_injury = models.BooleanField(null=True, blank=True)
    injuries = models.JSONField(default=list, blank=True)
    injury_severity = models.CharField(max_length=20, blank=True, default="")
    died = models.BooleanField(null=True, blank=True)
    first_aid_given = models.BooleanField(null=True, blank=True)
    first_aid_at = models.DateTimeField(null=True, blank=True)
    medical_requested = models.BooleanField(null=True, blank=True)
    medical_requested_at = models.DateTimeField(null=True, blank=True)
    hospitalized = models.BooleanField(null=True, blank=True)
    arrested = models.BooleanField(null=True, blank=True)
    charge = models.CharField(max_length=200, blank=True, default="")
    handcuffed = models.BooleanField(null=True, blank=True)
    handcuff_justification = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        constraints = [unique_source_key("subject")]
