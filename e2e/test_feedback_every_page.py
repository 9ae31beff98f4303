"""Every page of feedback passes axe-core and fits a phone, as someone who may use it
(e2e/every_page.py says how): the public survey and "You said, we did" as nobody signed
in, the kiosk's pages as a tablet not set up (it is sent to the stopped page), and every
staff, lead, reviewer, person and service admin page as the first role that may use it."""

import pytest

from e2e.every_page import check_every_page, pages
from recoveryhub.core.tests.test_access_matrix import build_matrix_world

pytestmark = pytest.mark.django_db(transaction=True)

# Not pages: an image, and the tablet's service worker script.
PAGES = pages("feedback:", not_pages={"feedback:survey_qr", "feedback:kiosk_worker"})


def test_there_are_feedback_pages_to_check():
    assert len(PAGES) > 30


def test_every_feedback_page_is_accessible(page, live_server, sign_in):
    check_every_page(page, live_server, sign_in, build_matrix_world(), PAGES)
