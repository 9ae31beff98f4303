"""Surveys on every channel (issue 16, part 1).

On a 390 px phone, someone answers team A's Friends and Family Test by its public link
with no sign-in: they forget the main question, try the easy read words, and are thanked.
Pat, signed in, tells her team how it was from "Tell us how we did" and sees her answer in
her own list. Priya, in team A, goes from the feedback home to her team's hub and a
survey's page, types in a paper form and is given a blank one for the next, then adds a
short survey of the team's own. axe-core checks every page on the way, and the staff
pages at phone and laptop widths."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import (
    PHONE,
    assert_accessible,
    assert_accessible_on_phone_and_laptop,
    assert_fits,
    heading,
    sign_in,
    sign_in_with_two_factor,
)
from recoveryhub.feedback import fft
from recoveryhub.feedback.models import Channel, Response, Survey
from recoveryhub.feedback.testing import build_feedback

pytestmark = pytest.mark.django_db(transaction=True)


def checked(page) -> None:
    assert_accessible(page)
    assert_fits(page)


def test_someone_answers_by_the_public_link_on_a_phone(page, world):
    feedback = build_feedback(world)
    survey = feedback.fft_a
    page.set_viewport_size(PHONE)
    before = Response.objects.filter(channel=Channel.LINK).count()

    # Given the link from a poster, with no sign-in.
    page.goto(reverse("feedback:survey", args=[survey.link_code]), timeout=30_000)
    heading(page, survey.title)
    expect(page.get_by_text("do not include names").first).to_be_visible()
    checked(page)

    # They send it without the main answer: nothing is stored, and they are told why.
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose how your experience of our service was overall"
    )
    checked(page)
    assert Response.objects.filter(channel=Channel.LINK).count() == before

    # They choose the easy read words, answer and are thanked.
    page.get_by_role("link", name="Easy read").click()
    expect(page.get_by_text(fft.EASY_READ)).to_be_visible()
    checked(page)
    page.get_by_label("Very good").check()
    page.get_by_label(fft.GOOD_EASY).fill("The group on Tuesdays.")
    page.get_by_label("Someone helped the person answer").check()
    page.get_by_role("button", name="Send my answers").click()
    heading(page, "Thank you for your feedback")
    expect(page.get_by_role("heading", name="What happens to your feedback")).to_be_visible()
    checked(page)
    assert Response.objects.filter(channel=Channel.LINK).count() == before + 1


def test_pat_tells_her_team_how_it_was(page, world, password):
    feedback = build_feedback(world)
    page.set_viewport_size(PHONE)
    sign_in(page, world.pat_user, password)
    page.goto(reverse("feedback:give"))
    heading(page, "Tell us how we did")
    expect(page.get_by_text("You have not given feedback while signed in yet.")).to_be_visible()
    checked(page)

    page.get_by_role("link", name=feedback.fft_a.title).click()
    heading(page, feedback.fft_a.title)
    checked(page)
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    heading(page, "Thank you for your feedback")
    checked(page)
    stored = Response.objects.get(person=world.pat)
    assert stored.channel == Channel.SIGNED_IN and stored.fft_rating == "good"

    page.get_by_role("link", name="Back to tell us how we did").click()
    heading(page, "Tell us how we did")
    expect(page.get_by_role("cell", name="Good", exact=True)).to_be_visible()
    checked(page)


def test_a_worker_enters_a_paper_form_and_adds_a_survey(page, world, password):
    feedback = build_feedback(world)
    survey = feedback.fft_a
    sign_in_with_two_factor(page, world.peer_worker, password)

    page.goto(reverse("feedback:home"))
    heading(page, "Feedback")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("link", name=world.team_a.name).click()
    heading(page, f"Feedback for {world.team_a.name}")
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_role("link", name=survey.title, exact=True).click()
    heading(page, survey.title)
    expect(page.get_by_role("img", name="QR code that opens the survey")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_role("link", name="Enter a paper form").click()
    heading(page, "Enter a paper form")
    assert_accessible_on_phone_and_laptop(page)
    day = timezone.localdate()
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Poor", exact=True).check()
    page.get_by_label(fft.BETTER).fill("Letters came late.")
    page.get_by_role("button", name="Save this form").click()
    expect(page.get_by_text("Saved. Enter the next form")).to_be_visible()
    expect(page.get_by_label(fft.BETTER)).to_have_value("")
    assert_accessible(page)
    paper = Response.objects.filter(channel=Channel.PAPER, entered_by=world.peer_worker)
    assert paper.filter(fft_rating="poor", answered_on=day).count() == 1

    page.goto(reverse("feedback:survey_add", args=[world.team_a.pk]))
    heading(page, "Add a short survey")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Title").fill("Our art group")
    page.get_by_role("button", name="Save the survey").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Write at least one question")
    assert_accessible(page)
    page.get_by_label("Question 1", exact=True).fill("Did the group help you?")
    page.get_by_label("They choose one answer").first.check()
    page.get_by_label("Answers to choose from for question 1").fill("Yes\nA bit\nNo")
    page.get_by_role("button", name="Save the survey").click()
    heading(page, "Our art group")
    expect(page.get_by_text("Our art group is saved and open for answers")).to_be_visible()
    assert Survey.objects.get(title="Our art group").questions.count() == 3
