"""Plan PDFs take anything a form allows: markup prints as typed (never read by the PDF
engine), every field at its longest runs on over pages, and a worker's download is
logged only once the file is made."""

import pytest
from django.test import Client
from django.urls import reverse

from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing_pdf import assert_markup_printed_as_typed, markup
from recoveryhub.plans import pdf

from .longest import FILLERS, assert_printed_in_full, fill, fill_to_the_limit

pytestmark = pytest.mark.django_db


def pdfs(client, sign_in, world, plans) -> tuple[bytes, bytes]:
    """Pat's recovery plan and risk plan as PDFs, downloaded by her recovery coach."""
    sign_in(client, world.recovery_coach)
    recovery = client.get(reverse("plans:person_pdf", args=[world.pat.pk]))
    risk = client.get(
        reverse("plans:person_risk_pdf", args=[world.pat.pk, plans.pat_risk_plan.pk])
    )
    assert (recovery.status_code, risk.status_code) == (200, 200)
    return recovery.content, risk.content


def test_markup_in_every_field_prints_as_typed(client, sign_in, world, plans, settings):
    settings.TRUST_NAME = markup("Trust")
    # The plan is printed for the name in use (her preferred name leads).
    world.pat.full_name = markup("Name")
    world.pat.preferred_name = markup("Preferred")
    world.pat.save()
    recovery_values, risk_values = fill(
        plans, lambda model, name: markup(f"{model.__name__}.{name}")
    )
    recovery, risk = pdfs(client, sign_in, world, plans)
    assert_markup_printed_as_typed(
        recovery, *recovery_values, world.pat.display_name, settings.TRUST_NAME
    )
    assert_markup_printed_as_typed(risk, *risk_values, world.pat.display_name, settings.TRUST_NAME)


@pytest.mark.parametrize("filler", FILLERS.values(), ids=FILLERS.keys())
def test_every_field_at_its_longest_runs_on_over_pages(client, sign_in, world, plans, filler):
    recovery_values, risk_values = fill_to_the_limit(plans, filler)
    recovery, risk = pdfs(client, sign_in, world, plans)
    assert_printed_in_full(recovery, [*recovery_values, "In an emergency, call 999."], filler)
    assert_printed_in_full(risk, [*risk_values, "Who took part"], filler)


def test_the_person_downloads_their_longest_plan(client, sign_in, world, plans):
    recovery_values, _ = fill_to_the_limit(plans, FILLERS["words"])
    sign_in(client, world.pat_user)
    response = client.get(reverse("plans:pdf"))
    assert response.status_code == 200
    assert_markup_printed_as_typed(response.content, *recovery_values)


WORKER_DOWNLOADS = ["plans:person_pdf", "plans:risk_pdf", "plans:person_risk_pdf"]


def _args(name, world, plans):
    risk = plans.pat_risk_plan.pk
    return {"plans:person_pdf": [world.pat.pk], "plans:risk_pdf": [risk]}.get(
        name, [world.pat.pk, risk]
    )


@pytest.mark.parametrize("name", WORKER_DOWNLOADS)
def test_a_download_that_fails_is_not_logged(sign_in, world, plans, monkeypatch, name):
    def fail(*args, **kwargs):
        raise RuntimeError("the PDF could not be made")

    monkeypatch.setattr(pdf, "render", fail)
    client = sign_in(Client(raise_request_exception=False), world.recovery_coach)
    assert client.get(reverse(name, args=_args(name, world, plans))).status_code == 500
    assert not AccessEvent.objects.filter(person=world.pat).exists()


@pytest.mark.parametrize("name", WORKER_DOWNLOADS)
def test_a_download_that_works_is_logged_once(client, sign_in, world, plans, name):
    sign_in(client, world.recovery_coach)
    assert client.get(reverse(name, args=_args(name, world, plans))).status_code == 200
    [event] = AccessEvent.objects.filter(person=world.pat)
    assert (event.actor, event.action) == (world.recovery_coach, AccessAction.EXPORT)
