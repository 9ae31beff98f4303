import re

import pytest
from django.urls import reverse

from recoveryhub.core.testing import assert_good_page, read_page

pytestmark = pytest.mark.django_db


def header_links(response) -> list[str]:
    return read_page(response.content.decode()).links


def test_home_page_for_someone_not_signed_in(client):
    response = client.get("/")
    facts = assert_good_page(response)
    assert facts.h1s == ["Recovery Hub"]
    assert reverse("accounts:sign_in") in facts.links
    assert reverse("admin:index") not in facts.links
    content = response.content.decode()
    assert "nhsuk-header" in content
    assert "Skip to main content" in content
    assert "Beta" in content and "nhsuk-footer" in content


def test_home_page_for_a_signed_in_person(client, user):
    client.force_login(user)
    response = client.get("/")
    facts = assert_good_page(response)
    assert facts.h1s == ["Your Recovery Hub"]
    assert "Hello, Sam." in response.content.decode()
    assert reverse("accounts:sign_out") in facts.links
    assert reverse("accounts:sign_in") not in facts.links
    # Administration is only offered to those who may use it.
    assert reverse("admin:index") not in facts.links


def test_navigation_offers_administration_to_admins_only(client, sign_in, admin_user):
    sign_in(client, admin_user)
    facts = assert_good_page(client.get("/"))
    assert reverse("admin:index") in facts.links


def test_current_page_is_marked_in_navigation(client, user):
    client.force_login(user)
    content = client.get("/").content.decode()
    assert re.search(r'href="/"\s+aria-current="page"', content)


def test_accessibility_statement_is_public(client):
    facts = assert_good_page(client.get(reverse("core:accessibility")))
    assert facts.h1s == ["Accessibility statement for Recovery Hub"]


def test_pages_refuse_methods_they_do_not_take(client):
    assert client.post("/").status_code == 405
    assert client.delete(reverse("core:accessibility")).status_code == 405


def test_unknown_address_is_not_found(client):
    assert client.get("/no-such-page/").status_code == 404


def test_stylesheet_and_script_are_served_hashed_and_compressed(client):
    content = client.get("/").content.decode()
    css = re.search(r'href="(/static/recoveryhub/recoveryhub\.[0-9a-f]{12}\.css)"', content)
    script = re.search(r'src="(/static/recoveryhub/recoveryhub\.[0-9a-f]{12}\.js)"', content)
    assert css and script, "assets must be linked by their hashed names"
    response = client.get(css.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    body = b"".join(client.get(script.group(1)).streaming_content).decode()
    # The module's import of NHS.UK frontend is rewritten to the hashed file.
    imported = re.search(r'from\s*"([^"]+nhsuk-frontend\.min\.[0-9a-f]{12}\.js)"', body)
    assert imported, body
