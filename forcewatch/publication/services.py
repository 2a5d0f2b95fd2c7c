"""The release workflow: an analyst prepares, an administrator approves, then publishes.

A release folder is written once, by the Django-free builder
(`forcewatch.release.build.build_release`), into
`DATA_DIR/releases/<agency>/<period>/v<version>/`, and never rewritten: a
correction is a new version. Approval and publication re-read the folder and
refuse it if any file no longer matches the hashes in its `release.json`.
Every step is one audited action (`core.audit.audit_write`).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from forcewatch.accounts.policies import PublicationStep, may_take
from forcewatch.accounts.selectors import principal_for
from forcewatch.core.audit import audit_write
from forcewatch.publication.folder import folder_problems, manifest_hash
from forcewatch.publication.models import Release, ReleaseStatus
from forcewatch.records.models import Agency

PERIOD = re.compile(r"^(\d{4})(H[12]|-(0[1-9]|1[0-2]))$")


class PublicationError(ValueError):
    """A step that is not allowed: wrong role, wrong order, changed files."""


class Built(Protocol):
    """What `forcewatch.release.build.build_release` returns."""

    @property
    def manifest_sha256(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def period_label(self) -> str: ...
    @property
    def snapshot_sha256(self) -> str: ...


def releases_root() -> Path:
    return Path(settings.DATA_DIR) / "releases"


def release_path(release: Release) -> Path:
    return releases_root() / release.folder


def require(user: AbstractBaseUser, step: PublicationStep, agency: Agency) -> None:
    if not may_take(principal_for(user), step, agency.pk):
        raise PublicationError(
            f"{user.get_username()} may not {step.value.replace('_', ' ')} for "
            f"{agency.slug}: ask an agency administrator for the role "
            "(`forcewatch member add`)"
        )


def period_check(period: str) -> str:
    period = period.strip()
    if not PERIOD.match(period):
        raise PublicationError(
            f"period {period!r}: give a half year (2019H1, 2019H2) or a month (2019-03)"
        )
    return period


def build_release(snapshot_dir: Path, **kwargs: Any) -> Built:
    """The Django-free builder; its errors (which say what to do) become ours."""
    from forcewatch.analysis.manifest import ManifestError
    from forcewatch.release.build import ReleaseError
    from forcewatch.release.build import build_release as build

    try:
        result: Built = build(snapshot_dir, **kwargs)
    except (ReleaseError, ManifestError, ValueError) as exc:
        raise PublicationError(str(exc)) from exc
    return result


@contextmanager
def agency_snapshot(agency: Agency, given: Path | None) -> Iterator[Path]:
    """The given snapshot folder, or a fresh snapshot of the agency (removed after)."""
    if given is not None:
        yield Path(given)
        return
    from forcewatch.snapshot.schema import SnapshotError
    from forcewatch.snapshot.services import snapshot_write

    with tempfile.TemporaryDirectory(prefix="forcewatch-snapshot-") as tmp:
        try:
            snapshot_write(Path(tmp) / "snapshot", agency.slug)
        except SnapshotError as exc:
            raise PublicationError(str(exc)) from exc
        yield Path(tmp) / "snapshot"


def release_build(
    agency: Agency,
    period: str,
    out_dir: Path,
    *,
    snapshot_dir: Path | None = None,
    previous_dir: Path | None = None,
    denominator: str | None = None,
) -> Built:
    """Build a release folder without registering it (`forcewatch release build`)."""
    period = period_check(period)
    with agency_snapshot(agency, snapshot_dir) as snap:
        return build_release(
            snap,
            agency_slug=agency.slug,
            period=period,
            out_dir=Path(out_dir),
            previous_dir=previous_dir,
            denominator=denominator,
        )


def previous_release(agency: Agency, period: str) -> Release | None:
    """What a new release is compared with: the latest version of the same period
    (a revision), else the agency's latest published earlier period of the same kind
    (half-years follow half-years, months follow months)."""
    from forcewatch.release.period import parse_period

    same = Release.objects.filter(agency=agency, period=period).order_by("-version")
    if same.exists():
        return same.first()
    this = parse_period(period)
    earlier = [
        (when.start, r.version, r)
        for r in Release.objects.filter(agency=agency, status=ReleaseStatus.PUBLISHED)
        if (when := parse_period(r.period)).kind == this.kind
        and when.start < this.start
    ]
    return max(earlier, key=lambda t: t[:2])[2] if earlier else None


def release_prepare(
    agency: Agency,
    period: str,
    user: AbstractBaseUser,
    *,
    snapshot_dir: Path | None = None,
    denominator: str | None = None,
) -> Release:
    """Build the next version of the agency's release for the period and register it."""
    require(user, PublicationStep.PREPARE_RELEASE, agency)
    period = period_check(period)
    previous = previous_release(agency, period)
    base = releases_root() / agency.slug / period
    base.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=base))
    try:
        built = release_build(
            agency,
            period,
            work / "out",
            snapshot_dir=snapshot_dir,
            previous_dir=release_path(previous) if previous else None,
            denominator=denominator,
        )
        target = base / f"v{built.version}"
        if target.exists():
            raise PublicationError(
                f"{target} already exists: a release folder is never rewritten. "
                "Remove it only if no release is registered for it "
                "(`forcewatch release list`)."
            )
        (work / "out").rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    try:
        return _register(agency, period, built, target, user)
    except Exception:
        shutil.rmtree(target, ignore_errors=True)
        raise


