"""How the listing and an opportunity's page say things (no database: plain attributes).

Only what the public may read: the owner's name, never a partner's contacts.
"""

from dataclasses import dataclass
from decimal import Decimal

from recoveryhub.core.presenters import long_date

from .models import PAID_KINDS, DbsLevel
from .vocabulary import TIME_LABELS


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def hours_text(hours: Decimal | None) -> str:
    """'2.5 hours a week', '1 hour a week', or '' when not given."""
    if hours is None:
        return ""
    number = f"{hours.normalize():f}" if hours % 1 else str(int(hours))
    return f"{number} hour{'' if hours == 1 else 's'} a week"


def where_text(opportunity) -> str:
    """'March community garden, Fenland'; 'From home' when that is all there is."""
    parts = [opportunity.place.strip()] if opportunity.place.strip() else []
    if opportunity.locality_id and opportunity.locality.name not in parts:
        parts.append(opportunity.locality.name)
    if parts:
        return ", ".join(parts)
    return "From home" if opportunity.can_be_remote else "To be agreed"


def pay_text(opportunity) -> str:
    """The pay of a paid job; '' for roles that are not paid."""
    if opportunity.kind in PAID_KINDS:
        return opportunity.pay.strip() or "Ask about the pay when you show interest"
    return ""


def paragraphs(text: str) -> list[str]:
    """Text typed in a box, one paragraph a line (blank lines dropped)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def times_text(times) -> str:
    return ", ".join(TIME_LABELS[t] for t in TIME_LABELS if t in (times or []))


def checks(opportunity) -> list[str]:
    """What is needed before starting, in words (a College course is linked separately)."""
    needed = []
    if opportunity.references_needed:
        needed.append(plural(opportunity.references_needed, "reference"))
    if opportunity.dbs_level != DbsLevel.NONE:
        needed.append(opportunity.get_dbs_level_display())
    if opportunity.induction_needed:
        needed.append("An induction before you start")
    return needed


@dataclass(frozen=True)
class Card:
    opportunity: object
    title: str
    owner: str
    kind: str
    when: str
    where: str
    pay: str
    skills: str

    @property
    def rows(self) -> list[tuple[str, str]]:
        rows = [("Offered by", self.owner), ("Kind", self.kind), ("When", self.when)]
        rows.append(("Where", self.where))
        if self.pay:
            rows.append(("Pay", self.pay))
        return rows


def card(opportunity) -> Card:
    """One opportunity in the listing (skills read from a prefetch)."""
    where = where_text(opportunity)
    if opportunity.can_be_remote and where != "From home":
        where += ", or from home"
    return Card(
        opportunity=opportunity,
        title=opportunity.title,
        owner=opportunity.owner_name,
        kind=opportunity.get_kind_display(),
        when=opportunity.when,
        where=where,
        pay=pay_text(opportunity),
        skills=", ".join(skill.name for skill in opportunity.skills.all()),
    )


def detail_rows(opportunity) -> list[tuple[str, str]]:
    """The opportunity's page: when, where, access, skills, pay and closing date."""
    rows = [("Offered by", opportunity.owner_name), ("Kind", opportunity.get_kind_display())]
    when = opportunity.when
    if opportunity.times:
        when = f"{when} ({times_text(opportunity.times).lower()})"
    rows.append(("When", when))
    if opportunity.hours_per_week is not None:
        rows.append(("Hours", hours_text(opportunity.hours_per_week)))
    rows.append(("Where", where_text(opportunity)))
    rows.append(("Can it be done from home?", "Yes" if opportunity.can_be_remote else "No"))
    access = "Step-free access" if opportunity.step_free else "Not step-free"
    if opportunity.access_notes.strip():
        access = f"{access}. {opportunity.access_notes.strip()}"
    rows.append(("Access", access))
    skills = ", ".join(skill.name for skill in opportunity.skills.all())
    rows.append(("Skills", skills or "No particular skills needed"))
    if opportunity.kind in PAID_KINDS:
        rows.append(("Pay", pay_text(opportunity)))
    rows.append(("Places", plural(opportunity.places, "place")))
    closes = long_date(opportunity.closes_on) if opportunity.closes_on else "No closing date"
    rows.append(("Closing date", closes))
    return rows
