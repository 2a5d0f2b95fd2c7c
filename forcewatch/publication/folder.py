"""A release folder on disk: its manifest, its integrity, the files it may serve.

The folder's `release.json` lists every published file with its SHA-256
(`files`); only those files are ever served, and approval checks them all.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST = "release.json"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_hash(folder: Path) -> str:
    path = folder / MANIFEST
    return file_sha256(path) if path.is_file() else ""


def read_manifest(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return data


def listed_file(folder: Path, manifest: dict[str, Any], name: str) -> Path | None:
    """The file `name` of the release, if its manifest lists it; never outside it."""
    files = manifest.get("files") or {}
    if name != MANIFEST and name not in files:
        return None
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts:
        return None
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return None
    return path


def folder_problems(folder: Path, manifest_sha256: str) -> list[str]:
    """What no longer matches: release.json's hash, then each listed file's."""
    if not (folder / MANIFEST).is_file():
        return [f"{folder}/{MANIFEST} is missing"]
    if manifest_hash(folder) != manifest_sha256:
        return [f"{MANIFEST} was changed after the release was prepared"]
    manifest = read_manifest(folder)
    problems = []
    for name, sha in sorted((manifest.get("files") or {}).items()):
        path = listed_file(folder, manifest, name)
        if path is None:
            problems.append(f"{name} is missing")
        elif file_sha256(path) != sha:
            problems.append(f"{name} was changed")
    return problems
