"""person pages of the episodes: a person's support from our teams, their open door back,
and asking for support themselves; a worker's and a carer's view of the same."""

from django.urls import path

from ..views import person_pass, person_refer, person_support

urlpatterns: list = [
    path("support/", person_support.mine, name="mine"),
    path("support/ask/", person_refer.self_refer, name="self_refer"),
    path("support/requests/<int:referral_id>/", person_pass.referral_sent, name="referral_sent"),
    path("open-door/<int:pass_id>/", person_pass.use_pass, name="use_pass"),
    path("people/<int:person_id>/support/", person_support.person_support, name="person"),
    path("caring-for/<int:person_id>/support/", person_support.cared_for, name="cared_for"),
]
