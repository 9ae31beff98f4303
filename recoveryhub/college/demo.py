"""A synthetic Recovery College East: five terms of co-produced courses, students and places.

Deterministic (a seeded random.Random and Faker, and dates from fixed days, not
today) and written in bulk a batch at a time, so memory stays flat however large
the College. The one exception is the demo trainer's Saturday course, placed in the
week the data is made so the demo always has a register to mark this week.

Three terms are behind the College's synthetic "today" (their registers are marked
and students gave feedback), one is under way and one is ahead, with open places.
Every published run has a peer and a practitioner trainer; no trainer teaches two
runs at once (each run has a slot, and a trainer teaches at most one run a slot);
no run has more confirmed students than places, and only full runs have waiting lists.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from recoveryhub.accounts.demo import ensure_demo_accounts
from recoveryhub.accounts.models import RoleGrant
from recoveryhub.accounts.roles import Role
from recoveryhub.core.demo_rows import (
    Table,
    analyze,
    db_date,
    db_datetime,
    reset_sequences,
)
from recoveryhub.people.demo import TODAY, link_demo_accounts
from recoveryhub.people.models import CarerLink, Locality, Person, ServiceLine, Team, TeamMember

from . import reach_counts
from .models import (
    Attendance,
    Audience,
    CourseFeedback,
    CourseRun,
    CurriculumArea,
    Enrolment,
    EnrolmentStatus,
    FundingKind,
    FundingSource,
    LearningPlan,
    Mark,
    Recommend,
    RunStatus,
    RunTrainer,
    Session,
    Student,
    StudentType,
    Term,
    Trainer,
    TrainerKind,
    Venue,
    VenueKind,
)
from .models import (
    Course as CourseModel,
)

BATCH = 5_000
# The College's synthetic "today", counted from the trust's reference day (1 January
# 2026): Autumn 2025, Spring and Summer 2026 are behind it, Autumn 2026 under way,
# Spring 2027 ahead. Fixed, so the same seed gives the same College whenever it is made.


@dataclass(frozen=True)
class CollegeSize:
    students: int
    runs_per_term: int
    trainers_of_each_kind: int
    capacity: tuple[int, int]  # fewest and most places on a run in person


SIZES = {
    "small": CollegeSize(students=300, runs_per_term=9, trainers_of_each_kind=6, capacity=(8, 12)),
    # ~200,000 enrolments from ~60,000 students, as the issue asks for `large`.
    "large": CollegeSize(
        students=60_000, runs_per_term=2_700, trainers_of_each_kind=100, capacity=(12, 20)
    ),
}

TERMS = [
    ("Autumn 2025", date(2025, 9, 8), date(2025, 12, 19)),
    ("Spring 2026", date(2026, 1, 12), date(2026, 4, 3)),
    ("Summer 2026", date(2026, 4, 20), date(2026, 7, 17)),
    ("Autumn 2026", date(2026, 9, 7), date(2026, 12, 18)),
    ("Spring 2027", date(2027, 1, 11), date(2027, 4, 2)),
]

AREAS = {
    "understanding": (
        "Understanding mental health",
        "What mental health conditions are, how they feel from the inside, and what helps.",
    ),
    "living-well": (
        "Living well and self-management",
        "Tools and techniques to manage your own health and wellbeing, at your own pace.",
    ),
    "physical-health": (
        "Physical health and long-term conditions",
        "Expert patient self-management courses for living well with a long-term condition.",
    ),
    "carers": (
        "Carers, family and friends",
        "For the people who care: understanding, rights, and looking after yourself too.",
    ),
    "resilience": (
        "Building resilience",
        "Resilience is not something you are born with or not: it can be learned at any age.",
    ),
    "work": (
        "Work, volunteering and learning",
        "Pathways to volunteering, learning and work, and using your lived experience.",
    ),
}

# Title, area, audience, sessions, minutes, popularity, summary, outcomes.
COURSES = [
    ("Understanding anxiety", "understanding", Audience.EVERYONE, 4, 120, 1.3,
     "What anxiety is, why it happens, and practical ways to live well with it, taught by "
     "someone who has lived with anxiety and a practitioner who works with it.",
     "Know what anxiety is and how it affects the body and mind\n"
     "Try three ways to manage anxious moments\nMake a plan for what helps you"),
    ("Understanding depression", "understanding", Audience.EVERYONE, 4, 120, 1.1,
     "A hopeful look at depression: what it is, what can help, and how people recover.",
     "Understand what depression is and is not\nKnow where to find support\n"
     "Plan small steps that help"),
    ("Making sense of psychosis", "understanding", Audience.EVERYONE, 5, 120, 0.8,
     "Different ways of understanding unusual experiences, and what helps people recover.",
     "Understand different explanations of psychosis\nHear stories of recovery\n"
     "Know how to support yourself or someone else"),
    ("Hearing voices: understanding and coping", "understanding", Audience.EVERYONE, 4, 120, 0.7,
     "For people who hear voices and those who support them: making sense of voices and "
     "finding ways to cope.",
     "Learn about the hearing voices approach\nTry ways of coping with voices\n"
     "Know about local hearing voices groups"),
    ("Understanding bipolar", "understanding", Audience.EVERYONE, 4, 120, 0.8,
     "Living with highs and lows: understanding bipolar and keeping well.",
     "Understand mood changes\nSpot early warning signs\nMake a keeping-well plan"),
    ("Recovery: an introduction", "living-well", Audience.EVERYONE, 3, 120, 1.2,
     "What recovery means: hope, control, choice and opportunity, whatever your diagnosis.",
     "Understand recovery as a personal journey\nThink about what recovery means to you\n"
     "Hear from people with lived experience"),
    ("Wellness Recovery Action Planning (WRAP)", "living-well", Audience.EVERYONE, 6, 120, 1.0,
     "Write your own wellness recovery action plan, with others doing the same.",
     "Identify what keeps you well\nKnow your triggers and early warning signs\n"
     "Write your own WRAP"),
    ("Sleep well", "living-well", Audience.EVERYONE, 2, 90, 1.2,
     "Why sleep matters and what helps us sleep better.",
     "Understand how sleep works\nTry habits that help sleep\nKeep a sleep diary"),
    ("Mindfulness for everyday life", "living-well", Audience.EVERYONE, 6, 90, 1.1,
     "Simple mindfulness practices to bring into everyday life.",
     "Learn what mindfulness is\nPractise short exercises\nBuild a practice that suits you"),
    ("Moving on from services", "living-well", Audience.SERVICE, 4, 120, 0.9,
     "For people leaving adult mental health services: planning for life after discharge, with "
     "recovery coaches and peers who have been there.",
     "Plan for your discharge\nKnow where to find support in your community\n"
     "Make a plan to stay well"),
    ("Living well with a long-term condition", "physical-health", Audience.EVERYONE, 6, 150, 1.1,
     "An expert patient self-management course: the tools to manage your own health day to day.",
     "Manage symptoms and fatigue\nWork with health professionals as a partner\n"
     "Set and keep goals that matter to you"),
    ("Managing chronic pain", "physical-health", Audience.EVERYONE, 6, 120, 1.0,
     "Living well with persistent pain: pacing, movement, sleep and mood.",
     "Understand persistent pain\nLearn to pace activities\nFind what helps on bad days"),
    ("Living well with diabetes", "physical-health", Audience.EVERYONE, 4, 120, 0.8,
     "Self-management for people with type 2 diabetes, and how mood and blood sugar connect.",
     "Understand type 2 diabetes\nPlan meals and activity\nLook after your mood"),
    ("Breathe easy: living with COPD", "physical-health", Audience.EVERYONE, 4, 90, 0.6,
     "Breathing techniques, keeping active and managing anxiety with a lung condition.",
     "Learn breathing techniques\nKeep active safely\nManage breathlessness and worry"),
    ("Moving more at your own pace", "physical-health", Audience.EVERYONE, 4, 90, 0.9,
     "Gentle ways to be more active, whatever your starting point.",
     "Know why activity helps mood\nFind activity you enjoy\nSet realistic goals"),
    ("Caring for someone with a mental health condition", "carers", Audience.CARERS, 5, 120, 1.5,
     "For carers, family and friends: understanding mental health, services and what helps.",
     "Understand common conditions and treatments\nKnow how services work\n"
     "Look after your own wellbeing"),
    ("Looking after yourself as a carer", "carers", Audience.CARERS, 3, 120, 1.4,
     "Caring can be hard: ways to keep well while you care for someone else.",
     "Recognise stress and burnout\nFind time for yourself\nKnow where carers get support"),
    ("Carers' rights and the Care Act", "carers", Audience.CARERS, 2, 120, 1.2,
     "What the Care Act means for carers: assessments, support and your rights.",
     "Know your rights as a carer\nUnderstand carers' assessments\nKnow who can help"),
    ("Building resilience", "resilience", Audience.EVERYONE, 4, 120, 1.3,
     "Resilience can be learned: ways of thinking and doing that help us through hard times.",
     "Understand what resilience is\nBuild your own resilience toolkit\n"
     "Use your strengths and connections"),
    ("Coping with change and transition", "resilience", Audience.EVERYONE, 4, 120, 1.0,
     "Making sense of big changes in life, from losing a job to moving on from services.",
     "Understand how change affects us\nPlan for a transition\nFind support through change"),
    ("Confidence and assertiveness", "resilience", Audience.EVERYONE, 4, 120, 1.0,
     "Saying what you need, kindly and clearly.",
     "Understand assertiveness\nPractise saying no\nBuild confidence step by step"),
    ("Being human together: spirituality and wellbeing", "resilience", Audience.EVERYONE,
     3, 120, 0.6,
     "What gives life meaning and purpose, whatever your faith or none.",
     "Explore meaning and purpose\nHear different perspectives\nFind what sustains you"),
    ("Thinking about work", "work", Audience.EVERYONE, 4, 120, 0.9,
     "Thinking about paid work after time away: your options, rights and support.",
     "Know your options and rights at work\nPlan your next step\nKnow local employment support"),
    ("Volunteering: a way forward", "work", Audience.EVERYONE, 3, 120, 0.8,
     "Volunteering for social connection, confidence and a path to work, with local partners.",
     "Know what volunteering involves\nFind local opportunities\nPlan your first steps"),
    ("Using your lived experience", "work", Audience.EVERYONE, 3, 120, 0.7,
     "Telling your story safely, on interview panels, in training and in peer work.",
     "Decide what to share and how\nSit on an interview panel\nKnow about peer roles"),
    ("Recovery-focused practice for staff", "work", Audience.STAFF, 3, 120, 0.9,
     "For trust staff: what recovery, resilience and self-management mean in your daily work.",
     "Understand recovery-focused practice\nUse recovery language\nPlan a change in your team"),
    ("Co-production in practice", "work", Audience.STAFF, 2, 120, 0.8,
     "For trust staff: working with people who use services as equal partners.",
     "Understand co-production\nPlan a co-produced project\nShare power well"),
]  # fmt: skip

# Name, kind, locality (None online), address, postcode, step-free, loop, toilet,
# parking, buses, notes, cost a session (pence).
VENUES = [
    ("Recovery College East, Cambridge", VenueKind.BASE, "Cambridge",
     "Ida Darwin site\nFulbourn", "CB21 5EE", True, True, True,
     "Free parking on site", "16, 16A", "", 0),
    ("Recovery College East, Peterborough", VenueKind.BASE, "Peterborough",
     "Gloucester Centre\nMorpeth Close\nOrton Longueville", "PE2 7JU", True, True, True,
     "Free parking on site", "1, 5", "", 0),
    ("Recovery College East, Wisbech", VenueKind.BASE, "Fenland",
     "North Cambs Hospital site\nThe Park, Wisbech", "PE13 3AB", True, True, True,
     "Free parking on site", "X1, 46, 56", "The College's Fenland base.", 0),
    ("March Community Centre", VenueKind.OUTREACH, "Fenland",
     "Church Street\nMarch", "PE15 8NB", True, False, True,
     "Town car park next door (pay and display)", "33, 56",
     "Ring the bell at the side door if the main door is closed.", 3500),
    ("Whittlesey Library", VenueKind.OUTREACH, "Fenland",
     "Market Street\nWhittlesey", "PE7 1BA", True, True, True,
     "On-street parking nearby", "31, 33", "", 2500),
    ("Chatteris Community Hub", VenueKind.OUTREACH, "Fenland",
     "Furrowfields Road\nChatteris", "PE16 6DY", True, False, True, "Free car park", "35", "",
     2500),
    ("Ely Library", VenueKind.COMMUNITY, "East Cambridgeshire",
     "6 The Cloisters\nEly", "CB7 4ZH", True, True, True,
     "Paradise car park (pay and display)", "9, 12", "", 3000),
    ("Soham Village College Community Room", VenueKind.OUTREACH, "East Cambridgeshire",
     "Sand Street\nSoham", "CB7 5AA", False, False, False, "Free car park", "12",
     "Two steps at the entrance; a portable ramp is available on request.", 3000),
    ("Huntingdon Library", VenueKind.COMMUNITY, "Huntingdonshire",
     "Princes Street\nHuntingdon", "PE29 3PA", True, True, True,
     "Bridge Place car park", "Busway A, B", "", 3000),
    ("St Neots Priory Centre", VenueKind.COMMUNITY, "Huntingdonshire",
     "Priory Lane\nSt Neots", "PE19 2BH", True, True, True, "Priory Centre car park", "905, 61",
     "", 4000),
    ("Cambourne Hub", VenueKind.COMMUNITY, "South Cambridgeshire",
     "Sackville Way\nGreat Cambourne", "CB23 6HY", True, True, True, "Free car park", "X3, 4",
     "", 3500),
    ("Online (Microsoft Teams)", VenueKind.ONLINE, None, "", "", False, False, False, "", "",
     "We email you a link to join the day before each session.", 0),
]  # fmt: skip
# A peripatetic Fenland course moves between these, a session at each.
PERIPATETIC = [
    "Recovery College East, Wisbech",
    "March Community Centre",
    "Whittlesey Library",
    "Chatteris Community Hub",
]
# Rural venues win more runs each term: the College going to the rural geographies.
RURAL_GROWTH = 0.25

FUNDERS = [
    ("Cambridgeshire and Peterborough Clinical Commissioning Group", FundingKind.COMMISSIONER,
     120_000_00, "Core commissioning of the College's courses."),
    ("Skills Agency pilot: transition and change", FundingKind.SKILLS_AGENCY, 45_000_00,
     "A pilot of courses around transition and change, with City College Peterborough."),
    ("City College Peterborough partnership", FundingKind.PARTNER_COLLEGE, 20_000_00,
     "Work, volunteering and learning courses taught with the college."),
    ("Fenland Community Foundation grant", FundingKind.CHARITABLE_GRANT, 15_000_00,
     "To bring the College to Fenland, where travel without a car is very difficult."),
    ("Carers' wellbeing grant", FundingKind.CHARITABLE_GRANT, 12_000_00,
     "Courses for carers, family and friends."),
    ("CPFT Recovery College East budget", FundingKind.TRUST, 80_000_00,
     "The trust's own funding, including courses for staff."),
]  # fmt: skip

# Start times of the three daily slots; sessions last at most 150 minutes, so none overlap.
SLOT_TIMES = [time(9, 30), time(13, 0), time(18, 0)]
SLOTS = 2 * 5 * len(SLOT_TIMES)  # (first or second half of term) x weekday x time

# Students: type, share, share linked to a Recovery Hub record.
STUDENT_MIX = [
    (StudentType.USES_SERVICES, 0.38),
    (StudentType.CARER, 0.25),
    (StudentType.STAFF, 0.15),
    (StudentType.VOLUNTEER, 0.08),
    (StudentType.PUBLIC, 0.14),
]
AUDIENCE_TYPES = {
    Audience.CARERS: [StudentType.CARER],
    Audience.STAFF: [StudentType.STAFF],
    Audience.SERVICE: [StudentType.USES_SERVICES],
    Audience.EVERYONE: [t for t, _ in STUDENT_MIX],
}

HOPES = [
    "To understand what is happening to me",
    "To meet other people who have been through similar things",
    "To feel more confident",
    "To get back to work in the next year",
    "To support my son better",
    "To look after myself as well as my mum",
    "To manage my pain without it running my life",
    "To learn something new and get out of the house",
]
WANTS = [
    "Courses I can get to by bus",
    "Something practical I can use every day",
    "Time to talk with people who understand",
    "Evening courses, as I work in the day",
    "Online courses, as travel is hard for me",
]
SUPPORT = [
    "",
    "",
    "Large print handouts, please",
    "I may need to step out of the room sometimes",
    "I use a wheelchair",
    "I have dyslexia: coloured paper helps",
    "I would like a quiet seat near the door",
    "I am hard of hearing and use the hearing loop",
]
HOW = ["By doing", "By listening and discussing", "By reading at home", "In small groups", ""]
CANCEL_REASONS = [
    "The trainer is unwell",
    "The venue is closed for repairs",
    "Severe weather warning",
]
CHANGES = [
    "",
    "",
    "More time for questions",
    "A later start time",
    "Handouts before the session",
    "More sessions, please",
]
COMMENTS = [
    "",
    "",
    "It helped to hear from someone who has been there.",
    "I felt welcome from the first session.",
    "The trainers worked really well together.",
    "I have already recommended it to a friend.",
]


def seed_college(size: str, seed: int, progress) -> None:
    plan = SIZES[size]
    rng = random.Random(seed + 5)  # noqa: S311 - repeatable synthetic data, not security
    fake = Faker("en_GB")
    fake.seed_instance(seed + 5)

    terms = _terms()
    areas = _areas()
    courses = _courses(areas)
    venues = _venues()
    funders = _funders()
    peers, practitioners = _trainers(plan.trainers_of_each_kind, rng, fake)
    progress(
        f"college: {len(terms)} terms, {len(courses)} courses, {len(venues)} venues, "
        f"{len(peers) + len(practitioners)} trainers"
    )
    pools = _students(plan, rng, fake, progress)
    users = ensure_demo_accounts()
    link_demo_accounts(users)
    demo_trainer, _ = Trainer.objects.get_or_create(
        user=users[Role.TRAINER],
        defaults={"kind": TrainerKind.PRACTITIONER, "hourly_rate_pence": 3200},
    )
    writer = _RunWriter(plan, rng, courses, venues, funders, peers, practitioners, pools)
    writer.demo_trainer = demo_trainer
    for number, term in enumerate(terms):
        writer.term(number, term)
        progress(f"college: {term.name}: {writer.enrolments:,} enrolments so far")
    writer.flush(everything=True)
    reset_sequences(*writer.tables)  # before the demo sign-ins' own runs and places
    analyze(*writer.tables)  # before the reach counts and the demo sign-ins read them back
    _demo_accounts(users, demo_trainer, terms, courses, venues, pools, rng)
    _grant_student_role()
    reach_counts.rebuild()  # the bulk writes sent no signals
    progress(f"college: {writer.enrolments:,} enrolments, {writer.attendances:,} attendances")


# The prospectus ---------------------------------------------------------------------


def _terms() -> list[Term]:
    return [
        Term.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "starts_on": start, "ends_on": end}
        )[0]
        for name, start, end in TERMS
    ]


def _areas() -> dict[str, CurriculumArea]:
    return {
        slug: CurriculumArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for slug, (name, description) in AREAS.items()
    }


def _courses(areas) -> list[CourseModel]:
    adults = ServiceLine.objects.filter(slug="adult-mental-health").first()
    made = []
    for title, area, audience, count, minutes, popularity, summary, outcomes in COURSES:
        if audience == Audience.SERVICE and adults is None:
            audience = Audience.EVERYONE
        course, _ = CourseModel.objects.get_or_create(
            slug=slugify(title),
            defaults={
                "title": title,
                "area": areas[area],
                "summary": summary,
                "learning_outcomes": outcomes,
                "session_count": count,
                "session_minutes": minutes,
                "audience": audience,
                "audience_service_line": adults if audience == Audience.SERVICE else None,
            },
        )
        course.popularity = popularity
        made.append(course)
    return made


def _venues() -> dict[str, Venue]:
    localities = {loc.name: loc for loc in Locality.objects.all()}
    made = {}
    for row in VENUES:
        name, kind, locality, address, postcode, step, loop, toilet, park, bus, notes, cost = row
        if locality is not None and locality not in localities:
            continue  # no trust written: in-person venues need their locality
        made[name], _ = Venue.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "locality": localities.get(locality),
                "address": address,
                "postcode": postcode,
                "step_free": step,
                "hearing_loop": loop,
                "accessible_toilet": toilet,
                "parking": park,
                "bus_routes": bus,
                "access_notes": notes,
                "cost_per_session_pence": cost,
            },
        )
    return made


def _funders() -> dict[str, FundingSource]:
    start, end = TERMS[0][1], TERMS[-1][2]
    return {
        kind: FundingSource.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "amount_pence": amount,
                "starts_on": start,
                "ends_on": end,
                "notes": notes,
            },
        )[0]
        for name, kind, amount, notes in FUNDERS
    }


def _trainers(per_kind: int, rng: random.Random, fake: Faker):
    user_model = get_user_model()
    users, kinds = [], []
    for number in range(2 * per_kind):
        first, last = fake.first_name(), fake.last_name()
        users.append(
            user_model(
                email=f"{slugify(first)}.{slugify(last)}.{number}@trainers.recoveryhub.example",
                full_name=f"{first} {last}",
                password="!demo-trainer-no-sign-in",  # noqa: S106
            )
        )
        kinds.append(TrainerKind.PEER if number % 2 == 0 else TrainerKind.PRACTITIONER)
    user_model.objects.bulk_create(users)
    RoleGrant.objects.bulk_create(RoleGrant(user=u, role=Role.TRAINER) for u in users)
    trainers = Trainer.objects.bulk_create(
        Trainer(
            user=user,
            kind=kind,
            hourly_rate_pence=rng.randint(18, 22) * 100
            if kind == TrainerKind.PEER
            else rng.randint(28, 38) * 100,
        )
        for user, kind in zip(users, kinds, strict=True)
    )
    return (
        [t for t in trainers if t.kind == TrainerKind.PEER],
        [t for t in trainers if t.kind == TrainerKind.PRACTITIONER],
    )


# Students ---------------------------------------------------------------------------


def _students(plan: CollegeSize, rng: random.Random, fake: Faker, progress) -> dict:
    """Students in bulk; returns their ids by type and locality (None: anywhere)."""
    localities = list(Locality.objects.order_by("pk").values_list("pk", flat=True))
    teams = list(Team.objects.order_by("pk").values_list("pk", "locality_id"))
    counts = {kind: round(plan.students * share) for kind, share in STUDENT_MIX}
    carer_ids = CarerLink.objects.values("carer_id")
    people = {
        StudentType.USES_SERVICES: Person.objects.filter(user__isnull=True)
        .exclude(pk__in=carer_ids)
        .order_by("pk"),
        StudentType.CARER: Person.objects.filter(user__isnull=True, pk__in=carer_ids).order_by(
            "pk"
        ),
    }
    staff = (
        TeamMember.objects.filter(
            user__student__isnull=True, user__email__endswith="@staff.recoveryhub.example"
        )
        .exclude(job_title="Team manager")
        .order_by("pk")
        .values_list("user_id", "user__full_name", "user__email", "team_id", "team__locality_id")
    )
    pools = defaultdict(list)
    students, plans = Table(Student, ("id", *STUDENT_COLUMNS)), Table(LearningPlan, PLAN_COLUMNS)
    for kind, count in counts.items():
        rows = _student_rows(kind, count, people.get(kind), staff, localities, teams, rng, fake)
        # A batch of students, then their plans: the order the random draws have always had.
        for batch in _batches(rows, BATCH):
            ids = students.next_ids(len(batch))
            students.write((pk, *row) for pk, row in zip(ids, batch, strict=True))
            plans_made = []
            for pk, row in zip(ids, batch, strict=True):
                pools[kind, row[LOCALITY]].append(pk)
                pools[kind, None].append(pk)
                if rng.random() < 0.7:
                    *values, revisit_on = _plan_values(rng)
                    plans_made.append((pk, *values, db_date(revisit_on), None))
            plans.write(plans_made)
    reset_sequences(students, plans)
    progress(f"college: {students.written:,} students")
    return pools


STUDENT_COLUMNS = (
    "person_id", "user_id", "full_name", "preferred_name", "email", "phone", "student_type",
    "locality_id", "team_id",
)  # fmt: skip
LOCALITY = STUDENT_COLUMNS.index("locality_id")
PLAN_COLUMNS = (
    "student_id", "hopes", "wants_from_college", "support_needs", "how_i_like_to_learn",
    "revisit_on", "written_by_id",
)  # fmt: skip


def _student_rows(kind, count, people, staff, localities, teams, rng, fake):
    """Students of one type (rows of STUDENT_COLUMNS): linked to Recovery Hub records where
    there are some."""
    linked = 0
    kind = str(kind)
    if people is not None:
        # Most people who use services and carers who come have a record; some do not.
        fields = ("pk", "full_name", "preferred_name", "email", "locality_id")
        for pk, name, preferred, email, locality in people.values_list(*fields).iterator(
            chunk_size=BATCH
        ):
            if linked >= count * 0.8:
                break
            if rng.random() < 0.4:
                continue
            linked += 1
            yield (pk, None, name, preferred, email, _phone(rng), kind, locality, None)
    if kind == StudentType.STAFF:
        for user_id, name, email, team, locality in staff.iterator(chunk_size=BATCH):
            if linked >= count * 0.5:
                break
            linked += 1
            yield (None, user_id, name, "", email, "", kind, locality, team)
    for number in range(linked, count):
        first, last = fake.first_name(), fake.last_name()
        team = rng.choice(teams) if kind == StudentType.STAFF and teams else (None, None)
        locality = team[1] or (rng.choice(localities) if localities else None)
        preferred = fake.first_name() if rng.random() < 0.1 else ""
        email = (
            f"{slugify(first)}.{slugify(last)}.{kind[:3]}{number}@example.com"
            if rng.random() < 0.9
            else ""
        )
        yield (
            None,
            None,
            f"{first} {last}",
            preferred,
            email,
            _phone(rng),
            kind,
            locality,
            team[0],
        )


def _phone(rng: random.Random) -> str:
    # Ofcom's drama numbers reach no one.
    return f"07700 900{rng.randint(0, 999):03d}" if rng.random() < 0.7 else ""


def _plan_values(rng: random.Random) -> tuple:
    """A learning plan's hopes, wants, support needs, ways of learning and revisit day."""
    return (
        rng.choice(HOPES),
        rng.choice(WANTS),
        rng.choice(SUPPORT),
        rng.choice(HOW),
        TODAY + timedelta(days=rng.randint(30, 180)) if rng.random() < 0.5 else None,
    )


