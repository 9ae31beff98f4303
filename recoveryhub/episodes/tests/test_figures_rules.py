"""The rules of the managers' figures and their chart, alone (no database)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.core.secondary_suppression import WITHHELD
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.episodes import throughput_rules as rules
from recoveryhub.episodes.throughput_chart import Series, bar_chart


def test_periods_of_whole_months():
    period = rules.Period(date(2025, 11, 1), date(2026, 2, 1))
    assert period.months == (
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    )  # noqa: E501
    assert period.until == date(2026, 3, 1)
    assert period.label == "November 2025 to February 2026"
    assert (
        period.row_label(rules.PERIOD) == "Whole period" and period.row_label(1) == "December 2025"
    )
    with pytest.raises(ValueError, match="first day"):
        rules.Period(date(2026, 1, 2), date(2026, 2, 1))
    with pytest.raises(ValueError, match="on or before"):
        rules.Period(date(2026, 2, 1), date(2026, 1, 1))


def test_the_default_is_the_last_twelve_months_this_one_included():
    period = rules.default_period(date(2026, 12, 7))
    assert (period.first, period.last) == (date(2026, 1, 1), date(2026, 12, 1))
    assert len(period.months) == 12


def test_months_from_the_address():
    assert rules.parse_month("2026-03") == date(2026, 3, 1)
    for bad in ("2026-13", "2026-00", "26-03", "2026-3-1", "", "march", "2026-0x", "0000-01"):
        assert rules.parse_month(bad) is None, bad
    choices = rules.month_choices(date(2026, 12, 7))
    assert choices[0] == ("2026-12", "December 2026") and choices[-1] == (
        "2015-01",
        "January 2015",
    )


@given(st.lists(st.integers(0, 400), min_size=1, max_size=40))
def test_median_and_nearest_rank(values):
    ordered = sorted(values)
    n = len(ordered)
    middle = ordered[(n - 1) // 2 : n // 2 + 1]
    assert rules.median(values) == sum(middle) / len(middle)
    p90 = rules.nearest_rank(values, 90)
    # Nearest rank: the smallest value with at least 90% of the values at or below it.
    assert sum(v <= p90 for v in values) >= 0.9 * n
    assert sum(v < p90 for v in values) < 0.9 * n


def test_words():
    assert rules.days_text(1) == "1 day" and rules.days_text(6.5) == "6.5 days"
    assert rules.days_text(12.0) == "12 days" and rules.days_text(None) == "none"
    assert rules.band_label((6, 10)) == "6 to 10" and rules.band_label((31, None)) == "31 or more"
    assert [rules.kind_of(r) for r in ("goals_met", "time_limit", "moved")] == [
        rules.GOALS, rules.CLOCK, rules.OTHER,
    ]  # fmt: skip


def test_the_chart_draws_no_bar_for_a_hidden_figure():
    months = ["January 2026", "February 2026", "March 2026"]
    series = [
        Series("Referrals received", ("12", SUPPRESSED, WITHHELD), (12, 3, 7)),
        Series("Ended by goals", ("0", "5", "6"), (0, 5, 6)),
    ]
    chart = bar_chart("Referrals and endings", months, ["Jan 26", "Feb 26", "Mar 26"], series)
    labels = [bar.label for bar in chart.bars]
    assert labels == [
        "January 2026, referrals received: 12",
        "February 2026, ended by goals: 5",
        "March 2026, ended by goals: 6",
    ]
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.label.endswith(": 12") and tallest.y == pytest.approx(16)  # the top
    assert [t.label for t in chart.y_ticks][-1] == "12"
    assert "January 2026 to March 2026" in chart.description
    assert chart.legend == (("#005eb8", "Referrals received"), ("#007f3b", "Ended by goals"))


def test_a_chart_of_many_months_labels_some_of_them():
    months = [f"Month {n}" for n in range(24)]
    short = [f"M{n}" for n in range(24)]
    series = [Series("Referrals received", tuple("5" for _ in months), tuple(5 for _ in months))]
    chart = bar_chart("Referrals", months, short, series)
    assert 2 <= len(chart.x_ticks) <= 7
    gaps = [
        b.position - a.position for a, b in zip(chart.x_ticks, chart.x_ticks[1:], strict=False)
    ]
    assert min(gaps) >= 60  # labels never overlap
