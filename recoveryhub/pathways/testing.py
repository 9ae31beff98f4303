"""Pathways for tests: `pathways` builds on the shared `world` fixture (conftest.py).

Two partners: Fenland Volunteer Centre, where Bea (world.partner) signs in and supervises
its garden volunteers, and Ely Garden Works, an employer, where Gil signs in (the other
partner, whose roles and interest Bea must never reach). The trust offers a peer support
worker post, interview panel places (supervised by Colette, world.college_staff) and a
draft role nobody outside the pathways team sees.

Pat shares her pathway with her worker and agreed to be suggested. She volunteers in the
community garden (approved, onboarded, started 20 days ago, with hours waiting for Bea),
has shown interest in Ely Garden Works' café job (waiting), has employment support from
team A (Priya, world.peer_worker, her specialist) and a part-time job, and is on the
interview panel register with a panel booked next week (chaired by Mani, world.manager).
Team A had an IPS fidelity review a week ago.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from recoveryhub.accounts.roles import Role


@dataclass
class Pathways:
    centre: object  # Fenland Volunteer Centre (Bea's)
    bea_contact: object
    garden_works: object  # Ely Garden Works (Gil's)
    gil: object  # the other partner's sign-in
    gardening: object  # skill
    listening: object  # skill
    garden: object  # the centre's community garden volunteering, open
    cafe: object  # Ely Garden Works' café assistant job, open
    peer_post: object  # the trust's peer support worker post, open
    panel_role: object  # the trust's interview panel places, open
    draft: object  # the trust's draft role
    panel_course: object  # the College course that trains panel members
    pat_profile: object
    pat_garden_interest: object  # approved
    pat_placement: object  # active in the garden
    pat_hours: object  # waiting for Bea
    pat_cafe_interest: object  # sent to Ely Garden Works
    pat_support: object  # IPS with team A
    pat_job: object
    pat_member: object  # on the panel register
    pat_booking: object  # next week, chaired by Mani
    fidelity_review: object  # team A's IPS fidelity review, a week ago (one item scored)


@pytest.fixture
def pathways(world):
    return build_pathways(world)


def build_pathways(world) -> Pathways:
    from conftest import make_user_now
    from recoveryhub.college.models import Course, CurriculumArea
    from recoveryhub.pathways import fidelity_services, ips, panels, services
    from recoveryhub.pathways.models import (
        CheckState,
        DbsLevel,
        OpportunityKind,
        OpportunityStatus,
        Partner,
        PartnerContact,
        PartnerKind,
        PathwayProfile,
        Skill,
    )
    from recoveryhub.pathways.models import Opportunity as Opp

    today = timezone.localdate()
    now = timezone.now()
    centre = Partner.objects.create(
        name="Fenland Volunteer Centre", kind=PartnerKind.VOLUNTARY, locality=world.fenland,
        what_they_offer="Volunteering across Fenland: gardens, befriending, driving.",
    )  # fmt: skip
    bea_contact = PartnerContact.objects.create(
        partner=centre, full_name="Bea Lawrence", job_title="Volunteer coordinator",
        email="bea@partner.example", user=world.partner, may_sign_in=True,
    )  # fmt: skip
    garden_works = Partner.objects.create(name="Ely Garden Works", kind=PartnerKind.EMPLOYER)
    gil = make_user_now("gil@gardenworks.example", Role.PARTNER, full_name="Gil Gardener")
    PartnerContact.objects.create(
        partner=garden_works, full_name="Gil Gardener", email="gil@gardenworks.example",
        user=gil, may_sign_in=True,
    )  # fmt: skip
    gardening = Skill.objects.create(name="Gardening")
    listening = Skill.objects.create(name="Listening")
    area = CurriculumArea.objects.create(name="Work and volunteering", slug="work-volunteering")
    panel_course = Course.objects.create(
        title="Sitting on interview panels", slug="sitting-on-interview-panels", area=area,
        summary="How recruitment works and the part lived experience plays on a panel.",
        learning_outcomes="Know how a panel works", session_count=2, session_minutes=120,
    )  # fmt: skip

    def opportunity(skills=(), **fields):
        made = Opp.objects.create(status=OpportunityStatus.OPEN, **fields)
        made.skills.set(skills)
        return made

    garden = opportunity(
        [gardening], partner=centre, title="Community garden volunteer",
        kind=OpportunityKind.VOLUNTEERING, locality=world.fenland, place="March community garden",
        what_it_involves="Growing vegetables with a friendly group, at your own pace.",
        who_it_suits="Anyone who likes being outdoors; no experience needed.",
        when="Tuesday mornings, 10am to 12:30pm", times=["weekday_mornings"],
        hours_per_week=Decimal("2.5"), step_free=True, references_needed=1,
        dbs_level=DbsLevel.BASIC, supervisor=world.partner,
    )  # fmt: skip
    cafe = opportunity(
        partner=garden_works, title="Café assistant", kind=OpportunityKind.JOB,
        what_it_involves="Serving customers in the garden centre café.",
        when="Weekends, 16 hours a week", times=["weekends"], pay="£12.60 an hour",
        supervisor=gil,
    )  # fmt: skip
    peer_post = opportunity(
        [listening], title="Peer support worker, Fenland", kind=OpportunityKind.PEER_POST,
        what_it_involves="Using your own lived experience to support people in recovery.",
        when="Full time, weekdays", times=["weekday_mornings", "weekday_afternoons"],
        locality=world.fenland, pay="Agenda for Change band 4", dbs_level=DbsLevel.ENHANCED,
    )  # fmt: skip
    panel_role = opportunity(
        title="Interview panel member", kind=OpportunityKind.INTERVIEW_PANEL,
        what_it_involves="Sitting on panels that recruit the trust's staff.",
        when="About one day a month", course_needed=panel_course, induction_needed=False,
        supervisor=world.college_staff,
    )  # fmt: skip
    draft = Opp.objects.create(
        title="Ward garden volunteer (not yet listed)", kind=OpportunityKind.VOLUNTEERING,
        what_it_involves="To be written.", when="To be agreed",
    )  # fmt: skip

    pat_profile = PathwayProfile.objects.create(
        person=world.pat, interests="Gardening and being outdoors", travel_miles=10,
        times=["weekday_mornings", "weekends"], kinds_wanted=["volunteering", "job"],
        shares_with_worker=True, open_to_suggestions=True,
    )  # fmt: skip
    pat_profile.skills.set([gardening])
    pat_garden_interest = services.show_interest(
        world.pat, garden, message="I used to have an allotment.", contact_by="pat@example.com",
        consent=True, at=now - timedelta(days=40),
    )  # fmt: skip
    services.approve(pat_garden_interest, by=world.partner, at=now - timedelta(days=38))
    pat_placement = pat_garden_interest.placement
    for item in pat_placement.checklist.all():
        expires = today + timedelta(days=3 * 365) if item.kind == "dbs" else None
        services.set_check(
            item, state=CheckState.DONE, by=world.partner, done_on=today - timedelta(25),
            expires_on=expires,
        )  # fmt: skip
    pat_placement = services.start_placement(pat_placement, on=today - timedelta(20))
    pat_hours = services.log_hours(
        pat_placement, on=today - timedelta(6), minutes=150, kind="volunteering",
        note="Planted the winter onions",
    )  # fmt: skip
    pat_cafe_interest = services.show_interest(
        world.pat, cafe, message="I would like weekend work.", contact_by="07700 900123",
        consent=True,
    )  # fmt: skip
    pat_support = ips.start_support(
        world.pat, team=world.team_a, specialist=world.peer_worker,
        referred_on=today - timedelta(60), out_of_work=True,
    )  # fmt: skip
    ips.record_progress(
        pat_support, first_employer_contact_on=today - timedelta(45),
        benefits_advice_on=today - timedelta(55),
    )  # fmt: skip
    pat_job = ips.record_job_start(
        world.pat, employer="March Library", job_title="Library assistant",
        hours_per_week=Decimal("12"), pay_band="nlw", started_on=today - timedelta(10),
        by=world.peer_worker, support=pat_support,
    )  # fmt: skip
    pat_member = panels.register_member(
        world.pat, trained_on=today - timedelta(100), course=panel_course,
        availability=["weekday_mornings"],
    )  # fmt: skip
    pat_booking = panels.book(
        pat_member, post="Peer support worker, Fenland", on=today + timedelta(7),
        place="Fenland Adult Locality Team base", chair=world.manager, by=world.college_staff,
        opportunity=peer_post,
    )  # fmt: skip
    fidelity_review = fidelity_services.record_review(
        world.team_a, reviewed_on=today - timedelta(7), reviewers="Two reviewers from IPS Grow",
        scores={"caseload_size": 4}, notes={}, by=world.manager,
    )  # fmt: skip
    return Pathways(
        centre=centre, bea_contact=bea_contact, garden_works=garden_works, gil=gil,
        gardening=gardening, listening=listening, garden=garden, cafe=cafe,
        peer_post=peer_post, panel_role=panel_role, draft=draft, panel_course=panel_course,
        pat_profile=pat_profile, pat_garden_interest=pat_garden_interest,
        pat_placement=pat_placement, pat_hours=pat_hours, pat_cafe_interest=pat_cafe_interest,
        pat_support=pat_support, pat_job=pat_job, pat_member=pat_member,
        pat_booking=pat_booking, fidelity_review=fidelity_review,
    )  # fmt: skip
