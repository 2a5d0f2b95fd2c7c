from __future__ import annotations

import functools

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from forcewatch.accounts.models import Membership
from forcewatch.accounts.policies import AgencyRef, Grant, Principal
from forcewatch.core.lib import sql
from forcewatch.records.models import Agency


@functools.cache
def _grants_sql(vendor: str) -> str:
    """The user's active memberships (agency, role, unit, officer) with their
    agency's slug and name: hand-written (core.lib.sql), because every staff page
    asks it first."""
    m, a, c = sql.table(Membership), sql.table(Agency), sql.column
    return (
        f"SELECT m.{c(Membership, 'agency')}, m.{c(Membership, 'role')},"  # noqa: S608
        f" m.{c(Membership, 'unit')}, m.{c(Membership, 'officer')},"
        f" a.{c(Agency, 'slug')}, a.{c(Agency, 'name')} FROM {m} m"
        f" JOIN {a} a ON a.{c(Agency, 'id')} = m.{c(Membership, 'agency')}"
        f" WHERE m.{c(Membership, 'user')} = %s AND m.{c(Membership, 'active')} = %s"
    )


def principal_for(user: AbstractBaseUser | AnonymousUser) -> Principal:
    """The user's active grants, read once per request (kept on the user object,
    which lives as long as the request)."""
    if not user.is_authenticated:
        return Principal(user_id=0)
    cached = getattr(user, "_forcewatch_principal", None)
    if isinstance(cached, Principal):
        return cached
    rows = sql.fetch(_grants_sql(connection.vendor), [user.pk, True])
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
