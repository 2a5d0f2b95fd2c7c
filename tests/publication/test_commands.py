"""`forcewatch release ...` and `forcewatch disclosure ...` from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from forcewatch.publication.models import Release, ShootingDisclosure
from tests.publication.conftest import Staff
from tests.publication.shooting import close, shooting


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_prepare_approve_publish_and_list(staff: Staff, dallas_snapshot: Path) -> None:
    out = run(
        "release",
        "prepare",
        "--agency",
        "dallas",
        "--period",
        "2019H1",
        "--user",
        "analyst",
        "--snapshot",
        str(dallas_snapshot),
    )
    release = Release.objects.get()
    assert f"release {release.pk}: dallas 2019H1 v1 prepared" in out
    assert f"forcewatch release approve {release.pk}" in out
    assert "approved" in run("release", "approve", str(release.pk), "--user", "admin")
    out = run("release", "publish", str(release.pk), "--user", "admin")
    assert "/releases/dallas/2019H1/" in out
    listing = run("release", "list", "--agency", "dallas")
    assert f"{release.pk:>4}  dallas 2019H1 v1  published" in listing


def test_build_writes_a_folder_and_registers_nothing(
    staff: Staff, dallas_snapshot: Path, tmp_path: Path
) -> None:
    out = run(
        "release",
        "build",
        "--agency",
        "dallas",
        "--period",
        "2019-03",
        "--out",
        str(tmp_path / "r"),
        "--snapshot",
        str(dallas_snapshot),
    )
    assert "2019-03 v1 written to" in out
    manifest = json.loads((tmp_path / "r" / "release.json").read_text())
    assert manifest["period"]["label"] == "2019-03"
    assert not Release.objects.exists()


def test_build_snapshots_the_agency_when_no_snapshot_is_given(
    staff: Staff, tmp_path: Path
) -> None:
    shooting(staff.agency)
    run(
        "release",
        "build",
        "--agency",
        "dallas",
        "--period",
        "2019H1",
        "--out",
        str(tmp_path / "r"),
    )
    summary = (tmp_path / "r" / "data" / "summary.csv").read_text()
    assert "incident,1," in summary


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["approve", "99", "--user", "admin"], "no release 99"),
        (
            [
                "prepare",
                "--agency",
                "nowhere",
                "--period",
                "2019H1",
                "--user",
                "analyst",
            ],
            "no agency 'nowhere'",
        ),
        (
            ["prepare", "--agency", "dallas", "--period", "2019H1", "--user", "nobody"],
            "no user 'nobody'.*forcewatch member add",
        ),
        (
            ["prepare", "--agency", "dallas", "--period", "2019H1", "--user", "admin"],
            "may not prepare release",
        ),
    ],
)
def test_errors_say_what_to_do(staff: Staff, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("release", *args)


def test_disclosure_draft_approve_list(staff: Staff, tmp_path: Path) -> None:
    case = shooting(staff.agency)
    out = run("disclosure", "draft", case.number, "--user", "standards")
    d = ShootingDisclosure.objects.get()
    assert f"disclosure {d.pk} drafted" in out and "1 officer(s)" in out
    text = tmp_path / "description.txt"
    text.write_text("Reviewed text.", encoding="utf-8")
    approve = ["approve", str(d.pk), "--user", "admin", "--description-file", str(text)]
    with pytest.raises(CommandError, match="investigation is closed"):
        run("disclosure", *approve)
    close(case, staff["standards"])
    assert f"/shootings/{d.pk}/" in run("disclosure", *approve)
    assert "approved" in run("disclosure", "list")
    with pytest.raises(CommandError, match="no deadly-force case"):
        run("disclosure", "draft", "DF-0", "--user", "standards")


def test_a_missing_snapshot_is_a_clear_error(staff: Staff, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="nowhere"):
        run(
            "release", "build", "--agency", "dallas", "--period", "2019H1",
            "--out", str(tmp_path / "r"), "--snapshot", str(tmp_path / "nowhere"),
        )  # fmt: skip
