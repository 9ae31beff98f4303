"""Who may reach the board report's pages (read by core/tests/test_access_matrix.py): the
Board and managers (Mani) only, the draft report of this quarter and its narrative,
publishing, the PDF and CSV, a measure's chart and recording a rebasing decision. Anyone
else gets 'not found'. Aggregates only."""

NO_ARGS = lambda w: []  # noqa: E731
DRAFT = lambda w: [w.practice.draft.pk]  # noqa: E731
PUBLISHED = lambda w: [w.practice.published.pk]  # noqa: E731
MEASURE = lambda w: ["college_enrolments"]  # noqa: E731
MANAGERS = {"manager"}

MATRIX = {
    "practice:reports": (NO_ARGS, MANAGERS),
    "practice:report_start": (NO_ARGS, MANAGERS),
    "practice:report": (PUBLISHED, MANAGERS),
    "practice:report_claims": (DRAFT, MANAGERS),
    "practice:report_publish": (DRAFT, MANAGERS),
    "practice:report_pdf": (PUBLISHED, MANAGERS),
    "practice:report_csv": (DRAFT, MANAGERS),
    "practice:measure": (MEASURE, MANAGERS),
    "practice:rebase": (MEASURE, MANAGERS),
}
