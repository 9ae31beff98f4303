"""One person's pathway towards volunteering and work, gathered from every part of it.

Strategy para 36 wants the Recovery College "situated within a pathway towards employment":
so a person's pathway starts with their College courses, then the interest they showed,
their volunteering and panel roles, employment support and jobs, and the goals from
their recovery plan they chose for it. No words here: presenters_person.py says them.
A fixed number of queries, plus one a College place (college.services.completed_courses).
"""

from dataclasses import dataclass, field

from recoveryhub.college.models import Enrolment, EnrolmentStatus
from recoveryhub.college.services import completed_courses
from recoveryhub.plans.models import Goal

from .models import (
    EmploymentSupport,
    Interest,
    JobStart,
    PanelBooking,
    PanelMember,
    PathwayProfile,
    Placement,
)


@dataclass
class Pathway:
    person: object
    profile: PathwayProfile | None
    enrolments: list = field(default_factory=list)
    completed: dict = field(default_factory=dict)  # course id -> the day it was completed
    interests: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    supports: list = field(default_factory=list)
    jobs: list = field(default_factory=list)
    member: PanelMember | None = None
    bookings: list = field(default_factory=list)
    goals: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            [self.enrolments, self.interests, self.placements, self.supports, self.jobs,
             self.member, self.bookings]
        )  # fmt: skip


def profile_of(person) -> PathwayProfile | None:
    return PathwayProfile.objects.filter(person=person).first()


def pathway_of(person) -> Pathway:
    profile = profile_of(person)
    enrolments = list(
        Enrolment.objects.filter(student__person=person)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .select_related("run__course", "run__term", "student")
        .order_by("requested_at", "pk")
    )
    return Pathway(
        person=person,
        profile=profile,
        enrolments=enrolments,
        completed=completed_courses(person) if enrolments else {},
        interests=list(
            Interest.objects.filter(person=person)
            .select_related("opportunity__partner")
            .order_by("sent_at", "pk")
        ),
        placements=list(
            Placement.objects.filter(person=person)
            .select_related("opportunity__partner")
            .order_by("created_at", "pk")
        ),
        supports=list(
            EmploymentSupport.objects.filter(person=person)
            .select_related("team", "specialist")
            .order_by("referred_on", "pk")
        ),
        jobs=list(JobStart.objects.filter(person=person).order_by("started_on", "pk")),
        member=PanelMember.objects.filter(person=person).first(),
        bookings=list(
            PanelBooking.objects.filter(member__person=person)
            .select_related("member__person")
            .order_by("on", "pk")
        ),
        goals=chosen_goals(profile) if profile else [],
    )


def chosen_goals(profile: PathwayProfile) -> list:
    """The goals they chose for their pathway, only ever from their own recovery plan."""
    return list(profile.goals.filter(plan__person_id=profile.person_id).order_by("created_at"))


def plan_goals(person):
    """Every goal of their recovery plan, to choose from."""
    return Goal.objects.filter(plan__person=person).order_by("created_at", "pk")
