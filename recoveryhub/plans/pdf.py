"""What a printed plan says, for the printable page and the PDF alike, and the PDFs.

Large type, the sections in the person's own words, goals with their steps, and
the crisis contacts first and boxed, so they are found at once on paper. Every value
goes in through core.pdf (escaped), and the longest sections run on over pages. The
HTML page is the accessible version (reportlab cannot write a tagged PDF).
"""

from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from recoveryhub.core.pdf import BORDER, NHS_BLUE, document, footer, para, styles, table
from recoveryhub.core.presenters import long_date

from .models import GoalRating, GoalStatus, PositiveRiskPlan, RecoveryPlan, Step

RECOVERY_TITLE = "Recovery and wellbeing plan"
RISK_TITLE = "Positive risk-taking plan"
NOTHING = "Nothing written yet."

# The sections of a recovery plan in the order they are printed (crisis contacts go first,
# in their own box); the headings are the person's own voice.
RECOVERY_SECTIONS = [
    ("keeps_me_well", "What keeps me well"),
    ("strengths", "My strengths"),
    ("things_that_help", "Things that help"),
    ("early_warning_signs", "Early warning signs"),
    ("if_i_start_to_struggle", "What I and others do if I start to struggle"),
    ("crisis_plan", "What to do in a crisis"),
    ("people_who_support_me", "People who support me"),
]


@dataclass
class PrintedStep:
    description: str
    when: str  # "By 1 May 2026", "Done on 3 April 2026" or ""


@dataclass
class PrintedGoal:
    title: str
    status: str
    why_it_matters: str
    steps: list[PrintedStep] = field(default_factory=list)
    progress: str = ""  # "6 out of 10 on 1 April 2026"


@dataclass
class PrintedPlan:
    """A plan as it reads on paper: title, facts, the crisis box and sections."""

    title: str  # the kind of plan
    heading: str  # the kind, and for a risk plan the choice it is about
    person_name: str
    facts: list[tuple[str, str]]
    sections: list[tuple[str, str]]
    crisis_contacts: str = ""
    goals: list[PrintedGoal] = field(default_factory=list)
    harms: list[tuple[str, str, str]] = field(default_factory=list)
    safer_actions: list[tuple[str, str]] = field(default_factory=list)
    participants: list[tuple[str, str, str]] = field(default_factory=list)


def recovery_plans():
    """Recovery plans with all a printout needs, in a fixed number of queries."""
    return RecoveryPlan.objects.select_related("person", "agreed_version").prefetch_related(
        Prefetch("goals__steps", queryset=Step.objects.order_by("target_date", "id")),
        Prefetch("goals__ratings", queryset=GoalRating.objects.order_by("rated_at", "id")),
    )


def risk_plans():
    return PositiveRiskPlan.objects.select_related("person", "agreed_version").prefetch_related(
        "harms", "safer_actions", "participants", "reviews"
    )


def _step(step) -> PrintedStep:
    if step.done_on:
        when = f"Done on {long_date(step.done_on)}"
    elif step.target_date:
        when = f"By {long_date(step.target_date)}"
    else:
        when = ""
    return PrintedStep(step.description, when)


def _goal(goal) -> PrintedGoal:
    ratings = list(goal.ratings.all())
    progress = ""
    if ratings:
        last = ratings[-1]
        progress = f"{last.rating} out of 10 on {long_date(timezone.localtime(last.rated_at))}"
    return PrintedGoal(
        title=goal.title,
        status=GoalStatus(goal.status).label,
        why_it_matters=goal.why_it_matters,
        steps=[_step(step) for step in goal.steps.all()],
        progress=progress,
    )


def _agreement(plan, latest_number: int | None) -> str:
    if plan.agreed_version is None:
        return "Not agreed yet"
    if latest_number is not None and plan.agreed_version.number != latest_number:
        return f"Agreed version {plan.agreed_version.number}; it has changed since"
    return f"Agreed (version {plan.agreed_version.number})"


def printed_recovery_plan(plan: RecoveryPlan) -> PrintedPlan:
    latest = plan.versions.order_by("-number").values_list("number", flat=True).first()
    facts = [
        ("Review date", long_date(plan.review_on) if plan.review_on else "Not set"),
        ("Agreement", _agreement(plan, latest)),
        ("Last changed", long_date(timezone.localtime(plan.updated_at))),
    ]
    return PrintedPlan(
        title=RECOVERY_TITLE,
        heading=RECOVERY_TITLE,
        person_name=plan.person.display_name,
        facts=facts,
        sections=[(heading, getattr(plan, name)) for name, heading in RECOVERY_SECTIONS],
        crisis_contacts=plan.crisis_contacts,
        goals=[_goal(goal) for goal in plan.goals.all()],
    )


