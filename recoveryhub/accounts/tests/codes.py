"""Codes as a real authenticator app would show them, for the two-factor tests."""

from django_otp.oath import totp


def app_code(device, steps_ahead: int = 0) -> str:
    """The code the app shows now, or in a later 30-second step (a code works only once)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def wrong_code(device) -> str:
    """A 6-digit code the device would not accept in any step it allows now."""
    allowed = {app_code(device, step) for step in range(-device.tolerance, device.tolerance + 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in allowed)
