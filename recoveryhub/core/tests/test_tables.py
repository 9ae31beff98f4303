"""Our fast table macro writes what NHS.UK frontend's table macro writes, cell for cell."""

import re

from django.template import engines

PARAMS = {
    "caption": "By term, Spring 2026 to Autumn 2026",
    "head": [
        {"text": "Term"},
        {"text": "Enrolments", "format": "numeric"},
        {"text": "Completion rate <finished>", "format": "numeric"},
    ],
    "rows": [
        [{"text": "Spring 2026"}, {"text": "98", "format": "numeric"}, {"text": "57%"}],
        [{"text": "O'Brien & <b>"}, {"text": "fewer than 5", "format": "numeric"}, {"text": ""}],
    ],
    "responsive": True,
    "firstCellIsHeader": True,
}


def rendered(source: str) -> str:
    html = engines["jinja2"].from_string(source).render({"params": PARAMS})
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*([<>])\s*", r"\1", html).replace(" >", ">").strip()


def test_same_markup_as_the_nhs_macro():
    ours = rendered('{% from "core/macros/tables.jinja" import table %}{{ table(params) }}')
    nhs = rendered(
        '{% from "nhsuk/components/tables/macro.jinja" import table %}{{ table(params) }}'
    )
    assert ours == nhs
    assert "O&#39;Brien &amp; &lt;b&gt;" in ours  # text is escaped, never markup
    assert ours.count('role="rowheader"') == 2


def test_a_scroll_label_puts_the_table_in_its_own_labelled_scrolling_box():
    source = '{% from "core/macros/tables.jinja" import table %}{{ table(params) }}'
    html = (
        engines["jinja2"]
        .from_string(source)
        .render({"params": {**PARAMS, "scrollLabel": "Costs <each> run"}})
    )
    assert html.startswith(
        '<div class="nhsuk-table-container" tabindex="0" role="region" '
        'aria-label="Costs &lt;each&gt; run">\n<table'
    )
    assert html.endswith("</table></div>")
    assert "nhsuk-table-container" not in rendered(source)  # only when asked for
