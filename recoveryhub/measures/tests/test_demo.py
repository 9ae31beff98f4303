"""The synthetic check-in histories seed_demo writes."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min

from recoveryhub.measures import catalogue, scoring, summaries
from recoveryhub.measures.models import CheckIn, OutcomeSummary, ReminderSchedule
from recoveryhub.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust(settings, small_demo_for_the_module):
    settings.ALLOW_DEMO_DATA = True  # so a test may run seed_demo again


def test_people_have_histories_that_improve_stay_flat_or_worsen(trust):
    phq9 = catalogue.get("phq9")
    histories = (
        CheckIn.objects.filter(instrument="phq9")
        .values("person")
        .annotate(n=Count("id"), first=Min("completed_at"), last=Max("completed_at"))
    )
    assert histories.count() > 50
    assert all(h["n"] >= 3 for h in histories)
    outcomes = set()
    for history in histories[:200]:
        scores = CheckIn.objects.filter(person=history["person"], instrument="phq9").order_by(
            "completed_at"
        )
        first, last = scores.first().total, scores.last().total
        outcomes.add(scoring.reliable_change(phq9, first, last))
    assert outcomes == set(scoring.Change)


def test_stored_scores_are_exactly_what_scoring_gives(trust):
    for check_in in CheckIn.objects.order_by("?")[:100]:
        result = scoring.score(catalogue.get(check_in.instrument), check_in.answers)
        assert check_in.total == result.total
        assert check_in.band == (result.band.label if result.band else "")


def test_carers_and_the_demo_carer_have_no_check_ins_but_the_demo_person_does(trust):
    assert not CheckIn.objects.filter(person__caring_for__isnull=False).exists()
    alex = Person.objects.get(user__email="person@recoveryhub.example")
    assert CheckIn.objects.filter(person=alex, instrument="phq9").count() == 6
    assert CheckIn.objects.filter(person=alex, instrument="wellbeing").count() == 6
    assert ReminderSchedule.objects.filter(person=alex, active=True).exists()


def test_running_twice_writes_no_more_check_ins(settings, trust):
    before = CheckIn.objects.count()
    call_command("seed_demo", size="small", seed=1, stdout=StringIO())
    assert CheckIn.objects.count() == before


def test_the_outcome_summary_is_written_with_the_check_ins(trust):
    assert OutcomeSummary.objects.count() > 100
    assert summaries.held() == summaries.from_scratch()
