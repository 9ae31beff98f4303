"""What the header offers each signed-in user, by role.

One place decides the menu so every page shows the same choices for the same
person; the browser tests visit every link it gives each demo role.
"""

from dataclasses import dataclass

from django.urls import reverse

from recoveryhub.accounts.roles import WORKER_ROLES, Role


@dataclass(frozen=True)
class Link:
    text: str
    href: str

    def as_header_item(self, current_path: str) -> dict:
        current = self.href == current_path
        active = not current and self.href != "/" and current_path.startswith(self.href)
        return {"text": self.text, "href": self.href, "current": current, "active": active}


# (roles that see it, text, url name), in the order shown.
MENU = [
    # A carer has a record of their own too (a carer link joins two people).
    ({Role.PERSON, Role.CARER}, "Your record", "people:my_record"),
    ({Role.PERSON}, "Check-ins", "measures:mine"),
    ({Role.PERSON}, "Your plan", "plans:mine"),
    ({Role.PERSON}, "Risk-taking plans", "plans:risk_plans"),
    ({Role.CARER}, "People you care for", "people:caring_for"),
    (WORKER_ROLES, "Caseload", "people:caseload"),
    (WORKER_ROLES, "Plan reviews", "plans:reviews_due"),
    ({Role.MANAGER}, "Team caseloads", "people:team_caseloads"),
    ({Role.MANAGER}, "Outcomes", "measures:outcomes"),
    ({Role.STUDENT}, "Your courses", "college:my_courses"),
    ({Role.TRAINER}, "Your teaching", "college:teaching"),
    ({Role.COLLEGE_STAFF}, "Run the College", "college:manage"),
    ({Role.COLLEGE_STAFF, Role.MANAGER}, "College reach", "college:reach"),
    ({Role.COLLEGE_STAFF}, "College money", "college:money_index"),
    ({Role.ADMIN}, "Background jobs", "jobs:runner"),
    ({Role.ADMIN}, "Sign-in links", "people:sign_in_links"),
    # Open to all: the strategy asks the College to reach carers and "all CPFT staff".
    (set(Role), "Recovery College", "college:prospectus"),
]


def primary_links(user) -> list[Link]:
    if not user.is_authenticated:
        return []
    links = [Link("Home", reverse("core:home"))]
    links += [Link(text, reverse(name)) for roles, text, name in MENU if user.has_role(*roles)]
    if user.is_staff:
        links.append(Link("Administration", reverse("admin:index")))
    return links


def account_links(user) -> list[Link]:
    if not user.is_authenticated:
        return [Link("Sign in", reverse("accounts:sign_in"))]
    return [
        Link("Your account", reverse("accounts:account")),
        Link("Sign out", reverse("accounts:sign_out")),
    ]
