"""Snapshots of a real slice (Dallas 2019, the first 60 rows) for the release tests.

`dallas_snapshots` holds two snapshots of the same agency: `early`, after
importing the slice's first 40 rows, and `late`, after importing all 60 (the
later export adds the reports that arrived late), written once per run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from forcewatch.snapshot.services import snapshot_write
from tests.conftest import run_import
from tests.snapshot.data import DALLAS

HERE = Path(__file__).resolve().parent
IBIS_OLD_CALLS = (
    "ignore:The 'future.infer_string' option:DeprecationWarning",
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "dallas_snapshots" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)
        if item.path.is_relative_to(HERE):
            for ignored in IBIS_OLD_CALLS:
                item.add_marker(pytest.mark.filterwarnings(ignored))


@pytest.fixture(scope="session")
def dallas_snapshots(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("release-snapshots")
    name = str(connection.settings_dict["NAME"])
    if not ("memory" in name or Path(name).name.startswith("test_")):
        raise RuntimeError(f"{name} is not a test database: not writing to it")
    early_rows = root / "Dallas_Response_to_Resistance_2019_first40.csv"
    lines = DALLAS.read_text(encoding="utf-8").splitlines(keepends=True)
    early_rows.write_text("".join(lines[:41]), encoding="utf-8")
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with django_db_blocker.unblock():
        try:
            run_import("dallas", "dallas-r2r", [early_rows])
            snapshot_write(root / "early", created_at=when)
            run_import("dallas", "dallas-r2r", [DALLAS])
            snapshot_write(root / "late", created_at=when + dt.timedelta(days=30))
        finally:
            call_command("flush", interactive=False, verbosity=0)
    return {"early": root / "early", "late": root / "late"}
