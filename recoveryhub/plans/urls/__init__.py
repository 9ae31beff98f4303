"""The plans' pages, one module of URLs for each part (all under the 'plans' namespace)."""

from . import recovery, reviews, risk, sharing

app_name = "plans"

urlpatterns = [
    *recovery.urlpatterns,  # my recovery and wellbeing plan, goals, versions
    *risk.urlpatterns,  # positive risk-taking plans
    *sharing.urlpatterns,  # sharing with carers, print and PDF
    *reviews.urlpatterns,  # plans due for review
]
