"""Partners and their contacts, the pathways team's and partners' homes, and adding and
changing opportunities."""

from django.urls import path

from recoveryhub.pathways.views import partners, partners_contacts, partners_opportunities

urlpatterns = [
    path("manage/", partners.manage, name="manage"),
    path("partner/", partners.partner_home, name="partner_home"),
    path("partners/add/", partners.partner_add, name="partner_add"),
    path("partners/<int:partner_id>/", partners.partner, name="partner"),
    path("partners/<int:partner_id>/change/", partners.partner_change, name="partner_change"),
    path(
        "partners/<int:partner_id>/contacts/add/",
        partners_contacts.contact_add,
        name="contact_add",
    ),
    path(
        "contacts/<int:contact_id>/change/",
        partners_contacts.contact_change,
        name="contact_change",
    ),
    path(
        "opportunities/add/",
        partners_opportunities.opportunity_add,
        name="opportunity_add",
    ),
    path(
        "opportunities/<int:opportunity_id>/change/",
        partners_opportunities.opportunity_change,
        name="opportunity_change",
    ),
]
