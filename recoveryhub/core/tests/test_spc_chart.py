"""The SPC chart as data for the SVG (core/spc_chart.py), here of a monthly % positive: a
point for each month that may be shown, the average and process limits from 12 months,
special points marked and said in words, and a hidden month left out (no point, and not
in the SPC). The board report's own uses are tested in practice/tests."""

from datetime import date

from recoveryhub.core import spc, spc_chart
from recoveryhub.feedback.figures_sql import months_back

# 20 months alternating 49 and 51: mean 50, every moving range 2, so the limits are
# 50 ± 2.66 × 2, 44.68 to 55.32 (core/tests/test_spc.py works the same sums by hand).
BASE = [49, 51] * 10


def positive(months, shares):
    return spc_chart.draw("Positive", months, shares, unit="%", better=spc.UP)


def test_enough_months_show_limits_and_a_special_point_in_words():
    months = months_back(date(2026, 12, 1), 21)
    shares = [*BASE, 90]  # after the 20 months of the baseline, far above its limits
    chart = positive(months, shares)
    assert len(chart.dots) == 21 and chart.path.count(",") == 21
    assert [line.kind for line in chart.lines] == ["mean", "limit", "limit"]
    special = [d for d in chart.dots if d.special]
    assert [d.label for d in special] == ["December 2026: 90%, special cause improvement"]
    assert special[0].colour == spc_chart.IMPROVEMENT
    assert chart.findings[0] == "December 2026: outside the process limits."
    assert "process limits are" in chart.description
    assert "The table after the chart gives every month's numbers." in chart.description


def test_a_hidden_month_has_no_point_and_is_said_so():
    months = months_back(date(2026, 12, 1), 21)
    chart = positive(months, [None, *BASE])
    assert len(chart.dots) == 20
    assert "Months with no point: 1 (none, or hidden to protect privacy)." in chart.description
    assert chart.chart.variation == spc.COMMON
    assert not any(d.special for d in chart.dots)


def test_too_few_months_draw_points_without_limits():
    months = months_back(date(2026, 12, 1), 3)
    chart = positive(months, [80.0, 75.0, 90.0])
    assert chart.lines == () and len(chart.dots) == 3
    assert "not enough points yet" in chart.findings[0]
    assert all(0 <= t.position <= chart.height for t in chart.y_ticks)


def test_no_months_at_all():
    chart = positive(months_back(date(2026, 1, 1), 1), [None])
    assert chart.dots == () and chart.path == ""


def test_a_count_never_goes_below_nought_and_a_lower_limit_under_it_is_not_drawn():
    months = months_back(date(2026, 12, 1), 14)
    counts = [0, 40, 0, 45, 2, 50, 0, 38, 1, 44, 0, 41, 3, 39]  # limits far below nought
    chart = spc_chart.draw("Enrolments", months, counts, unit="count", better=spc.UP)
    assert chart.chart.limits.lower < 0
    assert chart.y_ticks[0].label == "0"
    assert [line.kind for line in chart.lines] == ["mean", "limit"]  # the upper limit only
    assert all(0 <= t.position <= chart.height for t in chart.y_ticks)
