"""Docs are part of the product: settings, mapping fields, audit actions."""

from __future__ import annotations

import re
from pathlib import Path

from forcewatch.intake.mapping import spec

ROOT = Path(__file__).resolve().parent.parent
IMPORT_DOC = (ROOT / "docs" / "import.md").read_text()


def documented(name: str, text: str) -> bool:
    return f"`{name}`" in text


def test_every_field_of_the_mapping_format_is_documented() -> None:
    models = [
        spec.Mapping,
        spec.SourceSpec,
        spec.ReadSpec,
        spec.EntitySpec,
        spec.EachSpec,
        spec.FieldSpec,
        spec.Condition,
        spec.LinkSpec,
        spec.ColumnAlias,
        spec.AgencySpec,
    ]
    missing = [
        f"{model.__name__}.{name}"
        for model in models
        for name, info in model.model_fields.items()
        if name != "sha256" and not documented(info.alias or name, IMPORT_DOC)
    ]
    assert missing == []


def test_every_setting_read_from_the_environment_is_documented() -> None:
    settings_py = (ROOT / "config" / "settings.py").read_text()
    names = set(re.findall(r'"((?:FORCEWATCH|DATABASE)_[A-Z_]+)"', settings_py))
    doc = (ROOT / "docs" / "settings.md").read_text()
    assert names and sorted(n for n in names if not documented(n, doc)) == []


def test_every_audit_action_is_documented() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "forcewatch").rglob("*.py"))
    call = r'audit_write\((?:[^()]|\([^()]*\))*?action="([a-z_]+)"'
    actions = set(re.findall(call, source, re.S))
    actions |= set(re.findall(r'_report_write\(\s*actor,\s*"([a-z_]+)"', source))
    doc = (ROOT / "docs" / "audit.md").read_text()
    assert {"import", "report_save", "statement_file"} <= actions
    assert sorted(a for a in actions if not documented(a, doc)) == []
