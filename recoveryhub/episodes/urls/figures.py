"""figures pages of the episodes."""

urlpatterns: list = []
