"""The readable PDF: any name or markup prints as typed, long records run on over pages,
queries stay flat."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction
from recoveryhub.core.testing_pdf import assert_markup_printed_as_typed, markup
from recoveryhub.people.export import fhir, pdf, registry
from recoveryhub.plans.tests.longest import (
    FILLERS,
    assert_printed_in_full,
    fill,
    fill_to_the_limit,
)

pytestmark = pytest.mark.django_db


def test_names_in_any_alphabet_or_with_markup_do_not_break_it(world):
    world.pat.full_name = "Łukasz <b>Żółć</b> & Дмитрий"
    world.pat.address = "Flat 2\n1 High Street"
    world.pat.save()
    document = pdf.render(world.pat)
    assert document.startswith(b"%PDF")
    assert b"/Title (Your Recovery Hub record)" in document


def test_a_long_access_log_runs_on_over_pages(world):
    for _ in range(150):
        access_log.record(actor=world.peer_worker, person=world.pat, action=AccessAction.VIEW)
    document = pdf.render(world.pat)
    pages = re.findall(rb"/Type /Page(?!s)", document)
    assert len(pages) > 3


def count_queries(person) -> int:
    with CaptureQueriesContext(connection) as queries:
        registry.summary(person)
        fhir.bundle(person)
    return len(queries)


def test_queries_do_not_grow_with_the_record(world):
    access_log.record(actor=world.peer_worker, person=world.pat, action=AccessAction.VIEW)
    few = count_queries(world.pat)
    for actor in (world.recovery_coach, world.peer_worker) * 10:
        access_log.record(actor=actor, person=world.pat, action=AccessAction.EXPORT)
    assert count_queries(world.pat) == few


# Anything a form allows prints: markup as typed, the longest plans over many pages.


def _mark_everything(world, college):
    """Markup in every text field of Pat's record outside her plans; returns what was set."""
    values = []

    def mark(obj, *names, short=False):
        for name in names:
            setattr(obj, name, markup(f"{type(obj).__name__}.{name}", short=short))
            values.append(getattr(obj, name))
        obj.save()

    mark(world.pat, "full_name", "preferred_name", "address", "interpreter_language")
    mark(world.pat, "pronouns", short=True)
    mark(world.fenland, "name")
    mark(world.team_a, "name")
    mark(world.carer_link, "relationship")
    mark(world.carer_link.carer, "full_name")
    mark(college.term, "name", short=True)
    mark(college.course, "title")
    mark(college.pat_student, "full_name", "preferred_name")
    mark(college.pat_plan, "hopes", "wants_from_college", "support_needs", "how_i_like_to_learn")
    return values


def test_markup_in_every_field_prints_as_typed(world, college, plans, settings):
    settings.TRUST_NAME = markup("Trust")
    values = _mark_everything(world, college)
    recovery, risk = fill(plans, lambda model, name: markup(f"{model.__name__}.{name}"))
    document = pdf.render(world.pat)
    assert_markup_printed_as_typed(document, *values, *recovery, *risk, settings.TRUST_NAME)


@pytest.mark.parametrize("filler", FILLERS.values(), ids=FILLERS.keys())
def test_every_plan_section_at_its_longest_runs_on_over_pages(world, plans, filler):
    recovery, risk = fill_to_the_limit(plans, filler)
    document = pdf.render(world.pat)
    assert_printed_in_full(document, [*recovery, *risk, "Who has looked at your record"], filler)
