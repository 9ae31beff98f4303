"""Two-factor sign-in: an authenticator app (TOTP) plus single-use backup codes.

Plain functions over django-otp's models; views and tests call these. Staff
roles must use two-factor; people and carers may turn it on and off.
"""

import re
from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
# After this many wrong codes in a row, django-otp makes people wait before the next try.
WAIT_AFTER_FAILURES = 3

APP_CODE = re.compile(r"\d{6}")
# StaticToken.random_token(): 8 characters of lower-case base32.
BACKUP_CODE = re.compile(r"[a-z2-7]{8}")


def normalise_code(value: str) -> str:
    """People copy codes with spaces or dashes, and type backup codes in capitals."""
    return re.sub(r"[\s-]", "", value or "").lower()


def is_on(user) -> bool:
    return user_has_device(user, confirmed=True)


def can_turn_off(user) -> bool:
    return not user.must_use_two_factor


def may_set_up(request) -> bool:
    """Someone part-way through signing in must not add an app that skips the one they have."""
    return request.user.is_verified() or not is_on(request.user)


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def start_enrolment(user) -> TOTPDevice:
    """The unconfirmed device being set up; the same one until confirmed, so the key is stable."""
    with transaction.atomic():
        return pending_device(user) or TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )


def secret_key_groups(device: TOTPDevice) -> list[str]:
    """The key as people type it into an app that cannot scan: base32 in groups of 4."""
    key = b32encode(device.bin_key).decode()
    return [key[i : i + 4] for i in range(0, len(key), 4)]


def qr_code_svg(device: TOTPDevice) -> bytes:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    out = BytesIO()
    image.save(out)
    return out.getvalue()


def confirm_enrolment(request, code: str) -> list[str] | None:
    """Confirm the pending app with a code from it; return new backup codes, or None if wrong."""
    user = request.user
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None or not device.verify_token(code):
            return None
        # One app at a time: a new one replaces any the person had before.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_backup_codes(user)
    _verified(request, device)
    return codes


def verify_sign_in(request, code: str):
    """Check a code from the app or a backup code; mark the session verified if it is right."""
    code = normalise_code(code)
    model = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(request.user, confirmed=True, for_verify=True):
            if isinstance(device, model) and device.verify_token(code):
                break
        else:
            return None
    _verified(request, device)
    return device


def _verified(request, device) -> None:
    """Mark the session verified under a new session key, so a key seen or planted before
    the second factor (session fixation) is worth nothing after it."""
    otp_login(request, device)
    request.session.cycle_key()


def must_wait(user) -> bool:
    """True when too many wrong codes mean django-otp will refuse the next try for a while."""
    return any(
        device.throttling_failure_count >= WAIT_AFTER_FAILURES
        and not device.verify_is_allowed()[0]
        for device in devices_for_user(user, confirmed=None)
    )


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def regenerate_backup_codes(user) -> list[str]:
    """New backup codes for someone using two-factor; the old ones stop working."""
    with transaction.atomic():
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise PermissionDenied("Two-factor sign-in is not turned on.")
        return _replace_backup_codes(user)


def turn_off(request) -> None:
    """Remove every device. Only for people and carers: staff roles must keep two-factor."""
    user = request.user
    if not can_turn_off(user):
        raise PermissionDenied("Staff must use two-factor sign-in.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)


def _replace_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
