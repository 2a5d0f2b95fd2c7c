"""Snapshots for the early-intervention tests: hand-built and synthetic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ibis import BaseBackend

from forcewatch.analysis.backends import duckdb_backend
from tests.analysis.eis.handbuilt import handbuilt
from tests.analysis.eis.synthetic import synthetic_snapshot

SPLIT = dt.date(2020, 1, 1)


@pytest.fixture(scope="session")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return handbuilt(tmp_path_factory.mktemp("eis") / "town")


@pytest.fixture(scope="session")
def town_then(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same department as its database stood on the morning of SPLIT."""
    return handbuilt(tmp_path_factory.mktemp("eis") / "town-then", until=SPLIT)


@pytest.fixture
def con(town: Path) -> BaseBackend:
    return duckdb_backend(town)


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_snapshot(tmp_path_factory.mktemp("eis") / "synth")
