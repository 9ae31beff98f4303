"""Every page a role may use is reachable from its home page by links alone.

Each persona of the access matrix's world starts at the home page and follows links
(never typing an address); every URL the matrix lets that role GET must be reached,
except the few listed in EXCEPTIONS, each with its reason.
"""

from collections import deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from recoveryhub.core.testing import read_page

from .test_access_matrix import (  # noqa: F401 - fixtures: the world MATRIX's pages need
    MATRIX,
    POST_ONLY,
    PUBLIC,
    matrix_world,
    shared_matrix_world,
)

ALL = "*"
# Pages reached only after a form, an email or a setting, never by a link.
COMMON = {
    "accounts:signed_out": "shown after signing out (a POST)",
    "accounts:password_change_done": "shown after changing a password (a POST)",
    "accounts:password_reset_done": "shown after asking for a reset email (a POST)",
    "accounts:password_reset_confirm": "reached from the reset email",
    "accounts:password_reset_complete": "shown after setting a new password (a POST)",
    "accounts:two_factor_verify": "asked for at sign-in, before the home page",
    "accounts:two_factor_qr": "an image inside the set-up page while setting up",
    "accounts:two_factor_backup_codes": "shown after setting up two-factor (a POST)",
    "people:accept_invitation": "reached from the invitation email",
    "people:accept_carer_invitation": "reached from the invitation email sent to a carer",
    "college:become_student_sent": "shown after asking to become a student (a POST)",
    "college:finish_becoming_student": "reached from the email sent to a new student",
    "health_live": "for load balancers, not people",
    "health_ready": "for load balancers, not people",
    "feedback:survey": "reached from a poster, QR code, text message or letter (the public link)",
    "feedback:survey_qr": "an image on a survey's page and its printed poster",
    "feedback:survey_thanks": "shown after answering by the public link (a POST)",
    "feedback:given": "shown after giving feedback while signed in (a POST)",
    # A clinic tablet's pages: reached on the tablet itself, never from anyone's home page.
    "feedback:kiosk_enrol": "reached from the one-time link a service admin gives the tablet",
    "feedback:kiosk": "the clinic tablet's own page, opened once it is set up",
    "feedback:kiosk_thanks": "shown on the tablet after answering without JavaScript (a POST)",
    "feedback:kiosk_stopped": "shown on a tablet that is stopped or not set up",
    "feedback:kiosk_worker": "the tablet's service worker script, not a page",
}
# The worker's pages about a person: Pat may open them for her own record (the matrix
# allows it), but she reaches the same things through her own pages and menu.
WORKER_VIEWS_OF_A_PERSON = [
    "people:person_detail", "people:person_change",
    "export:person_print", "export:person_pdf", "export:person_fhir",
    "measures:person", "measures:person_start", "measures:person_progress",
    "measures:person_reminders",
    "plans:person_plan", "plans:person_edit", "plans:person_goal_add",
    "plans:person_goal_change", "plans:person_goal_rate", "plans:person_versions",
    "plans:person_compare", "plans:person_risk_plans", "plans:person_risk_plan_add",
    "plans:person_print", "plans:person_pdf", "plans:person_risk_print",
    "plans:person_risk_pdf", "episodes:person",
]  # fmt: skip
NOT_STUDENTS = {
    "college:learning_plan": "for students: anyone else is sent to become one (the prospectus)",
    "college:my_courses": "for students: anyone else is sent to become one (the prospectus)",
}
NO_TWO_FACTOR = {
    "accounts:two_factor_turn_off": "offered only once they have turned two-factor on",
}
NOT_FINISHED = "offered once the course has finished; Pat's has sessions still to come"
REGISTER = "the register opens on the day of a session; the world's are all to come"
WORKERS = {
    "measures:check": "reached after answering a check-in's questions (a POST)",
    "plans:person_risk_print": "the same printout as plans:risk_print, which the plan links",
    "plans:person_risk_pdf": "the same PDF as plans:risk_pdf, which the plan links",
    "plans:risk_plan_compare": "the compare form (a GET form), or links once there are versions",
}
EXCEPTIONS = {
    ALL: COMMON,
    "anonymous": {
        "college:run_calendar": "a calendar file; the run page links to it once it has sessions",
    },
    "person": dict.fromkeys(WORKER_VIEWS_OF_A_PERSON, "the worker's view of her own record")
    | NO_TWO_FACTOR
    | {
        "measures:check": WORKERS["measures:check"],
        "plans:risk_plan_compare": WORKERS["plans:risk_plan_compare"],
        "college:place": "shown after asking for a place (a POST)",
        "college:certificate": NOT_FINISHED,
        "college:feedback": NOT_FINISHED,
    },
    # Chris has no plan or check-ins of his own here; Pat's crawl follows the same links.
    "carer": NOT_STUDENTS
    | NO_TWO_FACTOR
    | dict.fromkeys(
        [
            "measures:progress",
            "plans:compare",
            "plans:versions",
            "plans:print",
            "plans:pdf",
            "plans:sharing",
        ],
        "opens from his own plan or check-ins once he has one",
    ),  # fmt: skip
    "peer_worker": NOT_STUDENTS | WORKERS,
    "recovery_coach": NOT_STUDENTS | WORKERS,
    "clinician": NOT_STUDENTS,
    "student": NO_TWO_FACTOR,
    "trainer": NOT_STUDENTS | {"college:session_register": REGISTER},
    "college_staff": NOT_STUDENTS
    | {
        "college:session_register": REGISTER,
        "college:cancel_place": "the student's own page; staff cancel from the enrolments list",
        "college:funding_change": "the funding list links each source; the world has none",
        "college:manage_run_publish": "offered while a run is a draft; the world's is published",
        "college:manage_run_session_add": "offered until a run has all its sessions (as here)",
    },
    "manager": NOT_STUDENTS,
    "admin": NOT_STUDENTS,
    "service_admin": NOT_STUDENTS
    | {"people:undo_sign_in_link": "offered after finding a record with the search form"},
}

