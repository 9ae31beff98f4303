from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.core.suppression import SUPPRESSED, count, rate


def test_small_counts_are_hidden():
    assert [str(count(n)) for n in [0, 1, 4, 5, 1234]] == ["0", *[SUPPRESSED] * 2, "5", "1,234"]


@given(st.integers(min_value=0, max_value=10**9))
def test_a_count_is_hidden_exactly_when_it_is_1_to_4(n):
    assert count(n).suppressed == (1 <= n <= 4)
    assert (str(count(n)) == SUPPRESSED) == (1 <= n <= 4)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_a_rate_from_a_small_count_is_hidden(numerator, denominator):
    shown = rate(numerator, denominator)
    if 1 <= numerator <= 4 or 1 <= denominator <= 4:
        assert shown == SUPPRESSED
    else:
        assert shown != SUPPRESSED


def test_rates():
    assert rate(10, 40) == "25%"
    assert rate(0, 0) == "none"
