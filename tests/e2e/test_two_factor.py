"""Turning on the TOTP second factor and signing in with it, in a real browser.

axe-core checks the setup page, its error state and the code page.
"""

from __future__ import annotations

from base64 import b32decode
from typing import Any

from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e import test_report_flow as flow
from tests.personas import PASSWORD, make_world

pytestmark = flow.pytestmark
page = flow.page


def next_code(key: bytes) -> str:
    """The code of the step after the one last used (each code works once).

    Computed from the device's record rather than the clock: a step boundary
    crossed while the first code was entered leaves the device with a drift,
    and a code for "now + 1" could then fall outside its window.
    """
    device = TOTPDevice.objects.get(user__username="officer")
    code = TOTP(key)
    code.time = (device.last_t + 1) * device.step
    return f"{code.token():06d}"


def test_an_officer_turns_on_the_second_factor_and_signs_in_with_it(
    live_server: Any, page: Any
) -> None:
    make_world()
    walk = flow.Walk(page, live_server.url)
    walk.sign_in("officer")
    walk.click("header a[href='/accounts/two-factor/']")
    key = b32decode(page.inner_text("#totp-secret").replace(" ", ""))
    assert page.inner_text("#totp-uri").startswith("otpauth://totp/")

    page.fill("#id_code", "12")
    walk.click("main button[type=submit]")
    assert "Enter the 6 digits" in page.inner_text("main")
    page.fill("#id_code", f"{totp(key):06d}")
    walk.click("main button[type=submit]")
    assert "Two-step sign-in is on." in page.inner_text("main")
    walk.sign_out()

    walk.open("/staff/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    walk.click("main button[type=submit]")
    assert "/accounts/verify/" in page.url
    page.fill("#id_code", next_code(key))  # the next code: one use each
    walk.click("main button[type=submit]")
    assert page.url == f"{live_server.url}/staff/"
