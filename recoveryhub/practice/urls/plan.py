"""The strategy action plan, progress updates and the communication plan (para 47)."""

from django.urls import path

from ..views import plan, plan_communications

urlpatterns = [
    path("plan/", plan.plan, name="plan"),
    path("plan/actions/add/", plan.action_add, name="action_add"),
    path("plan/actions/<int:pk>/", plan.action, name="action"),
    path("plan/actions/<int:pk>/change/", plan.action_change, name="action_change"),
    path("plan/actions/<int:pk>/update/", plan.action_update, name="action_update"),
    path("plan/communication/", plan_communications.communications, name="communications"),
    path(
        "plan/communication/add/",
        plan_communications.communication_add,
        name="communication_add",
    ),
    path(
        "plan/communication/<int:pk>/done/",
        plan_communications.communication_done,
        name="communication_done",
    ),
]
