"""The accessibility check every browser test ends with really finds failures: a
faster way of running axe must not become a way of missing them."""

import pytest

from e2e.conftest import assert_accessible

INACCESSIBLE = """<!doctype html><html lang="en"><head><title>Broken</title></head><body>
<main><h1>A page with failures</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#bbb;background:#fff">Text too pale to read</p>
<input type="text" name="unlabelled">
</main></body></html>"""
ACCESSIBLE = """<!doctype html><html lang="en"><head><title>Fine</title></head><body>
<main><h1>A page without failures</h1>
<img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<label for="name">Name</label> <input type="text" id="name" name="name">
</main></body></html>"""


def test_the_check_names_each_failure_on_a_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(INACCESSIBLE)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    for rule in ("image-alt", "color-contrast", "label"):
        assert f'"id": "{rule}"' in str(failure.value)
    context.close()


def test_the_check_passes_a_page_without_failures(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(ACCESSIBLE)
    assert_accessible(page)
    context.close()
