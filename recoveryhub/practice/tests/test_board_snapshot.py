"""A published board report is frozen: later data change the draft (once its figures are
counted again), never the published page, PDF or CSV. And the snapshot turned into charts
and tables (board_render): every chart's numbers in a table, rebasing only where a
decision restarts it, hidden months said in words, CSV cells that cannot run as formulas."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core import spc, spc_chart
from recoveryhub.core.testing_pdf import MARKUP, assert_markup_printed_as_typed, pdf_text
from recoveryhub.practice import board, board_render, kept_figures, services
from recoveryhub.practice.board_measures import MEASURES

ENROLMENTS = 37  # a number no other cell of the report's first chart shows


def add_enrolments(world, month: date, count: int) -> None:
    from recoveryhub.college.models import Enrolment
    from recoveryhub.college.testing import build_college

    college = getattr(world, "college_for_enrolments", None) or build_college(world)
    world.college_for_enrolments = college  # built once a test, however often called
    at = timezone.make_aware(timezone.datetime(month.year, month.month, 10, 12))
    Enrolment.objects.bulk_create(
        Enrolment(student=college.sam_student, run=college.run, status="cancelled",
                  requested_at=at, cancelled_at=at)
        for _ in range(count)
    )  # fmt: skip


def enrolments_in(rows: list[list[str]], month: date) -> str:
    """The CSV's college enrolments value for a month."""
    for row in rows:
        if (
            len(row) > 4
            and row[1] == "College enrolments each month"
            and row[3] == f"{month:%Y-%m}"
        ):
            return row[4]
    raise AssertionError(f"no row for {month}")


def section(page: str, key: str) -> str:
    start = page.index(f'id="measure-{key}"')
    return page[start : page.index("</section>", start)]


def test_a_published_report_does_not_change_when_later_data_arrive(
    client, sign_in, world, practice
):
    published, draft = practice.published, practice.draft
    month = published.quarter_start  # in both reports' months
    assert month.isoformat() in published.snapshot["months"]
    sign_in(client, world.manager)
    kept_figures.count_again()  # as the hourly job has
    add_enrolments(world, month, ENROLMENTS)
    name = f"{month:%B %Y}"

    def value_on_page(report) -> str:
        page = client.get(reverse("practice:report", args=[report.pk])).content.decode()
        found = re.search(
            rf"{name}</th>\s*<td[^>]*><span[^>]*>Value </span>([^<]*)</td>",
            section(page, "college_enrolments"),
        )
        return found.group(1)

    # The draft reads the kept figures: the new data show once the hourly job counts again.
    assert value_on_page(published) == "0" and value_on_page(draft) == "0"
    kept_figures.count_again()
    assert value_on_page(published) == "0" and value_on_page(draft) == str(ENROLMENTS)

    def csv_rows(report):
        content = client.get(reverse("practice:report_csv", args=[report.pk])).content
        return list(csv.reader(io.StringIO(content.decode())))

    assert enrolments_in(csv_rows(published), month) == "0"
    assert enrolments_in(csv_rows(draft), month) == str(ENROLMENTS)

    def pdf(report) -> str:
        return pdf_text(client.get(reverse("practice:report_pdf", args=[report.pk])).content)

    assert f"{name} {ENROLMENTS} " not in pdf(published) and f"{name} 0 " in pdf(published)
    assert f"{name} {ENROLMENTS} " in pdf(draft)
    # The stored snapshot itself is untouched; a fresh one would differ.
    published.refresh_from_db()
    assert published.snapshot != board.build_snapshot(published)


