"""Strict readers for settings taken from environment variables.

A value that cannot be understood stops start-up with the variable named,
rather than being guessed at.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more; got {raw!r}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_phone(name: str, default: str, shortest: int = 3) -> str:
    """A telephone number people are told to ring: digits and single spaces only, so a
    typo never reaches a page in a crisis."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = " ".join(raw.split())
    if not value.replace(" ", "").isdigit() or not shortest <= len(value.replace(" ", "")) <= 15:
        raise ImproperlyConfigured(f"{name} must be a telephone number (digits); got {raw!r}")
    return value
