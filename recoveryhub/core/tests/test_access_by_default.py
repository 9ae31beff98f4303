"""Every page needs sign-in unless it is on this list (LoginRequiredMiddleware).

A new page that should be public must be added here on purpose; the fuller
per-role access matrix arrives with roles.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = {"core:home", "core:accessibility", "accounts:sign_in", "accounts:signed_out"}


def named_routes_without_arguments(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner.startswith("admin:"):
                continue  # Django admin guards itself (and is checked below).
            yield from named_routes_without_arguments(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            yield f"{namespace}{entry.name}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(named_routes_without_arguments()))
def test_pages_need_sign_in_unless_public(client, name):
    response = client.get(reverse(name))
    if name in PUBLIC:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign_in"))


@pytest.mark.django_db
def test_admin_is_closed_to_people_who_are_not_admins(client, user):
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_admin_is_open_to_admins(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:people_person_changelist")).status_code == 200
