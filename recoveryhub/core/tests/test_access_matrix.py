"""Every URL, classified for every role: allowed, or denied with 403/404 and no data.

The list of URLs is read from the URL configuration, so a new page that no one
has classified here fails this test until someone decides who may reach it.
"""

import copy
from importlib import import_module
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from conftest import build_world, kept_for_the_module
from recoveryhub.college import tests as college_tests
from recoveryhub.college.testing import build_college
from recoveryhub.episodes import tests as episodes_tests
from recoveryhub.episodes.testing import build_episodes
from recoveryhub.feedback import tests as feedback_tests
from recoveryhub.feedback.testing import build_feedback
from recoveryhub.jobs import tests as jobs_tests
from recoveryhub.measures import catalogue
from recoveryhub.measures.models import CheckIn, ReminderSchedule, SafetyFlag
from recoveryhub.pathways import tests as pathways_tests
from recoveryhub.pathways.testing import build_pathways
from recoveryhub.people.models import CarerInvitation, Invitation
from recoveryhub.plans import tests as plans_tests
from recoveryhub.plans.testing import build_plans
from recoveryhub.practice import tests as practice_tests
from recoveryhub.practice.testing import build_practice

ROLES = [
    "person", "carer", "peer_worker", "recovery_coach", "clinician",
    "student", "trainer", "college_staff", "manager", "admin", "service_admin", "partner",
]  # fmt: skip
EVERYONE = frozenset(ROLES)
PUBLIC = "public"  # also open to people who are not signed in
POST_ONLY = "post only"  # a form's action: a GET is refused (405) whoever asks
WORKERS = {"peer_worker", "recovery_coach"}  # on Pat's team's caseload

NO_ARGS = lambda w: []  # noqa: E731
PAT = lambda w: [w.pat.pk]  # noqa: E731

