"""The demo department: a real public dataset shipped with the package."""

from __future__ import annotations

from pathlib import Path

from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import ImportOutcome, import_file

DATA = Path(__file__).with_name("data")
MAPPINGS = Path(__file__).resolve().parent.parent / "intake" / "mappings"
DEMO_AGENCY = "dallas"
DEMO_FILE = DATA / "Police_Response_to_Resistance___2019.csv.gz"
DEMO_MAPPING = MAPPINGS / "dallas-r2r.yaml"


def demo_load(*, actor: str = "demo") -> ImportOutcome:
    """Import the demo department; a second run finds it imported and adds nothing."""
    return import_file(
        agency_slug=DEMO_AGENCY,
        mapping=load_mapping(DEMO_MAPPING),
        path=DEMO_FILE,
        actor=actor,
    )
