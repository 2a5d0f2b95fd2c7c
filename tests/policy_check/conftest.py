"""Real slices imported as `forcewatch import` would, and a reviewer account."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from forcewatch.records import models as rm
from tests.conftest import FIXTURES

Importer = Callable[[str, str, list[Path]], list]
DALLAS_SLICE = FIXTURES / "Dallas_Response_to_Resistance_2019_head.csv"


@pytest.fixture
def chicago(importer: Importer) -> rm.Agency:
    """The 15 TRRs of the 2004-2018 slice (tests/fixtures/README.md)."""
    importer(
        "chicago",
        "chicago-trr-2004-2018",
        sorted((FIXTURES / "chicago_trr_2004_2018").iterdir()),
    )
    return rm.Agency.objects.get(slug="chicago")


@pytest.fixture
def chicago_2021(importer: Importer) -> rm.Agency:
    """The 12 TRRs of the 2021-2023 slice: a shot at a vehicle, a firearm only drawn."""
    importer(
        "chicago",
        "chicago-trr-2021-2023",
        sorted((FIXTURES / "chicago_trr_2021_2023").iterdir()),
    )
    return rm.Agency.objects.get(slug="chicago")


@pytest.fixture
def dallas(importer: Importer) -> rm.Agency:
    """The first 60 rows of Dallas's 2019 export: incidents without reports."""
    importer("dallas", "dallas-r2r", [DALLAS_SLICE])
    return rm.Agency.objects.get(slug="dallas")


@pytest.fixture
def reviewer(transactional_db: None) -> User:
    return User.objects.create_user("reviewer")
