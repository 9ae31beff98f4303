"""The readable PDF: any name prints, long records run on over pages, queries stay flat."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction
from recoveryhub.people.export import fhir, pdf, registry

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
