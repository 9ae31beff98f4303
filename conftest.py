"""Fixtures shared by every app's tests and the browser tests.

`world` is a small trust with one persona per role (as healthchecks tests do):
an owner of a record, the people allowed to see it, and outsiders who are not.
`sign_in(client, user)` signs a persona in, two-factor included where they have it.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

PASSWORD = "a-long-test-password-42"

pytest_plugins = [
    "recoveryhub.college.testing",
    "recoveryhub.plans.testing",
    "recoveryhub.core.testing_access",
]


def pytest_configure(config):
    # Fast hashing: tests sign in many times; production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _scan_static_files_once()
    _empty_postgresql_tables_with_delete()
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if not manifest.exists():
        pytest.exit(
            f"Static files are not built ({manifest} is missing). Run `make test`, "
            "which builds them first.",
            returncode=2,
        )


def _scan_static_files_once():
    """Every test client builds the middleware again, and WhiteNoise reads the headers of
    every static file each time (a tenth of a second a client, a tenth of the suite). A
    server builds it once, so keep each scan for the process, keyed by what shapes it."""
    from whitenoise.base import WhiteNoise

    scan = WhiteNoise.update_files_dictionary
    scans = {}

    def update_files_dictionary(self, root, prefix):
        shaping = {k: getattr(settings, k) for k in dir(settings) if k.startswith("WHITENOISE")}
        key = (type(self), root, prefix, settings.DEBUG, repr(settings.STORAGES), repr(shaping))
        if key not in scans:
            before = dict(self.files)
            scan(self, root, prefix)
            scans[key] = {url: f for url, f in self.files.items() if before.get(url) is not f}
        self.files.update(scans[key])

    WhiteNoise.update_files_dictionary = update_files_dictionary


def _empty_postgresql_tables_with_delete():
    """Browser tests empty every table after each test. PostgreSQL's TRUNCATE makes new
    files for every table and index (a third of a second a test); deleting the few rows a
    test wrote takes milliseconds. Foreign keys are deferred, so any order will do."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        # Table names come from the models, quoted: no input reaches this SQL.
        deletes = [f"DELETE FROM {self.quote_name(table)};" for table in tables]  # noqa: S608
        return ["SET CONSTRAINTS ALL DEFERRED;", *deletes]

    DatabaseOperations.sql_flush = sql_flush


@pytest.fixture
def password():
    return PASSWORD


def make_user_now(email="someone@example.com", *roles, two_factor=None, **extra):
    """A user with these roles, and an authenticator where their roles need one."""
    from recoveryhub.accounts.models import RoleGrant, User

    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=role) for role in roles)
    if two_factor or (two_factor is None and user.must_use_two_factor):
        user.totp_device = user.totpdevice_set.create(name="Authenticator app", confirmed=True)
    return user


@pytest.fixture
def make_user(db):
    return make_user_now


@pytest.fixture
def user(make_user):
    return make_user("sam.person@example.com", full_name="Samira Person", preferred_name="Sam")


@pytest.fixture
def admin_user(make_user):
    from recoveryhub.accounts.roles import Role

    return make_user(
        "admin@example.com", Role.ADMIN, full_name="Ada Admin", is_staff=True, is_superuser=True
    )


@pytest.fixture
def sign_in():
    """Sign a user in on a test client, completing two-factor if they have a device.

    The session Django's `login()` would leave, written directly: `force_login` also runs
    the sign-in's own work (axes' log of the sign-in, `last_login`, the audit of that
    save), a sixth of the time of the access tests, which sign in thousands of times. The
    sign-in itself is tested through its pages (accounts/tests, e2e/test_front_door.py).
    """
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY

    def sign_in(client, user):
        session = client.session
        signed_in_as = user._meta.pk.value_to_string(user)
        # As login(): another user's session is emptied; one's own keeps its data.
        if session.get(SESSION_KEY, signed_in_as) != signed_in_as:
            session.flush()
        else:
            session.cycle_key()
        session[SESSION_KEY] = signed_in_as
        session[BACKEND_SESSION_KEY] = client._get_backend()
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        device = getattr(user, "totp_device", None)
        if device is not None:
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        return client

    return sign_in


@dataclass
class World:
    """Two teams; Pat is on team A's caseload and cares for nobody; Chris cares for Pat."""

    fenland: object
    team_a: object
    team_b: object
    pat: object  # a person with their own sign-in, on team A's caseload
    pat_user: object
    quinn: object  # a person on team B's caseload, held by a worker (no sign-in)
    carer_user: object  # Chris, Pat's carer (nothing shared yet)
    carer_link: object
    peer_worker: object  # team A
    recovery_coach: object  # team A
    clinician: object  # team B
    trainer: object
    college_staff: object
    student: object  # Sam, a member of the public who studies at the College
    manager: object
    admin: object
    service_admin: object
    partner: object  # Bea, at a partner charity (pathways/testing.py links her to it)

    def by_role(self) -> dict:
        return {
            "person": self.pat_user,
            "carer": self.carer_user,
            "peer_worker": self.peer_worker,
            "recovery_coach": self.recovery_coach,
            "clinician": self.clinician,
            "student": self.student,
            "trainer": self.trainer,
            "college_staff": self.college_staff,
            "manager": self.manager,
            "admin": self.admin,
            "service_admin": self.service_admin,
            "partner": self.partner,
        }


