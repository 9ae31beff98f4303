"""Synthetic feedback (strategy para 24; issue 16): a year of answers to every team's
Friends and Family Test across all four channels, with comments (demo_bulk.py).

A feedback lead for each service line: the demo manager (Michael Burns) for the lines of
his teams, each other line's first team manager for the rest. People who volunteer (the
pathways step runs first) review themes, among them the demo person (Alex). A few teams
have tablets (one in use, one stopped, one waiting to be enrolled), focus groups, and
"You said, we did" published, waiting for approval and in draft; some record monthly
contacts so response rates show. Deterministic from the seed; dates up to the demo's
fixed today (people.demo.TODAY). The step runs once (core/demo.py).
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from recoveryhub.accounts.demo import ensure_demo_accounts
from recoveryhub.accounts.roles import Role
from recoveryhub.core.demo_rows import analyze, reset_sequences
from recoveryhub.people.demo import DEMO_TEAM, TODAY, link_demo_accounts
from recoveryhub.people.models import CaseloadAssignment, Person, Team, TeamMember

from . import demo_words as words
from . import services, tally
from .demo_bulk import TeamPlan, Writer, moment, months
from .models import (
    Channel,
    Comment,
    FeedbackLead,
    Kiosk,
    QuestionKind,
    ThemeReview,
    ThemeReviewer,
    YouSaidWeDid,
)


@dataclass(frozen=True)
class Size:
    responses: int
    kiosk_teams: int
    group_teams: int
    change_teams: int
    contact_share: float  # of the teams: those recording monthly contacts
    reviews: int
    theme_inline: bool  # theme as written (large), or by services afterwards (small)


SIZES = {
    "small": Size(3_000, 3, 3, 4, 0.5, 12, False),
    "large": Size(200_000, 8, 10, 12, 0.8, 40, True),
}


def seed_feedback(size: str, seed: int, progress) -> None:
    plan = SIZES[size]
    rng = random.Random(seed + 16)  # noqa: S311 - repeatable synthetic data, not security
    users = ensure_demo_accounts()
    link_demo_accounts(users)
    teams = list(Team.objects.select_related("service_line").order_by("name"))
    if not teams:
        progress("feedback: no trust to add it to, nothing written")
        return
    staff = _staff(teams)
    leads = _leads(users, teams, staff)
    reviewer_count = _reviewers(users, leads)
    surveys = {t.pk: services.fft_survey(t, by=leads[t.service_line_id]) for t in teams}
    first = [t for t in teams if t.name == DEMO_TEAM]
    others = [t for t in teams if t.name != DEMO_TEAM]
    chosen = first + rng.sample(others, len(others))  # the demo team first, then any
    kiosks = {t.pk: _kiosks(t, users[Role.SERVICE_ADMIN], n, rng)
              for n, t in enumerate(chosen[: plan.kiosk_teams])}  # fmt: skip
    writer = Writer(rng, plan.theme_inline)
    writer.write([_plan(t, surveys[t.pk], staff[t.pk], kiosks.get(t.pk, ()), rng)
                  for t in teams], plan.responses)  # fmt: skip
    reset_sequences(*writer.tables())
    analyze(*writer.tables())
    _own_surveys(chosen[:2], leads, rng)
    _demo_persons_own(users, surveys, first)
    groups = [_focus_group(t, staff[t.pk], n, rng)
              for t in chosen[: plan.group_teams] for n in range(3)]  # fmt: skip
    while services.theme_waiting_comments(limit=2_000):
        pass
    reviews = _reviews(plan.reviews, rng)
    changes = sum(_changes(t, leads[t.service_line_id], staff[t.pk], rng)
                  for t in chosen[: plan.change_teams])  # fmt: skip
    contacts = _contacts(chosen[: max(1, int(len(teams) * plan.contact_share))], writer, rng)
    tally.rebuild()  # the bulk rows were written without counting them
    progress(
        f"feedback: {len(leads)} leads, {reviewer_count} theme reviewers, "
        f"{writer.responses.written:,} responses, {writer.comments.written:,} comments, "
        f"{reviews} reviewed, {Kiosk.objects.count()} tablets, {len(groups)} focus groups, "
        f"{changes} changes, {contacts} months of contacts"
    )


def _staff(teams) -> dict[int, list[tuple[int, str]]]:
    """Each team's staff (user id, full name), its manager first as seeded."""
    out = {t.pk: [] for t in teams}
    rows = TeamMember.objects.order_by("team_id", "pk").values_list(
        "team_id", "user_id", "user__full_name"
    )
    for team_id, user_id, name in rows:
        out.setdefault(team_id, []).append((user_id, name))
    return {team: found or [(None, "A member of staff")] for team, found in out.items()}


