"""A person's pathway in words, for whoever reads it: "you" to the person, their preferred
name to a worker. Each link is offered only where core.permissions lets the reader open it.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from recoveryhub.core import permissions
from recoveryhub.core.presenters import long_date

from .models import InterestStatus, PlacementStatus, SupportStatus
from .pathway import Pathway


def link(name: str, *args) -> str:
    """A page's address from its name and arguments, as the templates' url() gives it."""
    return reverse(name, args=args)


@dataclass(frozen=True)
class Step:
    """One thing on the way, as the journey lists it."""

    on: date
    kind: str  # "Recovery College", "Volunteering"...
    title: str
    status: str
    detail: str = ""
    href: str | None = None
    colour: str = "grey"  # the NHS tag's colour for the status


@dataclass(frozen=True)
class Reader:
    user: object
    person: object
    own: bool


def _day(moment) -> date:
    return timezone.localtime(moment).date() if isinstance(moment, datetime) else moment


def journey(pathway: Pathway, reader: Reader) -> list[Step]:
    """Everything on their pathway, oldest first (the journey in the order it happened)."""
    steps = [
        *(_course(e, pathway, reader) for e in pathway.enrolments),
        *(_interest(i, reader) for i in pathway.interests),
        *(_placement(p, reader) for p in pathway.placements),
        *(_support(s, reader) for s in pathway.supports),
        *(_job(j) for j in pathway.jobs),
        *(_booking(b, reader) for b in pathway.bookings),
    ]
    if pathway.member:
        member = pathway.member
        steps.append(
            Step(member.trained_on, "Interview panels", "Trained to sit on interview panels",
                 "On the register" if member.is_active else "Not on the register now",
                 f"Refresher training due {long_date(member.refresher_due)}.",
                 colour="green" if member.is_active else "grey")
        )  # fmt: skip
    return sorted(steps, key=lambda step: step.on)


def _course(enrolment, pathway: Pathway, reader: Reader) -> Step:
    run = enrolment.run
    began = run.first_session_at or enrolment.requested_at
    done = pathway.completed.get(run.course_id)
    if done:
        status, detail, colour = "Completed", f"Completed on {long_date(done)}.", "green"
    else:
        status, detail, colour = enrolment.get_status_display(), "", "blue"
    own_place = reader.own and enrolment.student.user_id == reader.user.pk
    href = link("college:place", enrolment.pk) if own_place else None
    return Step(
        _day(began), "Recovery College", f"{run.course.title}, {run.term.name}", status,
        detail, href, colour,
    )  # fmt: skip


def interest_status(interest, reader: Reader) -> str:
    """Its status in plain words; the person's own words are the model's labels."""
    if reader.own:
        return interest.get_status_display()
    return {
        InterestStatus.SENT: "Sent: waiting for an answer",
        InterestStatus.APPROVED: "Yes: approved to go ahead",
        InterestStatus.DECLINED: "Not this time",
        InterestStatus.WITHDRAWN: f"{reader.person.short_name} withdrew it",
    }[interest.status]


STATUS_COLOURS = {
    InterestStatus.SENT: "blue",
    InterestStatus.APPROVED: "green",
    InterestStatus.DECLINED: "orange",
    InterestStatus.WITHDRAWN: "grey",
}


def _interest(interest, reader: Reader) -> Step:
    opportunity = interest.opportunity
    detail = ""
    if interest.status == InterestStatus.DECLINED and interest.reason:
        detail = f"{opportunity.owner_name} said: {interest.reason}"
    href = (
        reverse("pathways:interest", args=[interest.pk])
        if permissions.can(reader.user, "interest.view", interest)
        else None
    )
    return Step(
        _day(interest.sent_at), "Interest", f"{opportunity.title}, {opportunity.owner_name}",
        interest_status(interest, reader), detail, href, STATUS_COLOURS[interest.status],
    )  # fmt: skip


def _placement(placement, reader: Reader) -> Step:
    opportunity = placement.opportunity
    parts = []
    if placement.started_on:
        parts.append(f"Started on {long_date(placement.started_on)}.")
    if placement.ended_on:
        parts.append(f"Ended on {long_date(placement.ended_on)}.")
    allowed = permissions.can(reader.user, "placement.view", placement)
    colour = {PlacementStatus.ACTIVE: "green", PlacementStatus.ONBOARDING: "blue"}
    kind = "Interview panels" if opportunity.kind == "panel" else "Volunteering"
    return Step(
        _day(placement.created_at), kind, f"{opportunity.title}, {opportunity.owner_name}",
        placement.get_status_display(), " ".join(parts),
        link("pathways:placement", placement.pk) if allowed else None,
        colour.get(placement.status, "grey"),
    )  # fmt: skip


def _support(support, reader: Reader) -> Step:
    parts = [f"With {support.specialist.display_name}, {support.team.name}."]
    if support.first_employer_contact_on:
        parts.append(
            f"First contact with an employer on {long_date(support.first_employer_contact_on)}."
        )
    if support.ended_on:
        parts.append(f"Ended on {long_date(support.ended_on)}.")
    allowed = permissions.can(reader.user, "support.view", support)
    return Step(
        support.referred_on, "Employment support", "Support to find paid work",
        support.get_status_display(), " ".join(parts),
        link("pathways:support", support.pk) if allowed else None,
        "green" if support.status == SupportStatus.OPEN else "grey",
    )  # fmt: skip


def _job(job) -> Step:
    hours = f"{job.hours_per_week.normalize():f} hours a week"
    ended = f" Ended on {long_date(job.ended_on)}." if job.ended_on else ""
    return Step(
        job.started_on, "Work", f"{job.job_title}, {job.employer}",
        "Ended" if job.ended_on else "In work", f"{hours}.{ended}",
        colour="grey" if job.ended_on else "green",
    )  # fmt: skip


def _booking(booking, reader: Reader) -> Step:
    allowed = permissions.can(reader.user, "booking.debrief", booking)
    return Step(
        booking.on, "Interview panels", f"Interview panel for {booking.post}",
        booking.get_status_display(), f"At {booking.place}.",
        link("pathways:booking", booking.pk) if allowed else None,
        "blue" if booking.status == "booked" else "grey",
    )  # fmt: skip


def goal_rows(pathway: Pathway, reader: Reader) -> list[tuple[object, str | None]]:
    """(goal, its page) for the goals chosen for the pathway: the person's own goal page,
    or a worker's view of the plan where they may see it."""
    person = pathway.person
    if reader.own:
        return [(goal, reverse("plans:goal_change", args=[goal.pk])) for goal in pathway.goals]
    may = permissions.can(reader.user, "person.view_plans", person)
    plan = reverse("plans:person_plan", args=[person.pk]) if may else None
    return [(goal, f"{plan}#goal-{goal.pk}" if plan else None) for goal in pathway.goals]
