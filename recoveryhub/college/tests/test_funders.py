"""The money pages: costs per run and per unit, funding sources, the funders' report."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from recoveryhub.college import funders
from recoveryhub.college import models as m
from recoveryhub.core.secondary_suppression import WITHHELD
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.core.testing import assert_good_page

from .test_reach_data import reach_college_fixture  # noqa: F401 - the reach_college fixture

pytestmark = pytest.mark.django_db


def test_a_runs_cost_and_what_it_bought(reach_college):
    result = funders.term_money(reach_college.college.term)
    by_run = {item.run.pk: item for item in result.runs}
    finished = by_run[reach_college.finished.pk]
    # 3 sessions of 2 hours went ahead: 6 hours x (£30 + £20), 3 x £40 venue, £25 materials.
    assert (finished.cost.trainer_pence, finished.cost.venue_pence) == (30000, 12000)
    assert (finished.cost.materials_pence, finished.cost.total_pence) == (2500, 44500)
    assert (finished.figures.enrolments, finished.figures.present) == (13, 34)
    assert finished.figures.completions == 7
    assert finished.units.per_enrolment == 3423  # £445 / 13
    assert finished.units.per_attended_session == 1309  # £445 / 34
    assert finished.units.per_completion == 6357  # £445 / 7
    upcoming = by_run[reach_college.college.run.pk]
    # 4 sessions of 2 hours to come at Wisbech, Tariq and Petra: £400 + £160.
    assert upcoming.cost.total_pence == 56000
    assert upcoming.figures.enrolments == 1 and upcoming.units.per_completion is None
    other = by_run[reach_college.college.other_run.pk]
    # Petra (£20) and Owen (no rate): 8 hours x £20 + 4 x £40.
    assert other.cost.total_pence == 16000 + 16000
    assert result.total_cost.total_pence == 44500 + 56000 + 32000
    assert result.total.enrolments == 14


def test_drafts_are_left_out(reach_college):
    college = reach_college.college
    m.CourseRun.objects.create(course=college.course, term=college.term, capacity=5)
    assert len(funders.term_money(college.term).runs) == 3


def test_the_funders_report(reach_college):
    report = funders.funders_report(reach_college.college.term)
    assert [f.name for f in report] == ["Fenland Carers Grant", "No funding source"]
    grant = report[0]
    assert [r.run.pk for r in grant.runs] == [reach_college.finished.pk]
    achieved = dict(grant.achieved())
    # 13 places and 7 rural students (6 carers and staff B): shown, the term's 14 places
    # and 8 rural students on the reach page less them gave Pat's 1 away (secondary
    # suppression, reach_suppression.py), and so did the cost per enrolment.
    assert achieved["Enrolments"] == WITHHELD
    assert achieved["Cost per enrolment"] == WITHHELD
    assert achieved["Students from rural localities"] == WITHHELD
    assert achieved["Sessions attended"] == "34"
    assert achieved["Completions"] == "7"
    assert achieved["Carers"] == "6"
    assert achieved["Cost per completion"] == "£63.57"
    unfunded = dict(report[1].achieved())
    assert unfunded["Enrolments"] == SUPPRESSED  # Pat alone
    assert unfunded["Cost per enrolment"] == SUPPRESSED


def test_a_source_whose_period_overlaps_is_reported_with_nothing_paid_for(reach_college):
    term = reach_college.college.term
    m.FundingSource.objects.create(
        name="Skills pilot", kind=m.FundingKind.SKILLS_AGENCY, amount_pence=1_000_000,
        starts_on=term.starts_on, ends_on=term.starts_on,
    )  # fmt: skip
    report = funders.funders_report(term)
    pilot = next(f for f in report if f.name == "Skills pilot")
    assert pilot.runs == [] and pilot.cost.total_pence == 0


def test_staff_see_the_money_page(
    client, sign_in, world, reach_college, django_assert_max_num_queries
):
    sign_in(client, world.college_staff)
    url = reverse("college:money", args=[reach_college.college.term.slug])
    with django_assert_max_num_queries(30) as few:
        response = client.get(url)
    facts = assert_good_page(response)
    assert facts.h1s == ["Money: Spring 2027"]
    html = response.content.decode()
    for text in ["£445.00", "£300.00", "£120.00", "£25.00", "£34.23", "£13.09", "£63.57",
                 "Fenland Carers Grant", "£1,325.00", 'scope="col"']:  # fmt: skip
        assert text in html, text
    more = m.CourseRun.objects.create(
        course=reach_college.college.course, term=reach_college.college.term, capacity=5,
        status=m.RunStatus.PUBLISHED, funding_source=reach_college.grant,
    )  # fmt: skip
    m.RunTrainer.objects.create(run=more, trainer=reach_college.college.peer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    index = client.get(reverse("college:money_index"))
    assert_good_page(index)
    assert url in index.content.decode()


def test_the_funders_report_pdf_and_csv(client, sign_in, world, reach_college):
    sign_in(client, world.college_staff)
    slug = reach_college.college.term.slug
    response = client.get(reverse("college:funders_report", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for words in ["Funders' report: Spring 2027", "Fenland Carers Grant", "Charitable grant",
                  "£5,000.00", "£445.00", "What it achieved", "Completions",
                  "No funding source", SUPPRESSED]:  # fmt: skip
        assert words in text, words
    assert "Patricia" not in text and "Carer 0" not in text
    assert reader.metadata.title == "Funders' report: Spring 2027"
    response = client.get(reverse("college:funders_report_csv", args=[slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    grant = [r for r in rows if r["Funding source"] == "Fenland Carers Grant"]
    assert grant[-1]["Paid for"] == "All runs paid for in Spring 2027"
    assert (grant[-1]["Cost"], grant[-1]["Enrolments"], grant[-1]["Carers"]) == (
        "£445.00", WITHHELD, "6"
    )  # fmt: skip
    assert grant[0]["Enrolments"] == WITHHELD  # its one run: 13 too
    unfunded = [r for r in rows if r["Funding source"] == "No funding source"]
    assert unfunded[-1]["Enrolments"] == SUPPRESSED


def test_an_unknown_term_is_not_found(client, sign_in, world, college):
    sign_in(client, world.college_staff)
    for name in ["college:money", "college:funders_report", "college:funders_report_csv"]:
        assert client.get(reverse(name, args=["no-such-term"])).status_code == 404


@pytest.mark.parametrize(
    "who", ["manager", "trainer", "student", "pat_user", "peer_worker", "clinician", "admin"]
)
def test_only_college_staff_see_money(client, sign_in, world, reach_college, who):
    sign_in(client, getattr(world, who))
    slug = reach_college.college.term.slug
    for name, args in [
        ("college:money_index", []), ("college:money", [slug]),
        ("college:funders_report", [slug]), ("college:funders_report_csv", [slug]),
        ("college:funding", []), ("college:funding_add", []),
        ("college:funding_change", [reach_college.grant.pk]),
    ]:  # fmt: skip
        assert client.get(reverse(name, args=args)).status_code == 404, name
    response = client.post(reverse("college:funding_add"), GOOD)
    assert response.status_code == 404
    assert not m.FundingSource.objects.filter(name=GOOD["name"]).exists()


# Funding sources ----------------------------------------------------------------------

GOOD = {
    "name": "Cambridgeshire and Peterborough ICB",
    "kind": "commissioner",
    "amount_pence": "£12,500.50",
    "starts_on_0": "1", "starts_on_1": "4", "starts_on_2": "2027",
    "ends_on_0": "31", "ends_on_1": "3", "ends_on_2": "2028",
    "notes": "",
}  # fmt: skip


def test_staff_add_and_change_a_funding_source(client, sign_in, world, college):
    sign_in(client, world.college_staff)
    assert_good_page(client.get(reverse("college:funding_add")))
    response = client.post(reverse("college:funding_add"), GOOD)
    assert response.status_code == 302
    source = m.FundingSource.objects.get(name=GOOD["name"])
    assert source.amount_pence == 1250050 and source.kind == "commissioner"
    listing = client.get(reverse("college:funding"))
    assert_good_page(listing)
    assert "£12,500.50" in listing.content.decode()
    assert "saved" in listing.content.decode()
    url = reverse("college:funding_change", args=[source.pk])
    page = client.get(url)
    assert_good_page(page)
    assert 'value="12500.50"' in page.content.decode()
    response = client.post(url, {**GOOD, "amount_pence": "13000"})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.amount_pence == 1300000


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount_pence": "-5"}, "amount_pence", "Amount must be £0 or more"),
        ({"amount_pence": "12.345"}, "amount_pence", "no more than 2 numbers after the decimal"),
        ({"amount_pence": "lots"}, "amount_pence", "Amount must be an amount in pounds"),
        ({"amount_pence": ""}, "amount_pence", "Enter amount"),
        ({"ends_on_2": "2026"}, "ends_on", "End date must be the same as or after the start date"),
        ({"starts_on_1": "13"}, "starts_on", "Start date must be a real date"),
        ({"name": ""}, "name", "Enter the funding source&#39;s name"),
        ({"name": "Fenland Carers Grant"}, "name", "There is already a funding source called"),
        ({"kind": "lottery"}, "kind", "Select the kind of funding from the list"),
        ({"notes": "x" * 1001}, "notes", "Notes must be 1000 characters or fewer"),
    ],
)
def test_bad_funding_sources_are_refused(client, sign_in, world, reach_college, change, field,
                                         message):  # fmt: skip
    sign_in(client, world.college_staff)
    before = list(m.FundingSource.objects.values_list("pk", "name", "amount_pence"))
    response = client.post(reverse("college:funding_add"), {**GOOD, **change})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert any(link.startswith(f"#id_{field}") for link in facts.error_summary_links)
    assert message in response.content.decode()
    assert list(m.FundingSource.objects.values_list("pk", "name", "amount_pence")) == before
    # Changing one is checked the same way, and writes nothing either.
    url = reverse("college:funding_change", args=[reach_college.grant.pk])
    if change.get("name") != "Fenland Carers Grant":
        response = client.post(url, {**GOOD, **change})
        assert response.status_code == 200
        assert list(m.FundingSource.objects.values_list("pk", "name", "amount_pence")) == before


def test_an_unknown_funding_source_is_not_found(client, sign_in, world, college):
    sign_in(client, world.college_staff)
    assert client.get(reverse("college:funding_change", args=[999999])).status_code == 404
