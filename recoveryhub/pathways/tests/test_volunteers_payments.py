"""Recording a payment (pathways:payment_add): expenses or an involvement payment, typed
in pounds and pence and kept in pence; recorded here, paid by finance. The managers only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways.models import Payment
from recoveryhub.pathways.tests.volunteers_helpers import (
    on,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def url(placement):
    return reverse("pathways:payment_add", args=[placement.pk])


def good(**extra) -> dict:
    return {"kind": "expenses", "amount": "12.50", **on(TODAY(), "on"),
            "what_for": "Bus fares to the garden", **extra}  # fmt: skip


@pytest.mark.parametrize(
    "typed, pence",
    [("12.50", 1250), ("£12.50", 1250), ("12", 1200), (" 0.01 ", 1), ("1,000", 100000),
     ("7.5", 750)],
)  # fmt: skip
def test_recorded_in_pence(client, sign_in, world, pathways, typed, pence):
    sign_in(client, world.partner)
    assert assert_good_page(client.get(url(pathways.pat_placement))).h1s == ["Record a payment"]
    response = client.post(url(pathways.pat_placement), good(amount=typed))
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.amount_pence, payment.person, payment.placement) == (
        pence, world.pat, pathways.pat_placement,
    )  # fmt: skip
    assert payment.recorded_by == world.partner
    page = client.get(response["Location"]).content.decode()
    assert "Expenses of £" in page
    assert ("change", "payment") in [(e.action, e.object_type) for e in AccessEvent.objects.all()]


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"amount": ""}, "Enter the amount"),
        ({"amount": "twelve"}, "Enter the amount in pounds and pence, like 12.50"),
        ({"amount": "12.505"}, "Enter the amount in pounds and pence, like 12.50"),
        ({"amount": "NaN"}, "Enter the amount in pounds and pence, like 12.50"),
        ({"amount": "0"}, "Enter an amount from 1p to £1,000"),
        ({"amount": "-5"}, "Enter an amount from 1p to £1,000"),
        ({"amount": "1000.01"}, "Enter an amount from 1p to £1,000"),
        ({"amount": "1e400"}, "Enter an amount from 1p to £1,000"),
        ({"kind": "gift"}, "Choose expenses or an involvement payment"),
        ({"kind": ""}, "Choose expenses or an involvement payment"),
        ({"what_for": " "}, "Say what it is for"),
        ({"what_for": "x" * 301}, "300 characters or fewer"),
        ({"on_0": "", "on_1": "", "on_2": ""}, "Enter the day"),
        (
            on(TODAY().replace(year=TODAY().year + 1), "on"),
            "The day must be the same as or before",
        ),
    ],
)
def test_bad_input_is_refused_with_nothing_written(
    client, sign_in, world, pathways, extra, message
):
    sign_in(client, world.partner)
    response = client.post(url(pathways.pat_placement), good(**extra))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert message in response.content.decode()
    assert not Payment.objects.exists()


@pytest.mark.parametrize("who", ["person", "peer_worker", "college_staff", "admin"])
def test_others_get_not_found(client, sign_in, world, pathways, who):
    sign_in(client, world.by_role()[who])
    assert client.get(url(pathways.pat_placement)).status_code == 404
    assert client.post(url(pathways.pat_placement), good()).status_code == 404
    assert not Payment.objects.exists()
