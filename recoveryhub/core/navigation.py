"""What the header offers each signed-in user.

One place decides the menu so every page shows the same choices for the same
person. Roles (issue: people, carers, teams and roles) add their own items here.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    text: str
    href: str

    def as_header_item(self, current_path: str) -> dict:
        current = self.href == current_path
        active = not current and self.href != "/" and current_path.startswith(self.href)
        return {"text": self.text, "href": self.href, "current": current, "active": active}


def primary_links(user) -> list[Link]:
    if not user.is_authenticated:
        return []
    links = [Link("Home", reverse("core:home"))]
    if user.is_staff:
        links.append(Link("Administration", reverse("admin:index")))
    return links


def account_links(user) -> list[Link]:
    if not user.is_authenticated:
        return [Link("Sign in", reverse("accounts:sign_in"))]
    return [Link("Sign out", reverse("accounts:sign_out"))]
