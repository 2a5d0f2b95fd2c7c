"""The optional TOTP second factor, with real codes computed from the device's key."""

from __future__ import annotations

from base64 import b32decode
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from forcewatch.api.services import token_issue
from forcewatch.core.audit import audit_verify
from forcewatch.core.models import AuditEvent
from tests.personas import PASSWORD, World, make_world
from tests.reporting.test_permission_matrix import staff_url_names

STAFF = "/staff/"
SETUP = "/accounts/two-factor/"
VERIFY = "/accounts/verify/"


@pytest.fixture(autouse=True)
def fast_passwords(settings: object) -> None:
    settings.PASSWORD_HASHERS = [  # type: ignore[attr-defined]
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]


@pytest.fixture
def world(db: None) -> World:
    return make_world()


@pytest.fixture
def officer(world: World) -> User:
    return world.users["officer"]


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The device's code now (or `steps_ahead` 30-second steps later)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead)
    return f"{value:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    near = {code(device, step) for step in (-2, -1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222") if c not in near)


def enrolled(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def signed_in(user: User) -> Client:
    """A client past the password step (the real sign-in form)."""
    client = Client()
    response = client.post(
        reverse("login"), {"username": user.get_username(), "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def shown(html: str, element_id: str) -> str:
    return unescape(html.split(f'id="{element_id}">')[1].split("<")[0])


def test_a_user_turns_it_on_with_the_code_from_the_key_shown(officer: User) -> None:
    client = signed_in(officer)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    key = b32decode(shown(html, "totp-secret").replace(" ", ""))
    uri = shown(html, "totp-uri")
    assert uri.startswith("otpauth://totp/forcewatch%3Aofficer?secret=")
    assert "&issuer=forcewatch" in uri and "<img" not in html and "<script" not in html

    response = client.post(SETUP, {"code": f"{totp(key):06d}"})

    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert AuditEvent.objects.filter(action="totp_enable", actor="officer").exists()
    assert audit_verify().ok
    # this session entered the code, so staff pages stay open
    assert client.get(STAFF).status_code == 200


def test_a_wrong_code_does_not_turn_it_on(officer: User) -> None:
    client = signed_in(officer)
    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=officer)

    response = client.post(SETUP, {"code": wrong_code(pending)})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=officer).confirmed


def test_reloading_the_setup_page_keeps_the_same_key(officer: User) -> None:
    client = signed_in(officer)
    first = shown(client.get(SETUP).content.decode(), "totp-secret")
    again = shown(client.get(SETUP).content.decode(), "totp-secret")
    assert first == again
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_signing_in_needs_the_code_after_the_password(officer: User) -> None:
    device = enrolled(officer)
    client = signed_in(officer)

    to_verify = client.get(STAFF)
    assert to_verify.status_code == 302
    assert to_verify["Location"] == f"{VERIFY}?next=/staff/"
    assert client.get(to_verify["Location"]).status_code == 200

    response = client.post(VERIFY, {"code": code(device), "next": STAFF})

    assert response.status_code == 302 and response["Location"] == STAFF
    assert client.get(STAFF).status_code == 200


def test_a_wrong_code_is_refused_at_sign_in(officer: User) -> None:
    device = enrolled(officer)
    client = signed_in(officer)

    response = client.post(VERIFY, {"code": wrong_code(device), "next": STAFF})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get(STAFF).status_code == 302


def test_a_code_that_is_not_six_digits_is_refused(officer: User) -> None:
    enrolled(officer)
    client = signed_in(officer)
    response = client.post(VERIFY, {"code": "12ab", "next": STAFF})
    assert "Enter the 6 digits of the code." in response.content.decode()


def test_after_a_wrong_code_even_the_right_one_must_wait(
    officer: User, settings: object
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # type: ignore[attr-defined]
    device = enrolled(officer)
    client = signed_in(officer)
    client.post(VERIFY, {"code": wrong_code(device)})

    response = client.post(VERIFY, {"code": code(device)})

    assert "Too many wrong codes" in response.content.decode()
    assert client.get(STAFF).status_code == 302


def test_a_code_works_only_once(officer: User) -> None:
    device = enrolled(officer)
    first = signed_in(officer)
    assert first.post(VERIFY, {"code": code(device)}).status_code == 302

    second = signed_in(officer)
    response = second.post(VERIFY, {"code": code(device)})

    assert response.status_code == 200
    assert second.get(STAFF).status_code == 302


def test_the_code_page_sends_nobody_off_the_site(officer: User) -> None:
    device = enrolled(officer)
    client = signed_in(officer)
    response = client.post(
        VERIFY, {"code": code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == STAFF


def test_turning_it_off_asks_for_a_current_code(
    officer: User, settings: object
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]  # no wait
    device = enrolled(officer)
    client = signed_in(officer)
    client.post(VERIFY, {"code": code(device)})

    refused = client.post(SETUP, {"code": wrong_code(device)})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=officer).exists()

    # the code just used at sign-in cannot be used again: take the next one
    response = client.post(SETUP, {"code": code(device, steps_ahead=1)})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert AuditEvent.objects.filter(action="totp_disable", actor="officer").exists()
    assert signed_in(officer).get(STAFF).status_code == 200


def test_users_without_a_device_sign_in_as_before(officer: User) -> None:
    client = signed_in(officer)
    assert client.get(STAFF).status_code == 200
    assert client.get(f"{VERIFY}?next=/staff/queue/")["Location"] == "/staff/queue/"


def test_an_unconfirmed_setup_does_not_ask_for_a_code(officer: User) -> None:
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=False)
    assert signed_in(officer).get(STAFF).status_code == 200


def staff_urls() -> list[str]:
    urls = []
    for name in sorted(staff_url_names()):
        try:
            urls.append(reverse(f"reporting:{name}"))
        except NoReverseMatch:
            urls.append(reverse(f"reporting:{name}", args=[1]))
    return urls


def test_every_staff_url_waits_for_the_code(officer: User) -> None:
    enrolled(officer)
    client = signed_in(officer)
    for url in [*staff_urls(), SETUP, "/admin/"]:
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, url
            assert response["Location"].startswith(f"{VERIFY}?next="), url


def test_the_api_keeps_its_bearer_tokens(officer: User) -> None:
    enrolled(officer)
    issued = token_issue(user=officer, name="laptop", actor="test")
    response = Client().get(
        "/api/reports?agency=springfield",
        headers={"Authorization": f"Bearer {issued.plain}"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("url", [SETUP, VERIFY])
def test_the_pages_need_a_signed_in_user(db: None, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [SETUP, VERIFY])
def test_each_persona_without_a_device_may_open_its_own_setup(
    world: World, url: str
) -> None:
    for user in world.users.values():
        client = Client()
        client.force_login(user)
        expected = 200 if url == SETUP else 302
        assert client.get(url).status_code == expected, user


def test_the_pages_are_in_spanish(officer: User) -> None:
    device = enrolled(officer)
    client = signed_in(officer)
    verify = client.get(VERIFY, headers={"Accept-Language": "es"}).content.decode()
    assert "Introduzca su código" in verify
    client.post(VERIFY, {"code": code(device)})
    setup = client.get(SETUP, headers={"Accept-Language": "es"}).content.decode()
    assert "Verificación en dos pasos" in setup
