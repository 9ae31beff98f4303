"""The download's access log reads like the 'Who has looked at your record' page: a heading
for each day, newest first, one plain sentence per thing someone did (core/access_story.py)."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.access_log import record
from recoveryhub.core.models import AccessAction
from recoveryhub.core.presenters import long_date
from recoveryhub.core.testing import assert_good_page
from recoveryhub.core.testing_pdf import pdf_text
from recoveryhub.people.export import pdf, registry

pytestmark = pytest.mark.django_db
HEADING = "Who has looked at your record"
COACH_PRINTED = "Rory Coach, recovery coach, Fenland Adult Locality Team, printed your record"


def at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def logged_at(moment, **kwargs):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return record(route="/", **kwargs)


def day_heading(days_ago: int) -> str:
    day = timezone.localdate() - timedelta(days=days_ago)
    return f"{day:%A} {long_date(day)}"


@pytest.fixture
def visited(world):
    """Yesterday: the coach looks at Pat's record, then at it again, then prints it (one
    visit: one line). Today: Pat's carer looks at what Pat shares with them."""
    coach, pat = world.recovery_coach, world.pat
    for minute in (0, 5):
        logged_at(at(1, 10, minute), actor=coach, person=pat, action=AccessAction.VIEW)
    logged_at(at(1, 10, 9), actor=coach, person=pat, action=AccessAction.PRINT)
    logged_at(at(0, 9), actor=world.carer_user, person=pat, action="view", obj=world.carer_link)
    return world


def access_sections(person):
    sections = registry.summary(person)
    start = next(i for i, s in enumerate(sections) if s.heading == HEADING)
    return sections[start], sections[start + 1 :]


def test_one_line_per_thing_done_under_each_day_newest_first(visited):
    intro, days = access_sections(visited.pat)
    assert intro.rows == [] and "newest first" in intro.intro and intro.empty == ""
    assert [(d.heading, d.level) for d in days] == [(day_heading(0), 3), (day_heading(1), 3)]
    assert days[0].rows == [
        ("9am", "Chris Jones, carer, looked at what you share with them as your carer")
    ]
    # Three raw events (two looks on the way, then a print) are one thing done, said once.
    assert days[1].rows == [("10:09am", COACH_PRINTED)]


def test_nobody_has_looked_says_so(world):
    intro, days = access_sections(world.pat)
    assert days == [] or days[0].level == 2  # nothing of the access log follows
    assert intro.empty == "No one else has looked at your record."


def test_the_summary_page_shows_the_days_as_headings(client, sign_in, visited):
    sign_in(client, visited.pat_user)
    response = client.get(reverse("export:summary"))
    assert_good_page(response)
    text = response.content.decode()
    assert f"<h3>{day_heading(0)}</h3>" in text and f"<h3>{day_heading(1)}</h3>" in text
    assert text.index(day_heading(0)) < text.index(day_heading(1))
    assert COACH_PRINTED in text
    assert text.count(COACH_PRINTED) == 1 and "Rory Coach looked" not in text
    for raw in ("Coach looked at your record", "carer link", "Printed", "Viewed"):
        assert raw not in text


def test_the_pdf_reads_the_same(visited):
    text = re.sub(r"\s+", " ", pdf_text(pdf.render(visited.pat)))
    assert HEADING in text and day_heading(0) in text and day_heading(1) in text
    assert COACH_PRINTED in text
    assert text.index(day_heading(0)) < text.index(day_heading(1))


def test_the_access_log_part_takes_a_fixed_number_of_queries(visited):
    exporter = next(e for e in registry.exporters() if type(e).__name__ == "AccessLog")
    with CaptureQueriesContext(connection) as few:
        exporter.sections(visited.pat)
    for n in range(5):
        logged_at(at(2 + n, 14), actor=visited.peer_worker, person=visited.pat, action="print")
    with CaptureQueriesContext(connection) as many:
        exporter.sections(visited.pat)
    assert len(many) == len(few)
