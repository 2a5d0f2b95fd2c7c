"""Issue, revoke and check API tokens. Issuing and revoking are audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from forcewatch.api.models import APIToken
from forcewatch.core.audit import audit_write

PREFIX = "fw_"
# last_used is refreshed at most this often, so reads do not each take a write lock.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: APIToken
    plain: str  # shown once, never stored


def token_digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def token_issue(*, user: AbstractBaseUser, name: str, actor: str) -> IssuedToken:
    """A new random token for `user`; the plain text exists only in the result."""
    plain = PREFIX + secrets.token_urlsafe(32)
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=actor, action="token_issue", summary=f"API token {name!r} for {user}"
        ) as audit,
    ):
        token = APIToken(
            user_id=user.pk,
            name=name,
            digest=token_digest(plain),
            created=timezone.now(),
        )
        audit.save(token)
    return IssuedToken(token, plain)


def token_revoke(*, user: AbstractBaseUser, name: str | None, actor: str) -> int:
    """Revoke the user's live tokens (those called `name`, or all); how many."""
    live = APIToken.objects.filter(user_id=user.pk, revoked__isnull=True)
    if name is not None:
        live = live.filter(name=name)
    now = timezone.now()
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=actor,
            action="token_revoke",
            summary=f"API tokens of {user}" + (f" named {name!r}" if name else ""),
        ) as audit,
    ):
        tokens = list(live.select_for_update())
        for token in tokens:
            token.revoked = now
            audit.save(token, changed={"revoked": now.isoformat()})
    return len(tokens)


def token_authenticate(plain: str) -> AbstractBaseUser | None:
    """The active user a live token belongs to, or None."""
    if not plain.startswith(PREFIX) or "\x00" in plain:
        return None
    token = (
        APIToken.objects.select_related("user")
        .filter(digest=token_digest(plain), revoked__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
        APIToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user
