"""What a team offers (its episode types): managers of that team only; checked input, nothing
written on bad input; every change in the audit trail."""

import pytest
from django.urls import reverse

from recoveryhub.audit.models import AuditEntry
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes.models import EpisodeType
from recoveryhub.episodes.testing import build_episodes

GOOD = {
    "name": "Getting out and about",
    "kind": "reablement",
    "planned_weeks": "8",
    "open_door_months": "6",
    "instrument": "wemwbs",
    "is_active": "on",
}
NOT_MANAGERS = ["peer_worker", "recovery_coach", "clinician", "college_staff", "pat_user",
                "carer_user", "student", "trainer", "service_admin"]  # fmt: skip


@pytest.fixture
def offers(world):
    return build_episodes(world)


@pytest.mark.django_db
def test_a_manager_sees_what_their_own_teams_offer(client, sign_in, world, offers):
    sign_in(client, world.manager)
    response = client.get(reverse("episodes:types"))
    assert assert_good_page(response).h1s == ["What your teams offer"]
    html = response.content.decode()
    assert "Mental health reablement" in html and "Recovery coaching" in html
    assert "12 weeks" in html and "12 months" in html and "SWEMWBS" in html
    assert "Peer support" not in html  # team B's: not one of theirs
    assert reverse("episodes:type_add", args=[world.team_a.pk]) in html
    assert reverse("episodes:type_change", args=[offers.reablement.pk]) in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_no_one_else_reaches_the_pages(client, sign_in, world, offers, who):
    sign_in(client, getattr(world, who))
    urls = [
        reverse("episodes:types"),
        reverse("episodes:type_add", args=[world.team_a.pk]),
        reverse("episodes:type_change", args=[offers.reablement.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(urls[1], GOOD).status_code == 404
    assert not EpisodeType.objects.filter(name=GOOD["name"]).exists()


@pytest.mark.django_db
def test_a_manager_changes_only_their_own_teams(client, sign_in, world, offers):
    sign_in(client, world.manager)
    assert client.get(reverse("episodes:type_add", args=[world.team_b.pk])).status_code == 404
    other = reverse("episodes:type_change", args=[offers.peer_support.pk])
    assert client.get(other).status_code == 404
    assert client.post(other, {**GOOD, "name": "Taken over"}).status_code == 404
    offers.peer_support.refresh_from_db()
    assert offers.peer_support.name == "Peer support"
    assert client.get(reverse("episodes:type_add", args=[999_999])).status_code == 404


@pytest.mark.django_db
def test_adding_is_in_the_audit_trail(client, sign_in, world, offers):
    sign_in(client, world.manager)
    url = reverse("episodes:type_add", args=[world.team_a.pk])
    facts = assert_good_page(client.get(url))
    assert facts.h1s == [f"Add something {world.team_a.name} offers"]
    response = client.post(url, GOOD)
    assert response.status_code == 302 and response["Location"] == reverse("episodes:types")
    added = EpisodeType.objects.get(team=world.team_a, name=GOOD["name"])
    assert (added.planned_weeks, added.open_door_months, added.instrument) == (8, 6, "wemwbs")
    assert added.is_active
    entry = AuditEntry.objects.get(
        object_type="episode type", object_id=str(added.pk), action="create"
    )
    assert entry.actor == world.manager
    page = client.get(reverse("episodes:types")).content.decode()
    assert f"Added {GOOD['name']} for {world.team_a.name}" in page


@pytest.mark.django_db
def test_changing_is_in_the_audit_trail(client, sign_in, world, offers):
    sign_in(client, world.manager)
    url = reverse("episodes:type_change", args=[offers.reablement.pk])
    html = client.get(url).content.decode()
    assert 'value="Mental health reablement"' in html
    data = {**GOOD, "name": "Mental health reablement", "planned_weeks": "10"}
    data.pop("is_active")  # no longer taking referrals
    assert client.post(url, data).status_code == 302
    offers.reablement.refresh_from_db()
    assert offers.reablement.planned_weeks == 10 and not offers.reablement.is_active
    entry = AuditEntry.objects.get(
        object_type="episode type", object_id=str(offers.reablement.pk), action="change"
    )
    assert entry.changes["planned_weeks"] == [6, 10]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter a name for what the team offers"),
        ({"name": "   "}, "Enter a name for what the team offers"),
        ({"name": "x" * 101}, "The name must be 100 characters or fewer"),
        ({"name": "recovery COACHING"}, "already offers something called recovery COACHING"),
        ({"kind": "counselling"}, "Select the kind of support"),
        ({"planned_weeks": "0"}, "Planned length must be between 1 and 104 weeks"),
        ({"planned_weeks": "105"}, "Planned length must be between 1 and 104 weeks"),
        ({"planned_weeks": "six"}, "Planned length must be a whole number of weeks"),
        ({"planned_weeks": ""}, "Enter the planned length in weeks"),
        ({"open_door_months": "37"}, "Open door must be between 0 and 36 months"),
        ({"open_door_months": "-1"}, "Open door must be between 0 and 36 months"),
        ({"open_door_months": "1e3"}, "Open door must be a whole number of months"),
        ({"instrument": "gad2"}, "Select a measure from the list"),  # no reliable change
        ({"instrument": "nonsense"}, "Select a measure from the list"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(
    client, sign_in, world, offers, changes, message
):  # noqa: E501
    sign_in(client, world.manager)
    before = list(EpisodeType.objects.order_by("pk").values())
    trail = AuditEntry.objects.count()
    for url in (
        reverse("episodes:type_add", args=[world.team_a.pk]),
        reverse("episodes:type_change", args=[offers.reablement.pk]),
    ):
        response = client.post(url, {**GOOD, **changes})
        assert_good_page(response)
        html = response.content.decode()
        assert "There is a problem" in html and message in html
        assert "<title>Error: " in html
    assert list(EpisodeType.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == trail


@pytest.mark.django_db
def test_a_manager_in_no_team_is_told(client, sign_in, world):
    world.manager.team_memberships.all().delete()
    sign_in(client, world.manager)
    html = client.get(reverse("episodes:types")).content.decode()
    assert "You are not a member of any team" in html