def _plan(student, rng: random.Random, written_by=None) -> LearningPlan:
    hopes, wants, support, how, revisit_on = _plan_values(rng)
    return LearningPlan(
        student=student, hopes=hopes, wants_from_college=wants, support_needs=support,
        how_i_like_to_learn=how, revisit_on=revisit_on, written_by=written_by,
    )  # fmt: skip


# Runs, sessions, places, registers and feedback -------------------------------------


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _today_at() -> datetime:
    return _aware(TODAY, time())


RUN_COLUMNS = (
    "id", "course_id", "term_id", "capacity", "status", "funding_source_id", "materials_pence",
    "first_session_at", "last_session_ends_at",
)  # fmt: skip
SESSION_COLUMNS = (
    "id", "run_id", "number", "starts_at", "ends_at", "venue_id", "cancelled_at",
    "cancelled_reason",
)  # fmt: skip
ENROLMENT_COLUMNS = (
    "id", "student_id", "run_id", "status", "requested_at", "confirmed_at", "promoted_at",
    "cancelled_at",
)  # fmt: skip
FEEDBACK_COLUMNS = (
    "enrolment_id", "usefulness", "would_recommend", "what_to_change", "comments",
    "submitted_at",
)  # fmt: skip


# Runs, sessions and places as plain objects while they are chosen (model instances
# cost more to make than everything else here); written as rows by _RunWriter.flush.
@dataclass(slots=True)
class _Session:
    number: int
    starts_at: datetime
    ends_at: datetime
    venue: Venue
    cancelled_at: datetime | None = None
    cancelled_reason: str = ""
    id: int = 0


