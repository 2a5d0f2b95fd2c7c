from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from forcewatch.accounts.models import AccessEvent, Membership, Role
from forcewatch.core.audit import audit_write
from forcewatch.records.models import Agency, Officer


def access_record(
    *,
    user: AbstractBaseUser,
    agency_id: int,
    what: str,
    object_id: object = "",
    via: str = "web",
) -> None:
    """Log a read of restricted data (report pages, API reads)."""
    AccessEvent.objects.create(
        at=timezone.now(),
        user_id=user.pk,
        agency_id=agency_id,
        what=what,
        object_id=str(object_id),
        via=via,
    )


def membership_grant(
    *,
    actor: str,
    user: AbstractBaseUser,
    agency: Agency,
    role: str,
    unit: str = "",
    officer: Officer | None = None,
) -> Membership:
    """Give a user a role in an agency (audited); granting it again changes nothing."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r} (roles: {', '.join(Role.values)})")
    if officer is not None and officer.agency_id != agency.pk:
        raise ValueError("the officer belongs to another agency")
    found = Membership.objects.filter(user_id=user.pk, agency=agency, role=role).first()
    if found is not None:
        return found
    with (
        transaction.atomic(),
        audit_write(
            actor=actor, action="membership_grant", summary=f"{role} in {agency.slug}"
        ) as audit,
    ):
        membership = Membership(
            user_id=user.pk, agency=agency, role=role, unit=unit, officer=officer
        )
        audit.save(membership)
    user.__dict__.pop("_forcewatch_principal", None)  # principal_for reads anew
    return membership


class CodeRefused(Exception):
    """A TOTP code was wrong, already used, or came too soon after wrong ones."""


def totp_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """The secret the user is enrolling (an unconfirmed device, made once)."""
    pending = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(
            user_id=user.pk, name="authenticator", confirmed=False
        )
    return pending


def _code_accepted(device: TOTPDevice, code: str) -> TOTPDevice:
    """The device, if `code` is its current code; failures are counted and kept."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed_now, _info = locked.verify_is_allowed()
        # verify_token also counts the failure, which slows down guessing
        accepted = allowed_now and locked.verify_token(code)
    if not allowed_now:
        raise CodeRefused(_("Too many wrong codes. Wait a minute, then try again."))
    if not accepted:
        raise CodeRefused(
            _("That code is not right. Enter the code your app shows now.")
        )
    return locked


def totp_enable(*, user: AbstractBaseUser, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm the pending device with a current code: sign-in now needs codes."""
    if device.user_id != user.pk or device.confirmed:
        raise CodeRefused(_("Start again: this setup is no longer pending."))
    device = _code_accepted(device, code)
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=user.get_username(),
            action="totp_enable",
            summary="TOTP second factor turned on",
        ),
    ):
        TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def totp_check(*, user: AbstractBaseUser, code: str) -> TOTPDevice:
    """The user's confirmed device, if `code` is its current code (sign-in)."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    if device is None:
        raise CodeRefused(_("You have not turned on two-step sign-in."))
    return _code_accepted(device, code)


def totp_disable(*, user: AbstractBaseUser, code: str) -> None:
    """Turn the second factor off; the user proves it with a current code."""
    totp_check(user=user, code=code)
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=user.get_username(),
            action="totp_disable",
            summary="TOTP second factor turned off",
        ),
    ):
        TOTPDevice.objects.filter(user_id=user.pk).delete()
