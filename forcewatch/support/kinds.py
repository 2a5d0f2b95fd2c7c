"""The kinds of intervention, a versioned code list (intervention_kinds.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from forcewatch.records.codes import CodeList

KINDS_FILE = Path(__file__).with_name("intervention_kinds.yaml")


class _Code(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    es: str


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: str
    description: str
    codes: dict[str, _Code]


@cache
def intervention_kinds(path: Path = KINDS_FILE) -> CodeList:
    """The code list, validated: each code has an English and a Spanish label."""
    data = _File.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    codes = {code: attrs.model_dump() for code, attrs in data.codes.items()}
    return CodeList(data.name, data.version, data.description, codes)


def kind_choices() -> list[tuple[str, str]]:
    """(code, label in the active language), in the file's order."""
    kinds = intervention_kinds()
    return [(code, kinds.label(code)) for code in kinds.codes]