def _register(
    agency: Agency, period: str, built: Built, target: Path, user: AbstractBaseUser
) -> Release:
    if manifest_hash(target) != built.manifest_sha256:
        raise PublicationError(f"{target}/release.json is not the one the build wrote")
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=user.get_username(),
            action="release_prepare",
            summary=f"{agency.slug} {period} v{built.version}",
        ) as audit,
    ):
        release = Release(
            agency=agency,
            period=period,
            version=built.version,
            folder=target.relative_to(releases_root()).as_posix(),
            manifest_sha256=built.manifest_sha256,
            snapshot_sha256=built.snapshot_sha256,
            prepared_by_id=user.pk,
            prepared_at=audit.event.at,
        )
        audit.save(release)
    return release


def _verified(release: Release) -> None:
    problems = folder_problems(release_path(release), release.manifest_sha256)
    if problems:
        raise PublicationError(
            f"release {release.pk} ({release}) does not match what was prepared: "
            + "; ".join(problems[:5])
            + ". Prepare a new version."
        )


def release_approve(release: Release, user: AbstractBaseUser) -> Release:
    """A second person checks the prepared folder and approves it."""
    require(user, PublicationStep.APPROVE_RELEASE, release.agency)
    if user.pk == release.prepared_by_id:
        raise PublicationError(
            f"{user.get_username()} prepared release {release.pk}: another person "
            "must approve it"
        )
    return _step(release, user, ReleaseStatus.APPROVED, action="release_approve")


def release_publish(release: Release, user: AbstractBaseUser) -> Release:
    """Put an approved release on the public site; older versions stay as they are."""
    require(user, PublicationStep.PUBLISH_RELEASE, release.agency)
    return _step(release, user, ReleaseStatus.PUBLISHED, action="release_publish")


BEFORE = {
    ReleaseStatus.APPROVED: ReleaseStatus.PREPARED,
    ReleaseStatus.PUBLISHED: ReleaseStatus.APPROVED,
}


def _step(
    release: Release, user: AbstractBaseUser, after: ReleaseStatus, *, action: str
) -> Release:
    with transaction.atomic(durable=True):
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.status != BEFORE[after]:
            raise PublicationError(
                f"release {release.pk} ({release}) is {release.status}: only a "
                f"{BEFORE[after]} release can be {after}"
            )
        _verified(release)
        with audit_write(
            actor=user.get_username(), action=action, summary=str(release)
        ) as audit:
            release.status = after
            if after == ReleaseStatus.APPROVED:
                release.approved_by_id, release.approved_at = user.pk, audit.event.at
            else:
                release.published_by_id, release.published_at = user.pk, audit.event.at
            audit.save(release, changed={"status": str(after)})
    return release
