"""Reach and demand and the money pages in a browser: College staff (two-factor included)
choose terms and read the figures, look at a term's money and add a funding source with
the keyboard; a manager reads the reach page. axe-core checks every page on the way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in_with_two_factor
from recoveryhub.college import models as m
from recoveryhub.college.tests.test_reach_data import (
    reach_college_fixture,  # noqa: F401 - the reach_college fixture
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_college_staff_read_reach_and_money(page, world, reach_college, password):
    sign_in_with_two_factor(page, world.college_staff, password)

    page.goto(reverse("college:reach"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reach and demand")
    assert_accessible(page)
    page.get_by_label("From").select_option(label="Autumn 2026")
    page.get_by_label("To").select_option(label="Spring 2027")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("By term, Autumn 2026 to Spring 2027", exact=True)).to_be_visible()
    assert_accessible(page)

    # A junk range is an error with a summary, and still accessible.
    page.get_by_label("From").select_option(label="Spring 2027")
    page.get_by_label("To").select_option(label="Autumn 2026")
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    page.goto(reverse("college:money_index"))
    assert_accessible(page)
    page.get_by_role("link", name="Spring 2027").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Money: Spring 2027")
    expect(page.get_by_text("£445.00")).to_be_visible()
    assert_accessible(page)

    page.goto(reverse("college:funding"))
    assert_accessible(page)
    page.get_by_role("button", name="Add a funding source").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a funding source")
    assert_accessible(page)
    # Bad input first: an error summary, nothing written.
    page.get_by_role("button", name="Save funding source").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Skills agency pilot")
    page.get_by_label("Skills agency").check()
    page.get_by_label("Amount, in pounds").fill("£2,400.50")
    start = page.get_by_role("group", name="Start date")
    start.get_by_label("Day").fill("1")
    start.get_by_label("Month").fill("4")
    start.get_by_label("Year").fill("2027")
    end = page.get_by_role("group", name="End date")
    end.get_by_label("Day").fill("31")
    end.get_by_label("Month").fill("3")
    end.get_by_label("Year").fill("2028")
    page.get_by_label("Year").last.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding sources")
    expect(page.get_by_text("£2,400.50")).to_be_visible()
    assert_accessible(page)
    assert m.FundingSource.objects.get(name="Skills agency pilot").amount_pence == 240050


def test_a_manager_reads_reach_but_not_money(page, world, reach_college, password):
    sign_in_with_two_factor(page, world.manager, password)
    page.goto(reverse("college:reach"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reach and demand")
    expect(page.get_by_text("Staff engagement by team")).to_be_visible()
    assert_accessible(page)
    response = page.goto(reverse("college:money_index"))
    assert response.status == 404
