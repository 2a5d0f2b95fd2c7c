"""Published statistics and shooting disclosures: what the public site shows.

A `Release` registers one frozen release folder (written by the Django-free
builder in `forcewatch.release`) and walks it through prepared -> approved ->
published. A `ShootingDisclosure` holds the facts of one officer-involved
shooting that may be published once its case is closed: the officers who
fired, by name, and the subjects by age, race and sex only. No model of this
app has a field for a subject's name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from forcewatch.core.models import AuditedModel


class ReleaseStatus(models.TextChoices):
    PREPARED = "prepared", "Prepared, awaiting approval"
    APPROVED = "approved", "Approved, not yet published"
    PUBLISHED = "published", "Published"


class Release(AuditedModel):
    """One version of one agency's statistics for one period."""

    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    period = models.CharField(max_length=20, help_text="2019H1 or 2019-03")
    version = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.PREPARED
    )
    folder = models.CharField(max_length=300, help_text="relative to DATA_DIR/releases")
    manifest_sha256 = models.CharField(max_length=64, help_text="of release.json")
    snapshot_sha256 = models.CharField(max_length=64, help_text="the input snapshot")
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period", "version"], name="release_once"
            )
        ]
        indexes = [models.Index(fields=["status", "agency", "period", "-version"])]

    def __str__(self) -> str:
        return f"{self.agency.slug} {self.period} v{self.version}"


DEFAULT_LAG_DAYS = 45  # days after a period ends before its release is due


class Frequency(models.TextChoices):
    HALF_YEAR = "half", "Every half-year"
    MONTH = "month", "Every month"


class ReleaseSchedule(AuditedModel):
    """How often an agency publishes: every half-year by default, or monthly.

    An agency without one is on the default: every half-year from the first
    half-year its records hold, each due 45 days after the period ends (time
    for late reports to arrive; they are revised in at the next release).
    """

    agency = models.OneToOneField("records.Agency", on_delete=models.PROTECT)
    every = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.HALF_YEAR
    )
    first_period = models.CharField(
        max_length=20, help_text="the first period published: 2019H1 or 2019-03"
    )
    lag_days = models.PositiveIntegerField(
        default=DEFAULT_LAG_DAYS,
        help_text="days after a period ends before its release is due",
    )

    def __str__(self) -> str:
        return (
            f"{self.agency.slug}: {self.get_every_display()} from {self.first_period}"
        )


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", "Draft, under review"
    APPROVED = "approved", "Approved and published"


class ShootingDisclosure(AuditedModel):
    """What is published about one officer-involved shooting.

    Approval is publication (`disclosure_approve`), and only while the case is
    closed; the public pages also show only disclosures whose case is closed.
    """

    case = models.OneToOneField(
        "policy.DeadlyForceCase", on_delete=models.PROTECT, related_name="disclosure"
    )
    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    incident_date = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True, default="", help_text="reviewed text")
    status = models.CharField(
        max_length=20, choices=DisclosureStatus.choices, default=DisclosureStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "-incident_date"])]


class DisclosedOfficer(AuditedModel):
    """One officer who fired, as the disclosure names them."""

    disclosure = models.ForeignKey(
        ShootingDisclosure, on_delete=models.PROTECT, related_name="officers"
    )
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    race = models.JSONField(default=list, blank=True, help_text="race codes")
    sex = models.CharField(max_length=20, blank=True, default="")
    rank = models.CharField(max_length=100, blank=True, default="")
    years_of_service = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position"]


class DisclosedSubject(AuditedModel):
    """One person fired at: age, race and sex, never a name."""

    disclosure = models.ForeignKey(
        ShootingDisclosure, on_delete=models.PROTECT, related_name="subjects"
    )
    position = models.PositiveSmallIntegerField(default=1)
    age = models.CharField(max_length=20, blank=True, default="", help_text="or range")
    race = models.JSONField(default=list, blank=True, help_text="race codes")
    sex = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        ordering = ["position"]