# name: (arguments from the world, who may reach it)
MATRIX = {
    "core:home": (NO_ARGS, PUBLIC),
    "core:accessibility": (NO_ARGS, PUBLIC),
    "governance:privacy": (NO_ARGS, PUBLIC),
    "accounts:sign_in": (NO_ARGS, PUBLIC),
    "accounts:signed_out": (NO_ARGS, PUBLIC),
    "accounts:password_reset": (NO_ARGS, PUBLIC),
    "accounts:password_reset_done": (NO_ARGS, PUBLIC),
    "accounts:password_reset_confirm": (
        lambda w: [urlsafe_base64_encode(force_bytes(w.pat_user.pk)), "set-password"],
        PUBLIC,
    ),
    "accounts:password_reset_complete": (NO_ARGS, PUBLIC),
    "accounts:sign_out": (NO_ARGS, EVERYONE),
    "accounts:account": (NO_ARGS, EVERYONE),
    "accounts:password_change": (NO_ARGS, EVERYONE),
    "accounts:password_change_done": (NO_ARGS, EVERYONE),
    "accounts:two_factor_verify": (NO_ARGS, EVERYONE),
    "accounts:two_factor_setup": (NO_ARGS, EVERYONE),
    # Only while setting up an authenticator; nobody in the world is part-way.
    "accounts:two_factor_qr": (NO_ARGS, frozenset()),
    "accounts:two_factor_backup_codes": (NO_ARGS, EVERYONE),
    "accounts:two_factor_turn_off": (NO_ARGS, frozenset({"person", "carer", "student"})),
    "people:my_record": (NO_ARGS, {"person", "carer"}),
    "people:my_record_change": (NO_ARGS, {"person", "carer"}),
    "people:access_log": (NO_ARGS, {"person", "carer"}),
    "people:carers": (NO_ARGS, {"person", "carer"}),
    "people:carer_sharing": (lambda w: [w.carer_link.pk], {"person"}),
    # Carers by invitation (people/carer_invitations.py); a carer may invite his own carers.
    "people:carer_invite": (NO_ARGS, {"person", "carer"}),
    "people:carer_invitation_withdraw": (lambda w: [1], POST_ONLY),
    "people:accept_carer_invitation": (
        lambda w: [
            CarerInvitation.issue(
                cared_for=w.pat,
                carer_name="Alex Friend",
                relationship="Friend",
                email="alex@example.com",
                created_by=w.pat_user,
            )[1]
        ],
        PUBLIC,
    ),
    "people:person_carer_invite": (PAT, WORKERS),
    "people:caring_for": (NO_ARGS, {"carer"}),
    "people:caring_for_person": (PAT, {"carer"}),
    # Only while Pat shares the College with Chris; here she shares nothing
    # (people/tests/test_carer_college.py has him reach it once she does).
    "people:caring_for_courses": (PAT, frozenset()),
    "people:caseload": (NO_ARGS, {"peer_worker", "recovery_coach", "clinician"}),
    "staff:list": (NO_ARGS, {"service_admin"}),
    "staff:add": (NO_ARGS, {"service_admin"}),
    "staff:account": (lambda w: [w.peer_worker.pk], {"service_admin"}),
    "staff:change": (lambda w: [w.peer_worker.pk], {"service_admin"}),
    "staff:two_factor_reset": (lambda w: [w.peer_worker.pk], {"service_admin"}),
    "staff:unlock": (lambda w: [w.peer_worker.pk], {"service_admin"}),
    "staff:leaver": (lambda w: [w.peer_worker.pk], {"service_admin"}),
    "staff:sign_in_email": (lambda w: [w.peer_worker.pk], POST_ONLY),
    # A team lead helps their own team's staff back in (staff/views_team.py).
    "staff:team": (NO_ARGS, {"manager"}),
    "staff:team_two_factor_reset": (lambda w: [w.peer_worker.pk], {"manager"}),
    "staff:team_unlock": (lambda w: [w.peer_worker.pk], {"manager"}),
    # Named workers: service admins (the lists name people: not managers).
    "staff:teams": (NO_ARGS, {"service_admin"}),
    "staff:named_workers": (lambda w: [w.team_a.pk], {"service_admin"}),
    "staff:change_named_worker": (
        lambda w: [w.team_a.pk, w.pat.caseload.get().pk],
        {"service_admin"},
    ),
    "audit:trail": (NO_ARGS, {"service_admin"}),
    "audit:trail_csv": (NO_ARGS, {"service_admin"}),
    "people:person_register": (NO_ARGS, {"peer_worker", "recovery_coach", "clinician"}),
    "people:person_detail": (PAT, {"person", *WORKERS}),
    "people:person_change": (PAT, {"person", *WORKERS}),
    "people:person_invite": (lambda w: [w.quinn.pk], {"clinician"}),
    "people:accept_invitation": (lambda w: [w.invitation_token], PUBLIC),
    "people:team_caseloads": (NO_ARGS, {"manager"}),
    "people:sign_in_links": (NO_ARGS, {"service_admin"}),
    "people:undo_sign_in_link": (PAT, {"service_admin"}),
    "people:merge_find": (NO_ARGS, {"service_admin"}),
    "people:merge_compare": (lambda w: [w.pat.pk, w.quinn.pk], {"service_admin"}),
    "people:merge_done": (lambda w: [_joined_record(w)], {"service_admin"}),
    "export:download": (NO_ARGS, {"person", "carer"}),
    "export:summary": (NO_ARGS, {"person", "carer"}),
    "export:pdf": (NO_ARGS, {"person", "carer"}),
    "export:fhir": (NO_ARGS, {"person", "carer"}),
    "export:person_print": (PAT, {"person", *WORKERS}),
    "export:person_pdf": (PAT, {"person", *WORKERS}),
    "export:person_fhir": (PAT, {"person", *WORKERS}),
    "measures:mine": (NO_ARGS, {"person", "carer"}),
    "measures:start": (lambda w: ["phq9"], {"person", "carer"}),
    "measures:progress": (lambda w: ["phq9"], {"person", "carer"}),
    "measures:reminders": (NO_ARGS, {"person", "carer"}),
    "measures:stop_reminder": (lambda w: [w.pat_reminder.pk], POST_ONLY),
    "measures:result": (lambda w: [w.pat_check_in.pk], {"person", *WORKERS}),
    "measures:question": (lambda w: [w.pat_draft.pk, 1], {"person", *WORKERS}),
    "measures:check": (lambda w: [w.pat_draft.pk], {"person", *WORKERS}),
    "measures:discard": (lambda w: [w.pat_draft.pk], POST_ONLY),
    "measures:person": (PAT, {"person", *WORKERS}),
    "measures:person_start": (lambda w: [w.pat.pk, "phq9"], {"person", *WORKERS}),
    "measures:person_progress": (lambda w: [w.pat.pk, "phq9"], {"person", *WORKERS}),
    "measures:person_reminders": (PAT, {"person", *WORKERS}),
    "measures:flag": (lambda w: [w.pat_flag.pk], WORKERS),
    "measures:ask": (PAT, WORKERS),
    "measures:cancel_ask": (lambda w: [1], POST_ONLY),
    "measures:outcomes": (NO_ARGS, {"manager"}),
    "measures:flag_counts": (NO_ARGS, {"manager"}),
    "measures:outcomes_csv": (NO_ARGS, {"manager"}),
}
# The College, the plans, the episodes, the pathways, feedback, practice and the job runner
# classify their own pages, in <app>/tests/matrix_*.py.
for _tests in (
    college_tests, plans_tests, episodes_tests, pathways_tests, feedback_tests, practice_tests,
    jobs_tests,
):  # fmt: skip
    for _module in sorted(Path(_tests.__file__).parent.glob("matrix_*.py")):
        MATRIX.update(import_module(f"{_tests.__name__}.{_module.stem}").MATRIX)


