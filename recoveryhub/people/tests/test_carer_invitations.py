"""Carers by invitation from the person (issue 13, item 3).

The person invites a carer from their Carers page, or a worker on their team does it
with them from their page (recorded, and in their access log). The job runner emails a
one-time link; the carer accepts with a new sign-in or their own existing one (staff
sign-ins refused); the carer link then shares nothing until the person chooses.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import Role
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.governance import services as privacy
from recoveryhub.governance.models import PrivacyAcceptance
from recoveryhub.people import carer_invitations
from recoveryhub.people.models import CarerInvitation, CarerLink, Person

pytestmark = pytest.mark.django_db

INVITE = reverse("people:carer_invite")
CARERS = reverse("people:carers")
NEW_PASSWORD = "a-long-pass-phrase-7"
TICK = {"privacy_notice": "on"}
ALEX = {"carer_name": "Alex Friend", "relationship": "Friend", "email": "Alex@Example.com"}


def with_url(person) -> str:
    return reverse("people:person_carer_invite", args=[person.pk])


def accept_url(token: str) -> str:
    return reverse("people:accept_carer_invitation", args=[token])


def link_in(message) -> str:
    return re.search(r"http://[^/\s]+(/carer-invitation/\S+/)", message.body).group(1)


def send_and_get_link() -> str:
    before = len(mail.outbox)
    assert carer_invitations.send_due_invitations().sent == 1
    assert len(mail.outbox) == before + 1
    return link_in(mail.outbox[-1])


def issue(world, email="alex@example.com", **fields) -> tuple[CarerInvitation, str]:
    return CarerInvitation.issue(
        cared_for=world.pat,
        carer_name=fields.pop("carer_name", "Alex Friend"),
        relationship="Friend",
        email=email,
        created_by=world.pat_user,
        **fields,
    )


# The person invites ----------------------------------------------------------------------


def test_the_person_invites_a_carer_and_the_runner_emails_the_link(
    client, sign_in, world, django_capture_on_commit_callbacks
):
    sign_in(client, world.pat_user)
    carers_page = client.get(CARERS)
    assert INVITE in assert_good_page(carers_page).links
    facts = assert_good_page(client.get(INVITE))
    assert facts.h1s == ["Invite a carer"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(INVITE, ALEX)
    assert response["Location"] == CARERS
    assert len(callbacks) == 1  # the job runner is asked to send it
    invitation = CarerInvitation.objects.get()
    assert (invitation.email, invitation.created_by, invitation.token_hash) == (
        "alex@example.com",
        world.pat_user,
        None,  # no link until the runner sends it
    )
    assert not AccessEvent.objects.filter(person=world.pat).exists()  # her own doing
    page = client.get(CARERS).content.decode()
    assert "Alex Friend" in page and "emailed in the next few minutes" in page

    path = send_and_get_link()
    message = mail.outbox[-1]
    assert message.to == ["alex@example.com"]
    assert "Pat Jones has invited you" in message.subject
    assert "9997654323" not in message.body and "Patricia" not in message.body
    invitation.refresh_from_db()
    assert invitation.token_hash and invitation.sent_at
    assert carer_invitations.send_due_invitations().sent == 0  # never sent twice
    assert "Emailed on" in client.get(CARERS).content.decode()
    client.logout()
    assert assert_good_page(client.get(path)).h1s == [
        "Accept Pat Jones's invitation to be their carer"
    ]


def test_a_refused_send_keeps_nothing_and_is_tried_again(world, settings):
    carer_invitations.invite(world.pat, **ALEX, actor=world.pat_user, route="/t/")
    settings.EMAIL_BACKEND = "recoveryhub.people.tests.test_invitations.RefusingBackend"
    assert carer_invitations.send_due_invitations().failed == 1
    assert CarerInvitation.objects.get().token_hash is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert carer_invitations.send_due_invitations().sent == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({**ALEX, "carer_name": "  "}, "carer_name"),
        ({**ALEX, "carer_name": "x" * 201}, "carer_name"),
        ({**ALEX, "relationship": ""}, "relationship"),
        ({**ALEX, "relationship": "x" * 101}, "relationship"),
        ({**ALEX, "email": ""}, "email"),
        ({**ALEX, "email": "not an address"}, "email"),
        ({**ALEX, "email": "pat@example.com"}, "email"),  # her own
        ({**ALEX, "email": "clinician@example.com"}, "email"),  # a member of staff
        ({**ALEX, "email": "chris@example.com"}, "email"),  # already her carer
    ],
)
def test_bad_input_on_the_invite_page_writes_nothing(client, sign_in, world, data, field):
    sign_in(client, world.pat_user)
    facts = assert_good_page(client.post(INVITE, data))
    assert facts.error_summary_links == [f"#id_{field}"]
    assert facts.title.startswith("Error: ")
    assert not CarerInvitation.objects.exists()


def test_nul_bytes_are_refused_and_write_nothing(client, sign_in, world):
    sign_in(client, world.pat_user)
    assert client.post(INVITE, {**ALEX, "carer_name": "Al\x00ex"}).status_code == 400
    client.logout()
    sign_in(client, world.peer_worker)
    data = {**ALEX, "relationship": "Fr\x00iend", "with_them": "yes"}
    assert client.post(with_url(world.pat), data).status_code == 400
    client.logout()
    _invitation, token = issue(world)
    data = {"full_name": "Alex\x00", "password": NEW_PASSWORD}
    assert client.post(accept_url(token), data).status_code == 400
    assert CarerInvitation.objects.count() == 1
    assert not User.objects.filter(email="alex@example.com").exists()


def test_a_new_invitation_to_the_same_address_stops_the_old_link(world, client):
    old, old_token = issue(world)
    carer_invitations.invite(world.pat, **ALEX, actor=world.pat_user, route="/t/")
    old.refresh_from_db()
    assert old.withdrawn_at is not None
    assert assert_good_page(client.get(accept_url(old_token)), 404).h1s == [
        "This invitation has been withdrawn"
    ]


# A worker with the person ----------------------------------------------------------------


def test_a_worker_sends_it_with_the_person_and_it_is_in_her_access_log(client, sign_in, world):
    sign_in(client, world.peer_worker)
    detail = client.get(reverse("people:person_detail", args=[world.pat.pk]))
    assert with_url(world.pat) in assert_good_page(detail).links
    facts = assert_good_page(client.get(with_url(world.pat)))
    assert facts.h1s == ["Invite a carer with Pat Jones"]
    # Without saying Pat is with them and asked for it, nothing is sent.
    facts = assert_good_page(client.post(with_url(world.pat), ALEX))
    assert facts.error_summary_links == ["#id_with_them"]
    assert not CarerInvitation.objects.exists()
    response = client.post(with_url(world.pat), {**ALEX, "with_them": "yes"})
    assert response["Location"] == reverse("people:person_detail", args=[world.pat.pk])
    invitation = CarerInvitation.objects.get()
    assert invitation.created_by == world.peer_worker
    change = AccessEvent.objects.get(person=world.pat, action=AccessAction.CHANGE)
    assert (change.actor, change.object_type, change.object_id) == (
        world.peer_worker,
        "carer invitation",
        str(invitation.pk),
    )
    assert "Alex Friend" in client.get(response["Location"]).content.decode()
    # Pat sees who sent it with her, and can withdraw it.
    client.logout()
    sign_in(client, world.pat_user)
    page = client.get(CARERS).content.decode()
    assert "Sent with you by Priya Peer" in page
    withdraw = reverse("people:carer_invitation_withdraw", args=[invitation.pk])
    assert f'action="{withdraw}"' in page


def test_a_worker_not_on_her_team_cannot_send_one(client, sign_in, world):
    sign_in(client, world.clinician)
    assert client.get(with_url(world.pat)).status_code == 404
    assert client.post(with_url(world.pat), {**ALEX, "with_them": "yes"}).status_code == 404
    assert not CarerInvitation.objects.exists()


# Withdrawing -------------------------------------------------------------------------


def test_only_the_person_withdraws_an_invitation(client, sign_in, world):
    invitation, token = issue(world)
    url = reverse("people:carer_invitation_withdraw", args=[invitation.pk])
    for someone in (world.peer_worker, world.carer_user, world.admin):
        client.logout()
        sign_in(client, someone)
        assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None
    client.logout()
    sign_in(client, world.pat_user)
    assert client.get(url).status_code == 405
    assert client.post(url)["Location"] == CARERS
    invitation.refresh_from_db()
    assert (invitation.withdrawn_by, invitation.withdrawn_at is not None) == (world.pat_user, True)
    assert "Withdraw invitation" not in client.get(CARERS).content.decode()
    client.logout()
    response = client.get(accept_url(token))
    assert assert_good_page(response, 404).h1s == ["This invitation has been withdrawn"]
    client.post(accept_url(token), {"full_name": "Alex Friend", "password": NEW_PASSWORD, **TICK})
    assert not CarerLink.objects.filter(cared_for=world.pat).exclude(pk=world.carer_link.pk)


# The carer accepts -------------------------------------------------------------------


def test_the_carer_accepts_with_a_new_sign_in_and_sees_nothing_yet(client, sign_in, world):
    invitation, token = issue(world)
    response = client.post(
        accept_url(token), {"full_name": "Alex Friend", "password": NEW_PASSWORD, **TICK}
    )
    assert response["Location"] == reverse("people:caring_for")
    account = User.objects.get(email="alex@example.com")
    assert account.has_role(Role.CARER) and not account.is_staff_role
    assert privacy.latest_acceptance(account).notice == privacy.current_notice()
    assert account.check_password(NEW_PASSWORD)
    link = CarerLink.objects.get(carer__user=account)
    assert (link.cared_for, link.relationship, link.carer.full_name) == (
        world.pat,
        "Friend",
        "Alex Friend",
    )
    assert not (link.shares_plans or link.shares_check_ins or link.shares_college)
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.link == link
    page = client.get(reverse("people:caring_for")).content.decode()  # signed in as Alex
    assert "Has not shared anything with you" in page
    # The link works once.
    client.logout()
    again = client.get(accept_url(token))
    assert assert_good_page(again, 404).h1s == ["This invitation has already been accepted"]
    # Pat is told, and chooses what to share.
    sign_in(client, world.pat_user)
    page = client.get(CARERS).content.decode()
    assert "Alex Friend accepted your invitation" in page
    sharing = reverse("people:carer_sharing", args=[link.pk])
    assert client.post(sharing, {"shared": ["shares_plans"]})["Location"] == CARERS
    link.refresh_from_db()
    assert link.shares_plans and not link.shares_college
    assert "accepted your invitation" not in client.get(CARERS).content.decode()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"full_name": "", "password": NEW_PASSWORD, **TICK}, "full_name"),
        ({"full_name": "x" * 201, "password": NEW_PASSWORD, **TICK}, "full_name"),
        ({"full_name": "Alex Friend", "password": "", **TICK}, "password"),
        ({"full_name": "Alex Friend", "password": "short", **TICK}, "password"),
        ({"full_name": "Alex Friend", "password": "x" * 129, **TICK}, "password"),
        ({"full_name": "Alex Friend", "password": NEW_PASSWORD}, "privacy_notice"),
    ],
)
def test_bad_input_on_accepting_writes_nothing(client, world, data, field):
    _invitation, token = issue(world)
    facts = assert_good_page(client.post(accept_url(token), data))
    assert facts.error_summary_links == [f"#id_{field}"]
    assert not User.objects.filter(email="alex@example.com").exists()
    assert CarerLink.objects.count() == 1
    assert CarerInvitation.objects.get().accepted_at is None
    assert not PrivacyAcceptance.objects.exists()


def test_an_existing_sign_in_is_used_with_its_password_and_keeps_its_record(
    client, sign_in, world, password
):
    # Quinn (no sign-in of her own) invites Chris, who already cares for Pat, with her worker.
    carer_invitations.invite(
        world.quinn,
        carer_name="Chris Jones",
        relationship="Brother",
        email="chris@example.com",
        actor=world.clinician,
        route="/t/",
    )
    path = send_and_get_link()
    page = client.get(path)
    facts = assert_good_page(page)
    assert facts.h1s == ["Accept Quinn Taylor's invitation to be their carer"]
    assert 'name="full_name"' not in page.content.decode()
    untick = assert_good_page(client.post(path, {"password": password}))
    assert untick.error_summary_links == ["#id_privacy_notice"]
    wrong = client.post(path, {"password": "not-the-password", **TICK})
    assert "You have 4 more tries" in wrong.content.decode()
    assert not CarerLink.objects.filter(cared_for=world.quinn).exists()
    accepted = client.post(path, {"password": password, **TICK})
    assert accepted["Location"] == reverse("people:caring_for")
    link = CarerLink.objects.get(cared_for=world.quinn)
    assert link.carer == world.carer_link.carer  # his own record, not a second one
    assert Person.objects.filter(user=world.carer_user).count() == 1
    assert User.objects.filter(email="chris@example.com").count() == 1


def test_a_few_wrong_passwords_stop_the_link(client, world):
    invitation, token = issue(world, email="sam.student@example.com", carer_name="Sam")
    for _ in range(CarerInvitation.MAX_WRONG_ANSWERS - 1):
        client.post(accept_url(token), {"password": "wrong-password", **TICK})
    response = client.post(accept_url(token), {"password": "wrong-password", **TICK})
    assert assert_good_page(response, 404).h1s == ["This invitation link has stopped working"]
    invitation.refresh_from_db()
    assert invitation.withdrawn_at and invitation.wrong_answers == 5
    assert not CarerLink.objects.filter(carer__user=world.student).exists()


@pytest.mark.parametrize("who", ["clinician", "admin", "manager"])
def test_a_staff_sign_in_is_refused(client, world, password, who):
    staff = getattr(world, who)
    _invitation, token = issue(world, email=staff.email)
    facts = assert_good_page(client.get(accept_url(token)))
    assert facts.h1s == ["This invitation cannot be used"]
    response = client.post(accept_url(token), {"password": password, **TICK})
    assert assert_good_page(response).h1s == ["This invitation cannot be used"]
    assert not CarerLink.objects.filter(carer__user=staff).exists()
    assert not staff.has_role(Role.CARER)


def test_expired_and_unknown_links_get_a_clear_page(client, world):
    invitation, token = issue(world)
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    expired = client.get(accept_url(token))
    assert assert_good_page(expired, 404).h1s == ["This invitation link has expired"]
    client.post(accept_url(token), {"full_name": "Alex", "password": NEW_PASSWORD, **TICK})
    assert not User.objects.filter(email="alex@example.com").exists()
    unknown = client.get(accept_url("not-a-real-token"))
    assert assert_good_page(unknown, 404).h1s == ["This invitation link does not work"]
    assert "Pat" not in unknown.content.decode()


def test_someone_signed_in_is_asked_to_sign_out_first(client, sign_in, world):
    _invitation, token = issue(world)
    sign_in(client, world.student)
    assert client.get(accept_url(token))["Location"] == reverse("core:home")
    assert not CarerLink.objects.filter(carer__user=world.student).exists()