@dataclass(slots=True)
class _Run:
    course: CourseModel
    term: Term
    capacity: int
    status: str
    funding_source: FundingSource
    materials_pence: int
    first_session_at: datetime | None = None
    last_session_ends_at: datetime | None = None
    id: int = 0


@dataclass(slots=True)
class _Enrolment:
    student_id: int
    run: _Run
    requested_at: datetime
    status: str = ""
    confirmed_at: datetime | None = None
    promoted_at: datetime | None = None
    cancelled_at: datetime | None = None
    id: int = 0


class _RunWriter:
    """Writes runs a batch at a time, with their sessions, places, registers and feedback."""

    def __init__(self, plan, rng, courses, venues, funders, peers, practitioners, pools):
        self.plan, self.rng, self.courses = plan, rng, courses
        self.venues, self.funders, self.pools = venues, funders, pools
        self.peers, self.practitioners = peers, practitioners
        self.online = next((v for v in venues.values() if v.is_online), None)
        self.in_person = [v for v in venues.values() if not v.is_online]
        self.rural = [v for v in self.in_person if v.locality.is_rural]
        self.peripatetic = [venues[name] for name in PERIPATETIC if name in venues]
        self.popularity = [c.popularity for c in courses]
        self.now = _today_at()
        self.enrolments = self.attendances = 0
        self.pending = []  # (run, sessions, places) waiting to be written
        self.demo_trainer = None
        self.tables = (
            Table(CourseRun, RUN_COLUMNS),
            Table(RunTrainer, ("run_id", "trainer_id")),
            Table(Session, SESSION_COLUMNS),
            Table(Enrolment, ENROLMENT_COLUMNS),
            Table(Attendance, ("enrolment_id", "session_id", "mark", "marked_by_id", "marked_at")),
            Table(CourseFeedback, FEEDBACK_COLUMNS),
        )

    # Choosing ----------------------------------------------------------------------

    def term(self, number: int, term: Term) -> None:
        for index in range(self.plan.runs_per_term):
            self.pending.append(self._run(number, term, index))
            if len(self.pending) >= BATCH // 10:
                self.flush()
        self.flush()

    def _run(self, term_number: int, term: Term, index: int):
        rng = self.rng
        slot, round_ = index % SLOTS, index // SLOTS
        half, weekday, at = slot // 15, (slot % 15) // len(SLOT_TIMES), slot % len(SLOT_TIMES)
        course = rng.choices(self.courses, self.popularity)[0]
        venue_kind = rng.random()
        rural_share = 0.2 + RURAL_GROWTH * term_number / (len(TERMS) - 1)
        if venue_kind < 0.15 and self.online:
            venues = [self.online]
        elif venue_kind < 0.2 and self.peripatetic:
            venues = self.peripatetic
        elif venue_kind < 0.2 + rural_share and self.rural:
            venues = [rng.choice(self.rural)]
        else:
            venues = [rng.choice(self.in_person)] if self.in_person else [self.online]
        low, high = self.plan.capacity
        capacity = (
            rng.randint(low + 8, high + 10) if venues[0].is_online else rng.randint(low, high)
        )
        first_day = term.starts_on + timedelta(weeks=6 * half, days=weekday)
        sessions = []
        for n in range(course.session_count):
            starts = _aware(first_day + timedelta(weeks=n), SLOT_TIMES[at])
            sessions.append(
                _Session(
                    number=n + 1,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=course.session_minutes),
                    venue=venues[n % len(venues)],
                )
            )
        # A few sessions are cancelled (the trainer unwell, snow).
        # (and always one behind the College's today and one ahead).
        for n, session in enumerate(sessions):
            if rng.random() < 0.015 or (index == 2 and (term_number, n) in ((1, 1), (3, 3))):
                session.cancelled_at = session.starts_at - timedelta(days=rng.randint(1, 6))
                session.cancelled_reason = rng.choice(CANCEL_REASONS)
        status = RunStatus.PUBLISHED
        last_term = term_number == len(TERMS) - 1
        if last_term and index % 40 == 7:
            status = RunStatus.DRAFT  # still being planned
        elif index % 150 == 11 or (last_term and index == 5):
            status = RunStatus.CANCELLED
        trainers = [
            self.peers[round_ % len(self.peers)],
            self.practitioners[(round_ + term_number) % len(self.practitioners)],
        ]
        if self.demo_trainer and round_ == 0 and slot in (0, 4) and term_number >= 1:
            trainers.append(self.demo_trainer)  # the demo trainer: several runs a term
        run = _Run(
            course=course,
            term=term,
            capacity=capacity,
            status=status,
            funding_source=self._funder(course, venues),
            materials_pence=rng.choice([0, 500, 1500, 2500]),
        )
        live = [s for s in sessions if s.cancelled_at is None]
        run.first_session_at = live[0].starts_at if live else None
        run.last_session_ends_at = max((s.ends_at for s in live), default=None)
        return run, sessions, trainers

    def _funder(self, course, venues):
        area = course.area.slug
        funders = self.funders
        if course.audience == Audience.STAFF:
            return funders[FundingKind.TRUST]
        if course.title == "Coping with change and transition":
            return funders[FundingKind.SKILLS_AGENCY]
        if area == "work":
            return funders[FundingKind.PARTNER_COLLEGE]
        if area == "carers" or (venues[0].locality and venues[0].locality.is_rural):
            return funders[FundingKind.CHARITABLE_GRANT]
        return funders[FundingKind.COMMISSIONER]

    # Writing -------------------------------------------------------------------------

    def flush(self, everything: bool = False) -> None:
        if not self.pending:
            return
        runs, trainers_of, sessions_of, enrolments = self.tables[:4]
        ids = runs.next_ids(len(self.pending))
        for (run, _s, _t), pk in zip(self.pending, ids, strict=True):
            run.id = pk
        runs.write(
            (run.id, run.course.pk, run.term.pk, run.capacity, run.status,
             run.funding_source.pk, run.materials_pence, db_datetime(run.first_session_at),
             db_datetime(run.last_session_ends_at))
            for run, _s, _t in self.pending
        )  # fmt: skip
        trainers_of.write(
            (run.id, trainer.pk) for run, _s, trainers in self.pending for trainer in trainers
        )
        every = [(run, s) for run, sessions, _t in self.pending for s in sessions]
        for (_run, session), pk in zip(every, sessions_of.next_ids(len(every)), strict=True):
            session.id = pk
        sessions_of.write(
            (s.id, run.id, s.number, db_datetime(s.starts_at), db_datetime(s.ends_at),
             s.venue.pk, db_datetime(s.cancelled_at), s.cancelled_reason)
            for run, s in every
        )  # fmt: skip
        places = []
        for run, sessions, trainers in self.pending:
            if run.status != RunStatus.DRAFT:
                places.extend(self._places(run, sessions, trainers))
        for batch in _batches(iter(places), BATCH):
            for (enrolment, _s, _t), pk in zip(
                batch, enrolments.next_ids(len(batch)), strict=True
            ):
                enrolment.id = pk
            enrolments.write(
                (e.id, e.student_id, e.run.id, e.status, db_datetime(e.requested_at),
                 db_datetime(e.confirmed_at), db_datetime(e.promoted_at),
                 db_datetime(e.cancelled_at))
                for e, _s, _t in batch
            )  # fmt: skip
            self.enrolments += len(batch)
            self._registers_and_feedback(batch)
        self.pending = []

    def _places(self, run, sessions, trainers):
        """(enrolment, sessions, trainers) for each student who asked for a place."""
        rng = self.rng
        types = AUDIENCE_TYPES[run.course.audience]
        live = [s for s in sessions if s.cancelled_at is None]
        started = not live or live[0].starts_at <= self.now
        demand = run.capacity * rng.uniform(0.55, 1.25) * run.course.popularity
        if not started and live[0].starts_at > self.now + timedelta(days=30):
            demand *= 0.6  # still enrolling: places left
        wanted = max(1, round(demand))
        locality = run_locality = sessions[0].venue.locality_id
        chosen = set()
        for _ in range(wanted * 2):
            if len(chosen) >= wanted:
                break
            kind = rng.choice(types)
            near = rng.random() < 0.8 and run_locality is not None
            pool = self.pools.get((kind, locality if near else None))
            if pool:
                chosen.add(rng.choice(pool))
        first = live[0].starts_at if live else sessions[0].starts_at
        asked = sorted(
            min(
                first - timedelta(minutes=rng.randint(60 * 24 * 2, 60 * 24 * 60)),
                self.now - timedelta(minutes=rng.randint(60, 60 * 24 * 20)),
            )
            for _ in chosen
        )
        confirmed = 0
        made = []
        for student_id, requested in zip(sorted(chosen), asked, strict=True):
            enrolment = _Enrolment(student_id=student_id, run=run, requested_at=requested)
            if run.status == RunStatus.CANCELLED:
                enrolment.status = EnrolmentStatus.CANCELLED
                enrolment.cancelled_at = first - timedelta(days=7)
            elif confirmed < run.capacity:
                confirmed += 1
                enrolment.status = EnrolmentStatus.CONFIRMED
                enrolment.confirmed_at = requested
            else:
                enrolment.status = EnrolmentStatus.WAITING
            made.append(enrolment)
        # Some gave up their place before the course; the first waiting took it.
        if confirmed and rng.random() < 0.3:
            leaving = made[rng.randrange(confirmed)]
            leaving.status = EnrolmentStatus.CANCELLED
            waiting = next((e for e in made if e.status == EnrolmentStatus.WAITING), None)
            # They gave up after the first waiting asked, so the place went to them then.
            gave_up = leaving.requested_at + timedelta(days=1)
            if waiting is not None:
                gave_up = max(gave_up, waiting.requested_at + timedelta(hours=1))
            leaving.cancelled_at = min(gave_up, self.now)
            if waiting is not None:
                waiting.status = EnrolmentStatus.CONFIRMED
                waiting.confirmed_at = waiting.promoted_at = leaving.cancelled_at
        return [(e, live, trainers) for e in made]

    def _registers_and_feedback(self, batch) -> None:
        rng, now = self.rng, self.now
        marks, feedback = [], []
        for enrolment, live, trainers in batch:
            if enrolment.status != EnrolmentStatus.CONFIRMED:
                continue
            past = [s for s in live if s.ends_at <= now]
            if self.demo_trainer in trainers and len(past) == len(live):
                past = past[:-1]  # the demo trainer's last register is still to mark
            keen = rng.choice([0.95, 0.9, 0.85, 0.8, 0.75, 0.45])
            marked_by = trainers[0].user_id
            present = 0
            for session in past:
                roll = rng.random()
                if roll < keen:
                    mark, present = Mark.PRESENT, present + 1
                else:
                    mark = Mark.APOLOGIES if rng.random() < 0.45 else Mark.ABSENT
                marked_at = session.ends_at + timedelta(minutes=rng.randint(5, 600))
                marks.append((enrolment.id, session.id, mark, marked_by, db_datetime(marked_at)))
            if live and past and past[-1] is live[-1] and present and rng.random() < 0.45:
                feedback.append(_feedback(enrolment, live[-1].ends_at, rng))
        self.attendances += self.tables[4].write(marks)
        self.tables[5].write(feedback)


