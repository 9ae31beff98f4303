"""The demo (`make run`: DEBUG=1 DEBUG_ERROR_PAGES=0) shows the NHS error pages, not Django's."""

import logging
from pathlib import Path

import pytest
from django.test import Client

from recoveryhub.core.testing import assert_good_page

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
TECHNICAL = ("Traceback", "Using the URLconf", "DEBUG = True", "Request Method", "Django")


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = False
    settings.ROOT_URLCONF = "recoveryhub.core.tests.urls_demo_error_pages"
    return settings


def _no_technical_words(response):
    text = response.content.decode()
    for words in TECHNICAL:
        assert words not in text
    return text


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_unknown_address_shows_the_nhs_not_found_page(demo, client, user, signed_in):
    if signed_in:
        client.force_login(user)
    response = client.get("/no-such-page/")
    facts = assert_good_page(response, status=404)
    assert facts.h1s == ["Page not found"]
    assert "nhsuk-header" in _no_technical_words(response)


def test_a_view_that_finds_nothing_shows_the_nhs_not_found_page(demo, client):
    response = client.get("/missing/")
    facts = assert_good_page(response, status=404)
    assert facts.h1s == ["Page not found"]
    assert "internal detail" not in _no_technical_words(response)


def test_a_failing_view_shows_the_nhs_service_problem_page_and_is_logged(demo, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/")
    facts = assert_good_page(response, status=500)
    assert facts.h1s == ["Sorry, there is a problem with the service"]
    assert "on fire" not in _no_technical_words(response)
    # The fault is still in the log for whoever runs the demo.
    assert any(r.exc_info and "on fire" in str(r.exc_info[1]) for r in caplog.records)


def test_a_missing_slash_is_still_added_before_not_found(demo, client, user):
    client.force_login(user)
    response = client.get("/accessibility")
    assert response.status_code == 301 and response["Location"] == "/accessibility/"


def test_developers_keep_django_pages_unless_asked(settings, client):
    # DEBUG on without DEBUG_ERROR_PAGES=0: the technical page, as before.
    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()


def test_make_run_asks_for_the_nhs_error_pages():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG_ERROR_PAGES=0 $(BIN)/python manage.py runserver" in run
