"""The outcomes page and its CSV, as managers reach them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures import catalogue, scoring, summaries
from recoveryhub.measures.models import CheckIn, CheckInStatus
from recoveryhub.people.models import CaseloadAssignment, Person

pytestmark = pytest.mark.django_db


def pairs(world, people: int) -> None:
    """`people` people on team A, each with a first and a later PHQ-9."""
    phq9 = catalogue.get("phq9")
    now = timezone.now()
    made = []
    for n in range(people):
        person = Person.objects.create(full_name=f"Person {n}", locality=world.fenland)
        CaseloadAssignment.objects.create(
            person=person, team=world.team_a, starts_on=timezone.localdate() - timedelta(200)
        )
        for days_ago, value in [(90, 2), (10, 1)]:
            answers = {item.code: value for item in phq9.items}
            made.append(
                CheckIn(
                    person=person,
                    instrument="phq9",
                    status=CheckInStatus.COMPLETE,
                    answers=answers,
                    total=scoring.score(phq9, answers).total,
                    started_at=now - timedelta(days=days_ago),
                    completed_at=now - timedelta(days=days_ago),
                )
            )
    CheckIn.objects.bulk_create(made)
    summaries.rebuild()  # as the bulk writes keep it


def test_managers_see_outcomes_with_a_fixed_number_of_queries(
    client, sign_in, world, django_assert_max_num_queries
):
    sign_in(client, world.manager)
    pairs(world, 6)
    with django_assert_max_num_queries(21) as few:  # the figures worked out and kept
        response = client.get(reverse("measures:outcomes"))
    facts = assert_good_page(response)
    assert facts.h1s and "Fenland Adult Locality Team" in response.content.decode()
    pairs(world, 40)
    # One more once figures are kept: the people touched since are counted.
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        assert client.get(reverse("measures:outcomes")).status_code == 200


def test_small_groups_are_suppressed_and_no_one_is_named(client, sign_in, world):
    sign_in(client, world.manager)
    pairs(world, 3)
    text = client.get(reverse("measures:outcomes"), {"group_by": "team"}).content.decode()
    assert "fewer than 5" in text
    assert "Person 0" not in text and "Patricia" not in text


def test_the_csv_has_the_figures_and_no_people(client, sign_in, world):
    sign_in(client, world.manager)
    pairs(world, 6)
    response = client.get(reverse("measures:outcomes_csv"), {"group_by": "locality"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert "Fenland" in body and "Person 0" not in body and "999" not in body


@pytest.mark.parametrize(
    "query",
    [
        {"instrument": "horoscope"},
        {"months": "forever"},
        {"group_by": "star sign"},
        {"instrument": "x" * 5000},
    ],
)
def test_nonsense_filters_fall_back_to_the_defaults(client, sign_in, world, query):
    sign_in(client, world.manager)
    assert client.get(reverse("measures:outcomes"), query).status_code == 200
    assert client.get(reverse("measures:outcomes_csv"), query).status_code == 200


def test_only_managers_see_outcomes(client, sign_in, world):
    for who in [world.pat_user, world.peer_worker, world.college_staff, world.admin]:
        client.logout()
        sign_in(client, who)
        assert client.get(reverse("measures:outcomes")).status_code == 404
        assert client.get(reverse("measures:outcomes_csv")).status_code == 404
