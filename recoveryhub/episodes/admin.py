"""Nothing of the episodes is in Django admin, on purpose.

Django admin is for technical configuration only (DESIGN.md). Referrals, episodes,
endings and passes are people's records: they are reached only through the product's
pages, where each view is checked and logged in the person's access log. What a team
offers (EpisodeType) is its manager's to set on the team's own page (episodes:types),
with the change in the audit trail, as the College's and the plans' settings are not in
admin either.
"""
