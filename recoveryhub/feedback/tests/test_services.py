"""Feedback's domain operations: responses from every channel, stored once and whole;
kiosks that enrol once and stop at once; themes reviewed and kept; changes approved."""

import uuid

import pytest
from django.utils import timezone

from recoveryhub.feedback import services
from recoveryhub.feedback.models import (
    Answer,
    ChangeStatus,
    Channel,
    Comment,
    CommentTheme,
    Kiosk,
    Response,
    ThemeReview,
)
from recoveryhub.feedback.testing import WITH_DETAILS, answers_for

pytestmark = pytest.mark.django_db


def test_the_fft_survey_asks_the_national_question_first(feedback):
    first, good, better, *about_you = feedback.fft_a.questions.all()
    assert first.wording == "Overall, how was your experience of our service?"
    assert [label for _, label in first.choices()] == [
        "Very good",
        "Good",
        "Neither good nor poor",
        "Poor",
        "Very poor",
        "Don't know",
    ]
    assert first.required and not good.required and not better.required
    assert about_you and not any(q.required for q in about_you)
    assert services.fft_survey(feedback.fft_a.team) == feedback.fft_a  # one per team


def test_a_response_is_stored_whole_with_its_comments_redacted(feedback):
    response = feedback.by_link
    assert response.fft_rating == "very_good"
    assert response.answers.count() == 3
    named = feedback.named_comment
    assert named.text == WITH_DETAILS  # as written, for the feedback lead
    assert "Priya" not in named.redacted and "07700" not in named.redacted
    assert "lovely" in named.redacted
    assert "name" in named.redacted_kinds and "phone" in named.redacted_kinds


def test_the_same_submission_sent_twice_is_stored_once(feedback):
    survey = feedback.fft_a
    sid = uuid.uuid4()
    given = answers_for(survey, "good", "Kind.")
    first, errors, stored = services.record_response(
        survey, given, channel=Channel.KIOSK, submission_id=sid
    )
    assert stored and not errors
    again, errors, stored = services.record_response(
        survey, given, channel=Channel.KIOSK, submission_id=sid
    )
    assert not stored and again == first
    assert Response.objects.filter(submission_id=sid).count() == 1
    assert Comment.objects.filter(response=first).count() == 1


@pytest.mark.parametrize(
    ("rating", "good", "message"),
    [
        ("", "", "Choose how your experience"),
        ("excellent", "", "Choose one of the answers"),
        ("good", "x" * 2001, "2,000 characters or fewer"),
    ],
)
def test_bad_answers_store_nothing(feedback, rating, good, message):
    before = (Response.objects.count(), Answer.objects.count(), Comment.objects.count())
    response, errors, stored = services.record_response(
        feedback.fft_a, answers_for(feedback.fft_a, rating, good), channel=Channel.LINK
    )
    assert response is None and not stored
    assert any(message in error for error in errors.values())
    assert (Response.objects.count(), Answer.objects.count(), Comment.objects.count()) == before


def test_odd_characters_are_kept_and_control_characters_taken_out(feedback):
    given = answers_for(feedback.fft_a, "good", "Dïolch 🙂 —\x00 “great”\x07")
    response, _, _ = services.record_response(feedback.fft_a, given, channel=Channel.LINK)
    assert response.comments.get().text == "Dïolch 🙂 — “great”"


def test_a_non_string_answer_is_refused(feedback):
    given = {str(k): v for k, v in answers_for(feedback.fft_a, "good").items()}
    given[next(iter(given))] = ["good"]
    response, errors, _ = services.record_response(feedback.fft_a, given, channel=Channel.KIOSK)
    assert response is None and errors


def test_a_closed_survey_takes_no_answers(feedback):
    feedback.fft_b.is_open = False
    feedback.fft_b.save()
    with pytest.raises(services.FeedbackError):
        services.record_response(
            feedback.fft_b, answers_for(feedback.fft_b, "good"), channel=Channel.LINK
        )


def test_only_a_signed_in_answer_keeps_the_person(feedback, world):
    given = answers_for(feedback.fft_a, "good")
    mine, _, _ = services.record_response(
        feedback.fft_a, given, channel=Channel.SIGNED_IN, person=world.pat
    )
    theirs, _, _ = services.record_response(
        feedback.fft_a, given, channel=Channel.PAPER, person=world.pat
    )
    assert mine.person == world.pat and theirs.person is None


def test_a_kiosk_enrols_once_and_its_token_finds_it(feedback):
    kiosk = services.kiosk_to_enrol(feedback.enrol_token)
    assert kiosk == feedback.waiting
    token = services.complete_enrolment(kiosk)
    assert services.kiosk_for_device(token) == feedback.waiting
    assert services.kiosk_to_enrol(feedback.enrol_token) is None  # spent
    with pytest.raises(services.FeedbackError):
        services.complete_enrolment(kiosk)
    assert token not in str(Kiosk.objects.values_list().get(pk=kiosk.pk))  # only a hash


def test_an_expired_or_forged_enrolment_link_finds_nothing(feedback):
    Kiosk.objects.filter(pk=feedback.waiting.pk).update(enrol_expires_at=timezone.now())
    assert services.kiosk_to_enrol(feedback.enrol_token) is None
    assert services.kiosk_to_enrol("forged") is None
    assert services.kiosk_to_enrol("") is None
    assert services.kiosk_for_device("x" * 500) is None


def test_enrolling_again_stops_the_tablet_enrolled_before(feedback):
    token = services.new_enrol_link(feedback.tablet, by=None)
    services.complete_enrolment(services.kiosk_to_enrol(token))
    assert services.kiosk_for_device(feedback.tablet_token) is None


def test_a_revoked_kiosk_cannot_be_enrolled_again(feedback):
    assert services.kiosk_for_device(feedback.stopped_token).is_revoked
    with pytest.raises(services.FeedbackError):
        services.new_enrol_link(feedback.stopped)


def test_kiosk_contact_keeps_the_time_and_queue(feedback):
    services.kiosk_contact(feedback.tablet, 3)
    feedback.tablet.refresh_from_db()
    assert feedback.tablet.waiting_on_device == 3
    assert (timezone.now() - feedback.tablet.last_contact_at).total_seconds() < 60


def test_a_review_keeps_what_was_suggested_and_what_was_agreed(feedback):
    comment = feedback.named_comment
    review = services.review_themes(
        comment, reviewer=feedback.reviewer, codes=["staff", "communication"], sentiment="positive"
    )
    assert review.suggested == "staff" and review.agreed == "communication,staff"
    current = CommentTheme.objects.filter(comment=comment, current=True)
    assert sorted(current.values_list("code", flat=True)) == ["communication", "staff"]
    assert CommentTheme.objects.filter(comment=comment, source="suggested").exists()
    comment.refresh_from_db()
    assert comment.reviewed_at is not None


@pytest.mark.parametrize(
    ("codes", "sentiment"), [([], "positive"), (["nonsense"], "positive"), (["staff"], "happy")]
)
def test_a_bad_review_changes_nothing(feedback, codes, sentiment):
    with pytest.raises(services.FeedbackError):
        services.review_themes(
            feedback.named_comment, reviewer=feedback.reviewer, codes=codes, sentiment=sentiment
        )
    assert not ThemeReview.objects.exists()


def test_a_change_is_published_only_once_a_lead_approves(feedback, world):
    with pytest.raises(services.FeedbackError):
        services.approve_change(feedback.draft, lead=world.manager)
    services.ask_for_approval(feedback.draft)
    services.approve_change(feedback.draft, lead=world.manager)
    feedback.draft.refresh_from_db()
    assert feedback.draft.status == ChangeStatus.PUBLISHED
    assert feedback.draft.approved_by == world.manager


def test_a_focus_group_keeps_counts_themes_and_redacted_words(feedback):
    group = feedback.group
    assert group.took_part == 7 and group.paid_count == 6
    assert sorted(group.themes.values_list("code", flat=True)) == ["access", "communication"]
    assert group.comments.get().redacted.startswith("Letters come too late")
