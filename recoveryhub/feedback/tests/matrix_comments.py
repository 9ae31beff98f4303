"""Who may reach the comments, review and focus group pages (read by
core/tests/test_access_matrix.py).

Team A's comments and focus groups: its staff (Priya, Rory, Mani) and Mani as the
service's feedback lead. Reviewing themes: the service's reviewers (Vic, who is not one of
the matrix's roles) and its lead, Mani; choosing reviewers: the lead only. Everyone else:
'not found'.
"""

TEAM_A = {"peer_worker", "recovery_coach", "manager"}
TEAM = lambda w: [w.team_a.pk]  # noqa: E731

MATRIX = {
    "feedback:comments": (TEAM, TEAM_A),
    "feedback:comment": (lambda w: [w.feedback.named_comment.pk], TEAM_A),
    "feedback:review": (lambda w: [], {"manager"}),
    "feedback:review_comment": (lambda w: [w.feedback.named_comment.pk], {"manager"}),
    "feedback:reviewers": (lambda w: [], {"manager"}),
    "feedback:focus_groups": (TEAM, TEAM_A),
    "feedback:focus_group_add": (TEAM, TEAM_A),
    "feedback:focus_group": (lambda w: [w.feedback.group.pk], TEAM_A),
}
