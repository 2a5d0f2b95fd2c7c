"""The optional TOTP second factor: turn it on or off, and enter a code at sign-in.

Signing in with a password is Django's LoginView (config/urls.py); for a user
with a confirmed device, SecondFactorMiddleware then sends every staff page here.
"""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from forcewatch.accounts import services
from forcewatch.accounts.forms import CodeForm
from forcewatch.accounts.selectors import (
    WORKING_AGENCY,
    otp_verified,
    principal_for,
    totp_device,
)


def _user(request: HttpRequest) -> User:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    device = totp_device(user=user)
    pending = None if device else services.totp_pending(user=user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if pending is None:
                services.totp_disable(user=user, code=code)
                done = _("Two-step sign-in is off.")
            else:
                otp_login(
                    request, services.totp_enable(user=user, device=pending, code=code)
                )
                done = _("Two-step sign-in is on.")
        except services.CodeRefused as exc:
            form.add_error("code", str(exc))
        else:
            messages.success(request, done)
            return redirect("accounts:two_factor")
    context = {"form": form, "device": device, "pending": pending}
    if pending is not None:
        secret = b32encode(pending.bin_key).decode()
        context["secret"] = " ".join(
            secret[i : i + 4] for i in range(0, len(secret), 4)
        )
        context["uri"] = pending.config_url
    return render(request, "accounts/two_factor.html", context)


def _next(request: HttpRequest) -> str:
    """Where to go afterwards: the form's `next`, if on this site, else home."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    return target or resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
@require_POST
def choose_agency(request: HttpRequest) -> HttpResponse:
    """Switch the agency the staff pages show, for a user with roles in several."""
    who = principal_for(_user(request))
    slug = request.POST.get("agency", "")
    agency = next((a for a in who.agencies if a.slug == slug), None)
    if agency is None:
        raise PermissionDenied(_("You have no role in that agency."))
    request.session[WORKING_AGENCY] = agency.id
    return redirect(_next(request))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    target = _next(request)
    if otp_verified(user) or totp_device(user=user) is None:
        return redirect(target)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device = services.totp_check(user=user, code=form.cleaned_data["code"])
        except services.CodeRefused as exc:
            form.add_error("code", str(exc))
        else:
            request.session.cycle_key()  # a new session id once fully signed in
            otp_login(request, device)
            return redirect(target)
    return render(request, "accounts/verify.html", {"form": form, "next": target})
