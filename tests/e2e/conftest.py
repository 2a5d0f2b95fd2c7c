from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings: object) -> None:
    """Personas sign in with a cheap hash; production keeps Django's default."""
    settings.PASSWORD_HASHERS = [  # type: ignore[attr-defined]
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]
