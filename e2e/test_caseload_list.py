"""The caseload as a working list, in the demo trust: a worker finds Alex by the name she
uses, filters to their named people, and every state of the page passes axe on a laptop
and on a 390 px phone, where the page itself never scrolls sideways."""

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from e2e.conftest import LAPTOP, PHONE, assert_accessible, assert_fits
from recoveryhub.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY
from recoveryhub.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = {
    Role.RECOVERY_COACH: "recovery.coach@recoveryhub.example",  # Alex's named worker
    Role.PEER_WORKER: "peer.worker@recoveryhub.example",
    Role.CLINICIAN: "clinician@recoveryhub.example",
}


def sign_in_as(page, email: str) -> None:
    page.goto("/sign-in/", timeout=30_000)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    page.get_by_label("Security code").fill(f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY)).token():06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Recovery Hub")


def check_both_sizes(page) -> None:
    for size in (LAPTOP, PHONE):
        page.set_viewport_size(size)
        expect(page.locator("h1")).to_have_count(1)  # waits for a page after a click
        assert_accessible(page)
        assert_fits(page)  # the page itself never scrolls sideways
    page.set_viewport_size(LAPTOP)


def search(page, words: str) -> None:
    page.get_by_label("Find someone").fill(words)
    page.get_by_role("button", name="Search").click()


def test_the_named_worker_finds_alex_by_the_name_she_uses(page, demo_trust):
    # Given Sam, Alex's named worker, on the team's caseload
    sign_in_as(page, WORKERS[Role.RECOVERY_COACH])
    page.get_by_role("link", name="Caseload", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team's caseload")
    check_both_sizes(page)  # a full page of people, at both sizes
    # When he searches for "Alex Morgan"
    search(page, "Alex Morgan")
    # Then he finds her, by the name she uses, with her pronouns
    found = page.locator("main table a[href^='/people/']")
    expect(found).to_have_text(["Alex Morgan"])
    expect(page.locator("main table")).to_contain_text("(she/her)")
    expect(page.locator("main table")).to_contain_text("You")
    check_both_sizes(page)
    # And the other order and her date of birth find her too
    search(page, "Morgan Alex")
    expect(found).to_have_text(["Alex Morgan"])
    search(page, "14 May 1988")
    expect(found.filter(has_text="Alex Morgan")).to_have_count(1)
    # When he shows only his named people
    search(page, "")
    page.get_by_role("link", name="People named to you").click()
    expect(page.get_by_text("People named to you", exact=False).first).to_be_visible()
    expect(found.filter(has_text="Alex Morgan")).to_have_count(1)
    check_both_sizes(page)
    # And a date that is not a real one is a clear error
    search(page, "31/2/1988")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_both_sizes(page)


@pytest.mark.parametrize("role", [Role.PEER_WORKER, Role.CLINICIAN], ids=str)
def test_every_worker_on_the_team_can_use_it(page, demo_trust, role):
    sign_in_as(page, WORKERS[role])
    page.goto("/caseload/")
    check_both_sizes(page)
    search(page, "Alex Morgan")
    expect(page.locator("main table a[href^='/people/']")).to_have_text(["Alex Morgan"])
    check_both_sizes(page)
