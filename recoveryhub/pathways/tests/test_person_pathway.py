"""One pathway per person: Pat's own page, her worker's view while she shares it (with an
access event each time), everyone else 'not found', and kind empty states."""

import html
import re

import pytest
from django.urls import reverse

from recoveryhub.college.models import Mark
from recoveryhub.college.testing import build_college
from recoveryhub.college.tests.test_teaching_support import mark, shift
from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import services
from recoveryhub.pathways.models import PathwayProfile
from recoveryhub.plans import services as plan_services

pytestmark = pytest.mark.django_db

MINE = "/pathways/mine/"


def of(person) -> str:
    return reverse("pathways:person_pathway", args=[person.pk])


def text(response) -> str:
    """The words on the page, without its tags."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def signed_in(client, sign_in, user):
    """Signs in with two-factor where the role needs it (a partner too)."""
    if user.must_use_two_factor and getattr(user, "totp_device", None) is None:
        user.totp_device = user.totpdevice_set.create(name="Authenticator app", confirmed=True)
    sign_in(client, user)


def test_the_addresses_are_as_agreed(world):
    assert reverse("pathways:mine") == MINE
    assert of(world.pat) == f"/pathways/people/{world.pat.pk}/"


def test_pat_reads_her_journey_in_the_order_it_happened(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    response = client.get(MINE)
    facts = assert_good_page(response)
    body = text(response)
    assert facts.h1s == ["Your pathway to volunteering and work"]
    # Interest in the garden (40 days ago), employment support (60 days ago), the job
    # (10 days ago), the panel booked next week: oldest first.
    order = [
        "Support to find paid work",
        "Community garden volunteer, Fenland Volunteer Centre",
        "Library assistant, March Library",
        "Café assistant, Ely Garden Works",
        "Interview panel for Peer support worker, Fenland",
    ]
    assert [body.index(words) for words in order] == sorted(body.index(w) for w in order)
    assert "Yes: they would like you to go ahead" in body  # the garden, as Pat reads it
    assert "Sent: waiting for an answer" in body  # the café
    assert "With Priya Peer, Fenland Adult Locality Team." in body
    assert "12 hours a week." in body
    for interest in (pathways.pat_garden_interest, pathways.pat_cafe_interest):
        assert reverse("pathways:interest", args=[interest.pk]) in facts.links
    assert reverse("pathways:profile") in facts.links
    assert reverse("pathways:suggestions") in facts.links
    assert reverse("pathways:profile") + "#id_shares_with_worker" in facts.links
    assert "You share your pathway with your worker" in body
    assert not AccessEvent.objects.exists()  # her own look is not logged


def test_a_completed_college_course_is_marked_and_links_to_her_place(
    client, sign_in, world, pathways
):
    college = build_college(world)
    shift(college.run, 35)
    for session in college.sessions:
        mark(college.pat_enrolment, session, Mark.PRESENT)
    sign_in(client, world.pat_user)
    response = client.get(MINE)
    facts = assert_good_page(response)
    body = text(response)
    assert f"{college.course.title}, {college.term.name}" in body
    assert "Completed on" in body
    assert reverse("college:place", args=[college.pat_enrolment.pk]) in facts.links


def test_a_declined_interest_shows_its_kind_reason(client, sign_in, world, pathways):
    services.decline(
        pathways.pat_cafe_interest, by=pathways.gil, reason="We filled the weekend shifts."
    )
    sign_in(client, world.pat_user)
    body = text(client.get(MINE))
    assert "Not this time" in body
    assert "Ely Garden Works said: We filled the weekend shifts." in body


def test_her_goals_link_to_her_plan_and_an_empty_pathway_speaks_kindly(client, sign_in, world):
    plan = plan_services.plan_of(world.pat)
    goal = plan_services.save_goal(plan, None, by=world.pat_user, title="Feel useful again")
    profile = PathwayProfile.objects.create(person=world.pat)
    profile.goals.set([goal])
    sign_in(client, world.pat_user)
    response = client.get(MINE)
    facts = assert_good_page(response)
    body = text(response)
    assert reverse("plans:goal_change", args=[goal.pk]) in facts.links
    assert "Feel useful again (working on it)" in body
    assert "Volunteering is not just about pathways to employment" in body
    assert "Only you see your pathway" in body


def test_someone_without_a_record_gets_not_found(client, sign_in, world):
    for user in (world.student, world.college_staff, world.peer_worker):
        sign_in(client, user)
        assert client.get(MINE).status_code == 404


def test_her_worker_reads_it_by_her_name_and_each_view_is_logged(client, sign_in, world, pathways):
    sign_in(client, world.peer_worker)
    response = client.get(of(world.pat))
    facts = assert_good_page(response)
    body = text(response)
    assert facts.h1s == ["Pat's pathway to volunteering and work"]
    assert "Pat shares this with you" in body
    assert "Yes: approved to go ahead" in body
    assert "Your journey" not in body and "Change who sees" not in body
    assert reverse("pathways:interest", args=[pathways.pat_cafe_interest.pk]) in facts.links
    client.get(of(world.pat))
    events = AccessEvent.objects.filter(actor=world.peer_worker, person=world.pat)
    assert events.count() == 2
    assert {(e.action, e.object_type) for e in events} == {("view", "pathway profile")}


def test_the_worker_may_start_employment_support_from_it(client, sign_in, world, pathways):
    sign_in(client, world.recovery_coach)
    body = text(client.get(of(world.pat)))
    start = reverse("pathways:support_start", args=[world.pat.pk])
    assert f'href="{start}"' in html.unescape(client.get(of(world.pat)).content.decode())
    assert "Start employment support with Pat" in body


def test_nobody_else_reaches_it_and_it_stops_when_she_stops_sharing(
    client, sign_in, world, pathways
):
    for user in (world.clinician, world.manager, world.partner, world.college_staff):
        signed_in(client, sign_in, user)
        assert client.get(of(world.pat)).status_code == 404
    PathwayProfile.objects.filter(person=world.pat).update(shares_with_worker=False)
    sign_in(client, world.peer_worker)
    assert client.get(of(world.pat)).status_code == 404
    assert not AccessEvent.objects.exists()


def test_pat_by_her_id_is_sent_to_her_own_page_and_bad_ids_are_not_found(
    client, sign_in, world, pathways
):
    sign_in(client, world.pat_user)
    assert client.get(of(world.pat)).url == MINE
    sign_in(client, world.peer_worker)
    assert client.get("/pathways/people/999999/").status_code == 404
    assert client.post(of(world.pat)).status_code == 405
