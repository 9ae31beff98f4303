"""A year of answers to every team's Friends and Family Test, in bulk: plain rows
(core/demo_rows.py) a batch at a time, so memory stays flat however many there are.

Each row is what services.record_response would store: the response's team is its
survey's, `fft_rating` is the FFT answer, every answer has an Answer row, and each written
answer is a Comment redacted with the same names services would pass (the team's staff and,
signed in, the person). For the large demo the classifier themes the comments as they are
written, as services.theme_waiting_comments would (the same model, fields and rows).
"""

import math
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from recoveryhub.core.demo_rows import Table, db_date, db_datetime
from recoveryhub.people.demo import TODAY

from . import demo_words as words
from . import fft, redaction
from .models import Answer, Channel, Comment, CommentTheme, Respondent, Response, ThemeSource

BATCH = 5_000  # responses a write
COMMENT_SHARE = 0.4
DETAILS_SHARE = 0.06  # of comments: a staff name or a phone number in it
ABOUT_YOU_SHARE = 0.55
# A quiet August and Christmas, a busy autumn: months vary as real returns do.
SEASON = {1: 1.0, 2: 1.05, 3: 1.1, 4: 0.95, 5: 1.0, 6: 0.95, 7: 0.9, 8: 0.7, 9: 1.1,
          10: 1.2, 11: 1.15, 12: 0.75}  # fmt: skip
CHANNELS = [(Channel.LINK, 0.38), (Channel.PAPER, 0.22), (Channel.KIOSK, 0.30),
            (Channel.SIGNED_IN, 0.10)]  # fmt: skip
RESPONDENTS = [(Respondent.PERSON, 0.74), (Respondent.CARER, 0.15),
               (Respondent.HELPED, 0.08), ("", 0.03)]  # fmt: skip


def moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def months() -> list[tuple[date, date]]:
    """The twelve calendar months up to the demo's today: (first day, last day)."""
    first = TODAY.replace(day=1)
    out = []
    for _ in range(12):
        last = min((first + timedelta(days=32)).replace(day=1) - timedelta(days=1), TODAY)
        out.append((first, last))
        first = (first - timedelta(days=1)).replace(day=1)
    return out[::-1]


@dataclass(frozen=True)
class TeamPlan:
    team_id: int
    survey_id: int
    questions: tuple[int, int, int, int, int]  # FFT, good, better, age, disability
    about_you: tuple[tuple[str, ...], tuple[str, ...]]  # the about-you answer codes
    weight: float  # the team's share of the trust's responses
    tilt: float  # -1 (worse than most) to 1 (better)
    dip: frozenset[int]  # months (index in months()) when things went worse
    kiosks: tuple[tuple[int, date, date], ...]  # (kiosk id, in use from, until)
    staff: tuple[tuple[int, str], ...]  # (user id, full name)
    people: tuple[tuple[int, str, str], ...]  # people who may answer signed in


