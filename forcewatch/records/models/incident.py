from __future__ import annotations

from django.db import models

from forcewatch.records.models.base import Recorded, unique_source_key


class Incident(Recorded):
    """One event in which force was used: one or more officers and subjects."""

    occurred_date = models.DateField(null=True, blank=True, db_index=True)
    occurred_time = models.TimeField(null=True, blank=True)
    contact_reason = models.CharField(max_length=40, blank=True, default="")
    contact_reason_raw = models.CharField(max_length=200, blank=True, default="")
    call_type = models.CharField(max_length=200, blank=True, default="")
    call_number = models.CharField(max_length=100, blank=True, default="")
    via_911 = models.BooleanField(null=True, blank=True)
    officer_initiated = models.BooleanField(null=True, blank=True)
    demonstration = models.BooleanField(null=True, blank=True)
    location_type = models.CharField(max_length=40, blank=True, default="")
    location_type_raw = models.CharField(max_length=200, blank=True, default="")
    address = models.CharField(max_length=300, blank=True, default="")
    district = models.CharField(max_length=100, blank=True, default="")
    sector = models.CharField(max_length=100, blank=True, default="")
    beat = models.CharField(max_length=100, blank=True, default="")
    neighborhood = models.CharField(max_length=200, blank=True, default="")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    indoors = models.BooleanField(null=True, blank=True)
    lighting = models.CharField(max_length=60, blank=True, default="")
    weather = models.CharField(max_length=60, blank=True, default="")
    level = models.CharField(
        max_length=60, blank=True, default="", help_text="agency's own force level"
    )
    shots_fired = models.PositiveIntegerField(null=True, blank=True)
    category_raw = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        constraints = [unique_source_key("incident")]

    def __str__(self) -> str:
        return f"incident {self.source_key}"


class Report(Recorded):
    """One filed report (e.g. Chicago's TRR: one officer's report of one event).

    Who filed it about whom is in its engagements (officer x subject).
    """

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(max_length=40, blank=True, default="")
    filed_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [unique_source_key("report")]


class ReviewStep(Recorded):
    """A chain-of-command step on a report: submitted, reviewed, approved..."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="review_steps"
    )
    step = models.CharField(max_length=40)
    step_raw = models.CharField(max_length=100, blank=True, default="")
    on_date = models.DateField(null=True, blank=True)
    at_time = models.TimeField(null=True, blank=True)
    reviewer_rank = models.CharField(max_length=100, blank=True, default="")
    reviewer_badge = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        constraints = [unique_source_key("reviewstep")]
