"""What the benchmarks share: the demo trust they measure, and a signed-in client.

Imported by bench/pages.py, outcomes.py and college.py once Django is set up (each
script is run directly, so this folder is on sys.path).
"""

import os
import time


def seed(size: str, seed: int, *, collect_static: bool = False) -> float:
    """Migrate and seed the demo trust (or find it seeded: seed_demo is idempotent).
    Returns the seconds it took."""
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    if collect_static:
        call_command("collectstatic", "--noinput", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:  # noqa: PTH123
        call_command("seed_demo", size=size, seed=seed, stdout=quiet)
    return time.perf_counter() - started


def signed_in(user):
    """A test Client signed in as `user`, two-factor done as after the code (sessions are
    in the database, so its cookie works on a separate server too)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user)
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
