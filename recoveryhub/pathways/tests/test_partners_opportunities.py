"""Adding and changing opportunities (pathways:opportunity_add, opportunity_change): the
pathways team for anyone, a partner for their own organisation only; the status through
services.set_status; bad input with nothing written."""

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.audit.models import AuditEntry
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways.models import Opportunity, OpportunityStatus
from recoveryhub.pathways.tests.partners_helpers import signed_in

pytestmark = pytest.mark.django_db
ADD = reverse("pathways:opportunity_add")


def change_url(opportunity):
    return reverse("pathways:opportunity_change", args=[opportunity.pk])


def role(pathways, **changes) -> dict:
    closes = timezone.localdate().replace(day=1).replace(year=timezone.localdate().year + 1)
    data = {
        "partner": "", "title": "Ward befriender", "kind": "volunteering",
        "what_it_involves": "Spending time with people on the ward.", "who_it_suits": "",
        "when": "Thursday afternoons", "times": ["weekday_afternoons"], "hours_per_week": "2",
        "locality": "", "place": "", "can_be_remote": "False", "step_free": "True",
        "access_notes": "", "skills": [pathways.listening.pk], "references_needed": "2",
        "dbs_level": "enhanced", "induction_needed": "True",
        "course_needed": pathways.panel_course.pk, "pay": "", "places": "3",
        "closes_on_0": closes.day, "closes_on_1": closes.month, "closes_on_2": closes.year,
        "supervisor": "", "status": "draft",
    }  # fmt: skip
    return data | changes