def _leads(users, teams, staff) -> dict:
    """Service line id -> its lead: the demo manager for his teams' lines, else the first
    team's manager (the first member of each seeded team)."""
    manager = users[Role.MANAGER]
    mine = set(
        Team.objects.filter(members__user=manager).values_list("service_line_id", flat=True)
    )
    leads = dict.fromkeys(mine, manager)
    for team in teams:
        if team.service_line_id not in leads and staff[team.pk][0][0]:
            leads[team.service_line_id] = _user(staff[team.pk][0][0])
    for team in teams:  # a line whose teams have no staff: the demo manager
        leads.setdefault(team.service_line_id, manager)
    for line, user in leads.items():
        FeedbackLead.objects.get_or_create(user=user, service_line_id=line)
    return leads


def _user(pk):
    return get_user_model().objects.get(pk=pk)


def _reviewers(users, leads) -> int:
    """People who volunteer and can sign in review their services' themes; the demo
    person at least, volunteer or not."""
    volunteers = set(
        Person.objects.filter(
            user__isnull=False, placements__status__in=["active", "ended"]
        ).values_list("pk", flat=True)
    )
    demo_person = Person.objects.filter(user=users[Role.PERSON]).first()
    if demo_person is not None:
        volunteers.add(demo_person.pk)
    made = 0
    for person in Person.objects.filter(pk__in=volunteers).order_by("pk"):
        lines = set(CaseloadAssignment.objects.filter(person=person)
                    .values_list("team__service_line_id", flat=True)) or set(leads)  # fmt: skip
        for line in sorted(lines & set(leads)):
            ThemeReviewer.objects.get_or_create(
                user=person.user, service_line_id=line, defaults={"added_by": leads[line]}
            )
            made += 1
    return made


def _plan(team, survey, staff, kiosks, rng) -> TeamPlan:
    questions = list(survey.questions.order_by("position"))
    people = CaseloadAssignment.objects.filter(team=team).order_by("person_id")
    people = people.values_list("person_id", "person__full_name", "person__preferred_name")
    bad = rng.sample(range(12), rng.choice([0, 0, 1, 2]))
    return TeamPlan(
        team_id=team.pk,
        survey_id=survey.pk,
        questions=tuple(q.pk for q in questions[:5]),
        about_you=tuple(tuple(code for code, _ in q.options) for q in questions[3:5]),
        weight=rng.lognormvariate(0, 0.5),
        tilt=rng.uniform(-1, 1),
        dip=frozenset(range(bad[0], min(12, bad[0] + len(bad) + 1))) if bad else frozenset(),
        kiosks=kiosks,
        staff=tuple(staff),
        people=tuple(people[:100]),
    )


def _kiosks(team, admin, n: int, rng) -> tuple:
    """A stopped tablet (used until it was replaced), the one now in use, one to enrol."""
    start, replaced = months()[0][0] - timedelta(days=20), TODAY - timedelta(days=150 + n * 9)
    old, _ = services.enrol_kiosk(team, "Old reception tablet", admin)
    services.complete_enrolment(old)
    services.revoke_kiosk(old, by=admin, reason=words.KIOSK_STOPPED[n % 3])
    Kiosk.objects.filter(pk=old.pk).update(
        created_at=moment(start, 9), enrolled_at=moment(start, 10),
        last_contact_at=moment(replaced, 12), revoked_at=moment(replaced, 13),
    )  # fmt: skip
    new, _ = services.enrol_kiosk(team, "Reception tablet", admin)
    services.complete_enrolment(new)
    Kiosk.objects.filter(pk=new.pk).update(
        created_at=moment(replaced, 14), enrolled_at=moment(replaced, 15),
        last_contact_at=moment(TODAY, 15, rng.randint(0, 59)), waiting_on_device=2 * (n % 2),
    )  # fmt: skip
    services.enrol_kiosk(team, "Group room tablet", admin)
    return ((old.pk, start, replaced), (new.pk, replaced, TODAY + timedelta(days=1)))


def _own_surveys(teams, leads, rng) -> None:
    """A short survey of their own for two teams, with some answers on paper or a link."""
    for team, (title, intro, questions) in zip(teams, words.OWN_SURVEYS, strict=False):
        survey = services.add_survey(
            team, title=title, introduction=intro, questions=questions,
            by=leads[team.service_line_id],
        )  # fmt: skip
        asked = list(survey.questions.order_by("position"))
        for _ in range(rng.randint(20, 40)):
            given = {
                q.pk: rng.choice(words.OWN_ANSWERS) if q.kind == QuestionKind.TEXT
                else rng.choice(q.options)[0]
                for q in asked if q.required or rng.random() < 0.6
            }  # fmt: skip
            channel = rng.choice([Channel.LINK, Channel.PAPER])
            services.record_response(
                survey, given, channel=channel,
                answered_on=TODAY - timedelta(days=rng.randint(0, 90)),
                entered_by=leads[team.service_line_id] if channel == Channel.PAPER else None,
            )  # fmt: skip


