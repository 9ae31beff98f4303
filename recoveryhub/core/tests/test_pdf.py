"""core.pdf: every value reaches reportlab escaped, and long values run on over pages."""

import ast
import re
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from reportlab.platypus import Paragraph

from recoveryhub.core import pdf
from recoveryhub.core.testing_pdf import MARKUP, assert_markup_printed_as_typed, pdf_text

PACKAGE = Path(pdf.__file__).resolve().parents[1]
# Flowables that neither read markup nor open files: the only ones a PDF module may import.
PLAIN_FLOWABLES = {"Spacer", "KeepTogether", "PageBreak", "CondPageBreak"}


def build(story) -> bytes:
    buffer = BytesIO()
    pdf.document(buffer, title="A test", subject="Testing").build(story)
    return buffer.getvalue()


@pytest.fixture
def server_image(tmp_path) -> str:
    path = tmp_path / "secret.png"
    Image.new("RGB", (8, 8), "red").save(path)
    return str(path)


def test_the_check_catches_an_image_and_a_link_that_got_through(server_image):
    # What the probe saw: a raw Paragraph opens and embeds a file named in the markup.
    raw = build([Paragraph(f'<img src="{server_image}"/> <a href="http://x">x</a>')])
    with pytest.raises(AssertionError):
        assert_markup_printed_as_typed(raw)


def test_para_prints_markup_as_typed(server_image):
    value = f'{MARKUP} <img src="{server_image}"/>'
    content = build([pdf.para(value, pdf.styles()["body"])])
    assert_markup_printed_as_typed(content, value)


def test_para_keeps_new_lines_and_takes_anything(server_image):
    content = build(
        [
            pdf.para("First line\nSecond line", pdf.styles()["body"]),
            pdf.para(None, pdf.styles()["body"]),
            pdf.para(42, pdf.styles()["body"]),
        ]
    )
    text = assert_markup_printed_as_typed(content, "First line", "Second line", "42")
    assert "None" in text  # str() of the value, never an error


def test_labelled_bolds_only_its_own_label(server_image):
    content = build([pdf.labelled(f"Where {MARKUP}:", MARKUP, pdf.styles()["value"])])
    assert_markup_printed_as_typed(content, f"Where {MARKUP}: {MARKUP}")
    assert re.search(rb"/BaseFont /\S+-Bold", content), "the label is in the bold face"


def test_table_cells_are_escaped(server_image):
    table = pdf.table([[MARKUP, server_image]], [200, 200], header=[MARKUP, "Value"])
    assert_markup_printed_as_typed(build([table]), MARKUP, server_image)


@pytest.mark.parametrize(
    "value",
    [
        " ".join(f"word{n}" for n in range(500)),  # 3,000 characters of words
        "x" * 3000,  # one long word
        "line\n" * 600,  # 3,000 characters of short lines
    ],
    ids=["words", "one-word", "lines"],
)
def test_a_table_cell_taller_than_a_page_runs_on(value):
    table = pdf.table([["Label", value], ["Next", "After the long one"]], [150, 300])
    content = build([pdf.para("Before", pdf.styles()["body"]), table])
    text = pdf_text(content)
    assert "After the long one" in text
    assert "".join(value.split()) in "".join(text.split())


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            ("reportlab", "recoveryhub.core.pdf")
        ):
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("reportlab.platypus"):
                    yield alias.name, ["*"]


def test_only_core_pdf_makes_paragraphs_or_tables():
    """Paragraphs read markup and images open files: everything goes through core.pdf."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or path.name == "testing_pdf.py" or path == Path(pdf.__file__):
            continue
        for module, names in _imports(path):
            if module == "reportlab" and "platypus" in names:
                offenders.append(f"{path}: imports reportlab.platypus")
            if module.startswith("reportlab.platypus"):
                bad = set(names) - PLAIN_FLOWABLES
                if bad:
                    offenders.append(f"{path}: imports {sorted(bad)} from {module}")
            if module == "recoveryhub.core.pdf":
                bad = {name for name in names if name[0].isupper() or name.startswith("_")}
                if bad - {"BORDER", "NHS_BLUE"}:
                    offenders.append(f"{path}: imports {sorted(bad)} from core.pdf")
    assert not offenders, "use core.pdf's para, labelled and table:\n" + "\n".join(offenders)
