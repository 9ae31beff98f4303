"""Synthetic plans: recovery and wellbeing plans with goals and history, and positive
risk-taking plans, some past their review date.

The demo person (Alex Morgan) gets a full plan in her own words, written over a year
partly with her recovery coach: three goals with steps and ratings, five versions,
agreed and then changed (so it asks for her agreement again), and two positive
risk-taking plans, one past its review date.

Many other people get plans too (about 60% at `small`; 20,000 plans at `large`),
written with a worker from their team. Everything is written in bulk a batch of
people at a time, and each version's content (the snapshot versions.py compares)
is built in Python in the same shape services.snapshot() and risk_snapshot() give,
so the history and 'what changed' pages work on it. Deterministic: a seeded
random.Random and dates counted from fixed days, never today.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from recoveryhub.accounts.demo import ensure_demo_accounts
from recoveryhub.accounts.models import RoleGrant
from recoveryhub.accounts.roles import WORKER_ROLES, Role
from recoveryhub.core.demo_rows import Table, db_date, db_datetime, db_json, reset_sequences
from recoveryhub.core.presenters import long_date
from recoveryhub.people.demo import REFERENCE_DAY, TODAY, link_demo_accounts
from recoveryhub.people.models import CarerLink, CaseloadAssignment, Person, TeamMember

from . import services
from .models import (
    Goal,
    GoalRating,
    GoalStatus,
    Harm,
    Likelihood,
    Participant,
    ParticipantRole,
    PositiveRiskPlan,
    RecoveryPlan,
    RecoveryPlanVersion,
    RiskPlanStatus,
    RiskPlanVersion,
    SaferAction,
    Seriousness,
    Step,
    WrittenAs,
)

# The day the demo trust stands at (as the College's demo does): review dates count from it.
BATCH = 1_000  # people a batch


@dataclass(frozen=True)
class PlanSize:
    share: float  # of people (not carers, not demo sign-ins) who have a recovery plan
    risk_share: float  # of those, how many also have a positive risk-taking plan
    most_versions: int


SIZES = {
    "small": PlanSize(share=0.6, risk_share=0.3, most_versions=5),
    # 87,000 people: about 20,000 plans, 5,000 positive risk-taking plans.
    "large": PlanSize(share=0.23, risk_share=0.25, most_versions=4),
}

# Words people use about their own lives, for the sections of synthetic plans.
SECTIONS = {
    "keeps_me_well": [
        "Getting outside every day, even for ten minutes.",
        "Regular sleep and not skipping breakfast.",
        "Seeing my grandchildren on Sundays.",
        "Walking the dog along the river.",
        "Going to the allotment and growing things.",
        "Music: playing guitar and going to gigs with friends.",
        "Having a routine during the week.",
        "Talking things through with my peer support group.",
    ],
    "strengths": [
        "I am honest about how I am feeling.",
        "I am good with my hands and like fixing things.",
        "I am a loyal friend and people trust me.",
        "I keep going when things are hard.",
        "I am creative: I draw and write poems.",
        "I have come through difficult times before.",
    ],
    "things_that_help": [
        "Writing down three good things at the end of the day.",
        "A text from my coach before appointments.",
        "Breathing exercises when I feel panicky.",
        "Having a quiet space at home.",
        "Being given time to answer in meetings.",
    ],
    "early_warning_signs": [
        "I stop answering my phone and stay in bed.",
        "I stop eating properly and lose track of the days.",
        "I sleep much less and my thoughts race.",
        "I get irritable with the people I love.",
        "I stop going to the things I usually enjoy.",
    ],
    "if_i_start_to_struggle": [
        "I will tell my partner, and we will call my care coordinator together.",
        "Please ring me rather than write; I may not open letters.",
        "I will go back to my routine and ask my coach for an extra session.",
        "My sister will check in with me every day for a week.",
    ],
    "crisis_plan": [
        "Call NHS 111 and choose the mental health option. I want to stay at home if it is safe.",
        "Go to the Sanctuary in the evening. Please do not call the police unless I am in danger.",
        "Ring the First Response Service; my sister knows my plan and can come over.",
    ],
    "crisis_contacts": [
        "NHS 111, mental health option; my sister: 07700 900456",
        "First Response Service: 111, option 2; my partner: 07700 900789",
        "My care coordinator (weekdays); NHS 111 (evenings and weekends)",
    ],
    "people_who_support_me": [
        "My partner, my sister, and my recovery coach.",
        "My friend from the Recovery College and my GP.",
        "My mum, my peer support worker and my neighbour.",
        "My children, and the people at my Tuesday group.",
    ],
}
# Sentences added when a later version changes a section.
LATER = [
    " Since the summer, swimming helps too.",
    " I have learned to say no when I am tired.",
    " I now keep a diary, which helps me spot this early.",
    " This still feels right.",
]
GOALS = [
    ("Get back to swimming", "It made me feel strong and gave my week a shape.", "wellbeing_2"),
    ("Find volunteering I enjoy", "I want to feel useful and meet people.", "wellbeing_9"),
    ("Go back to work part-time", "I miss my colleagues and money of my own.", "wellbeing_5"),
    ("Cook proper meals most days", "I feel better when I eat well.", "wellbeing_2"),
    ("See friends once a week", "I have drifted away from people and I miss them.", "wellbeing_7"),
    ("Take a course at the Recovery College", "To understand my own wellbeing better.", ""),
    ("Sort out my flat", "I want it to feel like home again.", "wellbeing_8"),
    ("Sleep better", "Everything is harder when I am tired.", "wellbeing_2"),
]  # fmt: skip
STEPS = [
    "Find out the times and the cost",
    "Go once with a friend",
    "Go on my own",
    "Talk it through with my coach",
    "Fill in the form",
    "Do it twice in one week",
    "Tell my family how it went",
]
CHOICES = [
    ("Living on my own again", "I want my own place and my independence back."),
    ("Travelling by train on my own", "To visit family without needing a lift."),
    ("Changing my medication with my prescriber", "The side effects stop me doing what I love."),
    ("Starting a new job", "Work gives me purpose and money of my own."),
    ("Going to a festival with friends", "I have missed out on so much; I want to have fun."),
    ("Managing my own money again", "I want control over my own life."),
]
BENEFITS = [
    "More independence and confidence.",
    "Seeing the people I love more often.",
    "Feeling like myself again.",
    "Feeling useful and having money of my own.",
]
HARMS = [
    "Feeling isolated",
    "Getting overwhelmed and stopping eating",
    "My old symptoms coming back",
    "Spending too much when I am unwell",
    "Not sleeping and becoming unwell",
    "Getting lost or panicking on the journey",
]
SAFER = [
    ("A weekly call to check in", "My recovery coach"),
    ("Agree a plan for bad days in advance", "Me, with my care coordinator"),
    ("Keep my crisis card in my wallet", "Me"),
    ("Text when I arrive", "Me and my sister"),
    ("Review the medication every two weeks at first", "My prescriber"),
]
IF_WRONG = [
    "I will call my coach, or NHS 111 out of hours, and we will look at the plan again.",
    "My partner will contact the team and we will pause and try again later.",
    "I will follow my crisis plan; nobody will see it as failure.",
]


def seed_plans(size: str, seed: int, progress) -> None:
    plan_size = SIZES[size]
    rng = random.Random(seed + 6)  # noqa: S311 - repeatable synthetic data, not security
    users = ensure_demo_accounts()
    link_demo_accounts(users)
    demo_person_plans(users)
    workers = _workers_by_team()
    writer = _Writer(plan_size, rng, workers)
    for number, batch in enumerate(_people_batches(), start=1):
        writer.write(batch)
        if number % 10 == 0:
            progress(f"plans: {writer.plans:,} so far")
    reset_sequences(*vars(writer.tables).values())
    progress(
        f"plans: {writer.plans:,} recovery and wellbeing plans, {writer.risk_plans:,} "
        f"positive risk-taking plans, {writer.versions:,} versions"
    )


def _workers_by_team() -> dict[int, list[int]]:
    """The workers (not managers) of each team, by user id, in a fixed order."""
    workers = RoleGrant.objects.filter(role__in=WORKER_ROLES).values("user_id")
    made: dict[int, list[int]] = {}
    for team_id, user_id in (
        TeamMember.objects.filter(user_id__in=workers)
        .order_by("team_id", "user_id")
        .values_list("team_id", "user_id")
    ):
        made.setdefault(team_id, []).append(user_id)
    return made


def _people_batches():
    """(person id, team id, named worker id) for people who use services, a batch at a time."""
    latest = CaseloadAssignment.objects.filter(person=OuterRef("pk")).order_by("-starts_on", "-pk")
    people = (
        Person.objects.exclude(pk__in=CarerLink.objects.values("carer_id"))
        .filter(user__isnull=True)
        .annotate(
            team_id=Subquery(latest.values("team_id")[:1]),
            worker_id=Subquery(latest.values("worker_id")[:1]),
        )
        .order_by("pk")
        .values_list("pk", "team_id", "worker_id")
    )
    batch = []
    for row in people.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _steps_text(steps: list[Step]) -> str:
    return services.steps_text(steps)  # as services.snapshot() writes them


@dataclass
class _PlanSpec:
    plan: SimpleNamespace  # person_id, review_on, sections; id and agreed_version_id once chosen
    worker_ids: list[int]
    goals: list[Goal] = field(default_factory=list)
    steps: dict = field(default_factory=dict)  # goal index -> [Step]
    history: list = field(default_factory=list)  # [(day, worker id, sections, goals shown)]


VERSION_COLUMNS = (
    "id",
    "plan_id",
    "number",
    "content",
    "written_by_id",
    "written_as",
    "written_at",
)


class _Writer:
    def __init__(self, size: PlanSize, rng: random.Random, workers: dict[int, list[int]]):
        self.size = size
        self.rng = rng
        self.workers = workers
        self.any_worker = sorted({w for team in workers.values() for w in team})
        self.plans = self.risk_plans = self.versions = 0
        self.tables = SimpleNamespace(
            plans=Table(
                RecoveryPlan,
                ("id", "person_id", "review_on", "agreed_version_id", *services.PLAN_SECTIONS),
            ),
            goals=Table(
                Goal, ("id", "plan_id", "title", "why_it_matters", "wellbeing_area", "status")
            ),
            steps=Table(Step, ("goal_id", "description", "target_date", "done_on")),
            ratings=Table(GoalRating, ("goal_id", "rating", "rated_at", "rated_by_id")),
            versions=Table(RecoveryPlanVersion, VERSION_COLUMNS),
            risk_plans=Table(
                PositiveRiskPlan,
                (
                    "id",
                    "person_id",
                    "choice",
                    "what_and_why",
                    "benefits",
                    "if_things_go_wrong",
                    "review_on",
                    "status",
                    "agreed_version_id",
                ),
            ),  # fmt: skip
            harms=Table(Harm, ("id", "plan_id", "description", "likelihood", "seriousness")),
            actions=Table(SaferAction, ("id", "plan_id", "action", "who")),
            participants=Table(
                Participant, ("id", "plan_id", "name", "role", "user_id", "agreed_at")
            ),
            risk_versions=Table(RiskPlanVersion, VERSION_COLUMNS),
        )

    def _workers_for(self, team_id, worker_id) -> list[int]:
        team = self.workers.get(team_id) or self.any_worker
        others = [w for w in team if w != worker_id][:3]
        return ([worker_id] if worker_id else []) + others or self.any_worker[:1]

    def write(self, batch) -> None:
        rng = self.rng
        specs, risk_for = [], []
        for person_id, team_id, worker_id in batch:
            if rng.random() >= self.size.share:
                continue
            workers = self._workers_for(team_id, worker_id)
            specs.append(self._recovery_spec(person_id, workers))
            if rng.random() < self.size.risk_share:
                risk_for.append((person_id, workers))
        if specs:
            self._write_recovery(specs)
        if risk_for:
            self._write_risk(risk_for)

    # Recovery and wellbeing plans ---------------------------------------------------

    def _recovery_spec(self, person_id: int, workers: list[int]) -> _PlanSpec:
        rng = self.rng
        count = rng.randint(2, self.size.most_versions)
        start = TODAY - timedelta(days=rng.randint(90, 600))
        days = sorted(rng.sample(range((TODAY - start).days), count))
        sections = dict.fromkeys(services.PLAN_SECTIONS, "")
        order = list(services.PLAN_SECTIONS)
        goals_total = rng.randint(1, 3)
        history = []
        for number in range(count):
            # Each version fills in more of the plan, or changes a section in it.
            filled = [name for name in order if sections[name]]
            empty = [name for name in order if not sections[name]]
            for name in empty[: rng.randint(2, 4)] if empty else []:
                sections[name] = rng.choice(SECTIONS[name])
            if filled and (not empty or rng.random() < 0.4):
                name = rng.choice(filled)
                sections[name] = sections[name] + rng.choice(LATER)
            shown = min(goals_total, 1 + number)
            history.append((start + timedelta(days=days[number]), rng.choice(workers),
                            dict(sections), shown))  # fmt: skip
        review = rng.random()
        review_on = (
            None if review < 0.15
            else TODAY - timedelta(days=rng.randint(1, 90)) if review < 0.3
            else TODAY + timedelta(days=rng.randint(0, 180))
        )  # fmt: skip
        plan = SimpleNamespace(
            person_id=person_id, review_on=review_on, sections=sections, agreed_version_id=None
        )
        spec = _PlanSpec(plan=plan, worker_ids=workers, history=history)
        for index, (title, why, area) in enumerate(rng.sample(GOALS, goals_total)):
            status = rng.choices(list(GoalStatus.values), [0.75, 0.2, 0.05])[0]
            spec.goals.append(
                SimpleNamespace(
                    title=title, why_it_matters=why, wellbeing_area=area, status=status,
                    instrument="", pk=None,
                )
            )  # fmt: skip
            first = history[min(index, count - 1)][0]
            spec.steps[index] = [
                SimpleNamespace(
                    description=text,
                    target_date=first + timedelta(days=14 * (n + 1)),
                    # Done by the demo's today at the latest, never on a later day.
                    done_on=min(first + timedelta(days=10 * (n + 1)), TODAY)
                    if status == GoalStatus.ACHIEVED or n == 0
                    else None,
                )
                for n, text in enumerate(rng.sample(STEPS, rng.randint(1, 3)))
            ]
        return spec

    def _write_recovery(self, specs: list[_PlanSpec]) -> None:
        rng = self.rng
        tables = self.tables
        for spec, pk in zip(specs, tables.plans.next_ids(len(specs)), strict=True):
            spec.plan.id = pk
        goals = [goal for spec in specs for goal in spec.goals]
        for goal, pk in zip(goals, tables.goals.next_ids(len(goals)), strict=True):
            goal.pk = pk
        steps, ratings, versions = [], [], []
        for spec in specs:
            for index, goal in enumerate(spec.goals):
                for step in spec.steps[index]:
                    steps.append(
                        (goal.pk, step.description, db_date(step.target_date),
                         db_date(step.done_on))
                    )  # fmt: skip
                day = spec.history[min(index, len(spec.history) - 1)][0]
                rating = rng.randint(0, 4)
                for _ in range(rng.randint(2, 8)):
                    if day >= TODAY:
                        break
                    ratings.append(
                        (goal.pk, rating, db_datetime(_moment(day, 11)),
                         rng.choice(spec.worker_ids))
                    )  # fmt: skip
                    rating = min(10, max(0, rating + rng.choice([-1, 0, 1, 1, 2])))
                    day += timedelta(days=rng.choice([21, 28, 35, 42]))
            for number, (day, worker, sections, shown) in enumerate(spec.history, start=1):
                content = _recovery_content(
                    spec, sections, shown, last=number == len(spec.history)
                )
                versions.append(
                    (spec.plan.id, number, db_json(content), worker, WrittenAs.WITH_WORKER,
                     db_datetime(_moment(day)))
                )  # fmt: skip
        ids = tables.versions.next_ids(len(versions))
        versions = [(pk, *version) for pk, version in zip(ids, versions, strict=True)]
        # About half agreed the latest version; some agreed one before it and have changed since.
        by_plan: dict[int, list] = {}
        for version in versions:
            by_plan.setdefault(version[1], []).append(version[0])
        for spec in specs:
            mine = by_plan[spec.plan.id]
            chance = rng.random()
            if chance < 0.5:
                spec.plan.agreed_version_id = mine[-1]
            elif chance < 0.75 and len(mine) > 1:
                spec.plan.agreed_version_id = mine[-2]
        # Plans and their versions refer to each other: the database checks both at commit.
        tables.plans.write(
            (spec.plan.id, spec.plan.person_id, db_date(spec.plan.review_on),
             spec.plan.agreed_version_id, *(spec.plan.sections[n] for n in services.PLAN_SECTIONS))
            for spec in specs
        )  # fmt: skip
        tables.goals.write(
            (goal.pk, spec.plan.id, goal.title, goal.why_it_matters, goal.wellbeing_area,
             goal.status)
            for spec in specs
            for goal in spec.goals
        )  # fmt: skip
        tables.steps.write(steps)
        tables.ratings.write(ratings)
        tables.versions.write(versions)
        self.plans += len(specs)
        self.versions += len(versions)

    # Positive risk-taking plans -----------------------------------------------------

    def _write_risk(self, people: list[tuple[int, list[int]]]) -> None:
        rng = self.rng
        plans, details = [], []
        for person_id, workers in people:
            choice, why = rng.choice(CHOICES)
            created = TODAY - timedelta(days=rng.randint(30, 400))
            closed = rng.random() < 0.15
            when = rng.random()
            review_on = (
                created + timedelta(days=rng.randint(30, 90)) if closed
                else TODAY - timedelta(days=rng.randint(1, 60)) if when < 0.25
                else TODAY + timedelta(days=rng.randint(0, 28)) if when < 0.45
                else TODAY + timedelta(days=rng.randint(29, 180))
            )  # fmt: skip
            plans.append(
                SimpleNamespace(
                    person_id=person_id, choice=choice, what_and_why=why,
                    benefits=rng.choice(BENEFITS), if_things_go_wrong=rng.choice(IF_WRONG),
                    review_on=review_on,
                    status=RiskPlanStatus.CLOSED if closed else RiskPlanStatus.ACTIVE,
                )
            )  # fmt: skip
            details.append((workers, created))
        tables = self.tables
        for plan, pk in zip(plans, tables.risk_plans.next_ids(len(plans)), strict=True):
            plan.pk = pk
        harms, actions, participants = [], [], []
        for plan, (workers, created) in zip(plans, details, strict=True):
            for text in rng.sample(HARMS, rng.randint(1, 3)):
                harms.append(
                    SimpleNamespace(plan_id=plan.pk, description=text,
                         likelihood=rng.choice(Likelihood.values),
                         seriousness=rng.choice(Seriousness.values))
                )  # fmt: skip
            for action, who in rng.sample(SAFER, rng.randint(1, 3)):
                actions.append(SimpleNamespace(plan_id=plan.pk, action=action, who=who))
            agreed_at = _moment(created + timedelta(days=7), 15)
            participants.append(
                SimpleNamespace(plan_id=plan.pk, name="The person", role=ParticipantRole.PERSON,
                                user_id=None, agreed_at=agreed_at)
            )  # fmt: skip
            participants.append(
                SimpleNamespace(plan_id=plan.pk, name="Their worker", role=ParticipantRole.WORKER,
                                user_id=workers[0], agreed_at=agreed_at)
            )  # fmt: skip
            if rng.random() < 0.3:
                participants.append(
                    SimpleNamespace(plan_id=plan.pk, name="Their carer",
                                    role=ParticipantRole.CARER, user_id=None, agreed_at=None)
                )  # fmt: skip
        for made, table in (
            (harms, tables.harms),
            (actions, tables.actions),
            (participants, tables.participants),
        ):
            for item, pk in zip(made, table.next_ids(len(made)), strict=True):
                item.pk = pk
        items: dict[int, dict] = {plan.pk: {"harm": [], "safer_action": [], "participant": []}
                                  for plan in plans}  # fmt: skip
        for harm in harms:
            items[harm.plan_id]["harm"].append(_harm_item(harm))
        for action in actions:
            items[action.plan_id]["safer_action"].append(_action_item(action))
        for who in participants:
            items[who.plan_id]["participant"].append(_participant_item(who))
        versions = []
        for plan, (workers, created) in zip(plans, details, strict=True):
            full = _risk_content(plan, items[plan.pk])
            count = rng.randint(1, 3)
            for number in range(1, count + 1):
                content = full if number == count else _earlier_risk(full, number, count)
                versions.append(
                    (plan.pk, number, db_json(content), rng.choice(workers),
                     WrittenAs.WITH_WORKER,
                     db_datetime(_moment(created + timedelta(days=3 * (number - 1)))))
                )  # fmt: skip
        ids = tables.risk_versions.next_ids(len(versions))
        versions = [(pk, *version) for pk, version in zip(ids, versions, strict=True)]
        latest = {version[1]: version[0] for version in versions}  # the last number wins
        # Plans and their versions refer to each other: the database checks both at commit.
        tables.risk_plans.write(
            (plan.pk, plan.person_id, plan.choice, plan.what_and_why, plan.benefits,
             plan.if_things_go_wrong, db_date(plan.review_on), plan.status, latest[plan.pk])
            for plan in plans
        )  # fmt: skip
        tables.harms.write(
            (h.pk, h.plan_id, h.description, h.likelihood, h.seriousness) for h in harms
        )
        tables.actions.write((a.pk, a.plan_id, a.action, a.who) for a in actions)
        tables.participants.write(
            (p.pk, p.plan_id, p.name, p.role, p.user_id, db_datetime(p.agreed_at))
            for p in participants
        )
        tables.risk_versions.write(versions)
        self.risk_plans += len(plans)
        self.versions += len(versions)


def _recovery_content(spec: _PlanSpec, sections: dict, shown: int, *, last: bool) -> dict:
    review_on = long_date(spec.plan.review_on) if last else ""
    return {
        "sections": dict(sections) | {"review_on": review_on},
        "items": {
            "goal": [
                {
                    "key": f"goal-{goal.pk}",
                    "label": goal.title,
                    "fields": {
                        "title": goal.title,
                        "why_it_matters": goal.why_it_matters,
                        "status": GoalStatus(goal.status).label
                        if last
                        else GoalStatus.WORKING_ON.label,
                        "wellbeing_area": goal.wellbeing_area,
                        "instrument": goal.instrument,
                        "steps": _steps_text(spec.steps[index]),
                    },
                }
                for index, goal in enumerate(spec.goals[:shown])
            ]
        },
    }


def _harm_item(harm: Harm) -> dict:
    return {
        "key": f"harm-{harm.pk}",
        "label": harm.description,
        "fields": {
            "description": harm.description,
            "likelihood": Likelihood(harm.likelihood).label,
            "seriousness": Seriousness(harm.seriousness).label,
        },
    }


def _action_item(action: SaferAction) -> dict:
    return {
        "key": f"safer_action-{action.pk}",
        "label": action.action,
        "fields": {"action": action.action, "who": action.who},
    }


def _participant_item(who: Participant) -> dict:
    return {
        "key": f"participant-{who.pk}",
        "label": who.name,
        "fields": {"name": who.name, "role": ParticipantRole(who.role).label},
    }


def _risk_content(plan: PositiveRiskPlan, items: dict) -> dict:
    # As services.risk_snapshot() writes it.
    return {
        "sections": {name: getattr(plan, name) for name in services.RISK_SECTIONS}
        | {
            "review_on": long_date(plan.review_on),
            "status": RiskPlanStatus(plan.status).label,
        },
        "items": items,
    }


def _earlier_risk(full: dict, number: int, count: int) -> dict:
    """An earlier draft: fewer safer actions and participants, the benefits not yet written."""
    items = full["items"]
    return {
        "sections": full["sections"]
        | {"status": RiskPlanStatus.ACTIVE.label}
        | ({"benefits": ""} if number == 1 else {}),
        "items": {
            "harm": items["harm"],
            "safer_action": items["safer_action"][: max(1, number)],
            "participant": items["participant"][:1] if number < count else items["participant"],
        },
    }


# The demo person's own plans -------------------------------------------------------


def demo_person_plans(users: dict) -> None:
    """Alex's plan, in her own words, and her two positive risk-taking plans. Written once."""
    person = Person.objects.filter(user=users[Role.PERSON]).first()
    if person is None or RecoveryPlan.objects.filter(person=person).exists():
        return
    alex, coach = users[Role.PERSON], users[Role.RECOVERY_COACH]
    start = REFERENCE_DAY + timedelta(days=40)
    plan = RecoveryPlan.objects.create(person=person)

    def version(by, day: int, **sections) -> RecoveryPlanVersion:
        for name, value in sections.items():
            setattr(plan, name, value)
        plan.save()
        number = plan.versions.count() + 1
        return RecoveryPlanVersion.objects.create(
            plan=plan, number=number, content=services.snapshot(plan), written_by=by,
            written_as=services.written_as(person, by), written_at=_moment(start + timedelta(day)),
        )  # fmt: skip

    def goal(title, why, area, steps, day):
        made = Goal.objects.create(plan=plan, title=title, why_it_matters=why, wellbeing_area=area)
        Step.objects.bulk_create(
            Step(goal=made, description=text, target_date=start + timedelta(day + after))
            for text, after in steps
        )
        return made

    swim = goal(
        "Get back to swimming",
        "Swimming was the one time my head went quiet. I want that feeling back.",
        "wellbeing_2",
        [("Find out when the quiet sessions are at the leisure centre", 7),
         ("Go once with Jordan, just to get in the water", 21),
         ("Swim on my own on a Tuesday morning", 45)],
        0,
    )  # fmt: skip
    version(
        alex, 0,
        keeps_me_well="Walking by the river in the morning. My cat. Cooking with the radio on.",
        strengths="I notice how other people are feeling. I am stubborn in a good way.",
    )  # fmt: skip
    work = goal(
        "Go back to work part-time at the garden centre",
        "I miss the people and I want money of my own again.",
        "wellbeing_5",
        [("Talk to my manager about a phased return", 14),
         ("Ask my GP for a fit note with adjustments", 21),
         ("Work two mornings a week for a month", 60)],
        14,
    )  # fmt: skip
    version(
        coach, 14,
        things_that_help=(
            "Knowing what is going to happen in the week. A text the day before appointments. "
            "Being asked what I think, not told."
        ),
        early_warning_signs="I stop answering my phone and stay in bed past midday.",
        if_i_start_to_struggle=(
            "I will text Sam (my recovery coach) and tell Jordan. Please ring rather than "
            "write: I may not open letters."
        ),
    )  # fmt: skip
    cook = goal(
        "Cook a proper meal for friends",
        "I used to love having people round. It would show me I am getting there.",
        "wellbeing_7",
        [("Cook a new recipe for myself", 10), ("Invite Mel and Dee for Sunday lunch", 40)],
        30,
    )  # fmt: skip
    version(
        alex, 30,
        crisis_plan=(
            "Call NHS 111 and choose the mental health option, or go to the Sanctuary in "
            "Cambridge in the evening. I want to stay at home if it is safe."
        ),
        crisis_contacts="NHS 111 (mental health option); Jordan: 07700 900321",
        people_who_support_me="Jordan (my partner), my sister Kate, Sam my recovery coach.",
        review_on=TODAY + timedelta(days=45),
    )  # fmt: skip
    Step.objects.filter(goal=swim, description__startswith="Find out").update(
        done_on=start + timedelta(days=6)
    )
    Step.objects.filter(goal=swim, description__startswith="Go once").update(
        done_on=start + timedelta(days=25)
    )
    Step.objects.filter(goal=work, description__startswith="Talk to my manager").update(
        done_on=start + timedelta(days=70)
    )
    agreed = version(
        coach, 80,
        early_warning_signs=(
            "I stop answering my phone and stay in bed past midday. I stop cooking and live on "
            "toast. I start to think everyone is fed up with me."
        ),
    )  # fmt: skip
    plan.agreed_version = agreed
    plan.save(update_fields=["agreed_version"])
    Goal.objects.filter(pk=swim.pk).update(status=GoalStatus.ACHIEVED)
    version(
        alex, 250,
        keeps_me_well=(
            "Walking by the river in the morning. My cat. Cooking with the radio on. "
            "Swimming on Tuesday mornings: I did it!"
        ),
    )  # fmt: skip
    # How far along each goal felt, from 0 to 10, over the year.
    ratings = []
    for made, scores, first in [(swim, [2, 3, 5, 6, 8, 9], 0), (work, [1, 2, 2, 4, 5], 20),
                                (cook, [3, 4, 6], 60)]:  # fmt: skip
        for n, score in enumerate(scores):
            ratings.append(
                GoalRating(goal=made, rating=score,
                           rated_at=_moment(start + timedelta(days=first + 35 * n), 16),
                           rated_by=alex if n % 2 == 0 else coach)
            )  # fmt: skip
    GoalRating.objects.bulk_create(ratings)
    _demo_risk_plans(person, users)


