"""Who may do what, where: a user's roles, each in one agency (and unit)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from forcewatch.core.models import AuditedModel


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    SUPERVISOR = "supervisor", "Supervisor"
    PROFESSIONAL_STANDARDS = "professional_standards", "Professional standards"
    OVERSIGHT = "oversight", "Civilian oversight"
    ANALYST = "analyst", "Analyst"
    TRAINING = "training", "Training coordinator"
    WELLNESS = "wellness", "Wellness coordinator"
    AGENCY_ADMIN = "agency_admin", "Agency administrator"


class Membership(AuditedModel):
    """One role of one user in one agency; a supervisor reviews their `unit`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    role = models.CharField(max_length=30, choices=Role.choices)
    unit = models.CharField(max_length=100, blank=True, default="")
    officer = models.ForeignKey(
        "records.Officer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="the sworn member this account belongs to (officers, supervisors)",
    )
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.agency}"


class AccessEvent(models.Model):
    """One read of restricted data: who read what, when (append-only)."""

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    agency = models.ForeignKey("records.Agency", on_delete=models.PROTECT)
    what = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60, blank=True, default="")
    via = models.CharField(max_length=10, default="web")

    class Meta:
        ordering = ["-at"]
