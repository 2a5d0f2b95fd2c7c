"""docs/api.md names every operation of the OpenAPI document and every error status."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

DOC = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()


def test_every_operation_and_its_answers_are_documented(db: None) -> None:
    document = Client().get("/api/openapi.json").json()
    missing = [
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method in methods
        if f"`{method.upper()} {path}`" not in DOC
    ]
    statuses = {
        code
        for methods in document["paths"].values()
        for operation in methods.values()
        for code in operation["responses"]
    }
    assert missing == []
    assert sorted(c for c in statuses if f"`{c}`" not in DOC) == []
