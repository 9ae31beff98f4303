"""Who may reach the owner's pages of interest (read by core/tests/test_access_matrix.py).

The community garden belongs to Fenland Volunteer Centre, where Bea (partner) signs in:
she alone sees the interest sent to it and answers it (Pat's, approved already: the page
shows her answer). The pathways team owns only the trust's roles; every other partner,
worker and role gets 'not found'.
"""

MATRIX = {
    "pathways:opportunity_interest": (lambda w: [w.pathways.garden.pk], {"partner"}),
    "pathways:decide": (lambda w: [w.pathways.pat_garden_interest.pk], {"partner"}),
}
