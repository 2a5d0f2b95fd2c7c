from __future__ import annotations

from django.db import models

from forcewatch.records.models.base import Recorded, unique_source_key


class Officer(Recorded):
    """A sworn member as the agency's records know them (surrogate id = pk)."""

    given_name = models.CharField(max_length=100, blank=True, default="")
    middle_name = models.CharField(max_length=100, blank=True, default="")
    family_name = models.CharField(max_length=100, blank=True, default="")
    sex = models.CharField(max_length=20, blank=True, default="")
    race = models.JSONField(default=list, blank=True)
    ethnicity = models.CharField(max_length=20, blank=True, default="")
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    appointed_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [unique_source_key("officer")]

    def __str__(self) -> str:
        name = " ".join(p for p in (self.given_name, self.family_name) if p)
        return name or f"officer {self.source_key}"


class OfficerIdentifier(Recorded):
    """Badge/star, employee number, state certificate: with validity dates."""

    class Scheme(models.TextChoices):
        BADGE = "badge", "Badge or star number"
        EMPLOYEE = "employee", "Employee number"
        STATE_CERT = "state_cert", "State certificate number"
        SOURCE_ID = "source_id", "Identifier in a source system"

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="identifiers"
    )
    scheme = models.CharField(max_length=20, choices=Scheme.choices)
    value = models.CharField(max_length=100)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [unique_source_key("officeridentifier")]
        indexes = [models.Index(fields=["scheme", "value"])]
