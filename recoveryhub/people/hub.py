"""The person page as the hub: every part of a person's record its reader may see.

Each part is asked of core.permissions with the same action its own page asks, so
the hub never offers a link that ends in "not found", nor hides one that would work.
"""

from dataclasses import dataclass

from django.urls import reverse

from recoveryhub.core import permissions


@dataclass(frozen=True)
class Part:
    title: str
    href: str
    description: str


def record_parts(user, person) -> list[Part]:
    own = permissions.is_self(user, person)
    name = "your" if own else f"{person.short_name}'s"
    leading = name[:1].upper() + name[1:]  # str.capitalize would lower "McDonald"
    pk = [person.pk]
    # (action asked, title, url name, arguments, description), in the order shown.
    parts = [
        ("person.change", "Details", "people:person_change", pk,
         f"Change {name} name, contact details and communication needs"),
        ("person.view_check_ins", "Check-ins and progress", "measures:person", pk,
         f"Record a check-in and see {name} scores over time"),
        ("person.view_plans", "Recovery and wellbeing plan", "plans:person_plan", pk,
         f"{leading} goals, what helps and who supports them"),
        ("person.view_plans", "Positive risk-taking plans", "plans:person_risk_plans", pk,
         "Risks agreed together, what keeps them safe and when to review"),
        ("person.view_episodes", "Support from our teams", "episodes:person", pk,
         f"{leading} support from our teams now, what has ended, and {name} open door back"),
        ("person.view_pathway", "Volunteering and work", "pathways:person_pathway", pk,
         f"{leading} steps towards volunteering and work: College courses, roles, support "
         "to find work, and jobs"),
        ("person.view_college_record", "Recovery College", "college:my_courses", [],
         f"{leading} courses, places and learning plan"),
        ("person.view_access_log", "Who has looked at your record", "people:access_log", [],
         "Everyone who has looked at or changed it, and when"),
    ]  # fmt: skip
    return [
        Part(title, reverse(url_name, args=args), description)
        for action, title, url_name, args, description in parts
        # Parts without a person in the address are the reader's own pages.
        if (own or args) and permissions.can(user, action, person)
    ]
