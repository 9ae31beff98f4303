"""students pages of the Recovery College."""

urlpatterns: list = []
