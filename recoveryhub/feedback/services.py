"""Feedback's domain operations: surveys, responses from every channel, kiosks, themes,
focus groups and "You said, we did". Views, commands, the kiosk and tests call these."""

import hashlib
import secrets
import uuid
from collections import defaultdict
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import answers as checking
from . import fft, redaction, tally, themes
from .models import (
    Answer,
    ChangeStatus,
    Channel,
    Comment,
    CommentTheme,
    FocusGroup,
    FocusGroupTheme,
    Kiosk,
    MonthlyContacts,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
    ThemeReview,
    ThemeSource,
    YouSaidWeDid,
)

ENROL_LINK_DAYS = 7


class FeedbackError(Exception):
    """A change that cannot be made, with words to show."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Surveys -------------------------------------------------------------------------------


def fft_survey(team, by=None) -> Survey:
    """The team's Friends and Family Test, made the first time it is asked for."""
    found = Survey.objects.filter(team=team, kind=SurveyKind.FFT).first()
    if found:
        return found
    with transaction.atomic():
        survey = Survey.objects.create(
            team=team,
            kind=SurveyKind.FFT,
            title=f"Tell us about {team.name}",
            introduction="Your answers are anonymous. They help us make our service better.",
            link_code=secrets.token_urlsafe(9),
            created_by=by,
        )
        _add_questions(
            survey,
            [
                (QuestionKind.FFT, fft.QUESTION, fft.EASY_READ, [], True),
                (QuestionKind.TEXT, fft.GOOD, fft.GOOD_EASY, [], False),
                (QuestionKind.TEXT, fft.BETTER, fft.BETTER_EASY, [], False),
            ],
        )
    return survey


def add_survey(team, *, title: str, introduction: str, questions, by) -> Survey:
    """A team's own short survey. `questions`: (kind, wording, easy read, options,
    required) each, options as [[code, label], ...] for a choice."""
    if not questions:
        raise FeedbackError("Add at least one question")
    with transaction.atomic():
        survey = Survey.objects.create(
            team=team,
            kind=SurveyKind.TEAM,
            title=title,
            introduction=introduction,
            link_code=secrets.token_urlsafe(9),
            created_by=by,
        )
        _add_questions(survey, questions)
    return survey


def _add_questions(survey, questions) -> None:
    rows = [
        Question(
            survey=survey,
            position=position,
            kind=kind,
            wording=wording,
            easy_read=easy,
            options=options,
            required=required,
        )
        for position, (kind, wording, easy, options, required) in enumerate(questions, 1)
    ]
    if survey.asks_about_you:
        start = len(rows) + 1
        rows += [
            Question(
                survey=survey,
                position=start + i,
                kind=QuestionKind.CHOICE,
                wording=wording,
                easy_read=easy,
                options=options,
            )
            for i, (wording, easy, options) in enumerate(fft.ABOUT_YOU)
        ]
    for row in rows:
        row.save()


def asked(survey) -> list[checking.Asked]:
    return [
        checking.Asked(
            id=q.pk,
            kind=q.kind,
            wording=q.wording,
            required=q.required,
            codes=frozenset(code for code, _ in q.choices()),
        )
        for q in survey.questions.all()
    ]


# Responses ----------------------------------------------------------------------------


def parse_submission_id(value) -> uuid.UUID | None:
    """A submission id as sent by a form or the kiosk, or None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def record_response(
    survey,
    given: dict,
    *,
    channel: str,
    submission_id: uuid.UUID | None = None,
    respondent: str = "",
    answered_on: date | None = None,
    kiosk=None,
    person=None,
    entered_by=None,
):
    """(response, errors, stored). Stores all of it or nothing; the same submission id
    sent again stores nothing and returns the first response (stored=False)."""
    submission_id = submission_id or uuid.uuid4()
    existing = Response.objects.filter(submission_id=submission_id).first()
    if existing:
        return existing, {}, False
    if not survey.is_open:
        raise FeedbackError("This survey is closed. Thank you for wanting to tell us.")
    questions = list(survey.questions.all())
    answers, errors = checking.check(asked(survey), given)
    if errors:
        return None, errors, False
    rating = next((answers.get(q.pk, "") for q in questions if q.kind == QuestionKind.FFT), "")
    known = _known_names(survey.team, person)
    day = answered_on or timezone.localdate()
    try:
        with transaction.atomic():
            response = Response.objects.create(
                submission_id=submission_id,
                survey=survey,
                team_id=survey.team_id,
                channel=channel,
                respondent=respondent,
                fft_rating=rating,
                answered_on=day,
                kiosk=kiosk,
                person=person if channel == Channel.SIGNED_IN else None,
                entered_by=entered_by,
            )
            tally.count_response(response)
            Answer.objects.bulk_create(
                Answer(response=response, question_id=qid, value=value)
                for qid, value in answers.items()
            )
            texts = [q for q in questions if q.kind == QuestionKind.TEXT and q.pk in answers]
            Comment.objects.bulk_create(
                _comment(response, q, answers[q.pk], known, day) for q in texts
            )
    except IntegrityError:
        # The same submission id arrived twice at once: the other one stored it.
        existing = Response.objects.filter(submission_id=submission_id).first()
        if existing is None:
            raise
        return existing, {}, False
    return response, {}, True


def _comment(response, question, text, known, day) -> Comment:
    cleaned = redaction.redact(text, known)
    return Comment(
        response=response,
        question=question,
        team_id=response.team_id,
        answered_on=day,
        text=text,
        redacted=cleaned.text,
        redacted_kinds=",".join(cleaned.kinds),
    )


def _known_names(team, person=None) -> list[str]:
    """Names a comment is likely to carry: the team's staff, and the person answering."""
    names = list(team.members.select_related("user").values_list("user__full_name", flat=True))
    if person is not None:
        names += [person.full_name, person.preferred_name]
    return [name for name in names if name]


