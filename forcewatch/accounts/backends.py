"""Signing in against Django's user table, the user read with what every staff
page asks of them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

# the attribute a user read by StaffBackend carries: has a confirmed TOTP device
HAS_TOTP = "forcewatch_has_totp"


class StaffBackend(ModelBackend):
    """Django's ModelBackend, except that the user of a session is read with
    whether they have a confirmed TOTP device, which SecondFactorMiddleware asks
    on every staff page: one query fewer a page."""

    def get_user(self, user_id: Any) -> User | None:
        devices = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
        users = User.objects.annotate(**{HAS_TOTP: Exists(devices)})
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
