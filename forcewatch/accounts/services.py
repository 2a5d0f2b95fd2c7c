from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

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
    return membership