def test_the_pathways_team_adds_a_trust_role_as_a_draft(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    facts = assert_good_page(client.get(ADD))
    assert facts.h1s == ["Add an opportunity"]
    response = client.post(ADD, role(pathways))
    added = Opportunity.objects.get(title="Ward befriender")
    assert response["Location"] == reverse("pathways:opportunity", args=[added.pk])
    assert added.partner is None and added.status == OpportunityStatus.DRAFT
    assert list(added.skills.all()) == [pathways.listening]
    assert added.times == ["weekday_afternoons"] and added.references_needed == 2
    assert added.course_needed == pathways.panel_course and added.places == 3
    assert AuditEntry.objects.filter(actor=world.college_staff, object_type="opportunity")


def test_opening_a_volunteering_role_needs_a_supervisor(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    before = Opportunity.objects.count()
    response = client.post(ADD, role(pathways, status="open"))
    facts = assert_good_page(response)
    assert "#id_supervisor" in facts.error_summary_links
    assert "Name who supervises the role before you open it" in response.content.decode()
    assert Opportunity.objects.count() == before  # nothing written
    client.post(ADD, role(pathways, status="open", supervisor=world.college_staff.pk))
    opened = Opportunity.objects.get(title="Ward befriender")
    assert opened.status == OpportunityStatus.OPEN and opened.supervisor == world.college_staff


def test_a_paid_job_opens_without_a_supervisor(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    data = role(pathways, kind="job", pay="£12.60 an hour", status="open")
    client.post(ADD, data | {"partner": pathways.garden_works.pk})
    job = Opportunity.objects.get(title="Ward befriender")
    assert job.status == OpportunityStatus.OPEN and job.partner == pathways.garden_works


def test_a_partner_adds_roles_for_their_own_organisation_only(client, sign_in, world, pathways):
    signed_in(sign_in, client, world.partner)
    page = client.get(ADD, {"partner": pathways.garden_works.pk}).content.decode()
    assert "Ely Garden Works" not in page and "Colette" not in page
    data = role(pathways, partner=pathways.garden_works.pk)
    response = client.post(ADD, data)
    assert_good_page(response)
    body = response.content.decode()
    assert "Choose who offers it from the list" in body
    assert not Opportunity.objects.filter(title="Ward befriender").exists()
    data = role(pathways, partner=pathways.centre.pk, supervisor=world.partner.pk, status="open")
    client.post(ADD, data)
    added = Opportunity.objects.get(title="Ward befriender")
    assert added.partner == pathways.centre and added.supervisor == world.partner
    assert added.status == OpportunityStatus.OPEN


def test_a_partner_cannot_name_another_organisations_supervisor(client, sign_in, world, pathways):
    signed_in(sign_in, client, world.partner)
    data = role(pathways, partner=pathways.centre.pk, supervisor=pathways.gil.pk)
    body = client.post(ADD, data).content.decode()
    assert "Choose a supervisor from the list" in body
    sign_in(client, world.college_staff)
    body = client.post(ADD, data).content.decode()
    assert "Choose a supervisor from Fenland Volunteer Centre" in body
    body = client.post(ADD, data | {"partner": ""}).content.decode()
    assert "Choose a supervisor from the trust&#39;s pathways team" in body
    assert not Opportunity.objects.filter(title="Ward befriender").exists()


def test_the_owner_changes_a_role_and_closes_it(client, sign_in, world, pathways):
    signed_in(sign_in, client, pathways.gil)
    url = change_url(pathways.cafe)
    facts = assert_good_page(client.get(url))
    assert facts.h1s == ["Change Café assistant"]
    data = role(pathways, partner=pathways.garden_works.pk, title="Café assistant (weekends)",
                kind="job", supervisor=pathways.gil.pk, status="closed", skills=[])  # fmt: skip
    assert client.post(url, data).status_code == 302
    pathways.cafe.refresh_from_db()
    assert pathways.cafe.title == "Café assistant (weekends)"
    assert pathways.cafe.status == OpportunityStatus.CLOSED


def test_taking_away_the_supervisor_of_an_open_role_is_refused(client, sign_in, world, pathways):
    signed_in(sign_in, client, world.partner)
    data = role(pathways, partner=pathways.centre.pk, title="Renamed", status="open")
    body = client.post(change_url(pathways.garden), data).content.decode()
    assert "Name who supervises the role before you open it" in body
    pathways.garden.refresh_from_db()
    assert pathways.garden.title == "Community garden volunteer"
    assert pathways.garden.supervisor == world.partner


def test_the_pathways_team_keeps_any_role_up_to_date(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    assert_good_page(client.get(change_url(pathways.cafe)))
    assert_good_page(client.get(change_url(pathways.draft)))


@pytest.mark.parametrize(
    ("who", "target"),
    [("bea", "cafe"), ("bea", "peer_post"), ("bea", "draft"), ("gil", "garden")],
)
def test_partners_never_change_anothers_roles(client, sign_in, world, pathways, who, target):
    user = world.partner if who == "bea" else pathways.gil
    signed_in(sign_in, client, user)
    opportunity = getattr(pathways, target)
    assert client.get(change_url(opportunity)).status_code == 404
    assert client.post(change_url(opportunity), role(pathways)).status_code == 404
    opportunity.refresh_from_db()
    assert opportunity.title != "Ward befriender"


def test_nobody_else_adds_or_changes_roles(client, sign_in, world, pathways):
    for who in (world.pat_user, world.manager, world.clinician, world.service_admin):
        sign_in(client, who)
        assert client.get(ADD).status_code == 404
        assert client.get(change_url(pathways.garden)).status_code == 404
    sign_in(client, world.college_staff)
    assert client.get(reverse("pathways:opportunity_change", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Enter the title"),
        ({"kind": "astronaut"}, "Choose the kind of opportunity from the list"),
        ({"what_it_involves": ""}, "Enter what it involves"),
        ({"when": ""}, "Enter when it happens"),
        ({"times": ["midnight"]}, "Choose times of the week from the list"),
        ({"hours_per_week": "lots"}, "Hours a week must be a number"),
        ({"hours_per_week": "61"}, "Hours a week must be 60 or fewer"),
        ({"hours_per_week": "-1"}, "Hours a week must be 0 or more"),
        ({"hours_per_week": "2.25"}, "one decimal place"),
        ({"locality": "999999"}, "Choose an area from the list"),
        ({"skills": ["999999"]}, "Choose skills from the list"),
        ({"skills": ["abc"]}, "Choose skills from the list"),
        ({"references_needed": "7"}, "Choose how many references are needed from the list"),
        ({"dbs_level": "extreme"}, "Choose the DBS check needed from the list"),
        ({"induction_needed": ""}, "Say whether there is an induction"),
        ({"can_be_remote": "perhaps"}, "Say whether it can be done from home"),
        ({"course_needed": "999999"}, "Choose a course from the list"),
        ({"places": "0"}, "There must be at least 1 place"),
        ({"places": "many"}, "How many places must be a whole number"),
        ({"places": ""}, "Enter how many places there are"),
        ({"closes_on_0": "31", "closes_on_1": "2"}, "The closing date must be a real date"),
        ({"closes_on_2": "99"}, "The closing date must be a real date"),
        ({"supervisor": "999999"}, "Choose a supervisor from the list"),
        ({"status": "published"}, "Choose whether it is a draft, open or closed from the list"),
        ({"partner": "abc"}, "Choose who offers it from the list"),
        ({"pay": "£" * 101}, "Pay must be 100 characters or fewer"),
    ],
)
def test_bad_input(client, sign_in, world, pathways, changes, message):
    sign_in(client, world.college_staff)
    before = Opportunity.objects.count()
    response = client.post(ADD, role(pathways, **changes))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert message in response.content.decode()
    assert Opportunity.objects.count() == before