@pytest.fixture
def world(db):
    return build_world()


@contextmanager
def kept_for_the_module(django_db_blocker, build):
    """For a module-scoped fixture whose tests only read what `build()` writes (as Django's
    setUpTestData): written once in a transaction rolled back when the module ends, while
    each test's own transaction, nested inside, is rolled back after it. Gives what
    `build()` returned."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            built = build()
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def small_demo_for_the_module(django_db_setup, django_db_blocker):
    """The small demo trust (seed 1), written once for a module whose tests read it (each
    test's writes are still rolled back); what seed_demo printed."""
    from django.core.management import call_command
    from django.test import override_settings

    def seed() -> str:
        printed = StringIO()
        with override_settings(ALLOW_DEMO_DATA=True):
            call_command("seed_demo", size="small", seed=1, stdout=printed)
        return printed.getvalue()

    with kept_for_the_module(django_db_blocker, seed) as printed:
        yield printed


def build_world():
    from recoveryhub.accounts.roles import Role
    from recoveryhub.people.models import (
        CarerLink,
        CaseloadAssignment,
        Locality,
        Person,
        ServiceLine,
        Team,
        TeamMember,
    )

    fenland = Locality.objects.create(name="Fenland", slug="fenland", is_rural=True)
    adults = ServiceLine.objects.create(name="Adult mental health", slug="adult-mental-health")
    team_a = Team.objects.create(
        name="Fenland Adult Locality Team", service_line=adults, locality=fenland
    )
    team_b = Team.objects.create(
        name="Wisbech Integrated Neighbourhood Team", service_line=adults, locality=fenland
    )
    staff = {}
    for email, role, team, name in [
        ("peer.worker@example.com", Role.PEER_WORKER, team_a, "Priya Peer"),
        ("recovery.coach@example.com", Role.RECOVERY_COACH, team_a, "Rory Coach"),
        ("clinician@example.com", Role.CLINICIAN, team_b, "Cleo Clinician"),
        ("trainer@example.com", Role.TRAINER, None, "Tariq Trainer"),
        ("college@example.com", Role.COLLEGE_STAFF, None, "Colette College"),
        ("manager@example.com", Role.MANAGER, team_a, "Mani Manager"),
    ]:
        staff[role] = make_user_now(email, role, full_name=name)
        if team:
            TeamMember.objects.create(user=staff[role], team=team, job_title=role.label)
    admin = make_user_now(
        "admin@example.com", Role.ADMIN, full_name="Ada Admin", is_staff=True, is_superuser=True
    )
    service_admin = make_user_now(
        "service.admin@example.com", Role.SERVICE_ADMIN, full_name="Sid Service"
    )
    student = make_user_now("sam.student@example.com", Role.STUDENT, full_name="Sam Student")
    partner = make_user_now("bea@partner.example", Role.PARTNER, full_name="Bea Lawrence")
    pat_user = make_user_now("pat@example.com", Role.PERSON, full_name="Patricia Jones")
    pat = Person.objects.create(
        full_name="Patricia Jones",
        preferred_name="Pat",
        nhs_number="9997654323",
        locality=fenland,
        user=pat_user,
    )
    quinn = Person.objects.create(full_name="Quinn Taylor", locality=fenland)
    carer_user = make_user_now("chris@example.com", Role.CARER, full_name="Chris Jones")
    chris = Person.objects.create(full_name="Chris Jones", locality=fenland, user=carer_user)
    carer_link = CarerLink.objects.create(carer=chris, cared_for=pat, relationship="Partner")
    today = timezone.localdate()
    CaseloadAssignment.objects.create(
        person=pat, team=team_a, worker=staff[Role.RECOVERY_COACH], starts_on=today - timedelta(30)
    )
    CaseloadAssignment.objects.create(person=quinn, team=team_b, starts_on=today - timedelta(10))
    return World(
        fenland=fenland,
        team_a=team_a,
        team_b=team_b,
        pat=pat,
        pat_user=pat_user,
        quinn=quinn,
        carer_user=carer_user,
        carer_link=carer_link,
        peer_worker=staff[Role.PEER_WORKER],
        recovery_coach=staff[Role.RECOVERY_COACH],
        clinician=staff[Role.CLINICIAN],
        trainer=staff[Role.TRAINER],
        college_staff=staff[Role.COLLEGE_STAFF],
        student=student,
        manager=staff[Role.MANAGER],
        admin=admin,
        service_admin=service_admin,
        partner=partner,
    )
