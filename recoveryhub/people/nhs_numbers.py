"""NHS numbers: checked with the `nhs-number` package (modulus 11), stored as 10 digits."""

import random

import nhs_number
from django.core.exceptions import ValidationError

SYNTHETIC_PREFIX = "999"  # 999 000 0000 to 999 999 9999 are never issued to anyone


def normalise(value: str) -> str:
    return "".join(ch for ch in value if not ch.isspace() and ch != "-")


def validate(value: str) -> None:
    digits = normalise(value)
    if len(digits) != 10 or not digits.isdigit():
        raise ValidationError("NHS number must be 10 digits, like 999 765 4323", code="length")
    if not nhs_number.is_valid(digits):
        raise ValidationError(
            "Enter a real NHS number. Check the number on a letter from the NHS",
            code="checksum",
        )


def formatted(value: str | None) -> str:
    """'999 765 4323', as the NHS shows them."""
    if not value:
        return ""
    return f"{value[:3]} {value[3:6]} {value[6:]}"


def synthetic(rng: random.Random) -> str:
    """A valid NHS number from the range that is never issued, for demo data."""
    while True:
        stem = SYNTHETIC_PREFIX + f"{rng.randrange(1_000_000):06d}"
        check = nhs_number.calculate_checksum(stem)
        if check is not None and check < 10:
            return f"{stem}{check}"
