"""The person page is the hub: it links to every part of the record its reader may see,
and a person's (or carer's) menu and home reach all of their own parts."""

import pytest
from django.urls import reverse

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page

pytestmark = pytest.mark.django_db


def detail(world):
    return reverse("people:person_detail", args=[world.pat.pk])


def worker_parts(world):
    pat = [world.pat.pk]
    return [
        reverse("people:person_change", args=pat),
        reverse("measures:person", args=pat),
        reverse("plans:person_plan", args=pat),
        reverse("plans:person_risk_plans", args=pat),
        reverse("export:person_print", args=pat),
    ]


def test_a_workers_page_for_a_person_links_to_every_part_they_may_see(client, sign_in, world):
    for worker in (world.peer_worker, world.recovery_coach):
        client.logout()
        sign_in(client, worker)
        facts = assert_good_page(client.get(detail(world)))
        for href in worker_parts(world):
            assert href in facts.links, href
        # Workers never see the College record (core/permissions.py), nor Pat's access log.
        assert reverse("college:my_courses") not in facts.links
        assert reverse("people:access_log") not in facts.links


def test_the_hub_writes_one_access_event_however_many_parts_it_links(client, sign_in, world):
    sign_in(client, world.peer_worker)
    client.get(detail(world))
    assert AccessEvent.objects.filter(person=world.pat).count() == 1


def test_the_person_reading_her_own_page_also_reaches_her_college_and_who_has_looked(
    client, sign_in, world
):
    sign_in(client, world.pat_user)
    facts = assert_good_page(client.get(detail(world)))
    for href in worker_parts(world):
        assert href in facts.links, href
    assert reverse("college:my_courses") in facts.links
    assert reverse("people:access_log") in facts.links


def test_others_still_cannot_open_the_hub(client, sign_in, world):
    for who in (world.clinician, world.carer_user, world.college_staff, world.manager):
        client.logout()
        sign_in(client, who)
        assert client.get(detail(world)).status_code == 404
    client.logout()
    sign_in(client, world.peer_worker)
    assert client.get(reverse("people:person_detail", args=[world.quinn.pk])).status_code == 404
    assert client.get("/people/not-a-number/").status_code == 404
    assert client.get(reverse("people:person_detail", args=[999999])).status_code == 404
    assert client.post(detail(world), {"full_name": "X"}).status_code == 405
    assert not AccessEvent.objects.filter(person=world.quinn).exists()
    world.pat.refresh_from_db()
    assert world.pat.full_name == "Patricia Jones"


def test_a_persons_home_and_menu_always_reach_her_risk_taking_plans(client, sign_in, world):
    # No plan is overdue, so only the menu (and the home page's cards) can lead there.
    sign_in(client, world.pat_user)
    facts = assert_good_page(client.get(reverse("core:home")))
    assert facts.links.count(reverse("plans:risk_plans")) >= 2  # header menu and home card
    facts = assert_good_page(client.get(reverse("people:my_record")))
    assert reverse("plans:risk_plans") in facts.links


def test_a_carers_menu_reaches_their_own_record_and_its_parts(client, sign_in, world):
    sign_in(client, world.carer_user)
    home = assert_good_page(client.get(reverse("core:home")))
    assert reverse("people:my_record") in home.links
    record = assert_good_page(client.get(reverse("people:my_record")))
    for name in ("measures:mine", "plans:mine", "plans:risk_plans", "people:carers"):
        assert reverse(name) in record.links, name


def test_the_hub_keeps_a_names_capitals(client, sign_in, world):
    world.pat.preferred_name = "McKenzie"
    world.pat.save()
    sign_in(client, world.peer_worker)
    body = client.get(detail(world)).content.decode()
    assert "McKenzie&#39;s goals" in body or "McKenzie's goals" in body
