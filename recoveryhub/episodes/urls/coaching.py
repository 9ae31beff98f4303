"""coaching pages of the episodes."""

urlpatterns: list = []