@dataclass
class Writer:
    rng: random.Random
    theme_inline: bool  # the large demo: theme as written, not by the job afterwards
    counts: Counter = field(default_factory=Counter)  # (team id, month) -> responses

    def __post_init__(self):
        self.responses = Table(Response, (
            "id", "submission_id", "survey_id", "team_id", "channel", "respondent",
            "fft_rating", "answered_on", "received_at", "kiosk_id", "person_id",
            "entered_by_id"))  # fmt: skip
        self.answers = Table(Answer, ("response_id", "question_id", "value"))
        self.comments = Table(Comment, (
            "id", "response_id", "question_id", "team_id", "answered_on", "text", "redacted",
            "redacted_kinds", "sentiment", "uncertain", "model_version", "themed_at"))  # fmt: skip
        self.themes = Table(CommentTheme, ("comment_id", "code", "source", "probability",
                                           "current"))  # fmt: skip
        self._uuid = Response._meta.get_field("submission_id")
        self._suggested = {}  # redacted text -> classifier suggestion
        self._now = timezone.now()
        self._clear()

    def _clear(self):
        self._rows = {"responses": [], "answers": [], "comments": []}

    def write(self, plans: list[TeamPlan], total: int) -> None:
        spans = months()
        scale = total / (sum(p.weight for p in plans) * sum(SEASON[f.month] for f, _ in spans))
        for index, (first, last) in enumerate(spans):
            share = last.day / ((first + timedelta(days=32)).replace(day=1) - first).days
            for plan in plans:
                expected = scale * plan.weight * SEASON[first.month] * share
                count = max(0, round(self.rng.gauss(expected, math.sqrt(expected))))
                self.counts[(plan.team_id, first)] += count
                for _ in range(count):
                    day = first + timedelta(days=self.rng.randint(0, (last - first).days))
                    self._response(plan, day, index in plan.dip)
                if len(self._rows["responses"]) >= BATCH:
                    self._flush()
        self._flush()

    def _response(self, plan: TeamPlan, day: date, dip: bool) -> None:
        rng = self.rng
        rating = rng.choices(fft.CODES, _rating_weights(plan.tilt, dip))[0]
        kiosk = next((k for k, start, end in plan.kiosks if start <= day < end), None)
        weights = [w if c != Channel.KIOSK or kiosk else 0 for c, w in CHANNELS]
        channel = rng.choices([c for c, _ in CHANNELS], weights)[0]
        person = rng.choice(plan.people) if channel == Channel.SIGNED_IN and plan.people else None
        received, entered_by = moment(day, rng.randint(8, 19), rng.randint(0, 59)), None
        if channel == Channel.PAPER:
            later = min(day + timedelta(days=rng.randint(1, 10)), TODAY)
            received, entered_by = moment(later, rng.randint(9, 16)), rng.choice(plan.staff)[0]
        (response_id,) = self.responses.next_ids(1)
        self._rows["responses"].append((
            response_id, self._uuid.get_db_prep_save(uuid.UUID(int=rng.getrandbits(128),
                                                                version=4), connection),
            plan.survey_id, plan.team_id, channel,
            rng.choices([r for r, _ in RESPONDENTS], [w for _, w in RESPONDENTS])[0],
            rating, db_date(day), db_datetime(received),
            kiosk if channel == Channel.KIOSK else None, person[0] if person else None,
            entered_by,
        ))  # fmt: skip
        fft_q, good_q, better_q, age_q, disability_q = plan.questions
        answers = self._rows["answers"]
        answers.append((response_id, fft_q, rating))
        for question, text in self._comments(plan, rating):
            answers.append((response_id, question, text))
            known = [name for _, name in plan.staff] + (list(person[1:]) if person else [])
            cleaned = redaction.redact(text, [n for n in known if n])
            self._rows["comments"].append(
                (
                    response_id,
                    question,
                    plan.team_id,
                    db_date(day),
                    text,
                    cleaned.text,
                    ",".join(cleaned.kinds),
                )
            )
        if rng.random() < ABOUT_YOU_SHARE:
            answers.append((response_id, age_q, rng.choice(plan.about_you[0])))
            if rng.random() < 0.8:
                answers.append((response_id, disability_q, rng.choice(plan.about_you[1])))

    def _comments(self, plan: TeamPlan, rating: str) -> list[tuple[int, str]]:
        rng = self.rng
        if rng.random() >= COMMENT_SHARE:
            return []
        _, good_q, better_q, _, _ = plan.questions
        positive = rating in fft.POSITIVE
        said = []
        if positive or rng.random() < 0.25:
            said.append((good_q, rng.choice(words.GOOD)))
        if not positive or rng.random() < 0.3 or not said:
            bank = words.MIXED if positive and rng.random() < 0.3 else words.BETTER
            said.append((better_q, rng.choice(bank)))
        if rng.random() < DETAILS_SHARE:
            template = rng.choice(words.WITH_DETAILS)
            parts = rng.choice(plan.staff)[1].split()  # "Dr Helen Price" is Helen here
            staff_name = next((p for p in parts if p.lower() not in redaction.TITLES), "Sam")
            phone = f"07700 900{rng.randint(0, 999):03d}"
            question = good_q if "thank" in template.lower() else better_q
            said = [(question, template.format(name=staff_name, phone=phone))]
        elif rng.random() < 0.2:
            question, text = said[-1]
            said[-1] = (question, f"{text} {rng.choice(words.ENDINGS)}")
        return said

    def _flush(self) -> None:
        rows = self._rows
        if not rows["responses"]:
            return
        self.responses.write(rows["responses"])
        self.answers.write(rows["answers"])
        comment_ids = self.comments.next_ids(len(rows["comments"]))
        themed, theme_rows = self._themed([row[5] for row in rows["comments"]])
        self.comments.write(
            (cid, *row, *extra)
            for cid, row, extra in zip(comment_ids, rows["comments"], themed, strict=True)
        )
        self.themes.write(
            (cid, code, ThemeSource.SUGGESTED, probability, True)
            for cid, made in zip(comment_ids, theme_rows, strict=True)
            for code, probability in made
        )
        self._clear()

    def _themed(self, redacted: list[str]) -> tuple[list[tuple], list[tuple]]:
        """(sentiment, uncertain, model version, themed at) and the theme rows per comment,
        as theme_waiting_comments stores them; unthemed for the job when not inline."""
        if not self.theme_inline:
            return [("", False, "", None)] * len(redacted), [()] * len(redacted)
        from . import classifier

        new = sorted({text for text in redacted if text not in self._suggested})
        self._suggested.update(zip(new, classifier.suggest(new), strict=True))
        now = db_datetime(self._now)
        fields, themes = [], []
        for text in redacted:
            s = self._suggested[text]
            fields.append((s.sentiment, s.uncertain, classifier.MODEL_VERSION, now))
            themes.append(tuple((code, round(p, 3)) for code, p in s.themes))
        return fields, themes

    def tables(self) -> list[Table]:
        return [self.responses, self.answers, self.comments, self.themes]


def _rating_weights(tilt: float, dip: bool) -> list[float]:
    """Mostly very good and good, a little of the rest; worse in a team's bad months."""
    negative = min(0.4, max(0.02, 0.07 - 0.04 * tilt + (0.15 if dip else 0.0)))
    positive = 1 - negative - 0.05 - 0.035
    return [positive * 0.72, positive * 0.28, 0.05, negative * 0.6, negative * 0.4, 0.035]
