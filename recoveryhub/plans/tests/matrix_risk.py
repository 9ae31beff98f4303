"""Who may reach the positive risk-taking plan pages (read by core/tests/test_access_matrix.py).

Pat's plans: Pat and the workers on her team's caseload. Chris, her carer, shares nothing
in the matrix world, so he is refused; he reaches only his own (empty) list. A clinician
on another team, College staff and everyone else get 'not found'.
"""

WORKERS = {"peer_worker", "recovery_coach"}
NO_ARGS = lambda w: []  # noqa: E731
PAT = lambda w: [w.pat.pk]  # noqa: E731
PLAN = lambda w: [w.plans.pat_risk_plan.pk]  # noqa: E731

MATRIX = {
    # Their own plans: anyone with a record of their own (Pat, and Chris for himself).
    "plans:risk_plans": (NO_ARGS, {"person", "carer"}),
    "plans:risk_plan_add": (NO_ARGS, {"person", "carer"}),
    "plans:person_risk_plans": (PAT, {"person", *WORKERS}),
    "plans:person_risk_plan_add": (PAT, {"person", *WORKERS}),
    "plans:risk_plan": (PLAN, {"person", *WORKERS}),
    "plans:risk_plan_change": (PLAN, {"person", *WORKERS}),
    "plans:risk_plan_agree": (PLAN, "post only"),
    "plans:risk_plan_close": (PLAN, {"person", *WORKERS}),
    "plans:risk_plan_review": (PLAN, {"person", *WORKERS}),
    "plans:risk_plan_versions": (PLAN, {"person", *WORKERS}),
    "plans:risk_plan_compare": (PLAN, {"person", *WORKERS}),
}
