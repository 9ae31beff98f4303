"""Every page of recovery practice passes axe-core and fits a phone, as someone who may use
it (e2e/every_page.py says how): the hub, audit rounds and their steps, the evidence, the
stages, the action plan and communication plan, and the board reports."""

import pytest

from e2e.every_page import check_every_page, pages
from recoveryhub.core.tests.test_access_matrix import build_matrix_world

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = pages("practice:", not_pages={"practice:report_pdf"})  # a PDF, not a page


def test_there_are_practice_pages_to_check():
    assert len(PAGES) > 20


def test_every_practice_page_is_accessible(page, live_server, sign_in):
    check_every_page(page, live_server, sign_in, build_matrix_world(), PAGES)
