"""Pence and pounds, and what a run costs: pure, no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.college import money
from recoveryhub.college.forms_money import PoundsField
from recoveryhub.college.money import MoneyError, SessionCost, UnitCosts


@pytest.mark.parametrize(
    ("pence", "shown"),
    [
        (0, "£0.00"),
        (5, "£0.05"),
        (4000, "£40.00"),
        (123450, "£1,234.50"),
        (100000000, "£1,000,000.00"),
        (-550, "-£5.50"),
    ],
)
def test_pence_are_shown_as_pounds(pence, shown):
    assert money.format_pence(pence) == shown


def test_no_amount_reads_as_none():
    assert money.format_pence(None) == "none"
    assert money.format_pence(None, none="not known") == "not known"


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("40", 4000),
        ("40.5", 4050),
        ("40.50", 4050),
        ("£1,200.00", 120000),
        (" £ 1,200 ", 120000),
        ("1200", 120000),
        ("0", 0),
        (".5", 50),
        ("7.", 700),
        ("1,234,567.89", 123456789),
    ],
)
def test_pounds_are_read(typed, pence):
    assert money.parse_pounds(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter amount"),
        ("   ", "Enter amount"),
        (None, "Enter amount"),
        ("-5", "Amount must be £0 or more"),
        ("£-5", "Amount must be £0 or more"),
        ("-£5", "Amount must be £0 or more"),
        ("40.123", "Amount must have no more than 2 numbers after the decimal point"),
        ("forty", "Amount must be an amount in pounds, like 40 or 1,250.50"),
        ("1,20", "Amount must be an amount in pounds, like 40 or 1,250.50"),
        ("12,0000", "Amount must be an amount in pounds, like 40 or 1,250.50"),
        ("£", "Amount must be an amount in pounds, like 40 or 1,250.50"),
        (".", "Amount must be an amount in pounds, like 40 or 1,250.50"),
        ("1e5", "Amount must be an amount in pounds, like 40 or 1,250.50"),
        ("$40", "Amount must be an amount in pounds, like 40 or 1,250.50"),
        ("40p", "Amount must be an amount in pounds, like 40 or 1,250.50"),
        ("1.2.3", "Amount must be an amount in pounds, like 40 or 1,250.50"),
        ("٣", "Amount must be an amount in pounds, like 40 or 1,250.50"),
        ("9" * 20, "Amount must be less than £10,000,000,000,000.00"),
    ],
)
def test_bad_pounds_are_refused_clearly(typed, message):
    with pytest.raises(MoneyError) as refused:
        money.parse_pounds(typed)
    assert str(refused.value) == message


def test_messages_name_the_amount():
    with pytest.raises(MoneyError, match="^Enter venue cost per session$"):
        money.parse_pounds("", noun="Venue cost per session")
    with pytest.raises(MoneyError, match="^Hourly rate must be £0 or more$"):
        money.parse_pounds("-1", noun="Hourly rate")


@given(st.integers(min_value=0, max_value=money.MAX_PENCE - 1))
def test_what_is_shown_reads_back_the_same(pence):
    assert money.parse_pounds(money.format_pence(pence)) == pence
    assert money.parse_pounds(money.pence_to_pounds_input(pence)) == pence


@given(st.text(max_size=20))
def test_any_text_is_read_or_refused_never_crashes(text):
    try:
        pence = money.parse_pounds(text)
    except MoneyError as error:
        assert str(error)
    else:
        assert isinstance(pence, int) and 0 <= pence < money.MAX_PENCE


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_pounds_read_exactly(pounds):
    assert money.parse_pounds(f"{pounds:.2f}") == int(pounds * 100)


# Costs ------------------------------------------------------------------------------


def test_a_run_costs_trainer_time_venues_and_materials():
    two_hours = [SessionCost(minutes=120, venue_pence=4000) for _ in range(4)]
    cost = money.run_cost(two_hours, hourly_rates=[3000, 2000], materials_pence=1500)
    # 8 hours x (£30 + £20) = £400; 4 x £40 venue = £160; £15 materials.
    assert cost.trainer_pence == 40000
    assert cost.venue_pence == 16000
    assert cost.materials_pence == 1500
    assert cost.total_pence == 57500


def test_cancelled_sessions_cost_nothing():
    sessions = [
        SessionCost(minutes=120, venue_pence=4000),
        SessionCost(minutes=120, venue_pence=4000, cancelled=True),
        SessionCost(minutes=90, venue_pence=0),
    ]
    cost = money.run_cost(sessions, hourly_rates=[3000])
    assert cost.trainer_pence == 3.5 * 3000
    assert cost.venue_pence == 4000


def test_session_lengths_count_to_the_penny():
    # 50 minutes at £10.01 an hour is 834.1666... pence: 834.
    assert money.trainer_pence(50, [1001]) == 834
    # 30 minutes at 1p an hour is half a penny: rounds up.
    assert money.trainer_pence(30, [1]) == 1
    assert money.trainer_pence(0, [3000, 2000]) == 0
    assert money.trainer_pence(120, []) == 0


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=15, max_value=600),
            st.integers(min_value=0, max_value=10**6),
            st.booleans(),
        ),
        max_size=30,
    ),
    st.lists(st.integers(min_value=0, max_value=10**5), max_size=5),
    st.integers(min_value=0, max_value=10**7),
)
def test_a_run_cost_is_its_parts(sessions, rates, materials):
    held = [SessionCost(m, v, c) for m, v, c in sessions]
    cost = money.run_cost(held, rates, materials)
    minutes = sum(m for m, _v, c in sessions if not c)
    exact = Decimal(minutes) * sum(rates) / 60
    assert abs(cost.trainer_pence - exact) <= Decimal("0.5")
    assert cost.venue_pence == sum(v for _m, v, c in sessions if not c)
    assert cost.total_pence == cost.trainer_pence + cost.venue_pence + materials


def test_per_unit_costs():
    units = UnitCosts(total_pence=57500, enrolments=10, attended_sessions=30, completions=7)
    assert units.per_enrolment == 5750
    assert units.per_attended_session == 1917  # 1916.67
    assert units.per_completion == 8214  # 8214.29
    nothing = UnitCosts(total_pence=57500, enrolments=0, attended_sessions=0, completions=0)
    assert (nothing.per_enrolment, nothing.per_attended_session, nothing.per_completion) == (
        None,
        None,
        None,
    )
    assert money.per_unit(None, 5) is None


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=10**6))
def test_per_unit_is_the_nearest_penny(total, units):
    each = money.per_unit(total, units)
    assert abs(Decimal(each) - Decimal(total) / units) <= Decimal("0.5")


# The form field ---------------------------------------------------------------------


def test_the_pounds_field_cleans_to_pence():
    field = PoundsField(noun="Venue cost per session")
    assert field.clean("£1,200.50") == 120050
    assert field.clean("40") == 4000


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter venue cost per session"),
        ("-4", "Venue cost per session must be £0 or more"),
        ("4.999", "Venue cost per session must have no more than 2 numbers after the decimal"),
        ("lots", "Venue cost per session must be an amount in pounds, like 40 or 1,250.50"),
    ],
)
def test_the_pounds_field_answers_in_nhs_voice(typed, message):
    from django.core.exceptions import ValidationError

    field = PoundsField(noun="Venue cost per session")
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages[0].startswith(message)


def test_the_pounds_field_can_be_optional_and_capped():
    from django.core.exceptions import ValidationError

    field = PoundsField(noun="Materials", required=False, max_pence=2_147_483_647)
    assert field.clean("") is None
    with pytest.raises(ValidationError, match="Materials must be £21,474,836.47 or less"):
        field.clean("30,000,000")


def test_the_pounds_field_shows_pence_as_pounds():
    from django import forms

    class Form(forms.Form):
        cost = PoundsField(noun="Cost", label="Cost per session, in pounds")

    unbound = Form(initial={"cost": 4050})
    assert 'value="40.50"' in str(unbound["cost"])
    assert 'inputmode="decimal"' in str(unbound["cost"])
    bound = Form({"cost": "forty"})
    assert not bound.is_valid()
    assert 'value="forty"' in str(bound["cost"])
    assert bound.errors["cost"] == ["Cost must be an amount in pounds, like 40 or 1,250.50"]
