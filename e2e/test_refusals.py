"""Pages that refuse kindly: a character the service cannot accept (400) and too many
tries (429). Each is styled, says what to do next, and passes axe on a phone too."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_nul_character_gets_a_kind_page_not_an_error(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto("/college/?q=%00")
    assert response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with the page you asked for"
    )
    expect(page.get_by_text("Nothing has been saved")).to_be_visible()
    assert_accessible(page)


def test_asking_too_often_to_become_a_student_says_how_long_to_wait(phone):
    # The fourth request in an hour for one email address is refused (college/limits.py).
    for _ in range(4):
        phone.goto("/college/become-a-student/")
        phone.get_by_label("Full name").fill("Robin Newcomer")
        phone.get_by_label("Email address").fill("robin@example.com")
        phone.get_by_label("A member of the public").check()
        phone.get_by_label("I prefer not to say").check()
        phone.get_by_role("button", name="Become a student").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("You have tried too many times")
    assert_accessible(phone)
