from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.core.presenters import long_date


def test_long_date_in_nhs_style():
    assert long_date(date(2026, 4, 1)) == "1 April 2026"
    assert long_date(datetime(2026, 12, 25, 9, 30)) == "25 December 2026"
    assert long_date(None) == ""


@given(st.dates(min_value=date(1900, 1, 1)))
def test_long_date_reads_back_as_the_same_day(day):
    assert datetime.strptime(long_date(day), "%d %B %Y").date() == day  # noqa: DTZ007
    assert not long_date(day).startswith("0")
