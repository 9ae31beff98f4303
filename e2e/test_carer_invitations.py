"""Carers by invitation: Pat invites a carer, who accepts with a new sign-in; Pat then
chooses what to share. A worker sends one with her, which she withdraws. Every page
passes axe on a laptop and on a 390 px phone, error pages included."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from e2e.conftest import (
    assert_accessible,
    assert_accessible_on_phone_and_laptop,
    sign_in,
    sign_in_with_two_factor,
)
from recoveryhub.people.carer_invitations import send_due_invitations
from recoveryhub.people.models import CarerLink

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def emailed_link() -> str:
    assert send_due_invitations().sent == 1
    return re.search(r"https?://[^/\s]+(/carer-invitation/\S+/)", mail.outbox[-1].body).group(1)


def test_pat_invites_a_carer_who_accepts_and_she_chooses_what_to_share(page, world, password):
    sign_in(page, world.pat_user, password)
    page.goto("/my-record/carers/")
    expect(heading(page)).to_have_text("Your carers and what you share")
    page.get_by_role("link", name="Invite a carer", exact=True).click()
    expect(heading(page)).to_have_text("Invite a carer")
    assert_accessible_on_phone_and_laptop(page)
    # Leaving it empty gets NHS-style errors that take focus
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Their full name").fill("Alex Friend")
    page.get_by_label("How do they know you?").fill("Friend")
    page.get_by_label("Their email address").fill("alex@example.com")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Alex Friend will get an invitation by email")).to_be_visible()
    expect(page.get_by_role("heading", name="Invitations waiting to be accepted")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    # The carer opens the emailed link, signed out
    link = emailed_link()
    page.context.clear_cookies()
    page.goto(link)
    expect(heading(page)).to_have_text("Accept Pat Jones's invitation to be their carer")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Create a password").fill("short")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Create a password").fill("a-long-pass-phrase-7")
    page.get_by_role("button", name="Accept the invitation").click()
    expect(heading(page)).to_have_text("People you care for")
    expect(page.get_by_text("Has not shared anything with you")).to_be_visible()
    assert_accessible(page)
    # The link works once
    page.context.clear_cookies()
    page.goto(link)
    expect(heading(page)).to_have_text("This invitation has already been accepted")
    assert_accessible_on_phone_and_laptop(page)

    # Pat is told, and chooses what to share
    sign_in(page, world.pat_user, password)
    page.goto("/my-record/carers/")
    expect(page.get_by_text("Alex Friend accepted your invitation")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("link", name="Change what you share with Alex Friend").click()
    page.get_by_label("Plans").check()
    page.get_by_role("button", name="Save what you share").click()
    expect(page.get_by_text("What you share with Alex Friend has been saved")).to_be_visible()
    link_row = CarerLink.objects.get(carer__full_name="Alex Friend")
    assert link_row.shares_plans and not link_row.shares_check_ins


def test_a_worker_sends_one_with_pat_and_she_withdraws_it(page, world, password):
    sign_in_with_two_factor(page, world.peer_worker, password)
    page.goto(f"/people/{world.pat.pk}/")
    page.get_by_role("link", name="invite a carer with Pat").click()
    expect(heading(page)).to_have_text("Invite a carer with Pat Jones")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Their full name").fill("Alex Friend")
    page.get_by_label("How do they know Pat?").fill("Friend")
    page.get_by_label("Their email address").fill("alex@example.com")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Confirm that Pat is with you")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Pat is with me").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(heading(page)).to_have_text("Pat Jones")
    expect(page.get_by_text("Alex Friend (Friend), to be emailed")).to_be_visible()
    assert_accessible(page)
    link = emailed_link()

    # Pat sees who sent it with her, and withdraws it
    page.context.clear_cookies()
    sign_in(page, world.pat_user, password)
    page.goto("/my-record/carers/")
    expect(page.get_by_text("Sent with you by Priya Peer")).to_be_visible()
    page.get_by_role("button", name="Withdraw invitation to Alex Friend").click()
    expect(page.get_by_text("Your invitation to Alex Friend has been withdrawn")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()
    page.goto(link)
    expect(heading(page)).to_have_text("This invitation has been withdrawn")
    assert_accessible_on_phone_and_laptop(page)
