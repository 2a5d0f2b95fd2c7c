from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from forcewatch.accounts.models import Membership
from forcewatch.accounts.policies import AgencyRef, Grant, Principal


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
            "agency_id", "role", "unit", "officer_id", "agency__slug", "agency__name"
        )
    )
    grants = tuple(Grant(*row[:4]) for row in rows)
    agencies = tuple(sorted({AgencyRef(row[0], *row[4:]) for row in rows}))
    principal = Principal(user_id=int(user.pk), grants=grants, agencies=agencies)
    user.__dict__["_forcewatch_principal"] = principal
    return principal


# the session key of the agency a user with roles in several works in
WORKING_AGENCY = "forcewatch_agency"


def working_agency(request: HttpRequest) -> AgencyRef | None:
    """The agency the staff pages show this user (`Principal.working_agency`)."""
    who = principal_for(request.user)
    return who.working_agency(request.session.get(WORKING_AGENCY))


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
