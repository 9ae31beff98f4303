"""Only the person can change what a carer sees (issue 13, Must show): not a worker with
them, not an admin, not Django admin, where carers can no longer be added either."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from recoveryhub.accounts.roles import Role
from recoveryhub.people import services
from recoveryhub.people.models import CarerLink
from recoveryhub.people.tests.test_admin import person_form

pytestmark = pytest.mark.django_db

SHARE_ALL = {"shared": ["shares_plans", "shares_check_ins", "shares_college"]}


def shares(link) -> tuple[bool, bool, bool]:
    link.refresh_from_db()
    return (link.shares_plans, link.shares_check_ins, link.shares_college)


# Who tries, and whether they may. The service admin joins this list once the role exists
# (issue 13, item 4): they must be refused like the admin.
WHO = {
    "the person": lambda world, make_user: world.pat_user,
    "a worker with them": lambda world, make_user: world.recovery_coach,
    "an admin": lambda world, make_user: make_user(
        "ops.admin@example.com", Role.ADMIN, full_name="Oli Ops"
    ),
    "a Django superuser": lambda world, make_user: world.admin,
    "a service admin": lambda world, make_user: world.service_admin,
}


@pytest.mark.parametrize("who", WHO)
def test_only_the_person_changes_what_a_carer_sees(client, sign_in, world, make_user, who):
    actor = WHO[who](world, make_user)
    link = world.carer_link
    url = reverse("people:carer_sharing", args=[link.pk])
    sign_in(client, actor)
    allowed = actor == world.pat_user
    assert client.get(url).status_code == (200 if allowed else 404)
    response = client.post(url, SHARE_ALL)
    assert response.status_code == (302 if allowed else 404)
    assert shares(link) == (allowed, allowed, allowed)
    if allowed:
        return
    # Nor by calling the service directly, whatever a future page might do.
    with pytest.raises(PermissionDenied):
        services.set_carer_sharing(link, actor=actor, shared={"shares_plans"})
    assert shares(link) == (False, False, False)


def test_django_admin_can_neither_tick_sharing_nor_add_a_carer(client, sign_in, world):
    link, pat = world.carer_link, world.pat
    sign_in(client, world.admin)
    url = reverse("admin:people_person_change", args=[pat.pk])
    page = client.get(url)
    assert "added only when a carer accepts the person&#x27;s own invitation" in (
        page.content.decode()
    )
    inline = page.context["inline_admin_formsets"][0]
    assert not inline.has_add_permission and not inline.has_change_permission
    response = client.post(
        url,
        person_form(
            pat,
            nhs_number=pat.nhs_number,
            **{
                "carers-TOTAL_FORMS": "2",
                "carers-INITIAL_FORMS": "1",
                "carers-0-id": str(link.pk),
                "carers-0-cared_for": str(pat.pk),
                "carers-0-carer": str(world.quinn.pk),
                "carers-0-relationship": "Someone else",
                "carers-0-shares_plans": "on",
                "carers-0-shares_check_ins": "on",
                "carers-0-shares_college": "on",
                "carers-1-cared_for": str(pat.pk),
                "carers-1-carer": str(world.quinn.pk),
                "carers-1-relationship": "Friend",
                "carers-1-shares_plans": "on",
            },
        ),
    )
    assert response.status_code == 302  # saved: the inline rows were ignored
    assert shares(link) == (False, False, False)
    assert (link.carer.user, link.relationship) == (world.carer_user, "Partner")
    assert list(CarerLink.objects.all()) == [link]
    # The invitations themselves are read only there too.
    assert client.get(reverse("admin:people_carerinvitation_add")).status_code == 403
