"""The board report's pages: who may use them, what they say, and bad input on every
form (a clear error, nothing written, never a 500). Mani is the manager; Cleo (clinician)
and Priya (peer worker) are staff who are not."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoveryhub.practice import services
from recoveryhub.practice.models import BoardReport, Claim, RebaseDecision

pytestmark = pytest.mark.django_db
KEY = "college_enrolments"


def url(name, *args):
    return reverse(f"practice:{name}", args=args)


@pytest.fixture
def mani(client, sign_in, world, practice):
    return sign_in(client, world.manager)


def test_the_list_shows_reports_by_quarter_and_the_measures(mani, practice):
    page = mani.get(url("reports")).content.decode()
    assert page.count("<h1>") == 1 and "<title>Board reports" in page
    assert page.index(url("report", practice.draft.pk)) < page.index(
        url("report", practice.published.pk)
    )  # newest quarter first
    assert "Published on" in page and "Draft: the figures change" in page
    assert "Start a report for an earlier quarter" in page and url("measure", KEY) in page


def test_a_draft_says_its_figures_change_and_links_its_narrative(mani, practice):
    page = mani.get(url("report", practice.draft.pk)).content.decode()
    assert "Draft: the figures change until it is published" in page
    assert url("report_claims", practice.draft.pk) in page
    assert "Enrolments rose this quarter." in page and f'href="#measure-{KEY}"' in page
    published = mani.get(url("report", practice.published.pk)).content.decode()
    assert "It will not change" in published and "Draft:" not in published
    assert url("report_claims", practice.published.pk) not in published
    assert "The College moved to three terms a year" in published  # its rebasing reason


@pytest.mark.parametrize("name", ["report", "report_claims", "report_publish", "report_pdf"])
def test_staff_who_are_not_managers_get_not_found(client, sign_in, world, practice, name):
    for who in (world.clinician, world.peer_worker):
        sign_in(client, who)
        assert client.get(url(name, practice.draft.pk)).status_code == 404
    assert client.post(url("report_publish", practice.draft.pk)).status_code == 404
    assert client.post(url("report_start"), {"quarter": "2020-01-01"}).status_code == 404
    data = {"do": "add", "measure": KEY, "text": "Sneaky"}
    assert client.post(url("report_claims", practice.draft.pk), data).status_code == 404
    rebase = {"from_month": timezone.localdate().replace(day=1).isoformat(), "reason": "x"}
    assert client.post(url("rebase", KEY), rebase).status_code == 404
    practice.draft.refresh_from_db()
    assert not practice.draft.is_published and practice.draft.claims.count() == 1
    assert RebaseDecision.objects.count() == 1


@pytest.mark.parametrize(
    "quarter,error",
    [
        ("", "Choose a quarter from the list"),
        ("2026-02-01", "Choose a quarter from the list"),
        ("x" * 5000, "Choose a quarter from the list"),
    ],
)
def test_starting_a_report_refuses_a_bad_quarter(mani, practice, quarter, error):
    response = mani.post(url("report_start"), {"quarter": quarter})
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page and error in page
    assert BoardReport.objects.count() == 2


def test_a_nul_byte_is_refused_before_any_form_reads_it(mani, practice):
    assert mani.post(url("report_start"), {"quarter": "\x00"}).status_code == 400
    data = {"do": "add", "measure": KEY, "text": "a\x00b"}
    assert mani.post(url("report_claims", practice.draft.pk), data).status_code == 400
    assert BoardReport.objects.count() == 2 and Claim.objects.count() == 2


def test_starting_a_report_for_a_free_quarter(mani, practice):
    taken = practice.published.quarter_start
    page = mani.get(url("report_start")).content.decode()
    assert f'value="{taken.isoformat()}"' not in page  # it has a report already
    earlier = services.quarter_start(taken - timedelta(days=1))
    response = mani.post(url("report_start"), {"quarter": earlier.isoformat()})
    made = BoardReport.objects.get(quarter_start=earlier)
    assert response["Location"] == url("report", made.pk) and not made.is_published
    assert mani.post(url("report_start"), {"quarter": taken.isoformat()}).status_code == 200


def test_the_narrative_saves_a_summary_and_adds_and_removes_claims(mani, practice):
    draft = practice.draft
    page = url("report_claims", draft.pk)
    assert mani.post(page, {"do": "summary", "summary": "A good quarter."}).status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "A good quarter."
    mani.post(page, {"do": "add", "measure": KEY, "text": "More people enrolled."})
    claim = Claim.objects.get(report=draft, text="More people enrolled.")
    assert mani.post(page, {"do": "remove", "claim": claim.pk}).status_code == 302
    assert not Claim.objects.filter(pk=claim.pk).exists()


@pytest.mark.parametrize(
    "data,error",
    [
        ({"do": "add", "measure": "", "text": "x"}, "Choose the chart that shows the claim"),
        ({"do": "add", "measure": "nope", "text": "x"}, "Choose the chart that shows the claim"),
        ({"do": "add", "measure": KEY, "text": "  "}, "Enter the claim"),
        ({"do": "add", "measure": KEY, "text": "x" * 2001}, "2,000 characters or fewer"),
        ({"do": "summary", "summary": "x" * 6001}, "6,000 characters or fewer"),
    ],
)
def test_the_narrative_refuses_bad_input(mani, practice, data, error):
    response = mani.post(url("report_claims", practice.draft.pk), data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and error in page
    practice.draft.refresh_from_db()
    assert practice.draft.claims.count() == 1 and practice.draft.summary == ""


@pytest.mark.parametrize(
    "data", [{"do": "remove", "claim": "x"}, {"do": "remove", "claim": "999999"}, {"do": "x"}, {}]
)
def test_removing_a_claim_that_is_not_the_reports_is_a_bad_request(mani, practice, data):
    other = practice.published.claims.get()
    assert mani.post(url("report_claims", practice.draft.pk), data).status_code == 400
    data = {"do": "remove", "claim": other.pk}
    assert mani.post(url("report_claims", practice.draft.pk), data).status_code == 400
    assert Claim.objects.count() == 2


def test_a_published_report_refuses_a_new_narrative_or_publishing_again(mani, practice):
    published = practice.published
    before = published.snapshot
    for name in ("report_claims", "report_publish"):
        response = mani.post(url(name, published.pk), {"do": "add", "measure": KEY, "text": "x"})
        assert response["Location"] == url("report", published.pk)
    page = mani.get(url("report", published.pk)).content.decode()
    assert "This report is published: it cannot change" in page
    published.refresh_from_db()
    assert published.snapshot == before and published.claims.count() == 1


def test_publishing_asks_first_then_freezes_the_report(mani, world, practice):
    draft = practice.draft
    page = mani.get(url("report_publish", draft.pk)).content.decode()
    assert "Once published, it will not change" in page
    draft.refresh_from_db()
    assert not draft.is_published
    assert mani.post(url("report_publish", draft.pk))["Location"] == url("report", draft.pk)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == world.manager
    assert draft.snapshot["claims"][0]["text"] == "Enrolments rose this quarter."


def test_every_form_needs_its_csrf_token(world, sign_in, practice):
    strict = sign_in(Client(enforce_csrf_checks=True), world.manager)
    assert strict.post(url("report_publish", practice.draft.pk)).status_code == 403
    practice.draft.refresh_from_db()
    assert not practice.draft.is_published


def test_a_measure_shows_its_chart_and_its_rebasing_history(mani, practice):
    page = mani.get(url("measure", KEY)).content.decode()
    assert page.count("<h1>") == 1 and 'role="img"' in page and "<caption" in page
    assert "The College moved to three terms a year" in page and "Mani Manager" in page
    assert url("rebase", KEY) in page
    assert mani.get(url("measure", "no_such_measure")).status_code == 404
    assert mani.get(url("rebase", "no_such_measure")).status_code == 404


def test_recording_a_rebasing_decision(mani, world):
    month = timezone.localdate().replace(day=1)
    response = mani.post(url("rebase", KEY), {"from_month": month.isoformat(), "reason": "New"})
    assert response["Location"] == url("measure", KEY)
    decision = RebaseDecision.objects.get(measure=KEY, from_month=month)
    assert decision.reason == "New" and decision.decided_by == world.manager


@pytest.mark.parametrize(
    "data,error",
    [
        ({"from_month": "", "reason": "x"}, "Choose the month the baseline restarts from"),
        ({"from_month": "2001-01-01", "reason": "x"}, "Choose the month the baseline restarts"),
        ({"from_month": "first", "reason": "x"}, "Choose the month the baseline restarts from"),
        ({"from_month": "THIS", "reason": ""}, "Enter why the baseline restarts"),
        ({"from_month": "THIS", "reason": "x" * 2001}, "2,000 characters or fewer"),
        ({"from_month": "REBASED", "reason": "again"}, "already restarts from that month"),
    ],
)
def test_a_rebasing_decision_refuses_bad_input(mani, practice, data, error):
    this = timezone.localdate().replace(day=1).isoformat()
    month = {"THIS": this, "REBASED": practice.rebase.from_month.isoformat()}
    data = {**data, "from_month": month.get(data["from_month"], data["from_month"])}
    response = mani.post(url("rebase", KEY), data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and error in page
    assert RebaseDecision.objects.count() == 1
