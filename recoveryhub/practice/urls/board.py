"""The Board's reports (managers): by quarter, the narrative, publishing, the PDF and CSV,
and each key measure's chart with its rebasing decisions."""

from django.urls import path

from ..views import board, board_charts, board_files

urlpatterns = [
    path("board/", board.reports, name="reports"),
    path("board/start/", board.report_start, name="report_start"),
    path("board/<int:pk>/", board.report, name="report"),
    path("board/<int:pk>/narrative/", board.report_claims, name="report_claims"),
    path("board/<int:pk>/publish/", board.report_publish, name="report_publish"),
    path("board/<int:pk>/report.pdf", board_files.report_pdf, name="report_pdf"),
    path("board/<int:pk>/report.csv", board_files.report_csv, name="report_csv"),
    path("board/measures/<slug:key>/", board_charts.measure, name="measure"),
    path("board/measures/<slug:key>/rebase/", board_charts.rebase, name="rebase"),
]
