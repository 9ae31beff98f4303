"""Recovery practice's pages, one module of URLs for each part (the 'practice' namespace)."""

from . import audits, board, evidence, plan

app_name = "practice"

urlpatterns = [
    *audits.urlpatterns,  # the hub, audit rounds, evidence, ratings, priorities, stages
    *evidence.urlpatterns,  # the team's evidence from other parts, before the visit
    *plan.urlpatterns,  # the strategy action plan, progress updates, the communication plan
    *board.urlpatterns,  # board reports, their PDF and CSV, rebasing decisions
]