def _demo_persons_own(users, surveys, demo_team) -> None:
    """The demo person answered their team's FFT signed in, twice."""
    person = Person.objects.filter(user=users[Role.PERSON]).first()
    if person is None or not demo_team:
        return
    survey = surveys[demo_team[0].pk]
    q = {x.position: x.pk for x in survey.questions.all()}
    said = [
        (75, "good", "My recovery coach helps me plan my week."),
        (12, "very_good", "Volunteering in the garden has helped me."),
    ]
    for days, rating, good in said:
        services.record_response(
            survey, {q[1]: rating, q[2]: good}, channel=Channel.SIGNED_IN, person=person,
            answered_on=TODAY - timedelta(days=days), respondent="person",
        )  # fmt: skip


def _focus_group(team, staff, n: int, rng):
    title, codes, said, notes = words.FOCUS_GROUPS[rng.randrange(len(words.FOCUS_GROUPS))]
    took_part = rng.randint(5, 12)
    paid = rng.randint(0, took_part)
    return services.record_focus_group(
        team=team, by=_user(staff[0][0]) if staff[0][0] else None, theme_codes=codes,
        comments=said, title=title, held_on=TODAY - timedelta(days=30 + n * 110
                                                              + rng.randint(0, 40)),
        run_by=rng.choice(words.RUN_BY).format(name=staff[-1][1]), took_part=took_part,
        lived_experience=rng.randint(paid, took_part), paid_count=paid,
        paid_each=Decimal("25.00") if paid else Decimal(0), notes=notes,
    )  # fmt: skip


def _reviews(count: int, rng) -> int:
    """People with lived experience check some suggested themes: mostly agreeing."""
    reviewers = list(ThemeReviewer.objects.filter(is_active=True).order_by("pk"))
    done = 0
    for reviewer in reviewers:
        comments = (Comment.objects.filter(team__service_line_id=reviewer.service_line_id,
                                           themed_at__isnull=False, reviewed_at__isnull=True)
                    .order_by("-answered_on", "pk")[: count * 3])  # fmt: skip
        for comment in rng.sample(list(comments), min(count, len(comments))):
            codes = list(comment.themes.values_list("code", flat=True))
            if rng.random() < 0.25:
                codes.append(rng.choice(["communication", "staff", "access"]))
            sentiment = comment.sentiment or "neutral"
            services.review_themes(comment, reviewer=reviewer.user, codes=codes,
                                   sentiment=sentiment)  # fmt: skip
            done += 1
    reviewed = moment(TODAY, 11)
    ThemeReview.objects.update(reviewed_at=reviewed)
    Comment.objects.filter(reviewed_at__isnull=False).update(reviewed_at=reviewed)
    return done


def _changes(team, lead, staff, rng) -> int:
    """Two published (approved by the lead), one waiting for approval, one draft."""
    by = _user(staff[-1][0]) if staff[-1][0] else lead
    themes = sorted(words.CHANGES)
    rng.shuffle(themes)
    for n, theme in enumerate(themes[:4]):
        said, did, action = rng.choice(words.CHANGES[theme])
        linked = Comment.objects.filter(team=team, themes__code=theme, themes__current=True)
        change = services.draft_change(
            team=team, by=by, theme=theme, you_said=said, we_did=did if n < 3 else "",
            said_from=months()[4 + n * 2][0], action=action,
            changed_on=TODAY - timedelta(days=100 - n * 30) if n < 2 else None,
            comments=list(linked.order_by("pk")[:3]),
        )  # fmt: skip
        if n < 3:
            services.ask_for_approval(change)
        if n < 2:
            services.approve_change(change, lead=lead)
            YouSaidWeDid.objects.filter(pk=change.pk).update(
                approved_at=moment(change.changed_on + timedelta(days=3), 14)
            )
    return 4


def _contacts(teams, writer: Writer, rng) -> int:
    """People seen each month, so response rates show (about one in eight answers)."""
    made = 0
    for team in teams:
        rate = rng.uniform(0.06, 0.22)
        for first, _ in months():
            answered = writer.counts[(team.pk, first)]
            services.record_contacts(team, first, max(answered, round(answered / rate)) or 20)
            made += 1
    return made


SIGN_IN_NOTE = (
    "Feedback: the manager is the feedback lead for Adult mental health (reads comments as "
    "written, approves 'You said, we did'); the person reviews comment themes as a volunteer."
)