def _joined_record(world) -> int:
    """A record joined into Quinn's, for the page that explains a join."""
    from recoveryhub.people.models import MergeRecord

    return MergeRecord.objects.create(
        kept=world.quinn, merged_away_id=10**6, merged_away={"full_name": "Quinn T"},
        reason="Registered twice", how_checked="NHS number", merged_by_label="sid@example.com",
    ).pk  # fmt: skip


# What would show that a page gave away someone else's record.
PAT_PRIVATE = ["Patricia", "9997654323", "999 765 4323"]
QUINN_PRIVATE = ["Quinn"]


def url_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner != "admin:":  # Django admin is classified below, model by model
                yield from url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_is_classified():
    names = set(url_names())
    assert names - MATRIX.keys() == set(), "classify these new URLs in MATRIX"
    assert MATRIX.keys() - names == set(), "these classified URLs no longer exist"


def check(client, url: str, allowed: bool | str, who: str) -> None:
    response = client.get(url)
    if allowed == POST_ONLY and who != "anonymous":
        assert response.status_code == 405, f"{url} must refuse GET"
        return
    body = response.content.decode(errors="replace") if not response.streaming else ""
    if allowed:
        assert response.status_code in (200, 302), f"{who} should reach {url}"
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("accounts:sign_in")), who
    elif who == "anonymous":
        assert response.status_code == 302, f"{url} must ask strangers to sign in"
        sign_ins = (reverse("accounts:sign_in"), reverse("admin:login"))
        assert response["Location"].startswith(sign_ins)
    else:
        assert response.status_code in (403, 404), f"{who} must not reach {url}"
        others = QUINN_PRIVATE + (PAT_PRIVATE if who != "person" else [])
        assert not any(secret in body for secret in others), f"{who} saw data at {url}"


def build_matrix_world():
    world = build_world()
    world.college = build_college(world)  # what the College's pages are reached with
    world.plans = build_plans(world)  # and the plans' pages
    world.episodes = build_episodes(world)  # and the episodes'
    world.pathways = build_pathways(world)  # and the pathways'
    world.feedback = build_feedback(world)  # and feedback's
    world.practice = build_practice(world)  # and recovery practice's
    _invitation, world.invitation_token = Invitation.issue(
        person=world.quinn, email="quinn@example.com", created_by=None
    )
    now = timezone.now()
    answers = {item.code: 1 for item in catalogue.get("phq9").items}
    world.pat_check_in = CheckIn.objects.create(
        person=world.pat, instrument="phq9", status="complete", answers=answers, total=9,
        band="Mild", started_at=now, completed_at=now,
    )  # fmt: skip
    world.pat_draft = CheckIn.objects.create(person=world.pat, instrument="gad7", started_at=now)
    world.pat_flag = SafetyFlag.objects.create(
        person=world.pat, check_in=world.pat_check_in, item="phq9_9", value=1, raised_at=now
    )
    world.pat_reminder = ReminderSchedule.objects.create(
        person=world.pat, instrument="phq9", every_days=14, next_due=now.date()
    )
    return world


# Hundreds of tests here (and in test_no_store and test_nul_bytes) read this world, and any
# write a page makes is rolled back after each test: so it is written once per module.
@pytest.fixture(scope="module")
def shared_matrix_world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker, build_matrix_world) as world:
        yield world


@pytest.fixture
def matrix_world(db, shared_matrix_world):
    return copy.deepcopy(shared_matrix_world)  # so no test sees another's changes in memory


@pytest.fixture
def world(matrix_world):
    return matrix_world  # the same people: building the world again would clash with them


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_who_may_reach_each_page(client, sign_in, matrix_world, name):
    build_args, allowed = MATRIX[name]
    url = reverse(name, args=build_args(matrix_world))
    check(client, url, allowed == PUBLIC, "anonymous")
    for role, user in matrix_world.by_role().items():
        client.logout()
        sign_in(client, user)
        if allowed == POST_ONLY:
            check(client, url, POST_ONLY, role)
        else:
            check(client, url, allowed == PUBLIC or role in allowed, role)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["admin:index"]
    + [f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist" for m in admin.site._registry],
)
def test_django_admin_is_for_admins_only(client, sign_in, world, name):
    url = reverse(name)
    check(client, url, False, "anonymous")
    for role, user in world.by_role().items():
        client.logout()
        sign_in(client, user)
        response = client.get(url)
        if role == "admin":
            assert response.status_code == 200, name
        else:
            assert response.status_code == 404, f"{role} reached {name}"
