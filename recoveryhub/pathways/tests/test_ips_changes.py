"""Changing employment support: progress, its end, a job started and a job ended. Workers
in the support's team only; bad input is explained and writes nothing; every allowed and
refused move of support (open -> ended, ended refuses change) and of a job (in work ->
ended, ended refuses ending again)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import ips
from recoveryhub.pathways.models import JobStart, SupportStatus

from .test_ips_pages import date_fields, logged

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def url(name: str, obj) -> str:
    return reverse(f"pathways:{name}", args=[obj.pk])


def refresh(obj):
    obj.refresh_from_db()
    return obj


# Progress ---------------------------------------------------------------------------------


def test_a_worker_records_progress(client, sign_in, world, pathways):
    support = pathways.pat_support
    sign_in(client, world.recovery_coach)
    page = client.get(url("support_progress", support))
    assert assert_good_page(page).h1s == ["Employer contact and benefits advice"]
    contact = support.referred_on + timedelta(3)
    data = {
        **date_fields("first_employer_contact_on", contact),
        **date_fields("benefits_advice_on", contact),
    }
    response = client.post(url("support_progress", support), data)
    assert response.status_code == 302 and response["Location"] == url("support", support)
    assert refresh(support).first_employer_contact_on == contact
    assert logged() == [(world.recovery_coach.pk, "change", "employment support", world.pat.pk)]


@pytest.mark.parametrize(
    ("field", "day", "message"),
    [
        (
            "first_employer_contact_on",
            lambda s: s.referred_on - timedelta(1),
            "must be on or after the referral",
        ),
        ("benefits_advice_on", lambda s: TODAY() + timedelta(1), "must be the same as or before"),
        ("first_employer_contact_on", None, "must be a real date"),
    ],
)  # fmt: skip
def test_bad_progress_is_explained_and_nothing_written(
    client, sign_in, world, pathways, field, day, message
):
    support = refresh(pathways.pat_support)
    before = (support.first_employer_contact_on, support.benefits_advice_on)
    sign_in(client, world.peer_worker)
    data = (
        date_fields(field, day(support))
        if day
        else {f"{field}_0": "31", f"{field}_1": "2", f"{field}_2": "2026"}
    )
    response = client.post(url("support_progress", support), data)
    assert assert_good_page(response).title.startswith("Error: ")
    assert message in response.content.decode()
    s = refresh(support)
    assert (s.first_employer_contact_on, s.benefits_advice_on) == before and logged() == []


# Ending support ---------------------------------------------------------------------------


def end_data(day=None, reason="Settled in work") -> dict:
    return {**date_fields("ended_on", day or TODAY()), "end_reason": reason}


def test_support_ends_and_then_refuses_change(client, sign_in, world, pathways):
    support = pathways.pat_support
    sign_in(client, world.peer_worker)
    assert assert_good_page(client.get(url("support_end", support))).h1s == [
        "End employment support"
    ]
    assert client.post(url("support_end", support), end_data()).status_code == 302
    assert (
        refresh(support).status == SupportStatus.ENDED and support.end_reason == "Settled in work"
    )
    # Ended support refuses another end and new progress (a refused move).
    again = client.post(url("support_end", support), end_data(reason="Again")).content.decode()
    assert "This support has ended, so it cannot be changed." in again
    progress = client.post(
        url("support_progress", support), date_fields("benefits_advice_on", TODAY())
    )
    assert "This support has ended" in progress.content.decode()
    assert (
        refresh(support).end_reason == "Settled in work" and support.benefits_advice_on != TODAY()
    )
    page = client.get(url("support", support)).content.decode()
    assert "Support ended on" in page and url("support_end", support) not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (end_data(reason=""), "Say why it ended"),
        (end_data(reason="   "), "Say why it ended"),
        (end_data(reason="x" * 501), "500 characters or fewer"),
        (end_data(day=TODAY() - timedelta(365)), "must be on or after the referral"),
        ({"end_reason": "Moved away"}, "Enter the end date"),
    ],
)
def test_bad_end_is_explained_and_nothing_written(client, sign_in, world, pathways, data, message):
    sign_in(client, world.peer_worker)
    response = client.post(url("support_end", pathways.pat_support), data)
    assert message in response.content.decode()
    assert refresh(pathways.pat_support).status == SupportStatus.OPEN and logged() == []


# Jobs -------------------------------------------------------------------------------------


def job_data(**changes) -> dict:
    data = {
        "employer": "Ely Cathedral", "job_title": "Guide", "hours_per_week": "7.5",
        "pay_band": "nlw", **date_fields("started_on", TODAY() - timedelta(2)),
        "in_work_support": "A call every Friday", "opportunity": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_worker_records_a_job_start_linked_to_a_listed_job(client, sign_in, world, pathways):
    support = pathways.pat_support
    sign_in(client, world.peer_worker)
    page = client.get(url("job_add", support))
    assert assert_good_page(page).h1s == ["Record a job start"]
    assert "Café assistant" in page.content.decode()
    response = client.post(url("job_add", support), job_data(opportunity=pathways.cafe.pk))
    assert response.status_code == 302
    job = JobStart.objects.get(job_title="Guide")
    assert (job.support, job.opportunity, job.recorded_by) == (
        support,
        pathways.cafe,
        world.peer_worker,
    )
    assert str(job.hours_per_week) == "7.5"
    assert logged() == [(world.peer_worker.pk, "change", "job start", world.pat.pk)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"employer": ""}, "Enter the employer"),
        ({"employer": "   "}, "Enter the employer"),
        ({"job_title": "x" * 151}, "The job title must be 150 characters or fewer"),
        ({"hours_per_week": "0"}, "Enter the hours a week, from 1 to 60"),
        ({"hours_per_week": "61"}, "Enter the hours a week, from 1 to 60"),
        ({"hours_per_week": "lots"}, "Enter the hours a week as a number"),
        ({"hours_per_week": "7.25"}, "to one decimal place"),
        ({"pay_band": "millions"}, "Choose the pay"),
        ({"opportunity": "999999"}, "Choose a listed job"),
        ({"started_on_0": "40"}, "The start date must be a real date"),
        (
            {**date_fields("started_on", TODAY() - timedelta(365))},
            "must be on or after the referral",
        ),
    ],
)
def test_bad_job_input_is_explained_and_nothing_written(
    client, sign_in, world, pathways, changes, message
):
    sign_in(client, world.peer_worker)
    response = client.post(url("job_add", pathways.pat_support), job_data(**changes))
    assert assert_good_page(response).title.startswith("Error: ")
    assert message in response.content.decode()
    assert JobStart.objects.count() == 1 and logged() == []


def test_a_job_ends_once(client, sign_in, world, pathways):
    job = pathways.pat_job
    sign_in(client, world.recovery_coach)
    assert assert_good_page(client.get(url("job_end", job))).h1s == ["Record the end of a job"]
    assert client.post(url("job_end", job), end_data(reason="Contract ended")).status_code == 302
    assert refresh(job).ended_on == TODAY() and job.end_reason == "Contract ended"
    again = client.post(url("job_end", job), end_data(reason="Again")).content.decode()
    assert "This job already ended on" in again
    assert refresh(job).end_reason == "Contract ended"
    assert logged() == [(world.recovery_coach.pk, "change", "job start", world.pat.pk)]


def test_a_job_cannot_end_before_it_started(client, sign_in, world, pathways):
    sign_in(client, world.peer_worker)
    data = end_data(day=pathways.pat_job.started_on - timedelta(1))
    body = client.post(url("job_end", pathways.pat_job), data).content.decode()
    assert "The end must be on or after the start" in body
    assert refresh(pathways.pat_job).ended_on is None


def test_a_job_without_support_is_not_found(client, sign_in, world, pathways):
    own = ips.record_job_start(
        world.pat, employer="Shop", job_title="Till", hours_per_week=10, pay_band="nlw",
        started_on=TODAY(), by=world.peer_worker,
    )  # fmt: skip
    sign_in(client, world.peer_worker)
    assert client.get(url("job_end", own)).status_code == 404
    assert client.get(reverse("pathways:job_end", args=[10**6])).status_code == 404


@pytest.mark.parametrize("who", ["clinician", "manager", "carer_user", "college_staff"])
@pytest.mark.parametrize("name", ["support_progress", "support_end", "job_add"])
def test_only_the_teams_workers_change_support(client, sign_in, world, pathways, who, name):
    sign_in(client, getattr(world, who))
    assert client.get(url(name, pathways.pat_support)).status_code == 404
    assert client.post(url(name, pathways.pat_support), end_data()).status_code == 404


def test_the_person_cannot_change_their_own_support(client, sign_in, world, pathways):
    sign_in(client, world.pat.user)
    assert client.get(url("job_end", pathways.pat_job)).status_code == 404
    assert client.post(url("support_end", pathways.pat_support), end_data()).status_code == 404
    assert refresh(pathways.pat_support).status == SupportStatus.OPEN
