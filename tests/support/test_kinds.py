"""The intervention code list: validated, in both languages, as the issue lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from forcewatch.support.kinds import intervention_kinds


def test_the_code_list_holds_the_kinds_of_support() -> None:
    kinds = intervention_kinds()
    assert list(kinds.codes) == [
        "conversation",
        "peer_support",
        "wellness_referral",
        "training",
        "mentoring",
        "reassignment_review",
        "no_action_needed",
    ]
    assert kinds.label("peer_support", "es") == "Apoyo entre pares"


def test_a_code_without_a_spanish_label_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kinds.yaml"
    path.write_text(
        "name: k\nversion: '1'\ndescription: d\ncodes:\n  talk: {label: Talk}\n"
    )
    with pytest.raises(ValidationError, match="es"):
        intervention_kinds(path)