def test_the_page_and_the_pdf_give_every_charts_numbers_in_a_table(
    client, sign_in, world, practice
):
    draft = practice.draft
    draft.summary = f"Summary {MARKUP}"
    draft.save()
    services.add_claim(draft, MEASURES[0].key, f"Claim {MARKUP}", {m.key for m in MEASURES})
    sign_in(client, world.manager)
    page = client.get(reverse("practice:report", args=[draft.pk])).content.decode()
    months = board.build_snapshot(draft)["months"]
    for measure in MEASURES:
        part = section(page, measure.key)
        assert 'role="img"' in part and "<desc" in part
        assert f"{measure.title}: the chart&#39;s numbers</caption>" in part
        assert part.count('scope="row"') == len(months)
    assert f'href="#measure-{MEASURES[0].key}"' in page
    assert "Offer every team a wellbeing session" in page  # the late action
    assert reverse("practice:action", args=[practice.late.pk]) in page
    content = client.get(reverse("practice:report_pdf", args=[draft.pk])).content
    text = assert_markup_printed_as_typed(content, f"Summary {MARKUP}", f"Claim {MARKUP}")
    assert text.count("What the rules found") >= len(MEASURES)
    for measure in MEASURES:
        assert measure.title in text
    for month in months:
        assert f"{date.fromisoformat(month):%B %Y}" in text
    assert "Offer every team a wellbeing session" in text


def test_a_rebasing_decision_restarts_the_limits_from_its_month():
    months = [date(2024, 1, 1) + timedelta(days=31 * n) for n in range(30)]
    months = [m.replace(day=1) for m in months]
    values = [10.0, 12.0] * 12 + [40.0, 42.0] * 3
    entry = {
        "key": "k", "part": "Part", "title": "Things", "unit": "count", "better": spc.UP,
        "target": None, "describe": "Things.", "values": values,
        "rebases": [{"month": months[24].isoformat(), "reason": "A new service"}],
    }  # fmt: skip
    view = board_render.measure_view(entry, months)
    assert view.chart.chart.segments == (0, 24)
    assert view.rebases == [(f"{months[24]:%B %Y}", "A new service")]
    assert "The baseline restarts from" in view.chart.description
    assert view.monthly[0].mean == 11.0
    assert view.monthly[-1].mean is None  # six points after it: too few for limits yet
    assert [line.kind for line in view.chart.lines] == ["mean", "limit", "limit"]
    without = board_render.measure_view({**entry, "rebases": []}, months)
    assert without.chart.chart.segments == (0,) and without.chart.chart.special()


def test_a_hidden_month_has_no_point_and_a_rebase_on_it_starts_at_the_next():
    months = [date(2026, m, 1) for m in range(1, 7)]
    assert spc_chart.restarts([date(2026, 3, 1)], [months[0], months[3]]) == [months[3]]
    view = board_render.measure_view(
        {"key": "k", "part": "P", "title": "Waits", "unit": "days", "better": spc.DOWN,
         "target": 14.0, "describe": "", "values": [3.0, None, 4.5, 2.0, 1.0, 2.0],
         "rebases": []},
        months,
    )  # fmt: skip
    assert len(view.chart.dots) == 5
    assert view.rows[1][1] == spc_chart.NOT_SHOWN
    assert view.rows[2][1] == "4.5 days" and view.target == "14 days"
    assert "Months with no point: 1" in view.chart.description
    assert view.variation == spc.NOT_ENOUGH


@pytest.mark.parametrize("value,unit,shown", [
    (None, "count", "fewer than 5"), (1234.0, "count", "1,234"), (12.5, "%", "12.5%"),
    (0.0, "count", "0"), (3.0, "days", "3 days"),
])  # fmt: skip
def test_figures_read_as_the_board_reads_them(value, unit, shown):
    assert spc_chart.figure(value, unit) == shown


def test_the_csv_cannot_run_a_formula():
    months = [date(2026, 1, 1)]
    snapshot = {
        "quarter_start": "2026-01-01", "built_on": "2026-01-20", "months": ["2026-01-01"],
        "measures": [{"key": "k", "part": "=HYPERLINK(1)", "title": "@SUM(A1)", "unit": "count",
                      "better": None, "target": None, "describe": "", "values": [-3.0],
                      "rebases": []}],
        "exceptions": [], "summary": "", "claims": [],
    }  # fmt: skip
    rows = list(csv.reader(io.StringIO(board_render.as_csv(board_render.read(snapshot), "+T"))))
    assert rows[0] == ["'+T"] and rows[2][:2] == ["'=HYPERLINK(1)", "'@SUM(A1)"]
    assert rows[2][3:5] == [f"{months[0]:%Y-%m}", "-3"]  # a number stays a number
