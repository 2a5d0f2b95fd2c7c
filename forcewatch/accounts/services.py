from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from forcewatch.accounts.models import AccessEvent


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
