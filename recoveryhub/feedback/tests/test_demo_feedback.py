"""Feedback's demo step on the small demo trust (seed 1): a year of answers on every
channel, redacted comments with themes, the lead and reviewers the demo sign-ins are, tablets
in each state, focus groups, published changes and contacts; the same again from the seed."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import Count, F, Max, Q
from django.test import override_settings

from recoveryhub.core import demo
from recoveryhub.core.models import DemoDataset
from recoveryhub.feedback import demo as demo_step
from recoveryhub.feedback import demo_bulk, fft, redaction, services
from recoveryhub.feedback import models as m
from recoveryhub.people.demo import DEMO_TEAM, TODAY
from recoveryhub.people.models import Team

STEP = "recoveryhub.feedback.demo.seed_feedback"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(small_demo_for_the_module, django_db_blocker):
    """The step on the small demo, written once for the module (until core/demo.py lists
    it): kept in small_demo_for_the_module's transaction, rolled back when the module ends."""
    with django_db_blocker.unblock(), override_settings(ALLOW_DEMO_DATA=True):
        if not DemoDataset.objects.filter(step=STEP).exists():
            demo._run_step(STEP, "small", 1, print)


def fingerprint() -> tuple:
    responses = m.Response.objects.values_list(
        "team__name", "channel", "respondent", "fft_rating", "answered_on"
    )
    comments = m.Comment.objects.values_list("team__name", "answered_on", "text", "redacted")
    tables = [m.Survey, m.Kiosk, m.FocusGroup, m.YouSaidWeDid, m.MonthlyContacts, m.ThemeReview,
              m.FeedbackLead, m.ThemeReviewer, m.Answer, m.CommentTheme]  # fmt: skip
    return (
        Counter(responses),
        Counter(comments),
        {t.__name__: t.objects.count() for t in tables},
    )


@override_settings(ALLOW_DEMO_DATA=True)
def test_the_same_seed_gives_the_same_feedback_and_a_second_run_writes_nothing(seeded):
    before = fingerprint()
    assert not demo._run_step(STEP, "small", 1, print).written and fingerprint() == before
    # Take it all away and write it again from the same seed: the same answers and words.
    m.YouSaidWeDid.objects.all().delete()
    m.FocusGroup.objects.all().delete()
    m.Response.objects.all().delete()
    for model in (m.Kiosk, m.Survey, m.FeedbackLead, m.ThemeReviewer, m.MonthlyContacts):
        model.objects.all().delete()
    DemoDataset.objects.filter(step=STEP).delete()
    assert demo._run_step(STEP, "small", 1, print).written
    assert fingerprint() == before


def test_a_year_of_responses_on_every_channel_with_a_believable_spread(seeded):
    responses = m.Response.objects.filter(survey__kind="fft")
    assert 2_500 <= responses.count() <= 3_500
    spans = demo_bulk.months()
    days = responses.values_list("answered_on", flat=True)
    assert min(days) >= spans[0][0] and max(days) <= TODAY
    assert {(d.year, d.month) for d in days} == {(f.year, f.month) for f, _ in spans}
    assert set(responses.values_list("channel", flat=True)) == set(m.Channel.values)
    ratings = Counter(responses.values_list("fft_rating", flat=True))
    assert set(ratings) == set(fft.CODES)
    positive = (ratings["very_good"] + ratings["good"]) / sum(ratings.values())
    assert 0.7 < positive < 0.95
    by_month = Counter((d.year, d.month) for d in days)
    assert max(by_month.values()) > 1.2 * min(by_month.values())  # months vary
    with_comments = responses.filter(comments__isnull=False).distinct().count()
    assert 0.3 < with_comments / responses.count() < 0.5


def test_rows_are_what_services_would_store(seeded):
    assert not m.Response.objects.exclude(team=F("survey__team")).exists()
    fft_answers = m.Answer.objects.filter(question__kind="fft")
    assert not fft_answers.exclude(value=F("response__fft_rating")).exists()
    kiosked = m.Response.objects.filter(channel="kiosk")
    assert not kiosked.filter(Q(kiosk__isnull=True) | ~Q(kiosk__team=F("team"))).exists()
    assert not kiosked.filter(kiosk__revoked_at__date__lt=F("answered_on")).exists()
    assert not m.Response.objects.filter(channel="paper", entered_by__isnull=True).exists()
    assert not m.Response.objects.exclude(channel="signed_in").filter(person__isnull=False)
    for comment in m.Comment.objects.filter(response__isnull=False).order_by("pk")[::40]:
        known = services._known_names(comment.team, comment.response.person)
        assert comment.redacted == redaction.redact(comment.text, known).text


