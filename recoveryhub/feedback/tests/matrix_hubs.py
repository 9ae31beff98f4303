"""Who may reach the feedback home and team A's hub, surveys and paper entry (read by
core/tests/test_access_matrix.py). The home is for anyone in a team (Cleo, in team B,
too); team A's pages for its staff and Mani, who also leads the service's feedback."""

IN_A_TEAM = {"peer_worker", "recovery_coach", "clinician", "manager"}
TEAM_A = {"peer_worker", "recovery_coach", "manager"}

MATRIX = {
    "feedback:home": (lambda w: [], IN_A_TEAM),
    "feedback:team": (lambda w: [w.team_a.pk], TEAM_A),
    "feedback:survey_detail": (lambda w: [w.feedback.fft_a.pk], TEAM_A),
    "feedback:paper": (lambda w: [w.feedback.fft_a.pk], TEAM_A),
    "feedback:survey_add": (lambda w: [w.team_a.pk], TEAM_A),
}
# Naming who leads each service's feedback: service admins.
MATRIX["feedback:leads"] = (lambda w: [], {"service_admin"})
