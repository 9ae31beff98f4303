"""The pathways team adds someone trained through the Recovery College to the interview
panel register and books them onto a panel (strategy: "training ... through the Recovery
College, for people with a lived experience to sit on interview panels in CPFT").

Colette (College staff) signs in with two-factor, opens the register, adds Quinn, who
completed the College's panel course (the date comes from the College), books Quinn onto
a panel (first forgetting the chair), and records the involvement payment. axe-core
checks every page on the way, and the register on a phone and a laptop.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import (
    assert_accessible,
    assert_accessible_on_phone_and_laptop,
    heading,
    sign_in_with_two_factor,
)
from recoveryhub.pathways.models import PanelBooking, PanelMember, Payment
from recoveryhub.pathways.testing import build_pathways
from recoveryhub.pathways.tests.panels_helpers import complete_course, student

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, field: str, day) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def test_colette_adds_quinn_to_the_register_and_books_a_panel(page, world, password):
    pathways = build_pathways(world)
    quinn = student("Quinn Taylor", person=world.quinn)
    trained_on = complete_course(quinn, pathways.panel_course, ended_days_ago=14)
    day = timezone.localdate() + timedelta(days=10)

    # Given Colette is signed in, on the register.
    sign_in_with_two_factor(page, world.college_staff, password)
    page.goto("/pathways/panels/")
    heading(page, "Interview panel register")
    assert_accessible_on_phone_and_laptop(page)

    # She adds Quinn, who completed the panel course: the date comes from the College.
    page.get_by_role("button", name="Add someone to the register").click()  # a link drawn as one
    heading(page, "Add someone to the panel register")
    assert_accessible(page)
    page.get_by_role("link", name="Quinn Taylor").click()
    heading(page, "Add Quinn to the panel register")
    expect(page.locator("#id_trained_on_0")).to_have_value(str(trained_on.day))
    assert_accessible(page)
    page.get_by_label("Weekday afternoons").check()
    page.get_by_role("button", name="Add to the register").click()
    heading(page, "Interview panel register")
    expect(page.get_by_text("Quinn is on the panel register")).to_be_visible()
    member = PanelMember.objects.get(person=world.quinn)
    assert member.trained_on == trained_on and member.availability == ["weekday_afternoons"]

    # She books Quinn onto a panel, first forgetting to choose the chair.
    page.get_by_role("link", name="Book Quinn Taylor onto a panel").click()
    heading(page, "Book Quinn onto an interview panel")
    assert_accessible(page)
    page.get_by_label("The job the panel is recruiting to").fill("Peer support worker, Fenland")
    fill_date(page, "on", day)
    page.get_by_label("Where the panel meets").fill("Fenland Adult Locality Team base")
    page.get_by_role("button", name="Book the panel").click()
    expect(page).to_have_title("Error: Book Quinn onto an interview panel – Recovery Hub – NHS")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose who chairs the panel")
    assert_accessible(page)
    assert not PanelBooking.objects.filter(member=member).exists()
    page.get_by_label("Who chairs the panel?").select_option(label="Cleo Clinician")
    page.get_by_role("button", name="Book the panel").click()

    # Then the booking's page says what happens next; she records the involvement payment.
    heading(page, "Interview panel for Peer support worker, Fenland")
    expect(page.get_by_text("Quinn goes to Fenland Adult Locality Team base")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("link", name="Record an involvement payment or expenses").click()
    heading(page, "Record a payment for Quinn")
    assert_accessible(page)
    page.get_by_label("Amount, in pounds and pence").fill("25")
    page.get_by_role("button", name="Record the payment").click()
    heading(page, "Interview panel for Peer support worker, Fenland")
    expect(page.get_by_role("table")).to_contain_text("£25")
    payment = Payment.objects.get(booking__member=member)
    assert payment.amount_pence == 2500 and payment.kind == "involvement"
