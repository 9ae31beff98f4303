"""The XmR chart (core/spc.py) against published worked examples, and properties of its
rules for any series (hypothesis).

Published examples: NHS-R Community's NHSRplotthedots (MIT), the R package that draws
NHS England's "Making Data Count" charts:
https://github.com/nhs-r-community/NHSRplotthedots
- tests/testthat/test-ptd_spc.R and _snaps/ptd_spc.md: `set.seed(123); rnorm(20)`, whose
  summary is mean 0.142, limits -3.01 to 3.29, 20 points of common cause.
- tests/testthat/test-ptd_spc_standard.R, "it only reports special cause for 2 of 3 points
  close to limits when they are on the same side of the mean".
- tests/testthat/test-ptd_calculate_point_type.R: the run and two-in-three rules.
- vignettes/deviations.Rmd, "Treatment of outlying points": the Making Data Count Excel
  tool's own output for one series (the package screens outlying moving ranges by
  default; the Excel tool, and spc.py, do not).
Where the package and spc.py differ (a trend of seven points there, six here, as the
issue asks; two of three close to a limit), the tests say so.
"""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from recoveryhub.core import spc

# R's rnorm(20) after set.seed(123) (R's default Mersenne-Twister and inversion), as the
# package's snapshot prints them to three figures: -0.560, -0.230, 1.56, 0.0705, ...
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def labelled(values):
    return [(n, v) for n, v in enumerate(values)]


def sig3(x: float) -> float:
    """Rounded to three significant figures, as R's tibble prints."""
    return float(f"{x:.3g}")


def test_nhsrplotthedots_summary_of_rnorm_20():
    chart = spc.xmr(labelled(RNORM_123), better=spc.UP)
    limits = chart.limits
    assert limits.baseline_points == 20  # the package uses every point unless fixed
    assert (sig3(limits.mean), sig3(limits.lower), sig3(limits.upper)) == (0.142, -3.01, 3.29)
    # The package screens out moving ranges of 3.267 times their mean or more; none of
    # these is, so its limits and ours are the same sums.
    ranges = [abs(b - a) for a, b in zip(RNORM_123, RNORM_123[1:], strict=False)]
    assert max(ranges) < 3.267 * limits.mean_moving_range
    assert limits.mean == pytest.approx(0.1416238, abs=1e-7)
    assert limits.mean_moving_range == pytest.approx(1.1853396, abs=1e-7)
    # "common_cause 20, special_cause_improvement 0" (and no concern).
    assert chart.special() == [] and chart.variation == spc.COMMON


def test_nhsrplotthedots_summary_with_a_rebase_before_the_first_point_and_a_target():
    # Rebasing on 2020-01-01, the day before the first point, leaves one group.
    chart = spc.xmr(labelled(RNORM_123), better=spc.UP, target=0.5, rebase_at=[0])
    assert chart.segments == (0,)
    assert (sig3(chart.limits.lower), sig3(chart.limits.upper)) == (-3.01, 3.29)
    # A target of 0.5 lies between the limits: the process will sometimes meet it.
    assert chart.assurance == spc.HIT_AND_MISS


def test_nhsrplotthedots_two_of_three_close_to_the_limits_on_opposite_sides():
    # 1, -1 eight times; the 15th point 5.5 and the 16th -5.5 (R counts from 1).
    data = [1, -1] * 8
    data[14], data[15] = 5.5, -5.5
    chart = spc.xmr(labelled(data), better=spc.UP)
    limits = chart.limits
    # Mean 0; moving ranges 2 (13 of them), 6.5 and 11: 43.5 / 15 = 2.9. Limits 0 ± 7.714,
    # two sigma 0 ± 5.1427: both points are beyond two sigma, on opposite sides.
    assert limits.mean == 0
    assert limits.mean_moving_range == pytest.approx(2.9)
    assert limits.upper == pytest.approx(7.714) and limits.two_sigma[1] == pytest.approx(5.14267)
    # The package: `tail(s, 2)$point_type == c("common_cause", "common_cause")`.
    assert [p.rules for p in chart.points[-2:]] == [(), ()]
    assert chart.special() == []


