"""Versioned code lists (YAML data files in `codelists/`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

CODELIST_DIR = Path(__file__).with_name("codelists")


@dataclass(frozen=True)
class CodeList:
    name: str
    version: str
    description: str
    codes: dict[str, dict[str, Any]]

    def label(self, code: str, language: str | None = None) -> str:
        """The code's label in the active (or given) language; English otherwise."""
        attrs = self.codes.get(code, {})
        language = language or get_language() or "en"
        if language.startswith("es") and "es" in attrs:
            return str(attrs["es"])
        return str(attrs.get("label", code))

    def attr(self, code: str, name: str, default: Any = None) -> Any:
        return self.codes.get(code, {}).get(name, default)


@cache
def codelist(name: str) -> CodeList:
    path = CODELIST_DIR / f"{name}.yaml"
    if not path.exists():
        raise KeyError(f"no code list named {name!r} (looked for {path})")
    data = yaml.safe_load(path.read_text())
    codes = {str(k): dict(v or {}) for k, v in data["codes"].items()}
    return CodeList(
        data["name"], str(data["version"]), data.get("description", ""), codes
    )


def codelist_names() -> list[str]:
    return sorted(p.stem for p in CODELIST_DIR.glob("*.yaml"))
