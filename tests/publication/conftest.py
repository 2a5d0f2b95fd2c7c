"""A real snapshot (the Dallas 2019 slice), one person per publication role, and
a release root of its own under a temporary DATA_DIR for every test."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction

from forcewatch.accounts.models import Membership, Role
from forcewatch.core.audit import audit_write
from forcewatch.publication import reader
from forcewatch.records import models as rm
from forcewatch.snapshot.services import snapshot_write
from tests.conftest import run_import
from tests.snapshot.data import DALLAS

IBIS_OLD_CALLS = (
    "ignore:The 'future.infer_string' option:DeprecationWarning",
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning",
)
PEOPLE = {
    "analyst": [Role.ANALYST],
    "analyst2": [Role.ANALYST],
    "admin": [Role.AGENCY_ADMIN],
    "admin_analyst": [Role.AGENCY_ADMIN, Role.ANALYST],
    "oversight": [Role.OVERSIGHT],
    "standards": [Role.PROFESSIONAL_STANDARDS],
    "supervisor": [Role.SUPERVISOR],
}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            for ignored in IBIS_OLD_CALLS:
                item.add_marker(pytest.mark.filterwarnings(ignored))


@pytest.fixture(scope="session")
def dallas_snapshot(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """A snapshot of the 60-row Dallas 2019 slice (the database is emptied after)."""
    root = tmp_path_factory.mktemp("publication-snapshot")
    name = str(connection.settings_dict["NAME"])
    if not ("memory" in name or Path(name).name.startswith("test_")):
        raise RuntimeError(f"{name} is not a test database: not writing to it")
    with django_db_blocker.unblock():
        try:
            run_import("dallas", "dallas-r2r", [DALLAS])
            snapshot_write(
                root / "snap",
                "dallas",
                created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            )
        finally:
            call_command("flush", interactive=False, verbosity=0)
    return root / "snap"


@dataclass
class Staff:
    agency: rm.Agency
    other: rm.Agency
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


@pytest.fixture
def staff(db: None, settings: Any, tmp_path: Path) -> Staff:
    settings.DATA_DIR = tmp_path / "data"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    reader._page.cache_clear()
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:
        agency = rm.Agency(slug="dallas", name="Dallas Police Department")
        other = rm.Agency(slug="elsewhere", name="Elsewhere PD")
        audit.save(agency)
        audit.save(other)
        users = {}
        for name, roles in PEOPLE.items():
            users[name] = User.objects.create_user(name, password="x")  # noqa: S106
            for role in roles:
                audit.save(Membership(user=users[name], agency=agency, role=role))
        users["other_admin"] = User.objects.create_user("other_admin")
        audit.save(
            Membership(user=users["other_admin"], agency=other, role=Role.AGENCY_ADMIN)
        )
    return Staff(agency, other, users)
