"""Who may reach the public listing pages (read by core/tests/test_access_matrix.py).

Anyone, signed in or not, reads the listing and a listed opportunity (the community
garden); drafts are 'not found' except to their owner and the pathways team (tested in
test_listing_opportunity.py, as the matrix has one address a page).
"""

PUBLIC = "public"  # as core/tests/test_access_matrix.py says it

MATRIX = {
    "pathways:listing": (lambda w: [], PUBLIC),
    "pathways:opportunity": (lambda w: [w.pathways.garden.pk], PUBLIC),
}
