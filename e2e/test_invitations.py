"""A worker invites someone they support; only the person can accept; a service admin can undo a
mistaken link. Each page passes axe, error pages included."""

import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in_with_two_factor
from recoveryhub.people.invitation_messages import send_due_invitations
from recoveryhub.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_worker_invites_the_person_accepts_and_a_service_admin_undoes_it(page, world, password):
    Person.objects.filter(pk=world.quinn.pk).update(
        email="quinn@example.com", date_of_birth=date(1990, 5, 17)
    )
    # Given Cleo, a clinician with Quinn on her team's caseload
    sign_in_with_two_factor(page, world.clinician, password)
    page.goto(f"/people/{world.quinn.pk}/")
    # When she asks for an invitation, she never sees the link
    page.get_by_role("link", name="send them an invitation").click()
    expect(heading(page)).to_have_text("Invite Quinn Taylor to Recovery Hub")
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I have checked with them").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("We will email an invitation to Quinn Taylor")).to_be_visible()
    assert "/invitation/" not in page.content()
    assert_accessible(page)

    # Then the job runner emails the link to the address on Quinn's record
    page.context.clear_cookies()
    assert send_due_invitations().sent == 1
    assert mail.outbox[-1].to == ["quinn@example.com"]
    link = re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.outbox[-1].body).group(1)

    # And Quinn confirms their date of birth to make their sign-in
    page.goto(link)
    expect(heading(page)).to_have_text("Make your Recovery Hub sign-in")
    assert_accessible(page)
    page.get_by_label("Day").fill("18")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1990")
    page.get_by_label("Create a password").fill("a-long-pass-phrase-7")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Make my sign-in").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("does not match your record")
    assert_accessible(page)
    page.get_by_label("Day").fill("17")
    page.get_by_label("Create a password").fill("a-long-pass-phrase-7")
    page.get_by_role("button", name="Make my sign-in").click()
    expect(heading(page)).to_have_text("Your record")

    # When a service admin finds the sign-in and undoes the link
    page.context.clear_cookies()
    sign_in_with_two_factor(page, world.service_admin, password)
    page.get_by_role("link", name="Sign-in links").first.click()
    expect(heading(page)).to_have_text("Sign-in links")
    assert_accessible(page)
    page.get_by_label("Sign-in email address").fill("quinn@example.com")
    page.get_by_role("button", name="Find the record").click()
    expect(page.get_by_text("Quinn Taylor")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Undo this link").click()
    expect(heading(page)).to_have_text("Undo this sign-in link")
    page.get_by_role("button", name="Undo the link").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter why you are undoing it")
    assert_accessible(page)
    page.get_by_label("Why are you undoing it?").fill("Joined by mistake, checked with Quinn")
    page.get_by_role("button", name="Undo the link").click()
    # Then the record is no longer joined, and the team can invite Quinn again
    expect(heading(page)).to_have_text("Sign-in links")
    assert Person.objects.get(pk=world.quinn.pk).user_id is None
