"""Each demo role signs in (two-factor included), then every page their menu offers
loads without error and passes axe-core."""

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from e2e.conftest import assert_accessible
from recoveryhub.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_KEY
from recoveryhub.accounts.roles import needs_two_factor

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_as(page, email: str, two_factor: bool) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if two_factor:
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Enter the code from your authenticator app"
        )
        assert_accessible(page)
        code = f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY)).token():06d}"
        page.get_by_label("Security code").fill(code)
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Recovery Hub")


@pytest.mark.parametrize(
    ("role", "email"), [(role, email) for role, email, _n, _f in DEMO_ACCOUNTS], ids=str
)
def test_every_page_in_each_roles_navigation(page, demo_trust, role, email):
    sign_in_as(page, email, needs_two_factor({role}))
    assert_accessible(page)
    menu = page.locator(".nhsuk-header__navigation-link, .nhsuk-header__account-link")
    hrefs = [h for h in menu.evaluate_all("links => links.map(a => a.getAttribute('href'))") if h]
    assert "/sign-out/" in hrefs and "/account/" in hrefs
    for href in dict.fromkeys(hrefs):
        response = page.goto(href)
        assert response.status == 200, f"{role}: {href} gave {response.status}"
        assert page.locator("h1").count() == 1, href
        if not href.startswith("/admin/"):  # Django admin is not ours to restyle
            assert_accessible(page)
