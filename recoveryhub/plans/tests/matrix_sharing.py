"""Who may reach the plans' sharing, carers' and printing pages (read by
core/tests/test_access_matrix.py).

In the matrix's world Pat shares nothing with Chris, her carer, so no carer reaches
Pat's plans; Chris reaches his own (empty) plan's print and sharing pages as a person.
"""

NO_ARGS = lambda w: []  # noqa: E731
PAT = lambda w: [w.pat.pk]  # noqa: E731
RISK = lambda w: [w.plans.pat_risk_plan.pk]  # noqa: E731
PAT_RISK = lambda w: [w.pat.pk, w.plans.pat_risk_plan.pk]  # noqa: E731
WORKERS = {"peer_worker", "recovery_coach"}  # on Pat's team's caseload
OWN_RECORD = {"person", "carer"}  # everyone with a record of their own

MATRIX = {
    "plans:sharing": (NO_ARGS, OWN_RECORD),
    # Pat shares nothing with Chris yet, so nobody reaches these in the matrix.
    "plans:cared_for_plans": (PAT, frozenset()),
    "plans:cared_for_plan": (PAT, frozenset()),
    "plans:cared_for_risk_plan": (PAT_RISK, frozenset()),
    "plans:print": (NO_ARGS, OWN_RECORD),
    "plans:pdf": (NO_ARGS, OWN_RECORD),
    "plans:person_print": (PAT, {"person", *WORKERS}),
    "plans:person_pdf": (PAT, {"person", *WORKERS}),
    "plans:risk_print": (RISK, {"person", *WORKERS}),
    "plans:risk_pdf": (RISK, {"person", *WORKERS}),
    "plans:person_risk_print": (PAT_RISK, {"person", *WORKERS}),
    "plans:person_risk_pdf": (PAT_RISK, {"person", *WORKERS}),
}
