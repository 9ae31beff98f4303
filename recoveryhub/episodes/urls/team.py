"""team pages of the episodes."""

urlpatterns: list = []
