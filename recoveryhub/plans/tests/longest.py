"""Fill Pat's plans (the `plans` fixture) to the limit: every text field at its maximum
length (the forms take their limits from the models), or with markup in every field.

Each returns the values written, so a test can look for each in what it prints."""

from recoveryhub.core.testing_pdf import assert_every_word_printed, assert_markup_printed_as_typed
from recoveryhub.plans import models as m
from recoveryhub.plans.forms_recovery import STEP_ROWS
from recoveryhub.plans.pdf import RECOVERY_SECTIONS

# Ordinary words, short lines (each a line of the PDF), and one unbroken word.
FILLERS = {
    "words": "I walk the dog along the river and it helps. ",
    "lines": "a line\n",
    "one-word": "x",
}

RECOVERY_FIELDS = [name for name, _ in RECOVERY_SECTIONS] + ["crisis_contacts"]
RISK_FIELDS = ["choice", "what_and_why", "benefits", "if_things_go_wrong"]


def longest(model, name: str, filler: str) -> str:
    """`name: ` then the filler, cut to the field's maximum length."""
    limit = model._meta.get_field(name).max_length
    text = f"{name}: " + filler * (limit // len(filler) + 1)
    return text[:limit]


def _write(obj, names, make) -> list[str]:
    written = []
    for name in names:
        setattr(obj, name, make(type(obj), name))
        written.append(getattr(obj, name))
    obj.full_clean()  # within every limit a form allows
    obj.save()
    return written


def fill(plans, make) -> tuple[list[str], list[str]]:
    """Every text field of Pat's recovery plan, its goal (with STEP_ROWS steps), and her
    risk plan; returns what was written to each plan."""
    recovery = _write(plans.pat_plan, RECOVERY_FIELDS, make)
    goal = plans.pat_goal
    recovery += _write(goal, ["title", "why_it_matters"], make)
    goal.steps.all().delete()
    for _ in range(STEP_ROWS):
        recovery += _write(m.Step(goal=goal), ["description"], make)
    risk = plans.pat_risk_plan
    written = _write(risk, RISK_FIELDS, make)
    for item in [*risk.harms.all(), *risk.safer_actions.all(), *risk.participants.all()]:
        names = {m.Harm: ["description"], m.SaferAction: ["action", "who"]}
        written += _write(item, names.get(type(item), ["name"]), make)
    return recovery, written


def fill_to_the_limit(plans, filler: str) -> tuple[list[str], list[str]]:
    return fill(plans, lambda model, name: longest(model, name, filler))


def assert_printed_in_full(content: bytes, values: list[str], filler: str) -> None:
    """The PDF opens with every value in it. With short lines, a row's label and value both
    run on over a page break and their parts alternate as read: there, every word."""
    if filler == FILLERS["lines"]:
        assert_markup_printed_as_typed(content)
        assert_every_word_printed(content, *values)
    else:
        assert_markup_printed_as_typed(content, *values)
