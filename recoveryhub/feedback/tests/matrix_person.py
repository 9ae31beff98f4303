"""Who may tell team A how it was while signed in: Pat, on its caseload, and Chris, her
carer (read by core/tests/test_access_matrix.py). Everyone else: 'not found'. Teams that
do not support you are in test_person_give.py."""

PEOPLE = {"person", "carer"}
FFT_A = lambda w: [w.feedback.fft_a.pk]  # noqa: E731

MATRIX = {
    "feedback:give": (lambda w: [], PEOPLE),
    "feedback:give_survey": (FFT_A, PEOPLE),
    "feedback:given": (FFT_A, PEOPLE),
}
