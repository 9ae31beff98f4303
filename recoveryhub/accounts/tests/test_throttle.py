"""Per-client and per-address limits (throttle.py), and where the client address comes from."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import timezone

from recoveryhub.accounts.models import ThrottleHit
from recoveryhub.accounts.throttle import CLIENT, EMAIL, Limit, client_address, count_try, how_long
from recoveryhub.config import client_address as proxies

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
PER_CLIENT = Limit("test:client", CLIENT, 2, timedelta(minutes=1))
PER_EMAIL = Limit("test:email", EMAIL, 3, timedelta(hours=1))


def request_from(address="198.51.100.1", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/", REMOTE_ADDR=address, **extra)


def test_tries_are_counted_until_a_limit_is_used_up():
    now = timezone.now()
    assert count_try(request_from(), [PER_CLIENT], now=now) is None
    assert count_try(request_from(), [PER_CLIENT], now=now) is None
    assert count_try(request_from(), [PER_CLIENT], now=now) == PER_CLIENT
    assert count_try(request_from("198.51.100.2"), [PER_CLIENT], now=now) is None
    # A refused try is not counted, and the window moves on.
    later = now + timedelta(minutes=1, seconds=1)
    assert count_try(request_from(), [PER_CLIENT], now=later) is None


def test_a_try_refused_by_one_limit_is_counted_against_none():
    now = timezone.now()
    for n in range(3):
        assert (
            count_try(request_from(f"198.51.100.{n}"), [PER_EMAIL], email="a@x.org", now=now)
            is None
        )
    hits = ThrottleHit.objects.count()
    assert (
        count_try(request_from("198.51.100.9"), [PER_CLIENT, PER_EMAIL], email="A@X.org", now=now)
        == PER_EMAIL
    )
    assert ThrottleHit.objects.count() == hits


def test_no_address_is_kept_and_old_tries_are_removed():
    old = timezone.now() - timedelta(days=2)
    count_try(request_from(), [PER_CLIENT, PER_EMAIL], email="robin@example.com", now=old)
    keys = list(ThrottleHit.objects.values_list("key", flat=True))
    assert keys and not any("198.51" in key or "robin" in key for key in keys)
    count_try(request_from(), [PER_CLIENT], now=timezone.now())
    assert ThrottleHit.objects.filter(at=old).count() == 0


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, None, "10.0.0.2"),
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy: the header is anyone's to write
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # the client wrote the first one
        (1, "not-an-address, 203.0.113.9", "203.0.113.9"),
        (2, "192.0.2.1, 203.0.113.9, 198.51.100.20", "203.0.113.9"),
        (1, None, "10.0.0.2"),  # a health check straight to the app
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = proxies.header_order(count)
    settings.AXES_IPWARE_PROXY_COUNT = proxies.proxies_in_header(count)
    assert client_address(request_from("10.0.0.2", forwarded)) == expected


@pytest.mark.parametrize(
    ("wait", "words"),
    [(timedelta(seconds=20), "1 minute"), (timedelta(minutes=10), "10 minutes"),
     (timedelta(hours=1), "1 hour"), (timedelta(hours=2), "2 hours")],
)  # fmt: skip
def test_how_long_to_wait_in_words(wait, words):
    assert how_long(wait) == words


PRINT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.TRUSTED_PROXY_COUNT, s.AXES_IPWARE_PROXY_COUNT, "
    "list(s.AXES_IPWARE_META_PRECEDENCE_ORDER)]))"
)


def settings_with(tmp_path, **env):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "recoveryhub.config.settings",
        "RECOVERYHUB_VAR_DIR": str(tmp_path),
        "DEBUG": "1",
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PRINT], cwd=ROOT, env=environment, capture_output=True,
        text=True, check=False,
    )  # fmt: skip


def test_trusted_proxy_count_is_read_from_the_environment(tmp_path):
    default = settings_with(tmp_path)
    assert json.loads(default.stdout) == [0, None, ["REMOTE_ADDR"]]
    two = settings_with(tmp_path, TRUSTED_PROXY_COUNT="2")
    assert json.loads(two.stdout) == [2, 1, ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]]


@pytest.mark.parametrize("raw", ["-1", "two", "1.5"])
def test_a_nonsense_proxy_count_stops_start_up_with_its_name(tmp_path, raw):
    result = settings_with(tmp_path, TRUSTED_PROXY_COUNT=raw)
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr
