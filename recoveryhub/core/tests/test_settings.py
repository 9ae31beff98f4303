"""The settings module read afresh in a child process, as production would read it."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PRINT = """
import json
from django.conf import settings
import django
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"],
    "DB_NAME": str(db["NAME"]),
    "OPTIONS": db.get("OPTIONS", {}),
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "ALLOW_DEMO_DATA": settings.ALLOW_DEMO_DATA,
    "STATICFILES_STORAGE": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def read_settings(tmp_path, **env):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "recoveryhub.config.settings",
        "RECOVERYHUB_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def settings_of(tmp_path, **env) -> dict:
    result = read_settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = read_settings(tmp_path)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


# A secret like one Django's `get_random_secret_key` makes (the test only needs its shape).
STRONG_SECRET = "k3#q9!vz_7m@p2$w8^e5&r1*t6(y4)u0-i+o=a[s]d{f}g;h:j<l>zx,c.v/b?n|mQW"


def test_production_defaults_are_safe(tmp_path):
    s = settings_of(tmp_path, SECRET_KEY=STRONG_SECRET)
    assert s["DEBUG"] is False
    assert s["ALLOWED_HOSTS"] == []
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SECURE_SSL_REDIRECT"]
    assert s["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert s["ALLOW_DEMO_DATA"] is False
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["STATICFILES_STORAGE"] == "recoveryhub.core.storage.StaticFilesStorage"


def test_development_needs_no_configuration(tmp_path):
    s = settings_of(tmp_path, DEBUG="1")
    assert s["DEBUG"] is True
    assert s["ALLOW_DEMO_DATA"] is True
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_sqlite_by_default_in_wal_mode_with_immediate_transactions(tmp_path):
    s = settings_of(tmp_path, DEBUG="1")
    assert s["ENGINE"] == "django.db.backends.sqlite3"
    assert s["DB_NAME"] == str(tmp_path / "recoveryhub.sqlite3")
    assert "journal_mode=WAL" in s["OPTIONS"]["init_command"]
    assert s["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert s["OPTIONS"]["timeout"] == 20


def test_postgresql_from_database_url(tmp_path):
    s = settings_of(
        tmp_path, DEBUG="1", DATABASE_URL="postgres://rh:secret@db.internal:5432/recoveryhub"
    )
    assert s["ENGINE"] == "django.db.backends.postgresql"
    assert s["DB_NAME"] == "recoveryhub"
    # Small queries are not worth parallel workers; commits still wait for the disk.
    assert s["OPTIONS"] == {"options": "-c parallel_setup_cost=10000"}


def test_the_database_connection_uses_the_options(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW parallel_setup_cost")
        assert cursor.fetchone()[0] == "10000"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "perhaps"}, "DEBUG must be one of"),
        ({"DEBUG": "1", "EMAIL_DELIVERY": "pigeon"}, "EMAIL_DELIVERY must be one of"),
        ({"DEBUG": "1", "EMAIL_DELIVERY": "notify"}, "needs NOTIFY_API_KEY"),
        ({"DEBUG": "1", "SQLITE_BUSY_TIMEOUT_SECONDS": "soon"}, "must be a whole number"),
    ],
)
def test_settings_that_make_no_sense_stop_start_up(tmp_path, env, message):
    result = read_settings(tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_notify_when_configured(tmp_path):
    s = settings_of(
        tmp_path,
        DEBUG="1",
        EMAIL_DELIVERY="notify",
        NOTIFY_API_KEY="key",
        NOTIFY_EMAIL_TEMPLATE_ID="template",
    )
    assert s["EMAIL_BACKEND"] == "recoveryhub.core.notify.NotifyEmailBackend"


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("short-but-random-Q7#x", "at least 50 characters"),
        ("x" * 60, "at least 5 different characters"),
        ("abab" * 20, "at least 5 different characters"),
        ("django-insecure-" + STRONG_SECRET, "django-insecure-"),
        ("collectstatic-only", "at least 50 characters"),
    ],
)
def test_a_short_or_weak_secret_key_stops_start_up_outside_debug(tmp_path, secret, problem):
    result = read_settings(tmp_path, SECRET_KEY=secret)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr
    assert problem in result.stderr
    assert secret not in result.stderr  # the secret itself is never printed


def test_a_strong_secret_key_is_accepted_and_debug_accepts_any(tmp_path):
    assert settings_of(tmp_path, SECRET_KEY=STRONG_SECRET)["DEBUG"] is False
    assert settings_of(tmp_path, SECRET_KEY=secrets.token_urlsafe(50))["DEBUG"] is False
    assert settings_of(tmp_path, DEBUG="1", SECRET_KEY="short")["DEBUG"] is True


def test_collecting_static_files_needs_no_real_secret_as_the_makefile_runs_it(tmp_path):
    """The Makefile collects static files outside DEBUG with a throwaway secret."""
    makefile = (ROOT / "Makefile").read_text()
    line = next(line for line in makefile.splitlines() if "collectstatic" in line)
    command = line.strip().replace("$(BIN)/python", sys.executable).replace("$$", "$")
    environment = {"PATH": os.environ["PATH"], "RECOVERYHUB_VAR_DIR": str(tmp_path)}
    result = subprocess.run(  # noqa: S602 - the Makefile's own command line
        command.replace("--clear", "--dry-run"), shell=True, cwd=ROOT, env=environment,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
