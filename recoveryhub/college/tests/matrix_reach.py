"""Who may reach the reach-and-demand and money pages (read by core/tests/test_access_matrix.py).

Reach: College staff and managers (aggregates only). Money: College staff only.
"""

REACH = {"college_staff", "manager"}
MONEY = {"college_staff"}


def _none(w):
    return []


def _term(w):
    return [w.college.term.slug]


def _source(w):
    from recoveryhub.college.models import FundingKind, FundingSource

    source, _made = FundingSource.objects.get_or_create(
        name="Matrix Grant",
        defaults={
            "kind": FundingKind.CHARITABLE_GRANT,
            "amount_pence": 100000,
            "starts_on": w.college.term.starts_on,
            "ends_on": w.college.term.ends_on,
        },
    )
    return [source.pk]


MATRIX = {
    "college:reach": (_none, REACH),
    "college:reach_csv": (_none, REACH),
    "college:funding": (_none, MONEY),
    "college:funding_add": (_none, MONEY),
    "college:funding_change": (_source, MONEY),
    "college:money_index": (_none, MONEY),
    "college:money": (_term, MONEY),
    "college:funders_report": (_term, MONEY),
    "college:funders_report_csv": (_term, MONEY),
}
