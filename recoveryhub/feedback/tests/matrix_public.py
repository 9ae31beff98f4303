"""Who may reach a survey's public link, its thanks page and its QR code: anyone, signed
in or not (read by core/tests/test_access_matrix.py). Unknown codes are in
test_public_survey.py."""

PUBLIC = "public"
CODE = lambda w: [w.feedback.fft_a.link_code]  # noqa: E731

MATRIX = {
    "feedback:survey": (CODE, PUBLIC),
    "feedback:survey_thanks": (CODE, PUBLIC),
    "feedback:survey_qr": (CODE, PUBLIC),
}
