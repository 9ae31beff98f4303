"""Who may reach the partners' pages (read by core/tests/test_access_matrix.py).

The pathways team (College staff) reach everything; Bea (the partner) reaches her own
organisation, Fenland Volunteer Centre, and its community garden role, but not its
contacts' management. Everyone else gets 'not found'. Probing the other partner's ids is
in test_partners_pages.py and test_partners_opportunities.py.
"""

TEAM = {"college_staff"}
TEAM_AND_PARTNER = {"college_staff", "partner"}
NO_ARGS = lambda w: []  # noqa: E731
CENTRE = lambda w: [w.pathways.centre.pk]  # noqa: E731

MATRIX = {
    "pathways:manage": (NO_ARGS, TEAM),
    "pathways:partner_home": (NO_ARGS, {"partner"}),
    "pathways:partner": (CENTRE, TEAM_AND_PARTNER),
    "pathways:partner_add": (NO_ARGS, TEAM),
    "pathways:partner_change": (CENTRE, TEAM_AND_PARTNER),
    "pathways:contact_add": (CENTRE, TEAM),
    "pathways:contact_change": (lambda w: [w.pathways.bea_contact.pk], TEAM),
    "pathways:opportunity_add": (NO_ARGS, TEAM_AND_PARTNER),
    "pathways:opportunity_change": (lambda w: [w.pathways.garden.pk], TEAM_AND_PARTNER),
}