def printed_risk_plan(plan: PositiveRiskPlan) -> PrintedPlan:
    latest = plan.versions.order_by("-number").values_list("number", flat=True).first()
    facts = [
        ("Review date", long_date(plan.review_on)),
        ("Status", plan.get_status_display()),
        ("Agreement", _agreement(plan, latest)),
    ]
    return PrintedPlan(
        title=RISK_TITLE,
        heading=f"{RISK_TITLE}: {plan.choice}",
        person_name=plan.person.display_name,
        facts=facts,
        sections=[
            ("What I want and why", plan.what_and_why),
            ("Benefits", plan.benefits),
            ("What happens if things go wrong", plan.if_things_go_wrong),
        ],
        harms=[
            (h.description, h.get_likelihood_display(), h.get_seriousness_display())
            for h in plan.harms.all()
        ],
        safer_actions=[(a.action, a.who) for a in plan.safer_actions.all()],
        participants=[
            (
                p.name,
                p.get_role_display(),
                f"Agreed on {long_date(timezone.localtime(p.agreed_at))}"
                if p.agreed_at
                else "Not agreed yet",
            )
            for p in plan.participants.all()
        ],
    )


# The PDF -----------------------------------------------------------------------------


def _table(rows: list[list[str]], widths: list[float], *, header: list[str] | None = None):
    return table(
        rows,
        widths,
        header=header,
        commands=[
            ("LINEBELOW", (0, 0), (-1, -1), 0.75, BORDER),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
        ],
    )


def _crisis_box(contacts: str, width: float):
    style = styles()
    return table(
        [
            [para("Who to contact in a crisis", style["heading"])],
            [para(contacts or NOTHING, style["body"])],
            [para("In an emergency, call 999.", style["label"])],
        ],
        [width],
        commands=[
            ("BOX", (0, 0), (-1, -1), 3, NHS_BLUE),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
        ],
    )


def render(printed: PrintedPlan, *, made_at=None) -> bytes:
    made_at = timezone.localtime(made_at or timezone.now())
    style = styles()
    buffer = BytesIO()
    title = f"{printed.heading}, for {printed.person_name}"
    doc = document(buffer, title=title, subject=f"The {printed.title.lower()} of a person")
    width = doc.width
    story = [
        para(printed.heading, style["title"]),
        para(f"For {printed.person_name}", style["heading"]),
        para(
            f"Printed on {long_date(made_at)} from Recovery Hub, {settings.TRUST_NAME}.",
            style["body"],
        ),
        _table([list(fact) for fact in printed.facts], [width * 0.35, width * 0.65]),
        Spacer(1, 6 * mm),
    ]
    if printed.title == RECOVERY_TITLE:
        story += [_crisis_box(printed.crisis_contacts, width), Spacer(1, 4 * mm)]
    for heading, words in printed.sections:
        story += [
            para(heading, style["heading"]),
            para(words or NOTHING, style["body"]),
        ]
    if printed.title == RECOVERY_TITLE:
        story.append(para("What I want: my goals", style["heading"]))
        if not printed.goals:
            story.append(para("No goals written yet.", style["body"]))
        for goal in printed.goals:
            story.append(para(f"{goal.title} ({goal.status})", style["label"]))
            if goal.why_it_matters:
                story.append(para(f"Why it matters: {goal.why_it_matters}", style["body"]))
            if goal.progress:
                story.append(para(f"How far along: {goal.progress}", style["body"]))
            if goal.steps:
                story.append(
                    _table(
                        [[s.description, s.when] for s in goal.steps],
                        [width * 0.65, width * 0.35],
                        header=["Small step", "When"],
                    )
                )
            story.append(Spacer(1, 4 * mm))
    else:
        story.append(para("Possible harms", style["heading"]))
        story.append(
            _table(
                [list(h) for h in printed.harms],
                [width * 0.5, width * 0.25, width * 0.25],
                header=["Possible harm", "How likely", "How serious"],
            )
            if printed.harms
            else para("None written yet.", style["body"])
        )
        story.append(para("What will make it safer", style["heading"]))
        story.append(
            _table(
                [list(a) for a in printed.safer_actions],
                [width * 0.6, width * 0.4],
                header=["What", "Who does it"],
            )
            if printed.safer_actions
            else para("None written yet.", style["body"])
        )
        story.append(para("Who took part", style["heading"]))
        story.append(
            _table(
                [list(p) for p in printed.participants],
                [width * 0.4, width * 0.25, width * 0.35],
                header=["Name", "Taking part as", "Agreed"],
            )
            if printed.participants
            else para("Nobody recorded yet.", style["body"])
        )
    doc.build(story, onFirstPage=footer(printed.title), onLaterPages=footer(printed.title))
    return buffer.getvalue()
