from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from forcewatch.accounts.models import Membership
from forcewatch.accounts.policies import Grant, Principal


def principal_for(user: AbstractBaseUser | AnonymousUser) -> Principal:
    """The user's active grants, read once per request."""
    if not user.is_authenticated:
        return Principal(user_id=0)
    grants = tuple(
        Grant(m.agency_id, m.role, m.unit, m.officer_id)
        for m in Membership.objects.filter(user_id=user.pk, active=True)
    )
    return Principal(user_id=int(user.pk), grants=grants)
