"""Shared test helpers: real data paths, mappings, and an import helper."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from forcewatch.intake.mapping import Mapping, load_mapping
from forcewatch.intake.services import ImportOutcome, import_file, order_files

# Timing varies on shared 2-core machines; correctness, not speed, is tested here.
settings.register_profile("forcewatch", deadline=None)
settings.load_profile("forcewatch")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MAPPINGS = ROOT / "forcewatch" / "intake" / "mappings"
SHARED_DATA = Path(
    os.environ.get("FORCEWATCH_SHARED_DATA", ROOT.parent / "shared" / "data")
)


def mapping(name: str) -> Mapping:
    return load_mapping(MAPPINGS / f"{name}.yaml")


def shared(relative: str) -> Path:
    """A file of ../shared/data; skips the test where that folder is absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared/data is absent)")
    return path


def run_import(
    agency: str, mapping_name: str, paths: list[Path]
) -> list[ImportOutcome]:
    """Import files in the mapping's source order, as `forcewatch import` does."""
    m = mapping(mapping_name)
    return [
        import_file(
            agency_slug=agency, mapping=m, path=path, source=source, actor="test"
        )
        for path, source in order_files(m, paths)
    ]


@pytest.fixture
def importer(
    transactional_db: None,
) -> Callable[[str, str, list[Path]], list[ImportOutcome]]:
    return run_import
