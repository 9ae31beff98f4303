"""person pages of the pathways: a person's own pathway, what they bring and want,
suggestions for them, showing interest and the interest afterwards; a worker's view of a
pathway shared with them."""

from django.urls import path

from ..views import person_interest, person_pathway, person_profile, person_suggestions

urlpatterns: list = [
    path("mine/", person_pathway.mine, name="mine"),
    path("mine/about-me/", person_profile.profile, name="profile"),
    path("mine/suggestions/", person_suggestions.suggestions, name="suggestions"),
    path("<int:opportunity_id>/interest/", person_interest.show_interest, name="show_interest"),
    path("interest/<int:interest_id>/", person_interest.interest, name="interest"),
    path(
        "interest/<int:interest_id>/withdraw/", person_interest.withdraw, name="interest_withdraw"
    ),
    path("people/<int:person_id>/", person_pathway.person_pathway, name="person_pathway"),
]
