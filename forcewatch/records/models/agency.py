from __future__ import annotations

from django.db import models

from forcewatch.core.models import AuditedModel


class Agency(AuditedModel):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    ori = models.CharField("ORI", max_length=9, blank=True, default="")
    state = models.CharField(max_length=2, blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name
