"""Publish a release of a synthetic snapshot for the load test (bench/release.py)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from forcewatch.accounts.models import Membership, Role
from forcewatch.core.audit import audit_write
from forcewatch.publication.services import (
    release_approve,
    release_prepare,
    release_publish,
)
from forcewatch.records.models import Agency


def publish_for_bench(snapshot: Path, period: str, slug: str = "synthetic") -> str:
    """Register, approve and publish the snapshot's release; its page's path."""
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        with (
            transaction.atomic(),
            audit_write(actor="bench", action="membership_grant") as audit,
        ):
            agency = Agency(slug=slug, name="Synthetic department")
            audit.save(agency)
            for name, role in (
                ("bench-analyst", Role.ANALYST),
                ("bench-admin", Role.AGENCY_ADMIN),
            ):
                user = User.objects.create_user(name)
                audit.save(Membership(user=user, agency=agency, role=role))
    analyst = User.objects.get(username="bench-analyst")
    admin = User.objects.get(username="bench-admin")
    release = release_prepare(agency, period, analyst, snapshot_dir=snapshot)
    release_publish(release_approve(release, admin), admin)
    return f"/releases/{slug}/{period}/"
