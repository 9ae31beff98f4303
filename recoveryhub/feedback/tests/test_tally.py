"""The figures' tallies always equal the figures counted afresh from every row: as
responses arrive on each channel, as themes are suggested and reviewed, and after a bulk
load is rebuilt."""

import pytest

from recoveryhub.feedback import services, tally
from recoveryhub.feedback.models import Channel, Comment, MonthlyTally, ThemeTally
from recoveryhub.feedback.testing import answers_for

pytestmark = pytest.mark.django_db


def assert_kept_equals_counted():
    kept_answers, kept_themes = tally.kept()
    counted_answers, counted_themes = tally.from_scratch()
    assert kept_answers == counted_answers
    assert kept_themes == counted_themes


def test_the_world_s_tallies_are_right(feedback):
    assert MonthlyTally.objects.exists() and ThemeTally.objects.exists()
    assert_kept_equals_counted()


def test_answers_on_every_channel_are_counted_once(feedback):
    survey = feedback.fft_a
    for channel in Channel.values:
        services.record_response(survey, answers_for(survey, "poor"), channel=channel)
    again = feedback.by_link.submission_id
    services.record_response(
        survey, answers_for(survey, "poor"), channel=Channel.LINK, submission_id=again
    )  # stored before: counted before
    services.record_response(survey, answers_for(survey, ""), channel=Channel.LINK)  # refused
    assert_kept_equals_counted()


def test_themes_suggested_then_reviewed_move_the_counts(feedback):
    comment = feedback.by_tablet.comments.get()
    services.review_themes(
        comment, reviewer=feedback.reviewer, codes=["staff", "journey"], sentiment="negative"
    )
    assert_kept_equals_counted()
    services.review_themes(
        comment, reviewer=feedback.reviewer, codes=["access"], sentiment="negative"
    )
    assert_kept_equals_counted()


def test_the_theming_job_counts_what_it_suggests(feedback):
    survey = feedback.fft_b
    services.record_response(
        survey, answers_for(survey, "good", "The bus to the clinic takes hours."),
        channel=Channel.LINK,
    )  # fmt: skip
    assert Comment.objects.filter(themed_at__isnull=True).exists()
    services.theme_waiting_comments()
    assert_kept_equals_counted()


def theme_waiting(feedback, *texts):
    survey = feedback.fft_b
    for text in texts:
        services.record_response(survey, answers_for(survey, "good", text), channel=Channel.LINK)
    return services.theme_waiting_comments()


def test_a_batch_adds_to_the_rows_there_are_and_makes_the_rest_at_once(feedback):
    theme_waiting(feedback, "The bus to the clinic takes hours.")
    before = ThemeTally.objects.count()
    texts = ["The bus takes hours.", "Staff were kind and listened.", "I waited weeks."]
    assert theme_waiting(feedback, *texts) == 3
    assert ThemeTally.objects.count() >= before
    assert_kept_equals_counted()


def test_a_row_made_meanwhile_by_another_writer_is_added_to(feedback, monkeypatch):
    """The batch insert fails on the unique key and changes nothing; each row is then
    added to one by one, so no comment is lost or counted twice."""
    theme_waiting(feedback, "The bus to the clinic takes hours.")
    before = ThemeTally.objects.count()
    monkeypatch.setattr(tally, "_theme_keys", lambda months: set())  # as if not seen yet
    assert theme_waiting(feedback, "The bus to the clinic takes hours again.") == 1
    assert ThemeTally.objects.count() == before  # its rows were there: each added to
    assert_kept_equals_counted()


def test_rebuild_counts_everything_afresh(feedback):
    MonthlyTally.objects.update(total=0, good=99)
    ThemeTally.objects.all().delete()
    tally.rebuild()
    assert_kept_equals_counted()
    tally.rebuild()  # twice: the same
    assert_kept_equals_counted()
