"""The privacy notice in a browser: a person making their sign-in from an invitation must
tick that they have read it (the notice opens from the form), and then sees which version
they accepted. Every page passes axe on a laptop (1280 px) and on a 390 px phone, where
nothing scrolls sideways."""

import re
from datetime import date

import pytest
from django.core import mail
from django.db import transaction
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop
from recoveryhub.governance.models import PrivacyAcceptance
from recoveryhub.people import services
from recoveryhub.people.invitation_messages import send_due_invitations
from recoveryhub.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_person_reads_and_accepts_the_notice_as_they_make_their_sign_in(page, world):
    # Given an invitation emailed to Quinn
    Person.objects.filter(pk=world.quinn.pk).update(
        email="quinn@example.com", date_of_birth=date(1990, 5, 17)
    )
    world.quinn.refresh_from_db()
    with transaction.atomic():
        services.invite(world.quinn, actor=world.clinician, route="/")
    send_due_invitations()
    assert mail.outbox[-1].to == ["quinn@example.com"]
    link = re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    expect(heading(page)).to_have_text("Make your Recovery Hub sign-in")
    assert_accessible_on_phone_and_laptop(page)

    # When Quinn answers but does not tick the box, the error says so and nothing is made
    page.get_by_label("Day").fill("17")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1990")
    page.get_by_label("Create a password").fill("a-long-pass-phrase-7")
    page.get_by_role("button", name="Make my sign-in").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Confirm you have read the privacy notice"
    )
    assert_accessible_on_phone_and_laptop(page)
    assert not PrivacyAcceptance.objects.exists()

    # And the notice opens from the form, in a new tab
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Read the privacy notice (opens in a new tab)").click()
    notice = opened.value
    expect(heading(notice)).to_have_text("Privacy notice")
    expect(notice.get_by_role("heading", name="How to complain")).to_be_visible()
    assert_accessible_on_phone_and_laptop(notice)
    notice.close()

    # Then ticking it makes the sign-in, with the version accepted
    page.get_by_label("Create a password").fill("a-long-pass-phrase-7")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Make my sign-in").click()
    expect(heading(page)).to_have_text("Your record")
    accepted = PrivacyAcceptance.objects.get()
    assert accepted.user.email == "quinn@example.com"

    # And the notice page says which version they accepted
    page.goto("/privacy/")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text(
        f"You accepted this version on {accepted.accepted_at:%-d %B %Y}"
    )
    assert_accessible_on_phone_and_laptop(page)
