"""Browser tests: Playwright driving Debian's Chromium against a live server.

They skip, saying why, where there is no Chromium, unless REQUIRE_BROWSER=1
(as CI sets) makes a missing browser a failure instead.
"""

import functools
import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the Django test
# database calls it makes are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _chromium() -> Path:
    """Debian's old headless shell when installed: the same Blink as the browser, without
    the full browser's windowing, so a page and its axe check cost a third less CPU (the
    browser tests were two thirds of the suite's time). Else Debian's Chromium."""
    if "CHROMIUM_PATH" in os.environ:
        return Path(os.environ["CHROMIUM_PATH"])
    shell = Path("/usr/bin/chromium-headless-shell")
    return shell if shell.exists() else Path("/usr/bin/chromium")


CHROMIUM = _chromium()
AXE = Path(__file__).resolve().parent.parent / "frontend/node_modules/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Nothing but the live server is reachable here: fail other hosts (the NHS fonts)
    # at once instead of waiting on DNS, which made every page load take seconds.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in Path(item.fspath).parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"no Chromium at {CHROMIUM} (apt-get install chromium-headless-shell, "
            "or set CHROMIUM_PATH)"
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}")
        pytest.skip(f"Browser tests skipped: {message}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, settings):
    # The live server finds static files by name, so serve them unhashed here;
    # the hashed, compressed pipeline is tested in core/tests/test_pages.py.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def demo_trust(transactional_db, settings):
    """The small demo trust (seed 1): seeded by this process's first test that asks,
    copied back for the rest (demo_snapshot.py)."""
    from e2e.demo_snapshot import seeded_demo_trust

    settings.ALLOW_DEMO_DATA = True
    seeded_demo_trust()


@pytest.fixture
def phone(browser, page):
    page.set_viewport_size({"width": 375, "height": 812})
    return page


@functools.cache
def _axe_source() -> str:
    return AXE.read_text()


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.2 A or AA failures on the page as it stands."""
    # After a click the next page may still be arriving: check the page, not half of it.
    page.wait_for_load_state("load")
    # After a change of size the header moves its overflowing links into "More" on the
    # next animation frames (nhsuk-frontend's header): check the menu as it settles.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # Evaluated, not added as a <script>, so a content security policy cannot block it;
    # once a document (checked at a second width, or again after a change on the page).
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    # Only violations are wanted: axe then skips building selectors for every node that
    # passed, which was most of its time, and still checks every rule on every node.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]],
        }
        for v in result["violations"]
    ]
    assert violations == [], f"{page.url}: {json.dumps(violations, indent=2)}"


PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def assert_fits(page) -> None:
    """The page itself never scrolls sideways at the viewport's width."""
    width, wide = (
        page.viewport_size["width"],
        page.evaluate("document.documentElement.scrollWidth"),
    )
    assert wide <= width, f"{page.url}: the page is {wide} px wide at {width} px"


def heading(page, text: str) -> None:
    """The page's one main heading says `text` (waiting for the page after a click)."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def assert_accessible_on_phone_and_laptop(page) -> None:
    """axe, and no sideways scrolling, at 390 px and then at 1280 px (where it stays)."""
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        assert_accessible(page)
        assert_fits(page)


def two_factor_code(device) -> str:
    """A code the authenticator would show now, or for the next 30 seconds if this one has
    been used: django-otp refuses a code twice, so a second sign-in in the same window
    (as when a test signs someone out and in again) needs the next one."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t is not None and totp.t() <= device.last_t:
        totp.time = totp.time + device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def sign_in_with_two_factor(page, user, password):
    from playwright.sync_api import expect

    page.goto("/sign-in/", timeout=30_000)  # the first page warms the templates
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    page.get_by_label("Security code").fill(two_factor_code(user.totp_device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Recovery Hub")


def sign_in(page, user, password, *, goto_timeout: int | None = None):
    """Sign in through the page as someone with no second factor."""
    from playwright.sync_api import expect

    page.goto("/sign-in/", timeout=goto_timeout)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Recovery Hub")


def signed_in(page, live_server, user):
    """Skip the sign-in page: the browser gets the session the test client made."""
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return page
