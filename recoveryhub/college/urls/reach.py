"""Reach and demand (college staff and managers); money (college staff who hold the finances)."""

from django.urls import path

from recoveryhub.college.views import money, reach

urlpatterns = [
    path("reach/", reach.reach_page, name="reach"),
    path("reach.csv", reach.reach_csv, name="reach_csv"),
    path("funding/", money.funding, name="funding"),
    path("funding/add/", money.funding_add, name="funding_add"),
    path("funding/<int:source_id>/change/", money.funding_change, name="funding_change"),
    path("money/", money.money_index, name="money_index"),
    path("money/<slug:term_slug>/", money.money_page, name="money"),
    path(
        "money/<slug:term_slug>/funders-report.pdf",
        money.funders_report,
        name="funders_report",
    ),
    path(
        "money/<slug:term_slug>/funders-report.csv",
        money.funders_report_csv,
        name="funders_report_csv",
    ),
]
