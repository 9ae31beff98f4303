"""A team's focus groups: the list, recording one (counts, names only with agreement,
payments recorded, themes, what was said redacted), and one group's page. The team's staff
and lead reach them; anyone else is turned away; bad input is refused, nothing written."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.feedback.models import Comment, FocusGroup

pytestmark = pytest.mark.django_db


def urls(world, feedback):
    team = world.team_a.pk
    return {
        "list": f"/feedback/teams/{team}/focus-groups/",
        "add": f"/feedback/teams/{team}/focus-groups/new/",
        "group": f"/feedback/focus-groups/{feedback.group.pk}/",
    }


def good(**changes) -> dict:
    day = timezone.localdate() - timedelta(days=2)
    data = {
        "title": "Evening drop-in",
        "held_on_0": day.day, "held_on_1": day.month, "held_on_2": day.year,
        "run_by": "Two peer workers",
        "took_part": "9", "lived_experience": "8",
        "named": "", "paid_count": "8", "paid_each": "£20",
        "notes": "Good turnout.",
        "themes": ["access", "activities"],
        "said": "Call Priya on 07700 900123 about it.\n\n  More evening groups please  \n",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_urls(world, feedback):
    found = urls(world, feedback)
    assert reverse("feedback:focus_groups", args=[world.team_a.pk]) == found["list"]
    assert reverse("feedback:focus_group_add", args=[world.team_a.pk]) == found["add"]
    assert reverse("feedback:focus_group", args=[feedback.group.pk]) == found["group"]


@pytest.mark.parametrize("who", ["peer_worker", "manager"])
def test_the_list_and_a_group(client, sign_in, world, feedback, who):
    sign_in(client, getattr(world, who))
    found = urls(world, feedback)
    response = client.get(found["list"])
    facts = assert_good_page(response)
    body = response.content.decode()
    assert "Getting to appointments" in body and "7 people" in body
    assert "Getting care and support, Communication and being involved" in body
    assert found["group"] in facts.links and found["add"] in facts.links
    response = client.get(found["group"])
    facts = assert_good_page(response)
    assert facts.h1s == ["Getting to appointments"]
    body = response.content.decode()
    assert "6 people paid £25.00 each: £150.00 in all" in body
    assert "Letters come too late to plan the bus." in body
    assert "Named, with their agreement" not in body


@pytest.mark.parametrize("who", ["clinician", "college_staff", "service_admin"])
def test_others_are_turned_away(client, sign_in, world, feedback, who):
    sign_in(client, getattr(world, who))
    for url in urls(world, feedback).values():
        assert client.get(url).status_code == 404
    assert client.post(urls(world, feedback)["add"], good()).status_code == 404
    sign_in(client, feedback.reviewer)
    assert client.get(urls(world, feedback)["group"]).status_code == 404
    assert FocusGroup.objects.count() == 1


def test_recording_a_group(client, sign_in, world, feedback):
    sign_in(client, world.recovery_coach)
    found = urls(world, feedback)
    assert_good_page(client.get(found["add"]))
    response = client.post(found["add"], good(named="Ann, Bob", agreed="on"))
    group = FocusGroup.objects.exclude(pk=feedback.group.pk).get()
    assert response["Location"] == reverse("feedback:focus_group", args=[group.pk])
    assert (group.took_part, group.lived_experience, group.paid_count) == (9, 8, 8)
    assert group.paid_each == Decimal("20.00") and group.named_with_agreement == "Ann, Bob"
    assert sorted(group.themes.values_list("code", flat=True)) == ["access", "activities"]
    said = list(Comment.objects.filter(focus_group=group).order_by("pk"))
    assert [c.text for c in said] == [
        "Call Priya on 07700 900123 about it.",
        "More evening groups please",
    ]
    assert "07700" not in said[0].redacted
    body = client.get(response["Location"]).content.decode()
    assert "is recorded" in body and "Named, with their agreement" in body and "Ann, Bob" in body
    assert "07700" not in body and "8 people paid £20.00 each: £160.00 in all" in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Enter a title"),
        ({"title": "x" * 151}, "150 characters or fewer"),
        ({"held_on_0": ""}, "must include a day"),
        ({"held_on_2": "2999"}, "The day it was held must be the same as or before"),
        ({"held_on_1": "13"}, "must be a real date"),
        ({"run_by": "   "}, "Enter who ran it"),
        ({"took_part": ""}, "Enter how many people took part"),
        ({"took_part": "-1"}, "must be 0 or more"),
        ({"took_part": "lots"}, "as a whole number"),
        ({"took_part": "99999999999999999999"}, "500 or fewer"),
        ({"lived_experience": "10"}, "no more than how many took part"),
        ({"paid_count": "10"}, "no more than how many took part"),
        ({"paid_each": "1.234"}, "Enter the amount in pounds and pence"),
        ({"paid_each": "-5"}, "Enter the amount in pounds and pence"),
        ({"paid_each": "NaN"}, "Enter the amount in pounds and pence"),
        ({"paid_each": ""}, "Enter how much each person was paid"),
        ({"named": "Ann"}, "Tick to confirm everyone named agreed"),
        ({"themes": ["access", "forged"]}, "Choose themes from the list"),
        ({"said": ("x" * 2001)}, "Each comment must be 2000 characters or fewer"),
        ({"said": "\n".join(["a"] * 51)}, "Enter 50 comments or fewer"),
    ],
)
def test_bad_input_writes_nothing(client, sign_in, world, feedback, changes, message):
    sign_in(client, world.peer_worker)
    before = (FocusGroup.objects.count(), Comment.objects.count())
    response = client.post(urls(world, feedback)["add"], good(**changes))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body, body[:0]
    assert (FocusGroup.objects.count(), Comment.objects.count()) == before


def test_names_without_the_tick_are_never_kept_and_odd_words_are(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    client.post(urls(world, feedback)["add"], good(named="", agreed="on", title="Ça va 👍 <b>"))
    group = FocusGroup.objects.get(title="Ça va 👍 <b>")
    assert group.named_with_agreement == ""
    body = client.get(reverse("feedback:focus_group", args=[group.pk])).content.decode()
    assert "Ça va 👍 &lt;b&gt;" in body


def test_another_teams_focus_group_page_is_empty_of_it(client, sign_in, world, feedback):
    sign_in(client, world.clinician)
    response = client.get(
        urls(world, feedback)["list"].replace(str(world.team_a.pk), str(world.team_b.pk))
    )
    assert response.status_code == 200
    assert "Getting to appointments" not in response.content.decode()
    assert "No focus groups are recorded" in response.content.decode()
