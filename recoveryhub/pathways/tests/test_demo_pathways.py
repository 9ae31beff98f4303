"""The pathways' demo step on the small demo trust (seed 1): what the demo sign-ins see,
every state written, real numbers on the figures page, and a second run writing nothing."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from recoveryhub.core import demo
from recoveryhub.pathways import figures, figures_tables
from recoveryhub.pathways import models as m
from recoveryhub.pathways.figures_period import default_period
from recoveryhub.people.demo import TODAY

STEP = "recoveryhub.pathways.demo.seed_pathways"
pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(small_demo_for_the_module, settings):
    settings.ALLOW_DEMO_DATA = True
    said = []
    if STEP not in demo.STEPS:  # until core/demo.py lists the step
        demo._run_step(STEP, "small", 1, said.append)
    return said


def counts() -> dict:
    tables = [m.Partner, m.Opportunity, m.PathwayProfile, m.Interest, m.Placement,
              m.OnboardingItem, m.HoursLog, m.Payment, m.EmploymentSupport, m.JobStart,
              m.PanelMember, m.PanelBooking, m.FidelityReview, m.FidelityScore]  # fmt: skip
    return {t.__name__: t.objects.count() for t in tables}


def test_a_second_run_writes_nothing(seeded):
    before = counts()
    said = []
    result = demo._run_step(STEP, "small", 1, said.append)
    assert not result.written and counts() == before
    assert before["Partner"] == 8 and before["Opportunity"] == 25
    assert before["PathwayProfile"] == 41  # 40 people and the demo person


def test_the_demo_partner_signs_in_for_one_partner_and_supervises_its_roles(seeded):
    contact = m.PartnerContact.objects.get(user__email="partner@recoveryhub.example")
    assert contact.may_sign_in and contact.partner.name == "Fenland Green Hands"
    roles = m.Opportunity.objects.filter(partner=contact.partner)
    assert roles.exists() and all(r.supervisor_id == contact.user_id for r in roles)
    assert not m.PartnerContact.objects.exclude(pk=contact.pk).filter(may_sign_in=True).exists()
    assert all(c.email.endswith(".example") for c in m.PartnerContact.objects.all())


def test_the_demo_person_volunteers_and_has_interest_waiting_and_declined(seeded):
    person = m.PathwayProfile.objects.get(person__user__email="person@recoveryhub.example").person
    placement = m.Placement.objects.get(person=person)
    assert (
        placement.status == "active"
        and placement.opportunity.partner.name == "Fenland Green Hands"
    )
    assert placement.hours.filter(status="approved").exists()
    assert placement.hours.filter(status="waiting").exists()
    assert set(placement.checklist.values_list("state", flat=True)) == {"done"}
    interests = dict(m.Interest.objects.filter(person=person).values_list("status", "reason"))
    assert set(interests) == {"approved", "sent", "declined"}
    assert interests["declined"].startswith("Thank you")


def test_every_state_is_in_the_demo(seeded):
    def states(model, field):
        return set(model.objects.values_list(field, flat=True).distinct())

    assert states(m.Opportunity, "status") == {"open", "draft", "closed"}
    assert states(m.Opportunity, "kind") == {k.value for k in m.OpportunityKind}
    assert states(m.Interest, "status") == {s.value for s in m.InterestStatus}
    assert states(m.Placement, "status") == {s.value for s in m.PlacementStatus}
    assert states(m.OnboardingItem, "state") >= {"not_started", "in_progress", "done"}
    assert states(m.HoursLog, "status") == {s.value for s in m.HoursStatus}
    assert states(m.HoursLog, "kind") == {"volunteering", "training"}
    assert states(m.PanelBooking, "status") >= {"booked", "done"}
    soon = m.OnboardingItem.objects.filter(
        kind="dbs", expires_on__gt=TODAY, expires_on__lte=TODAY + timedelta(days=45)
    )
    assert soon.exists()  # DBS checks expiring soon
    lapsed = m.PanelMember.objects.filter(refresher_due__lte=TODAY)
    assert lapsed.exists() and m.PanelMember.objects.exclude(pk__in=lapsed).exists()
    localities = m.Opportunity.objects.values("locality").annotate(n=Count("id"))
    assert len([row for row in localities if row["locality"]]) == 6


def test_specialists_work_in_their_team_and_no_one_has_two_open_supports(seeded):
    from recoveryhub.people.models import TeamMember

    for support in m.EmploymentSupport.objects.all():
        assert TeamMember.objects.filter(team=support.team, user=support.specialist).exists()
    assert m.FidelityReview.objects.filter(team__name="Fenland Adult Locality Team").exists()


def test_the_figures_page_shows_real_numbers(seeded):
    today = timezone.localdate()
    raw = figures.figures(default_period(today), today, timezone.now(), settings.TRUST_NAME)
    shown = figures.shown(raw)
    summary = dict(figures_tables.summary(shown))
    assert summary["People into work"].endswith("%")
    assert summary["Median time to the first employer contact"].endswith("days")
    path = figures_tables.college_path(shown).rows
    assert all(row[1].isdigit() for row in path)
