"""Two-factor sign-in for staff (django-otp): an authenticator app (TOTP), with
one-time backup codes for when the phone is not to hand.

The admin site requires a verified second factor on every page: a staff user
without a confirmed device cannot reach any admin page. Staff set up their own at
their first sign-in, and make new backup codes themselves (admin/enrolment.py).
"""

import base64
import secrets

from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_DEVICE_NAME = "Backup codes"


def authenticator(user, *, key_hex: str | None = None, name="Authenticator app") -> TOTPDevice:
    """The user's authenticator device, created (confirmed) if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=name, confirmed=True, key=key_hex or secrets.token_hex(20)
        )
    return device


def has_a_second_factor(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def base32_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it."""
    return base64.b32encode(device.bin_key).decode()


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(code).zfill(device.digits)


def backup_codes(user, *, count=5) -> list[str]:
    """Fresh one-time backup codes for the user (each works once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
