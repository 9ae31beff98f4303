"""The XmR chart (core/spc.py): a worked example computed by hand, each special-cause rule,
rebasing only where asked, assurance against a target, and properties for any series."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.core import spc

# The worked example. Twelve months of 50, 52, 50, 52, 50, 52, 50, 48, 50, 48, 50, 48:
#   sum = 6 × 50 + 3 × 52 + 3 × 48 = 300 + 156 + 144 = 600, so the mean is 600 / 12 = 50.
#   The 11 moving ranges are each 2, so the mean moving range is 22 / 11 = 2.
#   Limits: 50 ± 2.66 × 2 = 50 ± 5.32, that is 44.68 to 55.32.
#   One sigma is 2.66 × 2 / 3 = 1.7733…: the 1-sigma lines are 48.2267 and 51.7733,
#   the 2-sigma lines 50 ± 3.5467, that is 46.4533 and 53.5467.
BASE = [50, 52, 50, 52, 50, 52, 50, 48, 50, 48, 50, 48]


def labelled(values):
    return [(n, v) for n, v in enumerate(values)]


def on_base(values, **kwargs):
    """The example's twelve months as the baseline, then `values` judged against it."""
    return spc.xmr(labelled([*BASE, *values]), baseline=12, **kwargs)


def test_the_worked_example_by_hand():
    chart = spc.xmr(labelled(BASE), better=spc.UP)
    limits = chart.limits
    assert limits.mean == pytest.approx(50)
    assert limits.mean_moving_range == pytest.approx(2)
    assert (limits.lower, limits.upper) == pytest.approx((44.68, 55.32))
    assert limits.one_sigma == pytest.approx((48.22667, 51.77333), abs=1e-4)
    assert limits.two_sigma == pytest.approx((46.45333, 53.54667), abs=1e-4)
    assert limits.baseline_points == 12
    assert chart.special() == []
    assert chart.variation == spc.COMMON


def test_a_point_beyond_the_upper_limit_is_special_cause_improvement_when_up_is_better():
    # 56 > 55.32, the upper limit worked out above.
    chart = on_base([56], better=spc.UP)
    (point,) = chart.special()
    assert point.value == 56 and point.rules == ("outside",) and point.side == "high"
    assert chart.variation == spc.IMPROVEMENT
    assert on_base([56], better=spc.DOWN).variation == spc.CONCERN
    assert on_base([56]).variation == spc.NEITHER


def test_a_run_of_seven_on_one_side_of_the_mean():
    six = on_base([51] * 6, better=spc.UP)
    assert six.special() == []  # six is not yet a run
    seven = on_base([51] * 7, better=spc.UP)
    assert [p.label for p in seven.special()] == list(range(12, 19))
    assert all(p.rules == ("run",) for p in seven.special())
    on_the_mean = on_base([51, 51, 51, 50, 51, 51, 51])
    assert on_the_mean.special() == []  # the point on the mean ends the run


def test_a_trend_of_six_rising_or_falling():
    # The mean is 50 and the limits 44.68 to 55.32, so 47 to 52 rise inside them (after
    # the 48 that ends the baseline: 47 is lower, so the trend starts at 47).
    rising = on_base([47, 48, 49, 50, 51, 52], better=spc.DOWN)
    assert {p.label for p in rising.special() if "trend" in p.rules} == set(range(12, 18))
    assert rising.variation == spc.CONCERN
    five = on_base([47, 48, 49, 50, 51])
    assert not any("trend" in p.rules for p in five.points)
    flat = on_base([47, 48, 49, 49, 50, 51])
    assert not any("trend" in p.rules for p in flat.points)  # a repeat ends a trend


