"""What an admin may read of a job's error: pure, no database.

An exception's message can carry what it was working on (an SMTP server refusing
"alex@example.com", a number that did not parse), and the runner's page and the
task library's record are read by admins who see no personal data. Addresses and
runs of digits (phone and NHS numbers, dates of birth) are taken out before any
error is kept or logged.
"""

import re

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*")
# Six or more digits, allowing the spaces, dashes, dots and slashes people write in them.
DIGITS = re.compile(r"\+?\d(?:[\s./-]?\d){5,}")
HIDDEN = "[removed]"


def redact(text: str) -> str:
    return DIGITS.sub(HIDDEN, EMAIL.sub(HIDDEN, text))


def describe(exc: BaseException, limit: int) -> str:
    return redact(f"{type(exc).__name__}: {exc}")[:limit]
