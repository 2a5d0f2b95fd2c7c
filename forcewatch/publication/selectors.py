"""What the public site reads: published releases and disclosures, nothing else."""

from __future__ import annotations

from itertools import groupby

from django.db.models import QuerySet

from forcewatch.policy.models import CaseStatus
from forcewatch.publication.models import (
    DisclosureStatus,
    Release,
    ReleaseStatus,
    ShootingDisclosure,
)
from forcewatch.records.models import Agency


def published_releases() -> list[tuple[Agency, list[Release]]]:
    """Each agency's published releases, newest period and version first."""
    releases = (
        Release.objects.filter(status=ReleaseStatus.PUBLISHED)
        .select_related("agency")
        .order_by("agency__name", "agency_id", "-period", "-version")
    )
    return [
        (agency, list(group))
        for agency, group in groupby(releases, key=lambda r: r.agency)
    ]


def published_release(slug: str, period: str, version: int | None) -> Release | None:
    """A published release; without a version, the latest published one."""
    found = Release.objects.filter(
        agency__slug=slug, period=period, status=ReleaseStatus.PUBLISHED
    ).select_related("agency")
    if version is not None:
        found = found.filter(version=version)
    return found.order_by("-version").first()


def release_versions(release: Release) -> list[Release]:
    """The published versions of the same agency and period, newest first."""
    return list(
        Release.objects.filter(
            agency_id=release.agency_id,
            period=release.period,
            status=ReleaseStatus.PUBLISHED,
        ).order_by("-version")
    )


def public_disclosures() -> QuerySet[ShootingDisclosure]:
    """What the public sees: approved disclosures whose case is (still) closed."""
    return (
        ShootingDisclosure.objects.filter(
            status=DisclosureStatus.APPROVED, case__status=CaseStatus.CLOSED
        )
        .select_related("agency", "case")
        .prefetch_related("officers", "subjects")
        .order_by("-incident_date", "-pk")
    )
