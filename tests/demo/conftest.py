from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    """The demo publishes a release under DATA_DIR: a fresh one for each test."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR
