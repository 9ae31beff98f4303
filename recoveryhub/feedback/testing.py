"""Feedback for tests: `feedback` builds on the shared `world` fixture (conftest.py).

Both world teams are in Adult mental health, whose feedback lead is Mani (world.manager,
team A). Vic, who volunteers, reviews the service's themes (redacted comments only).
Team A has its FFT, a short survey of its own, an enrolled reception tablet (its device
token kept here), a tablet that was stopped, and one waiting to be enrolled (its link kept
here). Team A has three responses (a link with comments naming Priya and a phone number,
the tablet, a paper form) and team B one. Team A held a focus group, has one change
published, one waiting for approval and one draft, and recorded last month's contacts.
"""

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import pytest
from django.utils import timezone

from recoveryhub.accounts.roles import Role

WITH_DETAILS = "Priya was lovely and rang me back on 07700 900123 the same day."


@dataclass
class Feedback:
    fft_a: object
    fft_b: object
    own_a: object  # team A's own short survey (a choice and a text question)
    lead: object  # FeedbackLead row (Mani)
    reviewer: object  # Vic's sign-in
    tablet: object  # team A's enrolled reception tablet
    tablet_token: str
    stopped: object  # team A's revoked tablet
    stopped_token: str
    waiting: object  # team A's tablet waiting to be enrolled
    enrol_token: str
    by_link: object  # team A, very good, two comments (one naming Priya and a phone)
    by_tablet: object  # team A, poor, one comment
    on_paper: object  # team A, good, no comment
    team_b_response: object
    named_comment: object  # by_link's "what was good" (Priya, a phone number)
    group: object  # team A's focus group
    published: object
    awaiting: object
    draft: object


@pytest.fixture
def feedback(world):
    return build_feedback(world)


def answers_for(survey, rating="", good="", better="") -> dict:
    """What a form sends for an FFT survey: {question id: answer}."""
    by_position = {q.position: q.pk for q in survey.questions.all()}
    given = {by_position[1]: rating}
    if good:
        given[by_position[2]] = good
    if better:
        given[by_position[3]] = better
    return given


def suggest_theme(comment, code: str, probability: float = 0.8) -> None:
    """A theme suggested for a comment, as the theming job stores it (and counts it)."""
    from recoveryhub.feedback import tally
    from recoveryhub.feedback.models import CommentTheme, ThemeSource

    CommentTheme.objects.create(
        comment=comment, code=code, source=ThemeSource.SUGGESTED, probability=probability
    )
    tally.count_themes([(comment, [code])])


def build_feedback(world) -> Feedback:
    from conftest import make_user_now
    from recoveryhub.feedback import services
    from recoveryhub.feedback.models import (
        Channel,
        FeedbackLead,
        QuestionKind,
        ThemeReviewer,
    )

    today = timezone.localdate()
    adults = world.team_a.service_line
    lead = FeedbackLead.objects.create(user=world.manager, service_line=adults)
    vic = make_user_now("vic@example.com", Role.PERSON, full_name="Victoria Hale")
    ThemeReviewer.objects.create(user=vic, service_line=adults, added_by=world.manager)
    fft_a = services.fft_survey(world.team_a)
    fft_b = services.fft_survey(world.team_b)
    own_a = services.add_survey(
        world.team_a,
        title="Our Tuesday drop-in",
        introduction="Three quick questions about the drop-in.",
        questions=[
            (
                QuestionKind.CHOICE,
                "Did you feel welcome?",
                "Were we friendly?",
                [["yes", "Yes"], ["mostly", "Mostly"], ["no", "No"]],
                True,
            ),
            (QuestionKind.TEXT, "What would you change?", "What should we change?", [], False),
        ],
        by=world.manager,
    )
    tablet, _ = services.enrol_kiosk(world.team_a, "Reception tablet", world.service_admin)
    tablet_token = services.complete_enrolment(tablet)
    stopped, _ = services.enrol_kiosk(world.team_a, "Old tablet", world.service_admin)
    stopped_token = services.complete_enrolment(stopped)
    services.revoke_kiosk(stopped, by=world.service_admin, reason="Lost from the waiting room")
    waiting, enrol_token = services.enrol_kiosk(world.team_a, "Group room tablet")
    by_link, _, _ = services.record_response(
        fft_a,
        answers_for(fft_a, "very_good", WITH_DETAILS, "The waiting room was cold."),
        channel=Channel.LINK,
        submission_id=UUID(int=1),
        answered_on=today - timedelta(days=3),
    )
    by_tablet, _, _ = services.record_response(
        fft_a,
        answers_for(fft_a, "poor", better="I waited six weeks for a call back."),
        channel=Channel.KIOSK,
        kiosk=tablet,
        answered_on=today - timedelta(days=2),
    )
    on_paper, _, _ = services.record_response(
        fft_a,
        answers_for(fft_a, "good"),
        channel=Channel.PAPER,
        entered_by=world.peer_worker,
        answered_on=today - timedelta(days=1),
    )
    team_b_response, _, _ = services.record_response(
        fft_b, answers_for(fft_b, "good", "Kind staff."), channel=Channel.LINK
    )
    named = by_link.comments.get(question__position=2)
    for comment, code in [
        (named, "staff"),
        (by_link.comments.get(question__position=3), "environment"),
        (by_tablet.comments.get(), "access"),
        (team_b_response.comments.get(), "staff"),
    ]:
        suggest_theme(comment, code)
        comment.sentiment = "negative" if comment.response.fft_rating == "poor" else "positive"
        comment.themed_at = timezone.now()
        comment.model_version = "test"
        comment.save()
    group = services.record_focus_group(
        team=world.team_a,
        by=world.peer_worker,
        theme_codes=["access", "communication"],
        comments=["Letters come too late to plan the bus."],
        title="Getting to appointments",
        held_on=today - timedelta(days=20),
        run_by="Priya Peer and a peer volunteer",
        took_part=7,
        lived_experience=6,
        paid_count=6,
        paid_each="25.00",
        notes="People want text reminders and later appointments on market day.",
    )
    published = services.draft_change(
        team=world.team_a,
        by=world.peer_worker,
        theme="environment",
        you_said="The waiting room was cold.",
        we_did="We fixed the heating and added blankets.",
        said_from=today.replace(day=1) - timedelta(days=40),
        changed_on=today - timedelta(days=5),
    )
    services.ask_for_approval(published)
    services.approve_change(published, lead=world.manager)
    awaiting = services.draft_change(
        team=world.team_a,
        by=world.peer_worker,
        theme="access",
        you_said="Call backs take too long.",
        we_did="A duty worker now returns calls within two working days.",
        said_from=today.replace(day=1),
        comments=[by_tablet.comments.get()],
    )
    services.ask_for_approval(awaiting)
    draft = services.draft_change(
        team=world.team_a,
        by=world.peer_worker,
        theme="communication",
        you_said="Letters arrive too late.",
        we_did="",
        said_from=today.replace(day=1),
    )
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    services.record_contacts(world.team_a, last_month, 120)
    return Feedback(
        fft_a=fft_a,
        fft_b=fft_b,
        own_a=own_a,
        lead=lead,
        reviewer=vic,
        tablet=tablet,
        tablet_token=tablet_token,
        stopped=stopped,
        stopped_token=stopped_token,
        waiting=waiting,
        enrol_token=enrol_token,
        by_link=by_link,
        by_tablet=by_tablet,
        on_paper=on_paper,
        team_b_response=team_b_response,
        named_comment=named,
        group=group,
        published=published,
        awaiting=awaiting,
        draft=draft,
    )
