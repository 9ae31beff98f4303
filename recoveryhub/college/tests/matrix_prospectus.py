"""Who may reach the public prospectus: everyone, signed in or not (test_access_matrix.py)."""

NO_ARGS = lambda w: []  # noqa: E731
RUN = lambda w: [w.college.run.pk]  # noqa: E731

MATRIX = {
    "college:prospectus": (NO_ARGS, "public"),
    "college:run": (RUN, "public"),
    "college:run_calendar": (RUN, "public"),
    "college:term_prospectus": (lambda w: [w.college.term.slug], "public"),
}
