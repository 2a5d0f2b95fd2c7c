"""Support, intervention, follow-up: never the vocabulary of discipline.

Every template, the code list of interventions, the app's code and the Spanish
translations of its pages are scanned.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from forcewatch.support.kinds import KINDS_FILE, intervention_kinds

APP = Path(__file__).resolve().parents[2] / "forcewatch" / "support"
PO = APP.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"
FORBIDDEN = re.compile(
    r"disciplin|punish|punitive|sanction|reprimand|castig|sanci[oó]n|amonest",
    re.IGNORECASE,
)


def scanned() -> list[Path]:
    files = [KINDS_FILE, *APP.rglob("*.html"), *APP.rglob("*.py")]
    return [f for f in files if "migrations" not in f.parts]


@pytest.mark.parametrize("path", scanned(), ids=lambda p: p.name)
def test_no_file_of_the_app_speaks_of_discipline(path: Path) -> None:
    assert FORBIDDEN.findall(path.read_text(encoding="utf-8")) == []


def test_no_label_of_an_intervention_speaks_of_discipline() -> None:
    kinds = intervention_kinds()
    labels = [kinds.label(c, lang) for c in kinds.codes for lang in ("en", "es")]
    assert len(labels) == 14
    assert [label for label in labels if FORBIDDEN.search(label)] == []


def test_no_spanish_translation_of_the_pages_speaks_of_discipline() -> None:
    text = PO.read_text(encoding="utf-8")
    start = text.index('msgctxt "support flag"')  # where the support entries begin
    assert FORBIDDEN.findall(text[start:]) == []


def test_the_scan_would_catch_the_words() -> None:
    for word in ("Discipline", "punishment", "sanctioned", "castigo", "sanción"):
        assert FORBIDDEN.search(word), word