def _feedback(enrolment, ended: datetime, rng: random.Random) -> tuple:
    """A row of FEEDBACK_COLUMNS."""
    usefulness = rng.choices([1, 2, 3, 4, 5], [2, 5, 15, 38, 40])[0]
    recommend = (
        Recommend.YES if usefulness >= 4 else rng.choice([Recommend.NOT_SURE, Recommend.NO])
    )
    return (
        enrolment.id,
        usefulness,
        recommend,
        rng.choice(CHANGES),
        rng.choice(COMMENTS),
        db_datetime(ended + timedelta(days=rng.randint(1, 14))),
    )


def _batches(items, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _grant_student_role() -> None:
    """Everyone here with a sign-in and a student record holds the student role, as
    `services.register_student` grants it, so the menu offers them "Your courses"."""
    without = Student.objects.filter(user__isnull=False).exclude(
        user__role_grants__role=Role.STUDENT
    )
    RoleGrant.objects.bulk_create(
        (
            RoleGrant(user_id=user_id, role=Role.STUDENT)
            for user_id in without.values_list("user_id", flat=True).iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )


# The demo sign-ins' own College -------------------------------------------------------

DEMO_STUDENT = "student@recoveryhub.example"


def _demo_accounts(users, demo_trainer, terms, courses, venues, pools, rng) -> None:
    """The demo person, carer and student study here; the demo trainer has a Saturday
    course running this week (whenever the data is made) with registers to mark."""
    person = Person.objects.filter(user=users[Role.PERSON]).first()
    carer = Person.objects.filter(user=users[Role.CARER]).first()
    fenland = Locality.objects.filter(slug="fenland").first()
    alex = Student.objects.create(
        user=users[Role.PERSON], person=person, full_name="Alexandra Morgan",
        preferred_name="Alex", email="person@recoveryhub.example",
        student_type=StudentType.USES_SERVICES, locality=fenland,
    )  # fmt: skip
    jordan = Student.objects.create(
        user=users[Role.CARER], person=carer, full_name="Jordan Morgan",
        email="carer@recoveryhub.example", student_type=StudentType.CARER, locality=fenland,
    )  # fmt: skip
    robin = Student.objects.create(
        user=users[Role.STUDENT], full_name=users[Role.STUDENT].full_name,
        email=DEMO_STUDENT, student_type=StudentType.PUBLIC, locality=fenland,
    )  # fmt: skip
    for student, written_by in [(alex, users[Role.PERSON]), (robin, users[Role.STUDENT])]:
        plan = _plan(student, rng, written_by)
        plan.hopes = "To feel more confident, and to meet people who understand"
        plan.support_needs = "Large print handouts, please" if student is alex else ""
        plan.save()
    past, future = terms[2], terms[-1]
    everyone = Q(course__audience=Audience.EVERYONE)
    carers = Q(course__audience=Audience.CARERS)
    for student, term, audience, completed in [
        (alex, past, everyone, True),
        (alex, future, everyone, False),
        (jordan, past, carers, True),
        (jordan, future, carers, False),
        (robin, past, everyone, True),
        (robin, future, everyone, False),
    ]:
        run = _run_with_a_place(term, audience, exclude=student)
        if run is not None:
            _give_place(student, run, completed, rng)
    _this_weeks_course(demo_trainer, courses, venues, pools, terms, rng)


def _run_with_a_place(term, audience, exclude):
    return (
        CourseRun.objects.filter(audience, term=term, status=RunStatus.PUBLISHED)
        .exclude(enrolments__student=exclude)
        .annotate(
            taken=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.CONFIRMED)),
            waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
        )
        .filter(waiting=0, capacity__gt=F("taken"))
        .order_by("pk")
        .first()
    )


