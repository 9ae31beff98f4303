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
    # Other address prefixes that belong to this item's part of the service.
    also: tuple[str, ...] = ()

    def as_header_item(self, current_path: str) -> dict:
        """This item alone; `header_items` decides which one item of a menu is current."""
        return header_items([self], current_path)[0]

    def match(self, path: str) -> int:
        """How closely `path` belongs here: the length of the longest prefix, 0 for none."""
        prefixes = [p for p in (self.href, *self.also) if p != "/" and path.startswith(p)]
        return max(map(len, prefixes), default=0)


def header_items(links: list[Link], current_path: str) -> list[dict]:
    """The menu as the NHS.UK header draws it, with at most one item marked: the page
    itself ("current"), or else the item whose part of the service holds the page most
    closely ("active"), so /college/my-courses/ marks "Your courses", not also
    "Recovery College"."""
    exact = next((link for link in links if link.href == current_path), None)
    best = exact
    if best is None:
        scores = [(link.match(current_path), -i) for i, link in enumerate(links)]
        score, position = max(scores, default=(0, 0))
        best = links[-position] if score else None
    return [
        {
            "text": link.text,
            "href": link.href,
            "current": link is exact,
            "active": link is best and link is not exact,
        }
        for link in links
    ]


def _under(name: str) -> str:
    """The address prefix of a page that takes an id: /college/places/ for a place."""
    return reverse(name, args=[0]).rsplit("/0/", 1)[0] + "/"


# Parts of the service that have pages outside their menu item's own address.
SECTIONS = {
    "college:my_courses": lambda: (
        reverse("college:learning_plan"),
        reverse("college:become_student"),
        _under("college:place"),
    ),
    "college:money_index": lambda: (reverse("college:funding"),),
}


# (roles that see it, text, url name), in the order shown.
MENU = [
    # A carer has a record of their own too (a carer link joins two people).
    ({Role.PERSON, Role.CARER}, "Your record", "people:my_record"),
    ({Role.PERSON}, "Check-ins", "measures:mine"),
    ({Role.PERSON}, "Your plan", "plans:mine"),
    ({Role.PERSON}, "Risk-taking plans", "plans:risk_plans"),
    ({Role.PERSON}, "Your support", "episodes:mine"),
    # Carers can volunteer and work too: their own pathway, on their own record.
    ({Role.PERSON, Role.CARER}, "Volunteering and work", "pathways:mine"),
    ({Role.PERSON, Role.CARER}, "Tell us how we did", "feedback:give"),
    ({Role.CARER}, "People you care for", "people:caring_for"),
    (WORKER_ROLES, "Caseload", "people:caseload"),
    (WORKER_ROLES, "Plan reviews", "plans:reviews_due"),
    (WORKER_ROLES, "Referrals", "episodes:incoming"),
    ({Role.RECOVERY_COACH}, "Coaching", "episodes:coaching"),
    (WORKER_ROLES, "Employment support", "pathways:ips"),
    # A team's feedback; a manager who leads a service's feedback finds the figures there.
    (WORKER_ROLES | {Role.MANAGER}, "Feedback", "feedback:home"),
    # Peer audits, the strategy action plan and board reports (practice/, para 47).
    (
        WORKER_ROLES | {Role.TRAINER, Role.COLLEGE_STAFF, Role.MANAGER},
        "Recovery practice",
        "practice:home",
    ),
    ({Role.MANAGER}, "Team caseloads", "people:team_caseloads"),
    ({Role.MANAGER}, "Outcomes", "measures:outcomes"),
    ({Role.MANAGER}, "Safety flags", "measures:flag_counts"),
    ({Role.MANAGER}, "Reablement and coaching", "episodes:throughput"),
    ({Role.MANAGER}, "Volunteering and work", "pathways:figures"),
    ({Role.MANAGER}, "Your team's staff", "staff:team"),
    ({Role.STUDENT}, "Your courses", "college:my_courses"),
    ({Role.TRAINER}, "Your teaching", "college:teaching"),
    ({Role.COLLEGE_STAFF}, "Run the College", "college:manage"),
    ({Role.COLLEGE_STAFF, Role.MANAGER}, "College reach", "college:reach"),
    ({Role.COLLEGE_STAFF}, "College money", "college:money_index"),
    # The trust's pathways team is its College staff (core/permissions.py).
    ({Role.COLLEGE_STAFF}, "Volunteering and work", "pathways:manage"),
    ({Role.PARTNER}, "Your organisation", "pathways:partner_home"),
    ({Role.PARTNER}, "Volunteers", "pathways:volunteers"),
    ({Role.ADMIN}, "Background jobs", "jobs:runner"),
    ({Role.SERVICE_ADMIN}, "Staff and sign-ins", "staff:list"),
    ({Role.SERVICE_ADMIN}, "Sign-in links", "people:sign_in_links"),
    ({Role.SERVICE_ADMIN}, "Join duplicate records", "people:merge_find"),
    ({Role.SERVICE_ADMIN}, "Audit trail", "audit:trail"),
    ({Role.SERVICE_ADMIN}, "Clinic tablets", "feedback:kiosks"),
    ({Role.SERVICE_ADMIN}, "Feedback leads", "feedback:leads"),
    # Open to all: the strategy asks the College to reach carers and "all CPFT staff".
    (set(Role), "Recovery College", "college:prospectus"),
]


def primary_links(user) -> list[Link]:
    if not user.is_authenticated:
        return []
    links = [Link("Home", reverse("core:home"))]
    links += [
        Link(text, reverse(name), SECTIONS[name]() if name in SECTIONS else ())
        for roles, text, name in MENU
        if user.has_role(*roles)
    ]
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
