"""Every page of the pathways passes axe-core and fits a phone, as someone who may use it
(e2e/every_page.py says how)."""

import pytest

from conftest import PASSWORD
from e2e.every_page import check_every_page, pages
from recoveryhub.core.tests.test_access_matrix import build_matrix_world

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = pages("pathways:")


def test_there_are_pathways_pages_to_check():
    assert len(PAGES) > 40


def test_every_pathways_page_is_accessible(page, live_server, sign_in):
    assert PASSWORD  # the world's users all have it; signing in here skips the form
    check_every_page(page, live_server, sign_in, build_matrix_world(), PAGES)
