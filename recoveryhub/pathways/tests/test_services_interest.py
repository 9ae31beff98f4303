"""Interest's state machine through the services: sent, then approved, declined or
withdrawn, and every move refused from where it may not go, with nothing written.

    sent --approve--> approved (a volunteering or panel role also makes a placement)
    sent --decline (a kind reason)--> declined
    sent --withdraw--> withdrawn
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from recoveryhub.pathways import services
from recoveryhub.pathways.models import (
    CheckKind,
    CheckState,
    Interest,
    InterestStatus,
    OpportunityStatus,
    Placement,
)

pytestmark = pytest.mark.django_db
REASON = "Thank you: the places went to people free on Tuesdays this time."


def send(person, opportunity, **extra) -> Interest:
    fields = {"message": "I would like to try", "contact_by": "07700 900456", "consent": True}
    return services.show_interest(person, opportunity, **{**fields, **extra})


def snapshot(interest: Interest) -> tuple:
    interest.refresh_from_db()
    return (interest.status, interest.decided_at, interest.decided_by_id, interest.reason)


# Sending ------------------------------------------------------------------------------


def test_sending_needs_agreement_and_a_way_to_reply(world, pathways):
    with pytest.raises(ValidationError) as refused:
        send(world.quinn, pathways.garden, consent=False, contact_by="  ")
    assert set(refused.value.message_dict) == {"consent", "contact_by"}
    assert "Fenland Volunteer Centre" in refused.value.message_dict["consent"][0]
    assert not Interest.objects.filter(person=world.quinn).exists()


def test_sent_once_while_live(world, pathways):
    interest = send(world.quinn, pathways.garden)
    assert interest.status == InterestStatus.SENT and interest.consent_to_owner
    with pytest.raises(ValidationError, match="already shown interest"):
        send(world.quinn, pathways.garden)
    assert Interest.objects.filter(person=world.quinn).count() == 1


@pytest.mark.parametrize("status", [OpportunityStatus.DRAFT, OpportunityStatus.CLOSED])
def test_not_sent_to_a_role_not_taking_interest(world, pathways, status):
    pathways.garden.status = status
    pathways.garden.save()
    with pytest.raises(ValidationError, match="not taking interest"):
        send(world.quinn, pathways.garden)


def test_not_sent_after_the_closing_day(world, pathways):
    pathways.garden.closes_on = timezone.localdate() - timedelta(days=1)
    pathways.garden.save()
    with pytest.raises(ValidationError, match="closed on"):
        send(world.quinn, pathways.garden)


# Approving ----------------------------------------------------------------------------


def test_yes_to_a_volunteering_role_makes_a_placement_with_its_checklist(world, pathways):
    interest = send(world.quinn, pathways.garden)
    services.approve(interest, by=world.partner)
    assert snapshot(interest)[0] == InterestStatus.APPROVED
    assert interest.decided_by == world.partner and interest.decided_at is not None
    placement = Placement.objects.get(interest=interest)
    assert placement.person == world.quinn and placement.status == "onboarding"
    kinds = list(placement.checklist.values_list("kind", "state"))
    # The garden asks for one reference and a basic DBS check, and an induction.
    assert kinds == [
        (CheckKind.REFERENCES, CheckState.NOT_STARTED),
        (CheckKind.DBS, CheckState.NOT_STARTED),
        (CheckKind.INDUCTION, CheckState.NOT_STARTED),
    ]


def test_yes_to_a_job_makes_no_placement(world, pathways):
    services.approve(pathways.pat_cafe_interest, by=pathways.gil)
    assert snapshot(pathways.pat_cafe_interest)[0] == InterestStatus.APPROVED
    assert not Placement.objects.filter(interest=pathways.pat_cafe_interest).exists()


# Declining ----------------------------------------------------------------------------


def test_not_this_time_keeps_its_kind_reason(world, pathways):
    services.decline(pathways.pat_cafe_interest, by=pathways.gil, reason=f"  {REASON}  ")
    status, decided_at, by, reason = snapshot(pathways.pat_cafe_interest)
    assert (status, by, reason) == (InterestStatus.DECLINED, pathways.gil.pk, REASON)
    assert decided_at is not None


@pytest.mark.parametrize("reason", ["", "   ", "No."])
def test_not_this_time_needs_a_reason_of_a_sentence(pathways, reason):
    before = snapshot(pathways.pat_cafe_interest)
    with pytest.raises(ValidationError) as refused:
        services.decline(pathways.pat_cafe_interest, by=pathways.gil, reason=reason)
    assert "reason" in refused.value.message_dict
    assert snapshot(pathways.pat_cafe_interest) == before


# Withdrawing --------------------------------------------------------------------------


def test_withdrawn_while_waiting_and_then_it_can_be_sent_again(world, pathways):
    services.withdraw_interest(pathways.pat_cafe_interest)
    pathways.pat_cafe_interest.refresh_from_db()
    assert pathways.pat_cafe_interest.status == InterestStatus.WITHDRAWN
    assert pathways.pat_cafe_interest.withdrawn_at is not None
    again = send(world.pat, pathways.cafe)
    assert again.status == InterestStatus.SENT


# Every move refused from an answered or withdrawn interest ------------------------------


def _approved(world, pathways):
    return pathways.pat_garden_interest


def _declined(world, pathways):
    interest = send(world.quinn, pathways.garden)
    return services.decline(interest, by=world.partner, reason=REASON)


def _withdrawn(world, pathways):
    return services.withdraw_interest(send(world.quinn, pathways.garden))


MOVES = {
    "approve": lambda i, w, p: services.approve(i, by=w.partner),
    "decline": lambda i, w, p: services.decline(i, by=w.partner, reason=REASON),
    "withdraw": lambda i, w, p: services.withdraw_interest(i),
}


@pytest.mark.parametrize("make", [_approved, _declined, _withdrawn])
@pytest.mark.parametrize("move", sorted(MOVES))
def test_no_move_from_an_answered_or_withdrawn_interest(world, pathways, make, move):
    interest = make(world, pathways)
    before = snapshot(interest)
    placements = Placement.objects.count()
    message = "withdrawn" if move == "withdraw" else "already been answered or withdrawn"
    with pytest.raises(ValidationError, match=message):
        MOVES[move](interest, world, pathways)
    assert snapshot(interest) == before
    assert Placement.objects.count() == placements
