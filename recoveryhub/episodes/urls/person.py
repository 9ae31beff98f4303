"""person pages of the episodes."""

urlpatterns: list = []
