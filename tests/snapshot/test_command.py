"""`forcewatch snapshot` as an analyst runs it: one summary line, clear refusals."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from forcewatch.analysis.manifest import load_manifest
from forcewatch.snapshot.schema import TABLES
from tests.snapshot.data import import_two_agencies


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("snapshot", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_snapshot_writes_the_folder_and_says_what_it_wrote(
    transactional_db: None, tmp_path: Path
) -> None:
    import_two_agencies()
    out = tmp_path / "snap"
    said = run("--out", str(out), "--agency", "chicago")
    manifest = load_manifest(out)
    rows = sum(t.rows for t in manifest.tables.values())
    assert said.startswith(
        f"{len(TABLES)} tables, {rows} rows written to {out} (content sha256 "
    )
    assert manifest.agency == "chicago"
    with pytest.raises(CommandError, match="not empty: choose a new folder, or pass"):
        run("--out", str(out))
    run("--out", str(out), "--force")
    assert load_manifest(out).agency is None
    with pytest.raises(CommandError, match=r"no agency 'chicgo' \(agencies: chicago"):
        run("--out", str(tmp_path / "other"), "--agency", "chicgo")