def _demo_risk_plans(person: Person, users: dict) -> None:
    alex, coach, clinician = users[Role.PERSON], users[Role.RECOVERY_COACH], users[Role.CLINICIAN]
    carer = users[Role.CARER]
    made = [
        (
            {
                "choice": "Travelling to see my sister in Leeds by train on my own",
                "what_and_why": (
                    "Kate has a new baby and I want to be there for her. I have not travelled "
                    "alone since I was in hospital and I want to prove to myself I can."
                ),
                "benefits": "Seeing Kate and the baby. Feeling independent. Confidence for work.",
                "if_things_go_wrong": (
                    "I will ring Jordan, or Kate will meet me at the station. If I feel very "
                    "unwell I will call NHS 111. We will look at the plan again, not give up."
                ),
                "review_on": TODAY + timedelta(days=60),
            },
            [("Panicking on a busy train", Likelihood.POSSIBLE, Seriousness.MODERATE),
             ("Missing a connection and getting stranded", Likelihood.UNLIKELY,
              Seriousness.MINOR)],
            [("Book a seat and travel outside rush hour", "Me"),
             ("Text when I change at Peterborough and when I arrive", "Me and Jordan"),
             ("Practise the breathing exercise before the journey", "Me, with Sam")],
            [("Alexandra Morgan", ParticipantRole.PERSON, alex),
             ("Sam Okafor", ParticipantRole.WORKER, coach),
             ("Jordan Morgan", ParticipantRole.CARER, carer)],
            200,
        ),
        (
            {
                "choice": "Reducing my medication with my prescriber",
                "what_and_why": (
                    "The tablets make me so tired I cannot get up for work. I want to try a "
                    "lower dose, slowly, with Dr Price, to see if I can feel more awake."
                ),
                "benefits": "More energy in the mornings. Being able to work and swim.",
                "if_things_go_wrong": (
                    "If my early warning signs come back, I will tell Sam or Dr Price that week "
                    "and we will go back to the dose that worked. That is not a failure."
                ),
                "review_on": TODAY - timedelta(days=14),
            },
            [("My low mood coming back", Likelihood.POSSIBLE, Seriousness.SERIOUS),
             ("Sleeping badly while my body adjusts", Likelihood.LIKELY, Seriousness.MINOR)],
            [("Reduce the dose in small steps, one every four weeks", "Dr Price and me"),
             ("Check in every two weeks about mood and sleep", "Sam (recovery coach)"),
             ("Tell Sam if Jordan notices my warning signs", "Jordan")],
            [("Alexandra Morgan", ParticipantRole.PERSON, alex),
             ("Dr Helen Price", ParticipantRole.WORKER, clinician),
             ("Sam Okafor", ParticipantRole.WORKER, coach),
             ("Jordan Morgan", ParticipantRole.CARER, carer)],
            150,
        ),
    ]  # fmt: skip
    for fields, harms, actions, people, day in made:
        plan = PositiveRiskPlan.objects.create(person=person, **fields)
        when = REFERENCE_DAY + timedelta(days=day)
        Harm.objects.bulk_create(
            Harm(plan=plan, description=d, likelihood=lk, seriousness=s) for d, lk, s in harms
        )
        SaferAction.objects.bulk_create(
            SaferAction(plan=plan, action=a, who=w) for a, w in actions[:1]
        )
        Participant.objects.bulk_create(
            Participant(plan=plan, name=n, role=r, user=u) for n, r, u in people[:2]
        )
        plan.refresh_from_db()
        RiskPlanVersion.objects.create(
            plan=plan, number=1, content=services.risk_snapshot(plan), written_by=alex,
            written_as=WrittenAs.SELF, written_at=_moment(when),
        )  # fmt: skip
        SaferAction.objects.bulk_create(SaferAction(plan=plan, action=a, who=w)
                                        for a, w in actions[1:])  # fmt: skip
        Participant.objects.bulk_create(
            Participant(plan=plan, name=n, role=r, user=u) for n, r, u in people[2:]
        )
        latest = RiskPlanVersion.objects.create(
            plan=plan, number=2, content=services.risk_snapshot(plan), written_by=coach,
            written_as=WrittenAs.WITH_WORKER, written_at=_moment(when + timedelta(days=7)),
        )  # fmt: skip
        Participant.objects.filter(plan=plan).update(
            agreed_at=_moment(when + timedelta(days=8), 14)
        )
        plan.agreed_version = latest
        plan.save(update_fields=["agreed_version"])
