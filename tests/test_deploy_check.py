"""Production settings pass Django's deployment checks without a warning."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path


def run_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("FORCEWATCH_")}
    base.pop("DATABASE_URL", None)
    command = [
        sys.executable,
        "-m",
        "forcewatch.cli",
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    ]
    return subprocess.run(
        command,
        env={**base, "FORCEWATCH_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    result = run_check(
        tmp_path,
        FORCEWATCH_DEBUG="0",
        FORCEWATCH_SECRET_KEY=secrets.token_urlsafe(50),
        FORCEWATCH_ALLOW_INSECURE_KEY="0",
        FORCEWATCH_HTTPS="1",
        FORCEWATCH_ALLOWED_HOSTS="forcewatch.example.gov",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_check(
        tmp_path, FORCEWATCH_DEBUG="0", FORCEWATCH_ALLOW_INSECURE_KEY="0"
    )
    assert result.returncode != 0
    assert "FORCEWATCH_SECRET_KEY must be set" in result.stderr


def test_forcewatch_check_is_the_policy_check_and_manage_check_djangos(
    tmp_path: Path,
) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("FORCEWATCH_")}
    base.pop("DATABASE_URL", None)
    env = {**base, "FORCEWATCH_DATA_DIR": str(tmp_path)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "forcewatch.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    policy = run("check", "--help")
    assert policy.returncode == 0 and "--agency" in policy.stdout
    django = run("manage", "check")
    assert django.returncode == 0
    assert "System check identified no issues" in django.stdout
