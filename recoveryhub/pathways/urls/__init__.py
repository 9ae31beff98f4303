"""The pathways' pages, one module of URLs for each part (all under the 'pathways' namespace)."""

from . import decisions, figures, ips, listing, panels, partners, person, volunteers

app_name = "pathways"

urlpatterns = [
    *listing.urlpatterns,  # the public, filterable list of opportunities, and one of them
    *partners.urlpatterns,  # partners and their contacts; adding and changing opportunities
    *person.urlpatterns,  # a person's pathway, what they bring and want, suggestions, interest
    *decisions.urlpatterns,  # the owner's list of interest, yes or not this time
    *volunteers.urlpatterns,  # placements: onboarding, hours, payments
    *ips.urlpatterns,  # employment support (IPS) and fidelity reviews
    *panels.urlpatterns,  # lived-experience interview panels
    *figures.urlpatterns,  # what the pathways did, for managers and the pathways team
]