# Kiosks -------------------------------------------------------------------------------


def enrol_kiosk(team, name: str, by=None) -> tuple[Kiosk, str]:
    """A new kiosk for a team and its one-time enrolment token (shown once)."""
    kiosk = Kiosk(team=team, name=name.strip(), created_by=by)
    token = _new_enrol_token(kiosk)
    kiosk.save()
    fft_survey(team, by)
    return kiosk, token


def new_enrol_link(kiosk, by=None) -> str:
    """Enrol (again) a kiosk that is not revoked: a new tablet, or the same one reset.
    The tablet enrolled before stops when the new one is enrolled."""
    if kiosk.is_revoked:
        raise FeedbackError("This tablet was stopped. Add a new one instead.")
    token = _new_enrol_token(kiosk)
    kiosk.save(update_fields=["enrol_token_hash", "enrol_expires_at"])
    return token


def _new_enrol_token(kiosk) -> str:
    token = secrets.token_urlsafe(32)
    kiosk.enrol_token_hash = _hash(token)
    kiosk.enrol_expires_at = timezone.now() + timedelta(days=ENROL_LINK_DAYS)
    return token


def kiosk_to_enrol(token: str) -> Kiosk | None:
    if not isinstance(token, str) or not token:
        return None
    return (
        Kiosk.objects.select_related("team")
        .filter(
            enrol_token_hash=_hash(token),
            enrol_expires_at__gt=timezone.now(),
            revoked_at__isnull=True,
        )
        .first()
    )


