"""Printing plans, as a page and as a PDF: who may, what it says, and the access log."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.plans import services

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Patricia" not in response["Content-Disposition"]
    reader = PdfReader(BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def events(world, action=None):
    found = AccessEvent.objects.filter(person=world.pat)
    return found.filter(action=action) if action else found


# The recovery and wellbeing plan --------------------------------------------------------


def test_the_person_prints_their_own_plan_and_nothing_is_logged(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    response = client.get(reverse("plans:print"))
    facts = assert_good_page(response)
    assert facts.h1s == ["Recovery and wellbeing plan"]
    html = response.content.decode()
    assert "Who to contact in a crisis" in html
    assert "First Response Service: 111, option 2" in html
    assert "Walking the dog every morning" in html
    assert "Go back to the allotment" in html
    assert "Visit once with Chris" in html
    assert reverse("plans:pdf") in facts.links
    assert "no-store" in response["Cache-Control"]
    assert not events(world).exists()


def test_the_crisis_contacts_come_before_the_sections(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    html = client.get(reverse("plans:print")).content.decode()
    assert html.index("Who to contact in a crisis") < html.index("What keeps me well")


def test_the_persons_pdf(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    text = pdf_text(client.get(reverse("plans:pdf")))
    for words in ("Recovery and wellbeing plan", "For Pat Jones",
                  "Who to contact in a crisis", "First Response Service", "Walking the dog",
                  "Go back to the allotment", "Visit once with Chris",
                  "In an emergency, call 999"):  # fmt: skip
        assert words in text, words
    assert not events(world).exists()


def test_the_pdf_has_a_title_and_language(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    reader = PdfReader(BytesIO(client.get(reverse("plans:pdf")).content))
    assert reader.metadata.title == "Recovery and wellbeing plan, for Pat Jones"


def test_a_caseload_worker_prints_and_downloads_and_each_is_logged(client, sign_in, world, plans):
    sign_in(client, world.recovery_coach)
    response = client.get(reverse("plans:person_print", args=[world.pat.pk]))
    facts = assert_good_page(response)
    assert reverse("plans:person_pdf", args=[world.pat.pk]) in facts.links
    [printed] = events(world, AccessAction.PRINT)
    assert (printed.actor, printed.object_id) == (world.recovery_coach, str(plans.pat_plan.pk))
    assert "Walking the dog" in pdf_text(
        client.get(reverse("plans:person_pdf", args=[world.pat.pk]))
    )
    [exported] = events(world, AccessAction.EXPORT)
    assert exported.object_type == plans.pat_plan._meta.verbose_name


@pytest.mark.parametrize("who", ["clinician", "college_staff", "carer_user", "trainer", "manager"])
def test_others_cannot_print_or_download(client, sign_in, world, plans, who):
    sign_in(client, getattr(world, who))
    for name in ("plans:person_print", "plans:person_pdf"):
        response = client.get(reverse(name, args=[world.pat.pk]))
        assert response.status_code == 404
        assert b"Walking the dog" not in response.content
    assert not events(world).exists()


def test_a_worker_outside_the_caseload_cannot_reach_a_plan_by_guessing(
    client, sign_in, world, plans
):
    sign_in(client, world.recovery_coach)
    assert client.get(reverse("plans:person_print", args=[world.quinn.pk])).status_code == 404
    assert client.get(reverse("plans:person_pdf", args=[world.quinn.pk])).status_code == 404
    assert client.get(reverse("plans:person_print", args=[99999])).status_code == 404


def test_a_carer_with_sharing_may_print_and_it_is_logged(client, sign_in, world, plans):
    world.carer_link.shares_plans = True
    world.carer_link.save()
    sign_in(client, world.carer_user)
    assert_good_page(client.get(reverse("plans:person_print", args=[world.pat.pk])))
    pdf_text(client.get(reverse("plans:person_pdf", args=[world.pat.pk])))
    assert events(world, AccessAction.PRINT).get().actor == world.carer_user
    assert events(world, AccessAction.EXPORT).get().actor == world.carer_user


def test_staff_without_a_record_of_their_own_have_no_plan_to_print(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    assert client.get(reverse("plans:print")).status_code == 404
    assert client.get(reverse("plans:pdf")).status_code == 404


def test_printing_an_empty_plan(client, sign_in, world):
    sign_in(client, world.pat_user)
    html = (
        assert_good_page(client.get(reverse("plans:print")))
        and client.get(reverse("plans:print")).content.decode()
    )
    assert "No crisis contacts written yet." in html
    assert "No goals written yet." in html
    assert "Nothing written yet." in pdf_text(client.get(reverse("plans:pdf")))


def test_the_print_page_does_not_grow_queries_with_goals(
    client, sign_in, world, plans, django_assert_max_num_queries
):
    sign_in(client, world.recovery_coach)
    url = reverse("plans:person_print", args=[world.pat.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(5):
        services.save_goal(plans.pat_plan, None, by=world.pat_user, title=f"Goal {n}",
                           steps=[{"description": "A step"}])  # fmt: skip
        services.rate_goal(plans.pat_plan.goals.last(), 5, by=world.pat_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert b"Goal 4" in response.content


def test_peoples_words_are_escaped(client, sign_in, world, plans):
    services.save_plan(plans.pat_plan, by=world.pat_user, strengths="<script>x</script> & <b>")
    sign_in(client, world.pat_user)
    response = client.get(reverse("plans:print"))
    assert_good_page(response)
    assert b"&lt;script&gt;x&lt;/script&gt; &amp; &lt;b&gt;" in response.content
    assert "<script>x</script> & <b>" in pdf_text(client.get(reverse("plans:pdf")))


# Positive risk-taking plans --------------------------------------------------------------


@pytest.mark.parametrize("name", ["plans:risk_print", "plans:person_risk_print"])
def test_a_risk_plan_prints(client, sign_in, world, plans, name):
    risk = plans.pat_risk_plan
    args = [risk.pk] if name == "plans:risk_print" else [world.pat.pk, risk.pk]
    sign_in(client, world.peer_worker)
    response = client.get(reverse(name, args=args))
    facts = assert_good_page(response)
    assert facts.h1s == ["Positive risk-taking plan: Living on my own again"]
    html = response.content.decode()
    for words in ("Feeling isolated", "Possible", "Moderate", "Weekly call",
                  "Rory (recovery coach)", "I call my coach", "Patricia Jones"):  # fmt: skip
        assert words in html, words
    assert events(world, AccessAction.PRINT).get().object_id == str(risk.pk)


@pytest.mark.parametrize("name", ["plans:risk_pdf", "plans:person_risk_pdf"])
def test_a_risk_plan_pdf(client, sign_in, world, plans, name):
    risk = plans.pat_risk_plan
    args = [risk.pk] if name == "plans:risk_pdf" else [world.pat.pk, risk.pk]
    sign_in(client, world.pat_user)
    text = pdf_text(client.get(reverse(name, args=args)))
    for words in ("Positive risk-taking plan: Living on my own again", "Feeling isolated",
                  "Weekly call", "Who took part", "Patricia Jones"):  # fmt: skip
        assert words in text, words
    assert not events(world).exists()


def test_a_risk_plan_of_someone_else_is_not_found(client, sign_in, world, plans):
    risk = plans.pat_risk_plan
    for who in (world.clinician, world.college_staff, world.carer_user):
        client.logout()
        sign_in(client, who)
        for name, args in [
            ("plans:risk_print", [risk.pk]),
            ("plans:risk_pdf", [risk.pk]),
            ("plans:person_risk_print", [world.pat.pk, risk.pk]),
            ("plans:person_risk_pdf", [world.pat.pk, risk.pk]),
        ]:
            assert client.get(reverse(name, args=args)).status_code == 404, (who, name)
    # The right plan under the wrong person is not found either.
    client.logout()
    sign_in(client, world.recovery_coach)
    wrong = reverse("plans:person_risk_print", args=[world.quinn.pk, risk.pk])
    assert client.get(wrong).status_code == 404
    assert not events(world).exists()


def test_printing_refuses_post(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    assert client.post(reverse("plans:print")).status_code == 405
