"""Who may do what in the pathways (core/permissions.py): each rule asked of each persona.

Partner isolation is the heart of it: Bea (Fenland Volunteer Centre) reaches her own
organisation's roles and the interest sent to them, nothing of Ely Garden Works' (Gil's),
and nobody reaches interest without being its person, its role's owner, or their worker
while the person shares their pathway.
"""

import pytest

from recoveryhub.core.permissions import can, partner_ids
from recoveryhub.pathways.models import PartnerContact

pytestmark = pytest.mark.django_db


def who_may(world, action, obj=None) -> set[str]:
    extra = {"gil": world.pathways.gil}
    people = world.by_role() | extra
    return {name for name, user in people.items() if can(user, action, obj)}


@pytest.fixture
def w(world, pathways):
    world.pathways = pathways
    return world


def test_a_partner_signs_in_for_their_own_organisation_only(w):
    p = w.pathways
    assert set(partner_ids(w.partner).values_list("partner_id", flat=True)) == {p.centre.pk}
    assert who_may(w, "partner.view", p.centre) == {"college_staff", "partner"}
    assert who_may(w, "partner.view", p.garden_works) == {"college_staff", "gil"}
    assert who_may(w, "partner.manage_contacts") == {"college_staff"}


def test_each_role_is_changed_by_its_owner_and_the_pathways_team(w):
    p = w.pathways
    assert who_may(w, "opportunity.change", p.garden) == {"college_staff", "partner"}
    assert who_may(w, "opportunity.change", p.cafe) == {"college_staff", "gil"}
    assert who_may(w, "opportunity.change", p.peer_post) == {"college_staff"}


def test_interest_is_seen_by_its_person_its_owner_and_a_worker_she_shares_with(w):
    p = w.pathways
    garden = who_may(w, "interest.view", p.pat_garden_interest)
    assert garden == {"person", "partner", "peer_worker", "recovery_coach"}
    cafe = who_may(w, "interest.view", p.pat_cafe_interest)
    assert cafe == {"person", "gil", "peer_worker", "recovery_coach"}
    # The pathways team runs the trust's roles, not a partner's: it never sees that interest.
    assert "college_staff" not in garden | cafe
    assert who_may(w, "interest.decide", p.pat_cafe_interest) == {"gil"}
    assert who_may(w, "interest.withdraw", p.pat_cafe_interest) == {"person"}


def test_when_pat_stops_sharing_her_worker_sees_nothing(w):
    p = w.pathways
    p.pat_profile.shares_with_worker = False
    p.pat_profile.save()
    assert who_may(w, "interest.view", p.pat_cafe_interest) == {"person", "gil"}
    assert who_may(w, "person.view_pathway", w.pat) == {"person"}
    assert who_may(w, "placement.view", p.pat_placement) == {"person", "partner"}


def test_a_partner_whose_sign_in_is_stopped_reaches_nothing(w):
    p = w.pathways
    PartnerContact.objects.filter(user=w.partner).update(may_sign_in=False)
    assert not can(w.partner, "partner.view", p.centre)
    assert not can(w.partner, "interest.view", p.pat_garden_interest)
    assert not can(w.partner, "placement.view", p.pat_placement)


def test_a_partner_of_an_organisation_stopped_reaches_nothing(w):
    p = w.pathways
    p.centre.is_active = False
    p.centre.save()
    assert not can(w.partner, "opportunity.change", p.garden)
    assert not can(w.partner, "interest.decide", p.pat_garden_interest)


def test_hours_are_approved_by_the_roles_supervisor_or_its_owner(w):
    p = w.pathways
    assert who_may(w, "hours.decide", p.pat_hours) == {"partner"}
    assert who_may(w, "placement.log_hours", p.pat_placement) == {"person"}
    assert who_may(w, "placement.manage", p.pat_placement) == {"partner"}


def test_employment_support_is_for_its_team_and_the_person(w):
    p = w.pathways
    team_a = {"peer_worker", "recovery_coach"}
    assert who_may(w, "support.view", p.pat_support) == team_a | {"person"}
    assert who_may(w, "support.change", p.pat_support) == team_a
    assert who_may(w, "person.start_employment_support", w.quinn) == {"clinician"}


def test_a_panel_booking_is_debriefed_by_its_member_and_chair(w):
    booking = w.pathways.pat_booking
    assert who_may(w, "booking.debrief", booking) == {"person", "manager"}
    assert who_may(w, "panels.manage") == {"college_staff"}


def test_figures_are_for_managers_and_the_pathways_team(w):
    assert who_may(w, "pathways.figures") == {"manager", "college_staff"}
    assert who_may(w, "pathways.partner_home") == {"partner", "gil"}