def _give_place(student, run, completed: bool, rng) -> None:
    sessions = list(run.sessions.filter(cancelled_at__isnull=True).order_by("starts_at"))
    first = sessions[0].starts_at if sessions else _today_at()
    # Three weeks before the course, or yesterday for a course further off: never later.
    asked = min(first - timedelta(days=21), _today_at() - timedelta(days=1))
    enrolment = Enrolment.objects.create(
        student=student, run=run, status=EnrolmentStatus.CONFIRMED, requested_at=asked,
        confirmed_at=asked,
    )  # fmt: skip
    if completed:
        marker = run.run_trainers.first()
        Attendance.objects.bulk_create(
            Attendance(
                enrolment=enrolment,
                session=session,
                mark=Mark.PRESENT if n != 1 else Mark.APOLOGIES,
                marked_by_id=marker.trainer.user_id if marker else None,
                marked_at=session.ends_at,
            )
            for n, session in enumerate(sessions)
            if session.ends_at <= _today_at()
        )


def _this_weeks_course(demo_trainer, courses, venues, pools, terms, rng) -> None:
    today = timezone.localdate()
    saturday = today - timedelta(days=today.weekday()) + timedelta(days=5)
    term = next((t for t in terms if t.starts_on <= today <= t.ends_on), terms[-1])
    course = next(c for c in courses if c.slug == "building-resilience")
    venue = venues.get("Recovery College East, Wisbech") or next(iter(venues.values()))
    peer = Trainer.objects.filter(kind=TrainerKind.PEER).order_by("pk").first()
    run = CourseRun.objects.create(
        course=course, term=term, capacity=12, status=RunStatus.PUBLISHED,
        funding_source=FundingSource.objects.filter(kind=FundingKind.CHARITABLE_GRANT).first(),
    )  # fmt: skip
    RunTrainer.objects.create(run=run, trainer=demo_trainer)
    if peer is not None:
        RunTrainer.objects.create(run=run, trainer=peer)
    sessions = []
    first, before = _this_weeks_saturdays(term, saturday, course.session_count)
    for n in range(course.session_count):
        starts = _aware(first + timedelta(weeks=n), time(10, 30))
        sessions.append(
            Session.objects.create(
                run=run,
                number=n + 1,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=course.session_minutes),
                venue=venue,
            )  # fmt: skip
        )
    run.first_session_at = sessions[0].starts_at
    run.last_session_ends_at = sessions[-1].ends_at
    run.save(update_fields=["first_session_at", "last_session_ends_at"])
    pool = pools.get((StudentType.USES_SERVICES, venue.locality_id)) or pools.get(
        (StudentType.USES_SERVICES, None), []
    )
    now = timezone.now()
    students = sorted(set(rng.sample(pool, min(10, len(pool)))))
    for student_id in students:
        asked = min(sessions[0].starts_at - timedelta(days=14), now - timedelta(days=1))
        enrolment = Enrolment.objects.create(
            student_id=student_id, run=run, status=EnrolmentStatus.CONFIRMED,
            requested_at=asked, confirmed_at=asked,
        )  # fmt: skip
        Attendance.objects.bulk_create(
            Attendance(
                enrolment=enrolment,
                session=session,
                mark=Mark.PRESENT if rng.random() < 0.85 else Mark.APOLOGIES,
                marked_by=demo_trainer.user,
                marked_at=session.ends_at,
            )
            for session in sessions[:before]  # this week's register is the one to mark
            if session.ends_at <= now
        )


def _this_weeks_saturdays(term, saturday: date, count: int) -> tuple[date, int]:
    """The first of a Saturday course's `count` weekly sessions, all inside the term, and
    how many come before this week's: two if the term allows, fewer near its start, more
    near its end. In a week outside the term, the course starts on its first Saturday."""
    for before in sorted(range(count), key=lambda n: (abs(n - 2), n)):
        first = saturday - timedelta(weeks=before)
        if term.starts_on <= first and first + timedelta(weeks=count - 1) <= term.ends_on:
            return first, before
    first = term.starts_on + timedelta(days=(5 - term.starts_on.weekday()) % 7)
    return first, 0
