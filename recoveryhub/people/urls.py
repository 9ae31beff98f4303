from django.urls import path

from . import views, views_carer_invitations, views_carers, views_links, views_register
from .views_merge import merge_compare, merge_done, merge_find

app_name = "people"

urlpatterns = [
    path("my-record/", views.my_record, name="my_record"),
    path("my-record/change/", views.my_record_change, name="my_record_change"),
    path("my-record/who-has-looked/", views.access_log_page, name="access_log"),
    path("my-record/carers/", views.carers, name="carers"),
    path("my-record/carers/<int:link_id>/", views.carer_sharing, name="carer_sharing"),
    path("my-record/carers/invite/", views_carer_invitations.carer_invite, name="carer_invite"),
    path(
        "my-record/carers/invitations/<int:invitation_id>/withdraw/",
        views_carer_invitations.carer_invitation_withdraw,
        name="carer_invitation_withdraw",
    ),
    path(
        "carer-invitation/<str:token>/",
        views_carer_invitations.accept_carer_invitation,
        name="accept_carer_invitation",
    ),
    path("caring-for/", views.caring_for, name="caring_for"),
    path("caring-for/<int:person_id>/", views_carers.caring_for_person, name="caring_for_person"),
    path(
        "caring-for/<int:person_id>/college/",
        views_carers.cared_for_courses,
        name="caring_for_courses",
    ),
    path("caseload/", views.caseload, name="caseload"),
    path("people/new/", views_register.person_register, name="person_register"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/change/", views.person_change, name="person_change"),
    path("people/<int:person_id>/invite/", views.person_invite, name="person_invite"),
    path(
        "people/<int:person_id>/invite-carer/",
        views_carer_invitations.person_carer_invite,
        name="person_carer_invite",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("team-caseloads/", views.team_caseloads, name="team_caseloads"),
    path("sign-in-links/", views_links.sign_in_links, name="sign_in_links"),
    path(
        "sign-in-links/<int:person_id>/undo/",
        views_links.undo_sign_in_link,
        name="undo_sign_in_link",
    ),
    path("people/join/", merge_find, name="merge_find"),
    path(
        "people/join/<int:kept_id>/<int:other_id>/",
        merge_compare,
        name="merge_compare",
    ),
    path("people/joined/<int:record_id>/", merge_done, name="merge_done"),
]
