"""The volunteers list (pathways:volunteers): each reader sees the placements of the roles
they look after, grouped by status, with getting-ready progress, checks to renew and hours
waiting; an access event for each placement shown; nobody else reaches it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import services
from recoveryhub.pathways.models import OnboardingItem
from recoveryhub.pathways.tests.volunteers_helpers import (
    placed,
)
from recoveryhub.people.models import Person

pytestmark = pytest.mark.django_db
URL = "/pathways/volunteers/"


def test_the_url():
    assert reverse("pathways:volunteers") == URL


def test_the_partner_sees_its_volunteers_by_status(client, sign_in, world, pathways):
    quinn = placed(world.quinn, pathways.garden, world.partner)
    today = timezone.localdate()
    dbs = pathways.pat_placement.checklist.get(kind="dbs")
    OnboardingItem.objects.filter(pk=dbs.pk).update(expires_on=today + timedelta(days=10))
    sign_in(client, world.partner)
    response = client.get(URL)
    facts = assert_good_page(response)
    assert facts.h1s == ["Volunteers"]
    body = response.content.decode()
    ready = body.index("Getting ready to start (1)")
    active = body.index("Volunteering (1)")
    assert ready < body.index("Quinn Taylor") < active < body.index("Pat Jones")
    assert "0 of 3 steps done" in body and "3 of 3 steps done" in body
    assert "renew it soon" in body  # Pat's DBS check
    assert "1 entry" in body  # Pat's hours waiting for Bea
    for placement in (quinn, pathways.pat_placement):
        assert reverse("pathways:placement", args=[placement.pk]) in facts.links
    assert sorted((e.person_id, e.object_type) for e in AccessEvent.objects.all()) == sorted(
        [(world.pat.pk, "placement"), (world.quinn.pk, "placement")]
    )


def test_the_pathways_team_sees_the_trusts_roles_only(client, sign_in, world, pathways):
    quinn = placed(world.quinn, pathways.panel_role, world.college_staff)
    sign_in(client, world.college_staff)
    body = client.get(URL).content.decode()
    assert "Quinn Taylor" in body and "Interview panel member" in body
    assert "Pat Jones" not in body  # Pat volunteers with a partner, not the trust
    assert reverse("pathways:placement", args=[quinn.pk]) in body


def test_a_supervisor_sees_the_roles_they_supervise(client, sign_in, world, pathways):
    pathways.garden.partner = None  # the trust's own role: its staff supervise it
    pathways.garden.supervisor = world.recovery_coach
    pathways.garden.save()
    sign_in(client, world.recovery_coach)
    body = client.get(URL).content.decode()
    assert "Pat Jones" in body and "Community garden volunteer" in body


def test_ended_placements_show_for_a_year(client, sign_in, world, pathways):
    today = timezone.localdate()
    services.end_placement(pathways.pat_placement, on=today, reason="Moved on to paid work")
    sign_in(client, world.partner)
    body = client.get(URL).content.decode()
    assert "Ended in the last year (1)" in body and "Pat Jones" in body
    pathways.pat_placement.refresh_from_db()
    type(pathways.pat_placement).objects.filter(pk=pathways.pat_placement.pk).update(
        ended_on=today - timedelta(days=400)
    )
    body = client.get(URL).content.decode()
    assert "Ended in the last year (0)" in body and "Pat Jones" not in body


@pytest.mark.parametrize(
    "who", ["person", "carer", "peer_worker", "clinician", "manager", "admin"]
)
def test_nobody_else_reaches_it(client, sign_in, world, pathways, who):
    sign_in(client, world.by_role()[who])
    assert client.get(URL).status_code == 404
    assert AccessEvent.objects.count() == 0


def test_the_other_partner_sees_only_its_own(client, sign_in, world, pathways):
    sign_in(client, pathways.gil)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Pat Jones" not in response.content.decode()


def test_queries_stay_flat_as_volunteers_grow(
    client, sign_in, world, pathways, django_assert_max_num_queries
):
    sign_in(client, world.partner)
    with django_assert_max_num_queries(30) as few:
        client.get(URL)
    for n in range(5):
        person = Person.objects.create(full_name=f"Volunteer {n}", locality=world.fenland)
        placement = placed(person, pathways.garden, world.partner)
        item = placement.checklist.first()
        services.set_check(item, state="in_progress", by=world.partner)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
