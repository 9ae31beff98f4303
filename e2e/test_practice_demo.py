"""The recovery practice demo in a browser, as seed_demo's sign-in note tells a reviewer:
the demo peer worker (Priya) finds the round she is auditing today from her practice page;
the demo clinician (Helen) reads her own team's audits, with the round waiting for its
priorities; the demo manager (Michael) reads last quarter's published board report.
axe-core checks each page at a phone's width and a laptop's."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop, heading, sign_in_with_two_factor
from recoveryhub.accounts.demo import DEMO_PASSWORD
from recoveryhub.accounts.models import User
from recoveryhub.core import demo
from recoveryhub.core.models import DemoDataset
from recoveryhub.people.demo import DEMO_TEAM

STEP = "recoveryhub.practice.demo.seed_practice"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def practice_demo(demo_trust):
    if not DemoDataset.objects.filter(step=STEP).exists():  # until core/demo.py lists it
        demo._run_step(STEP, "small", 1, print)


def demo_user(role: str) -> User:
    """A demo sign-in, with the authenticator seed_demo set up for it."""
    user = User.objects.get(email=f"{role}@recoveryhub.example")
    user.totp_device = user.totpdevice_set.get()
    return user


def test_the_peer_auditor_finds_todays_visit(page, practice_demo):
    sign_in_with_two_factor(page, demo_user("peer.worker"), DEMO_PASSWORD)
    page.goto(reverse("practice:home"))
    heading(page, "Recovery practice")
    audits = page.get_by_role("link", name="Peterborough Adult Locality Team, visit on")
    expect(audits).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
    audits.click()
    heading(page, "Audit of Peterborough Adult Locality Team")
    assert_accessible_on_phone_and_laptop(page)


def test_the_team_reads_its_audits_and_the_manager_the_board_report(page, practice_demo):
    sign_in_with_two_factor(page, demo_user("clinician"), DEMO_PASSWORD)
    page.goto(reverse("practice:home"))
    page.get_by_role("link", name=f"{DEMO_TEAM}: audits").click()
    heading(page, f"{DEMO_TEAM}: audits")
    assert_accessible_on_phone_and_laptop(page)

    page.context.clear_cookies()
    sign_in_with_two_factor(page, demo_user("manager"), DEMO_PASSWORD)
    page.goto(reverse("practice:reports"))
    heading(page, "Board reports")
    page.get_by_role("link", name="Board report:").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board report")
    expect(page.get_by_role("table").first).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
