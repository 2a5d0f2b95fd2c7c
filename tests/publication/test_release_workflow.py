"""The release workflow on a real release folder: who may do what, in what order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from forcewatch.core.audit import audit_verify
from forcewatch.core.models import AuditEvent
from forcewatch.publication.models import Release, ReleaseStatus
from forcewatch.publication.services import (
    PublicationError,
    previous_release,
    release_approve,
    release_path,
    release_prepare,
    release_publish,
)
from tests.publication.conftest import Staff


def prepared(staff: Staff, snapshot: Path, who: str = "analyst") -> Release:
    return release_prepare(staff.agency, "2019H1", staff[who], snapshot_dir=snapshot)


def test_an_analyst_prepares_another_approves_and_publishes(
    staff: Staff, dallas_snapshot: Path
) -> None:
    release = prepared(staff, dallas_snapshot)
    folder = Path(settings.DATA_DIR) / "releases" / "dallas" / "2019H1" / "v1"
    assert release_path(release) == folder and (folder / "release.json").is_file()
    assert (release.status, release.version, release.period) == (
        "prepared",
        1,
        "2019H1",
    )
    manifest = json.loads((folder / "release.json").read_text())
    assert manifest["agency"]["slug"] == "dallas" and manifest["version"] == 1
    release = release_approve(release, staff["admin"])
    assert release.status == ReleaseStatus.APPROVED
    assert release.approved_by == staff["admin"]
    release = release_publish(release, staff["admin"])
    assert release.status == ReleaseStatus.PUBLISHED and release.published_at
    actions = list(
        AuditEvent.objects.filter(action__startswith="release_").values_list(
            "action", "actor"
        )
    )
    assert actions == [
        ("release_prepare", "analyst"),
        ("release_approve", "admin"),
        ("release_publish", "admin"),
    ]
    assert audit_verify().ok


@pytest.mark.parametrize("who", ["admin", "oversight", "standards", "other_admin"])
def test_only_an_analyst_of_the_agency_prepares(
    staff: Staff, dallas_snapshot: Path, who: str
) -> None:
    with pytest.raises(PublicationError, match="may not prepare release"):
        prepared(staff, dallas_snapshot, who)
    assert not Release.objects.exists()
    assert not (
        Path(settings.DATA_DIR) / "releases" / "dallas" / "2019H1" / "v1"
    ).exists()


@pytest.mark.parametrize("who", ["analyst2", "oversight", "standards", "other_admin"])
def test_only_an_agency_administrator_approves(
    staff: Staff, dallas_snapshot: Path, who: str
) -> None:
    release = prepared(staff, dallas_snapshot)
    with pytest.raises(PublicationError, match="may not approve release"):
        release_approve(release, staff[who])
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PREPARED


def test_the_preparer_cannot_approve_their_own_release(
    staff: Staff, dallas_snapshot: Path
) -> None:
    release = prepared(staff, dallas_snapshot, "admin_analyst")
    with pytest.raises(PublicationError, match="another person must approve"):
        release_approve(release, staff["admin_analyst"])
    assert release_approve(release, staff["admin"]).status == "approved"


def test_publishing_before_approval_is_refused(
    staff: Staff, dallas_snapshot: Path
) -> None:
    release = prepared(staff, dallas_snapshot)
    with pytest.raises(PublicationError, match="only a approved release|is prepared"):
        release_publish(release, staff["admin"])
    with pytest.raises(PublicationError, match="may not publish release"):
        release_publish(release_approve(release, staff["admin"]), staff["analyst"])
    release = release_publish(release, staff["admin"])
    with pytest.raises(PublicationError, match="is published"):
        release_publish(release, staff["admin"])
    assert not AuditEvent.objects.filter(action="release_publish").count() > 1


def test_a_changed_file_stops_approval(staff: Staff, dallas_snapshot: Path) -> None:
    release = prepared(staff, dallas_snapshot)
    csv = release_path(release) / "data" / "incidents_by_month.csv"
    csv.write_text(csv.read_text().replace(",published", ",published ", 1))
    with pytest.raises(
        PublicationError, match="data/incidents_by_month.csv was changed"
    ):
        release_approve(release, staff["admin"])
    assert not AuditEvent.objects.filter(action="release_approve").exists()


def test_a_second_version_leaves_the_first_untouched(
    staff: Staff, dallas_snapshot: Path
) -> None:
    first = release_publish(
        release_approve(prepared(staff, dallas_snapshot), staff["admin"]),
        staff["admin"],
    )
    folder = release_path(first)
    before = {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }
    second = prepared(staff, dallas_snapshot, "analyst2")
    assert second.version == 2 and release_path(second).name == "v2"
    release_publish(release_approve(second, staff["admin"]), staff["admin"])
    after = {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }
    assert after == before
    first.refresh_from_db()
    assert first.status == ReleaseStatus.PUBLISHED


def test_a_bad_period_is_refused_with_the_forms_it_takes(
    staff: Staff, dallas_snapshot: Path
) -> None:
    with pytest.raises(PublicationError, match="2019H1.*2019-03"):
        release_prepare(
            staff.agency, "2019Q1", staff["analyst"], snapshot_dir=dallas_snapshot
        )


def test_a_new_period_is_compared_with_the_latest_published_earlier_one(
    staff: Staff, dallas_snapshot: Path
) -> None:
    h1 = prepared(staff, dallas_snapshot)
    march = release_prepare(
        staff.agency, "2019-03", staff["analyst"], snapshot_dir=dallas_snapshot
    )
    assert previous_release(staff.agency, "2019H2") is None  # nothing published yet
    release_publish(release_approve(h1, staff["admin"]), staff["admin"])
    release_publish(release_approve(march, staff["admin"]), staff["admin"])
    assert previous_release(staff.agency, "2019H2") == h1
    assert previous_release(staff.agency, "2019-04") == march
    assert previous_release(staff.agency, "2019H1") == h1  # a revision
    h2 = release_prepare(
        staff.agency, "2019H2", staff["analyst"], snapshot_dir=dallas_snapshot
    )
    assert h2.version == 1
    changes = (release_path(h2) / "changes.md").read_text()
    assert "2019H1" in changes