def test_comments_are_redacted_and_themed(seeded):
    comments = m.Comment.objects.all()
    planted = comments.filter(text__contains="07700 900")
    assert planted.exists() and not comments.filter(redacted__contains="07700 900").exists()
    assert planted.filter(redacted__contains="[phone number]").count() == planted.count()
    named = comments.filter(redacted_kinds__contains="name")
    assert named.exists()
    assert not comments.filter(themed_at__isnull=True).exists()  # the job has nothing to do
    assert not comments.annotate(n=Count("themes")).filter(n=0).exists()
    assert m.Comment.objects.filter(focus_group__isnull=False).exists()


def test_the_demo_manager_leads_and_people_who_volunteer_review(seeded):
    team = Team.objects.get(name=DEMO_TEAM)
    lead = m.FeedbackLead.objects.get(service_line=team.service_line)
    assert lead.user.email == "manager@recoveryhub.example"
    lines = set(Team.objects.values_list("service_line_id", flat=True))
    assert set(m.FeedbackLead.objects.values_list("service_line_id", flat=True)) == lines
    reviewer = m.ThemeReviewer.objects.get(user__email="person@recoveryhub.example")
    assert reviewer.service_line == team.service_line and reviewer.is_active
    reviews = m.ThemeReview.objects.all()
    assert reviews.exists() and set(reviews.values_list("reviewer", flat=True)) <= set(
        m.ThemeReviewer.objects.values_list("user", flat=True)
    )
    assert m.CommentTheme.objects.filter(source="reviewed", current=True).exists()
    every = Team.objects.annotate(n=Count("surveys", filter=Q(surveys__kind="fft")))
    assert set(every.values_list("n", flat=True)) == {1}  # every team has its FFT
    assert m.Survey.objects.filter(kind="team").count() == 2
    own = m.Response.objects.filter(channel="signed_in", person__user__email__startswith="person")
    assert own.filter(comments__text__startswith="Volunteering in the garden").exists()


def test_tablets_in_each_state(seeded):
    teams = set(m.Kiosk.objects.values_list("team", flat=True))
    assert len(teams) == 3
    for team in teams:
        kiosks = m.Kiosk.objects.filter(team=team)
        in_use = kiosks.get(revoked_at__isnull=True, enrolled_at__isnull=False)
        assert in_use.waiting_on_device in (0, 2)
        assert in_use.last_contact_at.date() >= TODAY - timedelta(days=1)
        stopped = kiosks.get(revoked_at__isnull=False)
        assert stopped.revoke_reason
        waiting = kiosks.get(enrolled_at__isnull=True)
        assert waiting.enrol_token_hash and not waiting.is_revoked
    waits = set(m.Kiosk.objects.filter(revoked_at__isnull=True).values_list(
        "waiting_on_device", flat=True))  # fmt: skip
    assert waits == {0, 2}


def test_focus_groups_changes_and_contacts(seeded):
    groups = m.FocusGroup.objects.all()
    assert groups.count() == 9 and all(g.themes.exists() for g in groups)
    assert all(g.paid_count <= g.took_part for g in groups)
    changes = Counter(m.YouSaidWeDid.objects.values_list("status", flat=True))
    assert changes == {"published": 8, "awaiting": 4, "draft": 4}
    for change in m.YouSaidWeDid.objects.filter(status="published"):
        assert m.FeedbackLead.objects.filter(
            user=change.approved_by, service_line=change.team.service_line
        ).exists()
    contacts = m.MonthlyContacts.objects.all()
    assert contacts.count() >= 12 * 10
    for row in contacts[:30]:
        answered = m.Response.objects.filter(
            team=row.team, survey__kind="fft", answered_on__year=row.month.year,
            answered_on__month=row.month.month,
        ).count()  # fmt: skip
        assert row.contacts >= answered


def test_the_large_demo_themes_comments_as_the_theming_job_would(seeded):
    team = Team.objects.get(name=DEMO_TEAM)
    rng = random.Random(3)  # noqa: S311 - repeatable synthetic data
    staff = demo_step._staff([team])[team.pk]
    plan = demo_step._plan(team, services.fft_survey(team), staff, (), rng)
    highest = m.Comment.objects.aggregate(top=Max("pk"))["top"]
    demo_bulk.Writer(rng, theme_inline=True).write([plan], 200)
    written = m.Comment.objects.filter(pk__gt=highest)

    def themed():
        return {
            c.pk: (c.sentiment, c.uncertain, c.model_version, c.redacted,
                   sorted(c.themes.values_list("code", "probability", "source", "current")))
            for c in written
        }  # fmt: skip

    inline = themed()
    m.CommentTheme.objects.filter(comment__in=written).delete()
    written.update(themed_at=None, sentiment="", uncertain=False, model_version="")
    services.theme_waiting_comments(limit=10_000)
    assert len(inline) > 20 and themed() == inline
