"""The secret key signs sessions, password-reset links and invitations: a short or guessable
one lets anyone forge them. Outside DEBUG, one that is plainly weak stops start-up.

The rules are Django's own deployment check (security.W009), made an error: at least 50
characters, at least 5 different ones, and not a key `startproject` made for development.
"""

from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50
MIN_DIFFERENT = 5
DEVELOPMENT_PREFIX = "django-insecure-"
HOW = (
    "Make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))' "
    "and keep it secret."
)


def check_secret_key(secret: str) -> None:
    """Raise ImproperlyConfigured naming what is wrong (never the secret itself)."""
    if len(secret) < MIN_LENGTH:
        problem = f"must be at least {MIN_LENGTH} characters long (it has {len(secret)})"
    elif len(set(secret)) < MIN_DIFFERENT:
        problem = f"must have at least {MIN_DIFFERENT} different characters"
    elif secret.startswith(DEVELOPMENT_PREFIX):
        problem = f"must not be a development key (starting {DEVELOPMENT_PREFIX!r})"
    else:
        return
    raise ImproperlyConfigured(f"SECRET_KEY {problem} when DEBUG is off. {HOW}")