def test_making_data_count_excel_output_from_the_deviations_vignette():
    # 18 daily points; the vignette's caption for the Excel tool's chart ("setting
    # screen_outliers = FALSE produces the same output as Excel"): UPL 6.95, mean 1.94,
    # LPL -3.06; four common cause points, one special cause improvement, then twelve
    # (thirteen: the caption miscounts the 18 points) common cause.
    data = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    chart = spc.xmr(labelled(data), better=spc.UP)
    limits = chart.limits
    assert [round(x, 2) for x in (limits.upper, limits.mean, limits.lower)] == [6.95, 1.94, -3.06]
    # By hand: mean 35 / 18; moving ranges 1, 1, 1, 8, 9 and twelve 1s: 32 / 17.
    assert limits.mean == pytest.approx(35 / 18)
    assert limits.mean_moving_range == pytest.approx(32 / 17)
    (special,) = chart.special()
    assert special.label == 4 and special.rules == ("outside",)
    assert special.verdict == spc.IMPROVEMENT
    # The package's default, screening the moving ranges of 8 and 9 (each at least 3.267
    # times 32 / 17), gives 4.6 and -0.72: the Excel tool's limits are what we draw.
    screened = [r for r in (1, 1, 1, 8, 9, *[1] * 12) if r < 3.267 * 32 / 17]
    width = spc.E2 * sum(screened) / len(screened)
    assert (round(35 / 18 + width, 2), round(35 / 18 - width, 2)) == (4.6, -0.72)


def _relative(signs):
    """A chart of a 12-point baseline with mean 0 (ending on the mean, so no run carries
    over from it) then points at +1 / -1 for the package's relative_to_mean vectors."""
    base = [1, -1] * 5 + [0, 0]
    return spc.xmr(labelled([*base, *signs]), baseline=12)


@pytest.mark.parametrize(
    ("signs", "flagged"),
    [
        # ptd_seven_point_one_side_mean(rep(1, 6)) and (c(rep(1, 6), -1)): no run.
        ([1] * 6, []),
        ([1] * 6 + [-1], []),
        # c(rep(1, 8), -1) and c(rep(-1, 8), 1): the eight are part of a run.
        ([1] * 8 + [-1], list(range(8))),
        ([-1] * 8 + [1], list(range(8))),
    ],
)
def test_nhsrplotthedots_runs_of_seven_on_one_side(signs, flagged):
    chart = _relative(signs)
    ran = [p.label - 12 for p in chart.points if "run" in p.rules]
    assert ran == flagged


def test_nhsrplotthedots_two_in_three_needs_all_three_on_one_side():
    # Baseline mean 0, two sigma ± 3.06 (see _relative); then 4, 0, 4: two close to the
    # upper limit, the middle one on the mean. The package: common cause.
    chart = _relative([4, 0, 4])
    assert chart.special() == []


# Properties ------------------------------------------------------------------------

finite = st.floats(min_value=-1e5, max_value=1e5, allow_nan=False, allow_infinity=False)


@given(finite, st.integers(1, 60), st.lists(st.integers(1, 59), max_size=3))
def test_a_constant_series_is_never_signalled(value, n, rebase_at):
    chart = spc.xmr(labelled([value] * n), better=spc.UP, rebase_at=rebase_at)
    assert chart.special() == []
    assert chart.variation in (spc.COMMON, spc.NOT_ENOUGH)


@given(
    st.lists(st.floats(min_value=0, max_value=100), min_size=12, max_size=20),
    st.integers(1, 15),
    st.sampled_from([1, -1]),
    st.sampled_from([spc.UP, spc.DOWN]),
)
def test_a_shift_far_beyond_the_limits_is_always_outside_with_the_right_verdict(
    base, after, sign, better
):
    limits = spc.limits_of(base, baseline=len(base))
    width = limits.upper - limits.lower
    shifted = limits.mean + sign * (width + 1000)  # far beyond either limit
    chart = spc.xmr(labelled([*base, *[shifted] * after]), better=better, baseline=len(base))
    assert all("outside" in p.rules for p in chart.points[len(base) :])
    good = (sign == 1) == (better == spc.UP)
    assert chart.variation == (spc.IMPROVEMENT if good else spc.CONCERN)


@given(
    st.lists(st.floats(min_value=0, max_value=100), min_size=12, max_size=20),
    st.lists(st.floats(min_value=0.01, max_value=50), min_size=spc.TREND - 1, max_size=12),
)
def test_a_strictly_rising_run_of_six_or_more_is_a_trend(base, steps):
    start = min(base) - 1  # below the last point, so the run starts here
    rising = [start]
    for step in steps:
        rising.append(rising[-1] + step)
    assume(all(b > a for a, b in zip(rising, rising[1:], strict=False)))  # no rounding ties
    chart = spc.xmr(labelled([*base, *rising]), baseline=len(base))
    assert all("trend" in p.rules for p in chart.points[len(base) :])


@given(
    st.lists(finite, min_size=12, max_size=30),
    st.lists(finite, min_size=12, max_size=30),
)
def test_a_rebased_segment_restarts_its_limits(first, second):
    values = [*first, *second]
    chart = spc.xmr(labelled(values), rebase_at=[len(first)])
    assert chart.segments == (0, len(first))
    own_first, own_second = spc.limits_of(first), spc.limits_of(second)
    for point in chart.points[: len(first)]:
        assert point.limits == own_first
    for point in chart.points[len(first) :]:
        assert point.limits == own_second
    assert math.isclose(chart.limits.mean, own_second.mean, rel_tol=1e-12, abs_tol=1e-9)
