"""Every page of an app passes axe-core and fits a phone, as someone who may use it.

The pages come from the access matrix (core/tests/test_access_matrix.py), so a new page
is checked as soon as it is classified: each as the first role the matrix lets reach it
(or nobody signed in, for public pages), at 390 px and at 1280 px.
"""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from e2e.conftest import assert_accessible_on_phone_and_laptop
from recoveryhub.core.tests.test_access_matrix import MATRIX, POST_ONLY, PUBLIC


def pages(prefix: str, not_pages=()) -> list[str]:
    """The app's page names: not its downloads, images or scripts (`not_pages`)."""
    return sorted(
        name
        for name in MATRIX
        if name.startswith(prefix) and not name.endswith("_csv") and name not in not_pages
    )


def reader(allowed) -> str | None:
    """Who reads the page here: nobody signed in for a public page, else the first role."""
    return None if allowed == PUBLIC else sorted(allowed)[0]


def check_every_page(page, live_server, sign_in, world, names) -> None:
    users = world.by_role()
    signed_in_as = "nobody"
    for name in names:
        build_args, allowed = MATRIX[name]
        if allowed == POST_ONLY or not allowed:
            continue
        who = reader(allowed)
        if who != signed_in_as:
            page.context.clear_cookies()
            if who is not None:
                client = sign_in(Client(), users[who])
                cookie_name = settings.SESSION_COOKIE_NAME
                cookie = {"name": cookie_name, "value": client.cookies[cookie_name].value}
                page.context.add_cookies([cookie | {"url": live_server.url}])
            signed_in_as = who
        response = page.goto(live_server.url + reverse(name, args=build_args(world)))
        assert response.status == 200, f"{name} as {who}: {response.status}"
        assert_accessible_on_phone_and_laptop(page)
