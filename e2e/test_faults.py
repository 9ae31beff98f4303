"""The page a person sees while the database is down: styled, accessible, on a phone too."""

import pytest
from django.db import OperationalError
from django.db.backends import utils
from playwright.sync_api import expect

from e2e.conftest import assert_accessible
from recoveryhub.core.faults import TITLE

pytestmark = pytest.mark.django_db(transaction=True)


def locked(*args, **kwargs):
    raise OperationalError("database is locked")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_sorry_page_is_styled_and_accessible_while_the_database_is_down(
    page, monkeypatch, width
):
    page.set_viewport_size({"width": width, "height": 900})
    with monkeypatch.context() as fault:
        # Every query, in the live server's thread too, fails as a locked database does.
        fault.setattr(utils.CursorWrapper, "execute", locked)
        fault.setattr(utils.CursorWrapper, "executemany", locked)
        response = page.goto("/college/")
        assert response.status == 503
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        header = page.locator("header.nhsuk-header")
        assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 94, 184)"
        assert_accessible(page)
    # When the database answers again, so does the page.
    assert page.goto("/college/").status == 200