# Pathways to volunteering and work (pathways/).
EXCEPTIONS[ALL] |= {
    "pathways:chairing": "offered on the home page to whoever chairs a panel (Mani does)",
}
DEBRIEF = "the debrief opens on the day of the panel; Pat's is next week"
EXCEPTIONS["person"] |= {
    "pathways:person_pathway": "the worker's view of her own pathway",
    "pathways:debrief": DEBRIEF,
}
EXCEPTIONS["manager"] |= {"pathways:debrief": DEBRIEF}
EXCEPTIONS["partner"] = NOT_STUDENTS | {
    "pathways:placement_start": "offered while a volunteer is getting ready; Pat has started",
}

# Joining duplicate records (people/views_merge.py).
EXCEPTIONS["service_admin"] |= {
    "people:merge_compare": "reached with the join page's form for 2 record numbers",
    "people:merge_done": "shown after joining (a POST); the join page links recent ones",
}

# Peer audits (practice/): the agreed rating opens once both auditors have rated every
# item; in the world Cleo has rated one of team A's ten.
EXCEPTIONS["clinician"] |= {
    "practice:agree": "linked from the round once both auditors have rated every item",
}


def allowed_names(role: str) -> set[str]:
    if role == "anonymous":
        names = {name for name, (_a, who) in MATRIX.items() if who == PUBLIC}
    else:
        names = {
            name
            for name, (_a, who) in MATRIX.items()
            if who not in (PUBLIC, POST_ONLY) and role in who
        }
    return names - EXCEPTIONS[ALL].keys() - EXCEPTIONS.get(role, {}).keys()


def crawl(client, start: str = "/", per_name: int = 6) -> set[str]:
    """Follow every same-site link from start; at most per_name pages of each URL name."""
    seen, reached, fetched = {start}, set(), {}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        try:
            name = resolve(path).view_name
        except Resolver404:
            continue
        if name.startswith("admin:") or fetched.get(name, 0) >= per_name:
            continue
        fetched[name] = fetched.get(name, 0) + 1
        response = client.get(path)
        if response.status_code != 200:
            continue
        reached.add(name)
        if "text/html" not in response.get("Content-Type", "") or response.streaming:
            continue
        for href in read_page(response.content.decode()).links:
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or parts.path in seen:
                continue
            seen.add(parts.path)
            queue.append(parts.path)
    return reached


ROLES = ["anonymous", "person", "carer", "peer_worker", "recovery_coach", "clinician",
         "student", "trainer", "college_staff", "manager", "admin", "service_admin",
         "partner"]  # fmt: skip


def test_every_role_of_the_world_is_crawled(matrix_world):  # noqa: F811
    assert set(ROLES) == {"anonymous", *matrix_world.by_role()}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)  # a role a test, so the crawls run in parallel
def test_every_page_a_role_may_use_is_reachable_by_links(client, sign_in, matrix_world, role):  # noqa: F811
    if role != "anonymous":
        sign_in(client, matrix_world.by_role()[role])
    unreached = allowed_names(role) - crawl(client)
    assert not unreached, f"pages a {role} may use but cannot reach by links: {sorted(unreached)}"


def test_every_exception_names_a_classified_page():
    for pages in EXCEPTIONS.values():
        assert pages.keys() <= MATRIX.keys(), pages.keys() - MATRIX.keys()
