"""Checks every page test makes of the HTML it gets back (as notifications-admin does)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageFacts:
    title: str = ""
    h1s: list[str] = field(default_factory=list)
    forms_without_action: int = 0
    links: list[str] = field(default_factory=list)
    error_summary_links: list[str] = field(default_factory=list)
    inline_scripts: int = 0
    inline_styles: int = 0


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.facts = PageFacts()
        self._in = None
        self._text: list[str] = []
        self._in_error_summary = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("title", "h1"):
            self._in, self._text = tag, []
        if (tag == "script" and not attributes.get("src")) or tag == "style":
            self.facts.inline_scripts += tag == "script"
            self.facts.inline_styles += tag == "style"
        if "style" in attributes:
            self.facts.inline_styles += 1
        if tag == "form" and not attributes.get("action"):
            self.facts.forms_without_action += 1
        if "nhsuk-error-summary" in (attributes.get("class") or "").split():
            self._in_error_summary = 1
        if tag == "a" and attributes.get("href"):
            self.facts.links.append(attributes["href"])
            if self._in_error_summary:
                self.facts.error_summary_links.append(attributes["href"])

    def handle_endtag(self, tag):
        if tag == self._in:
            text = " ".join("".join(self._text).split())
            if tag == "title":
                # The first is the page's; later ones label SVG images such as the NHS logo.
                self.facts.title = self.facts.title or text
            else:
                self.facts.h1s.append(text)
            self._in = None
        if tag == "ul" and self._in_error_summary:
            self._in_error_summary = 0

    def handle_data(self, data):
        if self._in:
            self._text.append(data)


def read_page(html: str) -> PageFacts:
    reader = _Reader()
    reader.feed(html)
    return reader.facts


def assert_good_page(response, status: int = 200) -> PageFacts:
    """Status as expected, exactly one h1, the title starts with it, every form has an
    action, and nothing inline that the content security policy would block."""
    assert response.status_code == status, response.status_code
    facts = read_page(response.content.decode())
    assert len(facts.h1s) == 1, f"expected one h1, found {facts.h1s}"
    title = facts.title.removeprefix("Error: ")
    assert title.startswith(facts.h1s[0]), f"title {facts.title!r} must start with the h1"
    assert facts.forms_without_action == 0, "every form needs an action"
    assert facts.inline_scripts == 0, "no inline <script>: the CSP forbids it"
    assert facts.inline_styles == 0, "no <style> or style= attributes: the CSP forbids them"
    return facts