def complete_enrolment(kiosk) -> str:
    """Spend the enrolment link and give the tablet its own device token."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        spent = Kiosk.objects.filter(
            pk=kiosk.pk, enrol_token_hash=kiosk.enrol_token_hash, revoked_at__isnull=True
        ).update(
            enrol_token_hash=None,
            enrol_expires_at=None,
            device_token_hash=_hash(token),
            enrolled_at=timezone.now(),
            last_contact_at=timezone.now(),
            waiting_on_device=0,
        )
    if not spent:
        raise FeedbackError("This link has already been used. Ask for a new one.")
    return token


def kiosk_for_device(token) -> Kiosk | None:
    """The kiosk a device token belongs to, revoked or not (the caller says which)."""
    if not isinstance(token, str) or not token or len(token) > 100:
        return None
    return Kiosk.objects.select_related("team").filter(device_token_hash=_hash(token)).first()


def kiosk_contact(kiosk, waiting: int) -> None:
    """The tablet was in touch: when, and how many answers it still holds."""
    Kiosk.objects.filter(pk=kiosk.pk).update(
        last_contact_at=timezone.now(), waiting_on_device=max(0, min(waiting, 100_000))
    )


def revoke_kiosk(kiosk, *, by, reason: str) -> None:
    if kiosk.is_revoked:
        return
    kiosk.revoked_at = timezone.now()
    kiosk.revoked_by = by
    kiosk.revoke_reason = reason.strip()
    kiosk.enrol_token_hash = None
    # Only these fields: the device token may have changed since `kiosk` was read.
    kiosk.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "enrol_token_hash"])


# Themes -------------------------------------------------------------------------------


def theme_waiting_comments(limit: int = 500) -> int:
    """Suggest themes and a sentiment for comments not yet themed (the theming job)."""
    from . import classifier

    waiting = list(Comment.objects.filter(themed_at__isnull=True).order_by("pk")[:limit])
    if not waiting:
        return 0
    suggestions = classifier.suggest([comment.redacted for comment in waiting])
    now = timezone.now()
    with transaction.atomic():
        rows = []
        for comment, suggestion in zip(waiting, suggestions, strict=True):
            comment.sentiment = suggestion.sentiment
            comment.uncertain = suggestion.uncertain
            comment.model_version = classifier.MODEL_VERSION
            comment.themed_at = now
            rows += [
                CommentTheme(
                    comment=comment,
                    code=code,
                    source=ThemeSource.SUGGESTED,
                    probability=round(probability, 3),
                    current=comment.reviewed_at is None,
                )
                for code, probability in suggestion.themes
            ]
        # One UPDATE for each sentiment and certainty, not a CASE over every comment.
        alike = defaultdict(list)
        for comment in waiting:
            alike[comment.sentiment, comment.uncertain].append(comment.pk)
        for (sentiment, uncertain), pks in alike.items():
            Comment.objects.filter(pk__in=pks).update(
                sentiment=sentiment, uncertain=uncertain,
                model_version=classifier.MODEL_VERSION, themed_at=now,
            )  # fmt: skip
        CommentTheme.objects.bulk_create(rows, ignore_conflicts=True)
        tally.count_themes(
            (comment, [code for code, _ in suggestion.themes])
            for comment, suggestion in zip(waiting, suggestions, strict=True)
            if comment.reviewed_at is None
        )
    return len(waiting)


def review_themes(comment, *, reviewer, codes, sentiment: str, note: str = "") -> ThemeReview:
    """A reviewer with lived experience agrees or corrects a comment's themes."""
    codes = sorted(set(codes))
    if not codes:
        raise FeedbackError("Choose at least one theme")
    if any(code not in themes.BY_CODE for code in codes):
        raise FeedbackError("Choose themes from the list")
    if sentiment not in dict(themes.SENTIMENTS):
        raise FeedbackError("Choose how the comment feels")
    suggested = comment.themes.filter(source=ThemeSource.SUGGESTED).order_by("code")
    with transaction.atomic():
        review = ThemeReview.objects.create(
            comment=comment,
            reviewer=reviewer,
            suggested=",".join(suggested.values_list("code", flat=True)),
            agreed=",".join(codes),
            sentiment=sentiment,
            note=note.strip(),
        )
        before = list(comment.themes.filter(current=True).values_list("code", flat=True))
        tally.move_themes(comment, before, codes)
        comment.themes.update(current=False)
        comment.themes.filter(source=ThemeSource.REVIEWED).delete()
        CommentTheme.objects.bulk_create(
            CommentTheme(comment=comment, code=code, source=ThemeSource.REVIEWED) for code in codes
        )
        comment.sentiment = sentiment
        comment.uncertain = False
        comment.reviewed_at = review.reviewed_at
        comment.save(update_fields=["sentiment", "uncertain", "reviewed_at"])
    return review


# Focus groups -------------------------------------------------------------------------


def record_focus_group(*, team, by, theme_codes=(), comments=(), **fields) -> FocusGroup:
    """A focus group with its themes, and what was said (redacted like any comment)."""
    if any(code not in themes.BY_CODE for code in theme_codes):
        raise FeedbackError("Choose themes from the list")
    with transaction.atomic():
        group = FocusGroup.objects.create(team=team, created_by=by, **fields)
        FocusGroupTheme.objects.bulk_create(
            FocusGroupTheme(focus_group=group, code=code) for code in set(theme_codes)
        )
        known = _known_names(team)
        for said in comments:
            cleaned = redaction.redact(said, known)
            Comment.objects.create(
                focus_group=group,
                team=team,
                answered_on=group.held_on,
                text=said,
                redacted=cleaned.text,
                redacted_kinds=",".join(cleaned.kinds),
            )
    return group


# You said, we did ---------------------------------------------------------------------


def draft_change(*, team, by, comments=(), **fields) -> YouSaidWeDid:
    if fields.get("theme") not in themes.BY_CODE:
        raise FeedbackError("Choose the theme people raised")
    with transaction.atomic():
        change = YouSaidWeDid.objects.create(team=team, created_by=by, **fields)
        if comments:
            change.comments.set(comments)
    return change


def ask_for_approval(change) -> None:
    if change.status not in (ChangeStatus.DRAFT, ChangeStatus.WITHDRAWN):
        raise FeedbackError("This is already waiting for approval or published")
    change.status = ChangeStatus.AWAITING
    change.save()


def approve_change(change, *, lead) -> None:
    """A lead approves the wording: it is published on the public pages."""
    if change.status != ChangeStatus.AWAITING:
        raise FeedbackError("Only wording waiting for approval can be approved")
    change.status = ChangeStatus.PUBLISHED
    change.approved_by = lead
    change.approved_at = timezone.now()
    change.save()


def withdraw_change(change) -> None:
    change.status = ChangeStatus.WITHDRAWN
    change.approved_at = None
    change.save()


# Contacts ------------------------------------------------------------------------------


def record_contacts(team, month: date, contacts: int) -> MonthlyContacts:
    row, _ = MonthlyContacts.objects.update_or_create(
        team=team, month=month.replace(day=1), defaults={"contacts": contacts}
    )
    return row
