"""The prospectus draws its filters and cards without the NHS.UK macros (they cost more than
the rest of the page): the markup must stay what the macros draw, whitespace aside."""

import re

import pytest
from django.template import engines
from django.urls import reverse

from recoveryhub.college.views import prospectus as views
from recoveryhub.core.testing import assert_good_page

from .test_prospectus import catalogue  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

NHS_CHECKBOXES = """
{%- from "nhsuk/components/checkboxes/macro.jinja" import checkboxes -%}
{{ checkboxes({
  "idPrefix": field.auto_id, "name": field.html_name, "small": true,
  "fieldset": {"legend": {"text": field.label, "size": "s"}},
  "items": field.field.choices | map("choice_item", field.value() or []) | list,
}) }}"""
NHS_SUMMARY = """
{%- from "nhsuk/components/summary-list/macro.jinja" import summaryList -%}
{{ summaryList({
  "rows": rows, "classes": "nhsuk-summary-list--no-border nhsuk-u-margin-bottom-2",
}) }}"""


def squeeze(html: str) -> str:
    return re.sub(r"\s+", "", html)


@pytest.fixture
def seen(monkeypatch) -> dict:
    """The prospectus view's template context (a Jinja2 response does not keep it)."""
    context: dict = {}
    real = views.render

    def render(request, name, values):
        context.update(values)
        return real(request, name, values)

    monkeypatch.setattr(views, "render", render)
    return context


def _draw(source: str, **context) -> str:
    return engines["jinja2"].env.from_string(source).render(context)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"area": ["carers", "physical-health"], "day": "wednesday", "term": "spring-2027"},
        {"locality": ["cambridge", "nonsense"], "time": "evening", "audience": "carers"},
    ],
)
def test_filters_are_drawn_as_the_nhs_checkboxes_draw_them(client, catalogue, seen, query):  # noqa: F811
    response = client.get(reverse("college:prospectus"), query)
    assert_good_page(response)
    page = squeeze(response.content.decode())
    form = seen["filter_form"]
    drawn = 0
    for name in ["term", "area", "locality", "day", "time", "audience"]:
        field = form[name]
        if field.field.choices:
            assert squeeze(_draw(NHS_CHECKBOXES, field=field)) in page, name
            drawn += 1
    assert drawn == 6
    for value in query.get("area", []):
        assert f'value="{value}"checked' in page


def test_cards_are_drawn_as_the_nhs_summary_list_draws_them(client, catalogue, seen):  # noqa: F811
    response = client.get(reverse("college:prospectus"))
    page = squeeze(response.content.decode())
    cards = seen["cards"]
    assert len(cards) == 4
    for card in cards:
        rows = [
            {"key": {"text": key}, "value": {"text": value}}
            for key, value in [
                ("Subject", card["area"]), ("Term", card["term"]),
                ("First session", card["starts"]), ("Where", card["where"]),
                ("Who it is for", card["audience"]), ("Places", card["places"].short),
            ]
        ]  # fmt: skip
        assert squeeze(_draw(NHS_SUMMARY, rows=rows)) in page
