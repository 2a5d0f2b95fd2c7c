"""API tokens: only a SHA-256 digest is stored; the token itself is shown once."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from forcewatch.core.models import AuditedModel


class APIToken(AuditedModel):
    """One bearer token of one user; revoking it is permanent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="what the token is for")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256, hex")
    created = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    # last_used changes on use, outside any audited action, so it is not sealed.
    UNAUDITED: ClassVar[frozenset[str]] = AuditedModel.UNAUDITED | {"last_used"}

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
