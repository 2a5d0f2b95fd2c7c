"""Staff pages wait for the second factor of users who turned it on."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from forcewatch.accounts.selectors import has_totp_device, otp_verified

# The API is not here: it signs in with bearer tokens, not passwords.
NEEDS_SECOND_FACTOR = ("/staff/", "/admin/", "/accounts/two-factor/")


class SecondFactorMiddleware:
    """Send a signed-in user with a TOTP device, not yet verified, to the code page.

    Goes after django_otp's OTPMiddleware, which tells whether this session
    entered a code.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.waiting_for_code(request):
            return redirect_to_login(
                request.get_full_path(), reverse("accounts:verify")
            )
        return self.get_response(request)

    @staticmethod
    def waiting_for_code(request: HttpRequest) -> bool:
        user = request.user
        return (
            request.path_info.startswith(NEEDS_SECOND_FACTOR)
            and user.is_authenticated
            and not otp_verified(user)
            and has_totp_device(user=user)
        )