def test_two_of_three_beyond_two_sigma_on_the_same_side():
    # 54 is beyond the upper 2-sigma line (53.5467) but inside the limit (55.32); 51 is
    # above the mean (50), so all three sit on the high side.
    chart = on_base([54, 51, 54], better=spc.UP)
    hits = [p for p in chart.points if "two_of_three" in p.rules]
    assert [p.label for p in hits] == [12, 14]
    split = on_base([54, 50, 46])  # one high, one low: no signal
    assert not any("two_of_three" in p.rules for p in split.points)
    on_the_mean = on_base([54, 50, 54])  # the middle point is not on the high side
    assert not any("two_of_three" in p.rules for p in on_the_mean.points)


def test_fewer_than_twelve_points_show_no_limits_and_say_so():
    chart = spc.xmr(labelled(BASE[:11]))
    assert chart.limits is None and not chart.enough
    assert chart.variation == spc.NOT_ENOUGH
    assert "not enough points yet" in spc.describe(chart)[0]
    assert spc.xmr([]).variation == spc.NOT_ENOUGH


def test_the_baseline_is_fixed_after_twenty_points():
    values = [*BASE, *BASE[:8], 70, 70, 70, 70]  # 20 in the baseline, then 70s
    chart = spc.xmr(labelled(values))
    assert chart.limits.baseline_points == 20
    assert chart.limits.mean == pytest.approx(spc.limits_of(values[:20]).mean)
    assert all("outside" in p.rules for p in chart.points[20:])


def test_rebasing_happens_only_at_a_recorded_date():
    values = [*BASE, *[60 + v - 50 for v in BASE]]
    kept = spc.xmr(labelled(values))
    assert kept.limits.mean == pytest.approx(spc.limits_of(values).mean)  # not automatic
    rebased = spc.xmr(labelled(values), rebase_at=[12])
    assert rebased.segments == (0, 12)
    assert rebased.limits.mean == pytest.approx(60)
    assert rebased.points[0].limits.mean == pytest.approx(50)
    assert rebased.special() == []


def test_assurance_against_a_target():
    up = labelled(BASE)  # limits 44.68 to 55.32
    assert spc.xmr(up, better=spc.UP, target=40).assurance == spc.PASSES
    assert spc.xmr(up, better=spc.UP, target=60).assurance == spc.FAILS
    assert spc.xmr(up, better=spc.UP, target=50).assurance == spc.HIT_AND_MISS
    assert spc.xmr(up, better=spc.DOWN, target=60).assurance == spc.PASSES
    assert spc.xmr(up, target=50).assurance is None  # no direction, no assurance


def test_the_words_name_the_points_and_the_rules():
    chart = on_base([56], better=spc.UP, target=40)
    words = spc.describe(chart, name=lambda n: f"month {n + 1}")
    assert words[0] == "month 13: outside the process limits."
    assert "special cause improvement" in words[1]
    assert "passes consistently" in words[2]
    assert "common cause" in spc.describe(spc.xmr(labelled(BASE)))[0]


def test_a_wrong_direction_is_refused():
    with pytest.raises(ValueError):
        spc.xmr(labelled(BASE), better="sideways")


series = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=12, max_size=40
)


@given(series)
def test_the_limits_contain_the_mean(values):
    limits = spc.xmr(labelled(values)).limits
    assert limits.lower <= limits.mean <= limits.upper
    assert limits.two_sigma[0] <= limits.one_sigma[0] <= limits.mean <= limits.one_sigma[1]


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(12, 40))
def test_a_constant_series_has_no_special_cause(value, n):
    chart = spc.xmr(labelled([value] * n), better=spc.UP)
    assert chart.special() == []
    assert chart.variation == spc.COMMON


@given(series, st.floats(min_value=-1e4, max_value=1e4, allow_nan=False))
def test_shifting_a_series_shifts_the_limits(values, shift):
    before = spc.xmr(labelled(values)).limits
    after = spc.xmr(labelled([v + shift for v in values])).limits
    for a, b in [
        (after.mean, before.mean + shift),
        (after.lower, before.lower + shift),
        (after.upper, before.upper + shift),
    ]:
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
