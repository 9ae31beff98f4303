"""bench/load.py's virtual users: how each role signs in and which pages it walks.

Each user signs in once through the real pages (a two-factor code for staff, from the
demo key every load-test staff account's own device holds) and keeps its session cookie.
What it does next depends on the phase bench/load.py has set in STATE: walk its menu
with think time, ask for one page as fast as it is answered, or wait.
"""

import hashlib
import hmac
import itertools
import random
import re
import struct
import time

import gevent
from locust import task
from locust.contrib.fasthttp import FastHttpUser

DEMO_PASSWORD = "recovery-hub-demo"  # noqa: S105 - the demo trust's, printed in README.md
DEMO_TOTP_KEY = bytes.fromhex("5265636f766572792048756220646f206e6f7420")  # accounts/demo.py
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERSON_PAGE = re.compile(r'href="(/people/\d+/)"')


class State:
    phase = "between"
    page: str | None = None
    signed_in = 0
    in_flight = 0


STATE = State()
ACCOUNTS_TAKEN: dict[str, int] = {}


def totp_code_now() -> str:
    """RFC 6238 as django-otp's TOTPDevice checks it: SHA-1, 30 s steps, 6 digits."""
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(DEMO_TOTP_KEY, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class SignedInUser(FastHttpUser):
    abstract = True
    role = ""
    staff = False
    accounts: list[str] = []
    # (page name, path): home first, then the menu, as the header offers them.
    pages: list[tuple[str, str]] = []

    def wait_time(self) -> float:
        return random.uniform(1, 3) if STATE.phase == "journeys" else 0  # noqa: S311

    def on_start(self) -> None:
        self.ready = False
        taken = ACCOUNTS_TAKEN.get(self.role, 0)
        ACCOUNTS_TAKEN[self.role] = taken + 1
        email = self.accounts[taken % len(self.accounts)]  # shared only if there are too few
        if self.sign_in(email):
            self.ready = self.more_pages()
        self.walk = itertools.cycle(self.paths())
        for _ in range(random.randrange(len(self.pages))):  # noqa: S311 - spread the walks
            next(self.walk)
        STATE.signed_in += 1

    def sign_in(self, email: str) -> bool:
        form = self.visit("sign in (form)", "/sign-in/")
        fields = {"username": email, "password": DEMO_PASSWORD}
        if not self.post("sign in", "/sign-in/", form, fields):
            return False
        if self.staff:
            form = self.visit("two-factor (form)", "/two-factor/")
            if not self.post("two-factor", "/two-factor/", form, {"code": totp_code_now()}):
                return False
        home = self.visit("sign-in check", "/")
        return home is not None and "Sign out" in home

    def more_pages(self) -> bool:
        return True

    def paths(self) -> list[tuple[str, str]]:
        return self.pages

    @task
    def act(self) -> None:
        if not self.ready:
            gevent.sleep(1)
        elif STATE.phase == "journeys":
            self.visit(*next(self.walk))
        elif STATE.phase == "bare" or STATE.phase == "bare again":
            self.visit("bare view", "/bench/bare")
        elif STATE.phase.startswith("capacity") and STATE.page in dict(self.paths()):
            self.visit(STATE.page, dict(self.paths())[STATE.page])
        else:
            gevent.sleep(0.2)

    def visit(self, name: str, path: str) -> str | None:
        """GET a page; anything but a 200 (a redirect to sign-in too) is an error."""
        return self._request("GET", name, path)

    def post(self, name: str, path: str, form: str | None, fields: dict) -> bool:
        token = CSRF.search(form or "")
        if token is None:
            return False
        fields = {"csrfmiddlewaretoken": token.group(1), **fields}
        # Signing in answers with a redirect: following it is part of the step.
        return self._request("POST", name, path, data=fields, follow=True) is not None

    def _request(self, method, name, path, data=None, follow=False) -> str | None:
        context = {"phase": STATE.phase}
        STATE.in_flight += 1
        try:
            with self.client.request(
                method, path, name=name, data=data, allow_redirects=follow,
                catch_response=True, context=context,
            ) as response:  # fmt: skip
                text = response.text or ""
                if "database is locked" in text.lower():
                    context["locked"] = True
                if response.status_code != 200:
                    response.failure(f"{response.status_code} from {path}")
                    return None
                if follow and "/sign-in/" in str(getattr(response, "url", "")):
                    response.failure("still on the sign-in page")
                    return None
                return text
        finally:
            STATE.in_flight -= 1


class PersonUser(SignedInUser):
    role = "person"
    pages = [
        ("home (person)", "/"),
        ("your record", "/my-record/"),
        ("check-ins", "/check-ins/"),
        ("your plan", "/plan/"),
    ]


class WorkerUser(SignedInUser):
    role = "worker"
    staff = True
    pages = [
        ("home (worker)", "/"),
        ("caseload", "/caseload/"),
        ("a person (worker)", ""),
        ("plan reviews", "/plans/reviews/"),
    ]

    def more_pages(self) -> bool:
        """A person on the team's caseload to look at, as a worker would pick from the list."""
        caseload = self.visit("caseload", "/caseload/")
        people = PERSON_PAGE.findall(caseload or "")
        self.person = random.choice(people) if people else None  # noqa: S311
        return self.person is not None

    def paths(self) -> list[tuple[str, str]]:
        return [(name, path or self.person) for name, path in self.pages]


class StudentUser(SignedInUser):
    role = "student"
    pages = [
        ("home (student)", "/"),
        ("your courses", "/college/my-courses/"),
        ("prospectus", "/college/"),
    ]


class ManagerUser(SignedInUser):
    role = "manager"
    staff = True
    pages = [
        ("home (manager)", "/"),
        ("outcomes", "/outcomes/"),
        ("team caseloads", "/team-caseloads/"),
        ("college reach", "/college/reach/"),
    ]


ROLES = {cls.role: cls for cls in (PersonUser, WorkerUser, StudentUser, ManagerUser)}


def pages_of(role: str) -> list[str]:
    return [name for name, _ in ROLES[role].pages]
