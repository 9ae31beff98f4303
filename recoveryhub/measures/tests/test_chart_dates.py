"""The progress chart places check-ins by date, not evenly (issue 12: "The progress chart
spaces check-ins evenly, not by date")."""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from recoveryhub.measures import charts

PLOT_LEFT = charts.LEFT
PLOT_RIGHT = charts.WIDTH - charts.RIGHT


def test_x_positions_are_proportional_to_dates():
    # 1 January, 2 January, then 31 March: the third gap is 88 times the first.
    days = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 3, 31)]
    chart = charts.progress_chart("PHQ-9", [(d, 10) for d in days], 0, 27)
    xs = [p.x for p in chart.points]
    assert xs[0] == pytest.approx(PLOT_LEFT)
    assert xs[-1] == pytest.approx(PLOT_RIGHT)
    span = (days[-1] - days[0]).days
    expected = PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * 1 / span
    assert xs[1] == pytest.approx(expected)
    # Evenly spaced would put the middle point in the middle.
    assert xs[1] - xs[0] < (xs[2] - xs[1]) / 50


def test_datetimes_on_the_same_day_sit_close_together():
    start = datetime(2026, 4, 1, 9, tzinfo=UTC)
    moments = [start, start + timedelta(hours=2), start + timedelta(days=60)]
    chart = charts.progress_chart("GAD-7", [(m, 5) for m in moments], 0, 21)
    xs = [p.x for p in chart.points]
    assert xs[1] - xs[0] < 1
    assert xs[2] == pytest.approx(PLOT_RIGHT)


def test_the_path_follows_the_dated_points():
    days = [date(2026, 1, 1), date(2026, 1, 11), date(2026, 4, 11)]
    chart = charts.progress_chart("PHQ-9", list(zip(days, [20, 15, 5], strict=True)), 0, 27)
    assert chart.path.split(" ")[1].startswith(f"L{chart.points[1].x:.1f},")
    assert chart.points[1].x < PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * 0.2


def test_date_labels_do_not_overlap_when_check_ins_bunch_up():
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(5)] + [date(2026, 6, 1)]
    chart = charts.progress_chart("PHQ-9", [(d, 9) for d in days], 0, 27)
    positions = [t.position for t in chart.x_ticks]
    assert positions == sorted(positions)
    assert all(b - a >= charts.MIN_TICK_GAP for a, b in itertools.pairwise(positions))
    assert chart.x_ticks[0].label == "1 January 2026"
    assert chart.x_ticks[-1].label == "1 June 2026"


@pytest.mark.parametrize("days", [[], [date(2026, 5, 1)], [date(2026, 5, 1), date(2026, 5, 1)]])
def test_one_date_or_none_is_drawn_in_the_middle(days):
    chart = charts.progress_chart("PHQ-9", [(d, 3) for d in days], 0, 27)
    for point in chart.points:
        assert point.x == pytest.approx((PLOT_LEFT + PLOT_RIGHT) / 2)
    assert len(chart.x_ticks) == min(len(days), 1)
