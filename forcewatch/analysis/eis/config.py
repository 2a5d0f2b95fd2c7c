"""Threshold rules as data: the defaults, and an agency's changes to them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

HERE = Path(__file__).resolve().parent
DEFAULTS = HERE / "thresholds.yaml"
AGENCY_DIR = HERE / "agencies"
EVENTS = ("force", "complaint")
M = TypeVar("M", bound=BaseModel)


class ThresholdError(ValueError):
    """A threshold file that cannot be used: says which file, rule and field."""


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str = ""
    event: Literal["force", "complaint"] | None = None
    at_least: int | None = None
    days: int | None = None
    source: str = ""
    enabled: bool = True


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str
    rules: list[_Rule]


@dataclass(frozen=True)
class Rule:
    """Flag an officer with at least `at_least` `event`s in the `days` before a date."""

    id: str
    title: str
    event: str
    at_least: int
    days: int
    source: str = ""


@dataclass(frozen=True)
class Thresholds:
    version: str
    rules: tuple[Rule, ...]
    files: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "files": list(self.files),
            "rules": [vars(r) for r in self.rules],
        }


def load_thresholds(
    agency: str | None = None, path: str | Path | None = None
) -> Thresholds:
    """The default rules, changed by `path`, else by `agencies/<agency>.yaml` if any.

    >>> [r.id for r in load_thresholds().rules]
    ['force_90d', 'complaints_180d']
    """
    default = _read(DEFAULTS)
    rules = {r.id: r for r in default.rules}
    version, files = default.version, [str(DEFAULTS)]
    override = Path(path) if path else None
    if override is None and agency:
        candidate = AGENCY_DIR / f"{agency}.yaml"
        override = candidate if candidate.is_file() else None
    if override is not None:
        changes = _read(override)
        version, files = changes.version, [*files, str(override)]
        for rule in changes.rules:
            rules[rule.id] = _merge(rules.get(rule.id), rule)
    chosen = tuple(_final(r, files[-1]) for r in rules.values() if r.enabled)
    if not chosen:
        raise ThresholdError(f"{files[-1]}: every rule is disabled")
    return Thresholds(version, chosen, tuple(files))


def _read(path: Path) -> _File:
    return read_model(path, _File, ThresholdError, "threshold rules")


def read_model(path: Path, model: type[M], error: type[Exception], what: str) -> M:
    """A YAML file validated by a pydantic model; any failure is `error`, naming
    the file and each invalid field (threshold rules, labels)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(data)
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{path}: not YAML: {exc}") from exc
    except ValidationError as exc:
        lines = [
            f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        ]
        raise error(f"{path}: invalid {what}:\n" + "\n".join(lines)) from exc


def _merge(base: _Rule | None, change: _Rule) -> _Rule:
    if base is None:
        return change
    given = change.model_dump(exclude_unset=True)
    return base.model_copy(update=given)


def _final(rule: _Rule, path: str) -> Rule:
    missing = [n for n in ("event", "at_least", "days") if getattr(rule, n) is None]
    if missing:
        raise ThresholdError(f"{path}: rule {rule.id!r} needs {', '.join(missing)}")
    assert rule.event and rule.at_least is not None and rule.days is not None
    if rule.at_least < 1 or rule.days < 1:
        raise ThresholdError(
            f"{path}: rule {rule.id!r}: at_least and days must be at least 1"
        )
    return Rule(
        rule.id,
        rule.title or rule.id,
        rule.event,
        rule.at_least,
        rule.days,
        rule.source,
    )
