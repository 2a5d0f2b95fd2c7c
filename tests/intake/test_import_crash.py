"""Killing an import mid-file (a real process, SIGKILL) leaves the database as is."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import MAPPINGS

CLI = [sys.executable, "-m", "forcewatch.cli"]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def write_locked(db: Path) -> bool:
    """True while another connection holds SQLite's write lock (an import runs)."""
    conn = sqlite3.connect(db, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def test_a_killed_import_leaves_nothing_and_the_audit_chain_intact(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORCEWATCH_TEST")}
    env.pop("DATABASE_URL", None)
    env["FORCEWATCH_DATA_DIR"] = str(tmp_path / "data")
    exports = tmp_path / "exports"
    synth = run(
        env,
        "synth",
        "--agencies",
        "1",
        "--officers",
        "400",
        "--reports",
        "12000",
        "--seed",
        "3",
        "--out",
        str(exports),
    )
    assert synth.returncode == 0, synth.stderr
    [export] = list(exports.glob("*.csv.gz"))
    mapping = str(MAPPINGS / "synthetic.yaml")
    db = tmp_path / "data" / "forcewatch.sqlite3"

    proc = subprocess.Popen(
        [*CLI, "import", "--agency", "victim", "--mapping", mapping, str(export)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not (db.exists() and write_locked(db)):
        assert proc.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(1.0)  # well inside the import's transaction
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    counts = [
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        for table in ("records_incident", "records_sourcefile", "core_auditevent")
    ]
    conn.close()
    assert counts == [0, 0, 0]
    verify = run(env, "audit", "verify")
    assert verify.returncode == 0, verify.stderr
    again = run(env, "import", "--agency", "victim", "--mapping", mapping, str(export))
    assert again.returncode == 0, again.stderr
    assert "IMPORTED" in again.stdout
