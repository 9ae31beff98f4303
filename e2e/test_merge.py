"""A service admin joins two records of one person from the menu: finds them, compares them,
chooses a detail, checks the answers and joins them; then Pat reads that her records were
joined. Every page passes axe on a laptop and on a 390 px phone."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop, sign_in, sign_in_with_two_factor
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.models import MergeRecord, Person

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_service_admin_joins_two_records_and_the_person_reads_why(page, world, password):
    twin = Person.objects.create(full_name="Patricia Jones", phone="07700 900123")
    CheckIn.objects.create(person=twin, instrument="phq9", started_at="2026-11-01T10:00Z")
    sign_in_with_two_factor(page, world.service_admin, password)
    page.get_by_role("link", name="Join duplicate records").first.click()
    expect(heading(page)).to_have_text("Join duplicate records")
    # Find them by name
    page.get_by_label("Name or NHS number").fill("Patricia")
    page.get_by_role("button", name="Find records").click()
    expect(page.locator("main")).to_contain_text("2 records found")
    assert_accessible_on_phone_and_laptop(page)
    # A mistake first: the same record twice
    page.get_by_label("Record number to keep").fill(str(world.pat.pk))
    page.get_by_label("Record number to join into it").fill(str(world.pat.pk))
    page.get_by_role("button", name="Compare the records").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose 2 different records")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Record number to join into it").fill(str(twin.pk))
    page.get_by_role("button", name="Compare the records").click()
    expect(heading(page)).to_have_text("Compare the 2 records")
    assert_accessible_on_phone_and_laptop(page)
    # Continue without a reason, then choose the other record's phone number
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter why you are joining these records"
    )
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label(f"07700 900123 (record {twin.pk})").check()
    page.get_by_label("Why are you joining these records?").fill("Registered twice")
    page.get_by_label("How did you check they are the same person?").fill("Same address")
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Check before you join these records")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("button", name="Join these records").click()
    expect(heading(page)).to_have_text("Records joined")
    expect(page.locator("main")).to_contain_text("1 check-in moved")
    assert_accessible_on_phone_and_laptop(page)
    assert MergeRecord.objects.get().kept == world.pat
    # Pat reads it on her own record, and what came from where in her data
    page.context.clear_cookies()
    sign_in(page, world.pat_user, password)
    page.get_by_role("link", name="Your record").first.click()
    expect(page.locator("main")).to_contain_text("Your records were joined on")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("link", name="See what came from your other record").click()
    expect(page.locator("main")).to_contain_text("What came from your other record")
    expect(page.locator("main")).to_contain_text("Registered twice")
    assert_accessible_on_phone_and_laptop(page)
