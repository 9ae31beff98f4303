from datetime import date, datetime

from recoveryhub.core.presenters import long_date


def test_long_date_in_nhs_style():
    assert long_date(date(2026, 4, 1)) == "1 April 2026"
    assert long_date(datetime(2026, 12, 25, 9, 30)) == "25 December 2026"
    assert long_date(None) == ""
