"""Benchmark: every role's home and menu pages on the large demo, against the sign-in page.

Signs in as each demo role (two-factor completed, as a browser would be after the code),
then fetches the home page and every page in that role's menu (core.navigation), plus a
person's page and check-ins as their worker sees them, and the public prospectus, over
HTTP from a gunicorn worker on loopback (DEBUG off, as in production), one request at a
time; each page is warmed once, then timed several times. Prints each page's median and
its ratio to the sign-in page's median measured in the same run (target: <= 10x). The
outcomes page keeps its figures until a write can change them, so it is also timed the
first time after a write (a summary refresh, as after a completed check-in).

Uses the large demo (`seed_demo --size large`): in a fresh SQLite file in a temporary
folder, unless DATABASE_URL is set (that database must be empty or hold the same demo),
or in `--var DIR`, which keeps the SQLite file so a second run skips the seeding.

    .venv/bin/python bench/pages.py [--var DIR] [--repeat N] [--size large|small]
"""

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 10.0
ROLES = [
    ("person", "person@recoveryhub.example"),
    ("carer", "carer@recoveryhub.example"),
    ("peer worker", "peer.worker@recoveryhub.example"),
    ("recovery coach", "recovery.coach@recoveryhub.example"),
    ("clinician", "clinician@recoveryhub.example"),
    ("student", "student@recoveryhub.example"),
    ("trainer", "trainer@recoveryhub.example"),
    ("college staff", "college@recoveryhub.example"),
    ("manager", "manager@recoveryhub.example"),
    ("admin", "admin@recoveryhub.example"),
    ("service admin", "service.admin@recoveryhub.example"),
    ("partner", "partner@recoveryhub.example"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", choices=["small", "large"], default="large")
    parser.add_argument("--repeat", type=int, default=5, help="timings of each page")
    parser.add_argument("--var", type=Path, help="keep the SQLite database in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        var = args.var or Path(temporary)
        os.environ.update(
            RECOVERYHUB_VAR_DIR=str(var),
            ALLOW_DEMO_DATA="1",
            DJANGO_SETTINGS_MODULE="recoveryhub.config.settings",
            SECURE_SSL_REDIRECT="0",
            ALLOWED_HOSTS="testserver",
        )
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection

        database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
        print(f"Pages on the {args.size} demo, {database}")
        prepare(args.size, args.seed)
        bench(args.repeat)


def prepare(size: str, seed: int) -> None:
    from demo_trust import seed as seed_trust

    from recoveryhub.measures.models import CheckIn
    from recoveryhub.people.models import Person

    took = seed_trust(size, seed, collect_static=True)
    print(f"  seed_demo (or found it):  {took:.0f} s")
    print(f"  people: {Person.objects.count():,}; check-ins: {CheckIn.objects.count():,}")


def signed_in(email: str):
    """A client signed in as this demo user, and the user."""
    from demo_trust import signed_in as client_of

    from recoveryhub.accounts.models import User

    user = User.objects.get(email=email)
    return client_of(user), user


class Server:
    """One gunicorn worker on a free loopback port, with this process's settings."""

    def __enter__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1"}
        self.process = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).parent / "gunicorn"), "recoveryhub.config.wsgi",
             "--workers", "1", "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        for _ in range(100):
            try:
                self.get("/health/live", "")
                return self
            except OSError:
                time.sleep(0.1)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def get(self, href: str, cookie: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": cookie} if cookie else {}
        connection.request("GET", href, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status


def pages_for(user) -> list[tuple[str, str]]:
    from django.urls import reverse

    from recoveryhub.core import navigation, permissions
    from recoveryhub.people.models import Person

    pages = [(link.text, link.href) for link in navigation.primary_links(user)]
    pages = [(text, href) for text, href in pages if not href.startswith("/admin/")]
    if permissions.can(user, "caseload.view"):
        person = permissions.caseload(user).filter(user__email="person@recoveryhub.example")
        person = person.first() or permissions.caseload(user).order_by("pk").first()
        if person:
            pages.append(("A person's page", reverse("people:person_detail", args=[person.pk])))
            pages.append(("Their check-ins", reverse("measures:person", args=[person.pk])))
    if Person.objects.filter(user=user).exists():
        pages.append(("Your record", reverse("people:my_record")))
    return list(dict.fromkeys(pages + feedback_pages(user) + practice_pages(user)))


def feedback_pages(user) -> list[tuple[str, str]]:
    """Feedback's pages below the menu: a team's, its comments and figures, the trust's
    figures (a lead or manager) and the theme reviewer's queue (a volunteer)."""
    from django.urls import reverse

    from recoveryhub.core import permissions
    from recoveryhub.feedback.models import ThemeReviewer
    from recoveryhub.people.models import Team

    pages = []
    if permissions.can(user, "feedback.figures"):
        pages.append(("Feedback figures", reverse("feedback:figures")))
    team = Team.objects.filter(members__user=user).order_by("pk").first()
    if team and permissions.can(user, "feedback.team", team):
        pages += [
            ("A team's feedback", reverse("feedback:team", args=[team.pk])),
            ("Its comments", reverse("feedback:comments", args=[team.pk])),
            ("Its feedback figures", reverse("feedback:team_figures", args=[team.pk])),
        ]
    if ThemeReviewer.objects.filter(user=user, is_active=True).exists():
        pages.append(("Themes to review", reverse("feedback:review")))
    return pages


def practice_pages(user) -> list[tuple[str, str]]:
    """Recovery practice below its hub: a round the reader audits or their team's latest,
    its evidence, the team's audits; for managers the plan, the stages and the board
    reports (the draft is built live from every measure; a published one is a snapshot)."""
    from django.db.models import Q
    from django.urls import reverse

    from recoveryhub.core import permissions
    from recoveryhub.people.models import Team
    from recoveryhub.practice.models import AuditRound, BoardReport

    pages = []
    team = Team.objects.filter(members__user=user).order_by("pk").first()
    mine = Q(peer_auditor=user) | Q(worker_auditor=user) | Q(team=team)
    round = AuditRound.objects.filter(mine).order_by("-visit_on").first()
    if round and permissions.can(user, "round.view", round):
        pages += [
            ("An audit round", reverse("practice:round", args=[round.pk])),
            ("Its evidence", reverse("practice:evidence", args=[round.pk])),
        ]
    if team and permissions.can(user, "practice.team_audits", team):
        pages.append(("A team's audits", reverse("practice:team_audits", args=[team.pk])))
    if permissions.can(user, "practice.plan"):
        pages.append(("The action plan", reverse("practice:plan")))
    if permissions.can(user, "practice.stages"):
        pages.append(("Stages across teams", reverse("practice:stages")))
    if permissions.can(user, "practice.reports"):
        for report in BoardReport.objects.order_by("-quarter_start")[:2]:
            kind = "published" if report.is_published else "draft, built live"
            pages.append((f"Board report ({kind})", reverse("practice:report", args=[report.pk])))
    return pages


def timed(server: Server, cookie: str, href: str, repeat: int, before=None) -> float:
    """The median time of `href`; `before` (untimed) runs before each request."""
    status = server.get(href, cookie)  # warm: templates compiled, connection open
    if status != 200:
        raise SystemExit(f"{href} answered {status}")
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        status = server.get(href, cookie)
        times.append(time.perf_counter() - started)
        assert status == 200, href
    return statistics.median(times)


def bench(repeat: int) -> None:
    from django.conf import settings
    from django.urls import reverse

    rows = [
        ("anyone", "Recovery College prospectus", "", reverse("college:prospectus"), None),
        ("anyone", "Volunteering and work listing", "", reverse("pathways:listing"), None),
        ("anyone", "You said, we did", "", reverse("feedback:public_changes"), None),
    ]
    for role, email in ROLES:
        client, user = signed_in(email)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        pages = pages_for(user)
        rows += [(role, text, cookie, href, None) for text, href in pages]
        outcomes = reverse("measures:outcomes")
        if any(href == outcomes for _, href in pages):
            rows.append((role, "Outcomes after a write", cookie, outcomes, a_write()))
    with Server() as server:
        measure(server, rows, repeat)


def a_write():
    """A write that can change the outcomes figures, as the product makes it: a summary
    refresh, as after a completed check-in (here it finds nothing new)."""
    from django.db import transaction

    from recoveryhub.measures import summaries
    from recoveryhub.measures.models import CheckIn

    person_id = CheckIn.objects.filter(instrument="phq9").values_list("person_id", flat=True)[0]

    def write():
        with transaction.atomic():
            summaries.refresh(person_id, "phq9")

    return write


def measure(server: Server, rows: list, repeat: int) -> None:
    from django.urls import reverse

    baseline = timed(server, "", reverse("accounts:sign_in"), repeat * 2)
    print(f"  sign-in page (baseline): {baseline * 1000:.1f} ms\n")
    print(f"  {'role':<15} {'page':<26} {'ms':>8} {'ratio':>7}")
    worst = []
    for role, text, cookie, href, before in rows:
        median = timed(server, cookie, href, repeat, before)
        ratio = median / baseline
        flag = "" if ratio <= TARGET else "  over target"
        if flag:
            worst.append((role, text, ratio))
        print(f"  {role:<15} {text[:26]:<26} {median * 1000:8.1f} {ratio:7.1f}{flag}")
    print(f"\n  pages timed: {len(rows)}; over {TARGET:.0f}x the sign-in page: {len(worst)}")
    for role, text, ratio in worst:
        print(f"    {role}: {text} ({ratio:.1f}x)")


if __name__ == "__main__":
    main()
