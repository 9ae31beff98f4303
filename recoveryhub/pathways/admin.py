"""Nothing of the pathways is in Django admin, on purpose.

Django admin is for technical configuration only (DESIGN.md). Partners, opportunities,
interest, placements, hours, employment support and panels are reached only through the
product's pages, where each view is checked in core/permissions.py and logged.
"""
