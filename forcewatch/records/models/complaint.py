"""Complaints against officers and their allegations, with findings.

One complaint (a complaint register / log number) names one or more accused
officers, each with one or more allegations; each allegation gets its own
finding. The finding's date matters as much as the finding: investigations
often close years after the incident, so an analysis can only use the
findings known (closed) by the date it looks from.
"""

from __future__ import annotations

from django.db import models

from forcewatch.records.models.base import Recorded, unique_source_key


class Complaint(Recorded):
    """One complaint as received: when, where, what about, how it ended."""

    received_date = models.DateField(null=True, blank=True, db_index=True)
    incident_date = models.DateField(null=True, blank=True)
    incident_time = models.TimeField(null=True, blank=True)
    closed_date = models.DateField(null=True, blank=True)
    case_type = models.CharField(max_length=100, blank=True, default="")
    complainant_type = models.CharField(max_length=100, blank=True, default="")
    investigating_agency = models.CharField(max_length=100, blank=True, default="")
    address = models.CharField(max_length=300, blank=True, default="")
    district = models.CharField(max_length=100, blank=True, default="")
    beat = models.CharField(max_length=100, blank=True, default="")
    location_type_raw = models.CharField(max_length=200, blank=True, default="")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    category = models.CharField(max_length=40, blank=True, default="")
    category_raw = models.CharField(max_length=300, blank=True, default="")
    outcome = models.CharField(
        max_length=20,
        blank=True,
        default="",
        help_text="the complaint's overall finding, where the source gives one",
    )
    outcome_raw = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        constraints = [unique_source_key("complaint")]

    def __str__(self) -> str:
        return f"complaint {self.source_key}"


class Allegation(Recorded):
    """One allegation against one accused officer, with its finding."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="allegations"
    )
    officer = models.ForeignKey(
        "records.Officer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allegations",
        help_text="empty when the source does not identify the accused",
    )
    category = models.CharField(max_length=40, blank=True, default="")
    category_raw = models.CharField(max_length=300, blank=True, default="")
    finding = models.CharField(max_length=20, blank=True, default="", db_index=True)
    finding_raw = models.CharField(max_length=300, blank=True, default="")
    discipline_raw = models.CharField(max_length=300, blank=True, default="")
    closed_date = models.DateField(
        null=True,
        blank=True,
        help_text="when this finding was made; else the complaint's closed date",
    )
    rank = models.CharField(max_length=100, blank=True, default="")
    unit = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        constraints = [unique_source_key("allegation")]
