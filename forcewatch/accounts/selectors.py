from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from forcewatch.accounts.models import Membership
from forcewatch.accounts.policies import Grant, Principal


def principal_for(user: AbstractBaseUser | AnonymousUser) -> Principal:
    """The user's active grants, read once per request (kept on the user object,
    which lives as long as the request)."""
    if not user.is_authenticated:
        return Principal(user_id=0)
    cached = getattr(user, "_forcewatch_principal", None)
    if isinstance(cached, Principal):
        return cached
    rows = list(
        Membership.objects.filter(user_id=user.pk, active=True).values_list(
            "agency_id", "role", "unit", "officer_id", "agency__slug"
        )
    )
    grants = tuple(Grant(*row[:4]) for row in rows)
    slugs = tuple(sorted({(row[0], row[4]) for row in rows}))
    principal = Principal(user_id=int(user.pk), grants=grants, agency_slugs=slugs)
    user.__dict__["_forcewatch_principal"] = principal
    return principal


def _confirmed_devices(user: AbstractBaseUser | AnonymousUser) -> QuerySet[TOTPDevice]:
    if not user.is_authenticated:
        return TOTPDevice.objects.none()
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True)


def totp_device(*, user: AbstractBaseUser | AnonymousUser) -> TOTPDevice | None:
    """The user's confirmed TOTP device: with one, signing in needs a code."""
    return _confirmed_devices(user).first()


def has_totp_device(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether signing in needs a code (asked on every staff page: no row is read)."""
    return _confirmed_devices(user).exists()


def otp_verified(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether this session's sign-in was confirmed by a code (OTPMiddleware)."""
    return getattr(user, "otp_device", None) is not None
