"""Django admin cannot make an admin 'the person', and every page of it that shows people
is in their access log (issue 11, findings 3 and 10)."""

import pytest
from django.urls import reverse

from recoveryhub.college.models import Student, StudentType
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.people.models import CarerLink, Invitation, Person

pytestmark = pytest.mark.django_db


def person_form(person, **changes) -> dict:
    """What the admin change form posts for someone with no carers."""
    return {
        "full_name": person.full_name,
        "preferred_name": person.preferred_name,
        "locality": person.locality_id or "",
        "carers-TOTAL_FORMS": "0",
        "carers-INITIAL_FORMS": "0",
        "carers-MIN_NUM_FORMS": "0",
        "carers-MAX_NUM_FORMS": "1000",
        "_save": "Save",
        **changes,
    }


@pytest.fixture
def admin_client(client, sign_in, world):
    return sign_in(client, world.admin)


def test_the_sign_in_link_is_not_a_field_of_the_admin_form(admin_client, world):
    response = admin_client.get(reverse("admin:people_person_change", args=[world.quinn.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "user" not in form.fields
    assert 'name="user"' not in response.content.decode()


def test_an_admin_cannot_make_themselves_the_person(admin_client, world):
    url = reverse("admin:people_person_change", args=[world.quinn.pk])
    response = admin_client.post(url, person_form(world.quinn, user=world.admin.pk))
    assert response.status_code == 302  # the form was valid: the rest of it was saved...
    world.quinn.refresh_from_db()
    assert world.quinn.user_id is None  # ...but not the sign-in
    # Nor on a new record, nor the contact details an invitation is sent to and checked by.
    add = reverse("admin:people_person_add")
    admin_client.post(
        add,
        person_form(
            Person(full_name="Ada's alias"),
            user=world.admin.pk,
            email="ada@example.com",
            date_of_birth="1980-01-01",
        ),
    )
    alias = Person.objects.get(full_name="Ada's alias")
    assert (alias.user_id, alias.email, alias.date_of_birth) == (None, "", None)
    admin_client.post(url, person_form(world.quinn, email="ada@example.com"))
    world.quinn.refresh_from_db()
    assert world.quinn.email == ""
    # So nothing of anyone's record is theirs to read unlogged.
    assert admin_client.get(reverse("people:my_record")).status_code == 404
    assert not Person.objects.filter(user=world.admin).exists()


def test_an_admin_cannot_choose_what_a_person_shares_with_a_carer(admin_client, world):
    link = world.carer_link
    response = admin_client.get(reverse("admin:people_person_change", args=[world.pat.pk]))
    inline = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert not {"shares_plans", "shares_check_ins", "shares_college"} & set(inline.fields)
    link.refresh_from_db()
    assert not (link.shares_plans or link.shares_check_ins or link.shares_college)
    assert CarerLink.objects.count() == 1


def test_an_admin_cannot_take_over_a_persons_sign_in_through_the_user_admin(
    admin_client, world, password
):
    user = world.pat_user
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    assert admin_client.get(url).status_code == 403
    new = "an-admins-own-pass-99"
    response = admin_client.post(url, {"password1": new, "password2": new})
    assert response.status_code == 403
    change = reverse("admin:accounts_user_change", args=[user.pk])
    page = admin_client.get(change)
    assert "email" not in page.context["adminform"].form.fields
    grant = user.role_grants.get()
    admin_client.post(
        change,
        {
            "email": "ada.admin+pat@example.com",
            "full_name": user.full_name,
            "is_active": "on",
            "role_grants-TOTAL_FORMS": "1",
            "role_grants-INITIAL_FORMS": "1",
            "role_grants-MIN_NUM_FORMS": "0",
            "role_grants-MAX_NUM_FORMS": "1000",
            "role_grants-0-id": grant.pk,
            "role_grants-0-user": user.pk,
            "role_grants-0-role": grant.role,
            "_save": "Save",
        },
    )
    user.refresh_from_db()
    assert user.email == "pat@example.com"
    assert user.check_password(password) and not user.check_password(new)
    # A College student's own sign-in is theirs too.
    student = world.student
    Student.objects.create(user=student, full_name="Sam Student", student_type=StudentType.PUBLIC)
    url = reverse("admin:auth_user_password_change", args=[student.pk])
    assert admin_client.get(url).status_code == 403


def test_invitations_are_read_only_in_admin(admin_client, world):
    invitation, _token = Invitation.issue(
        person=world.quinn, email="quinn@example.com", created_by=world.clinician
    )
    url = reverse("admin:people_invitation_change", args=[invitation.pk])
    response = admin_client.post(url, {"email": "ada@example.com", "wrong_answers": "0"})
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.email == "quinn@example.com"


# Every admin page that shows people writes access events ------------------------------


def admin_events(person):
    return AccessEvent.objects.filter(person=person)


def test_the_person_list_writes_one_event_for_each_person_shown(admin_client, world):
    url = reverse("admin:people_person_changelist")
    assert admin_client.get(url).status_code == 200
    everyone = Person.objects.all()
    assert everyone.count() == 3
    for person in everyone:
        event = admin_events(person).get()
        assert (event.actor, event.action, event.object_type) == (world.admin, "view", "person")
        assert event.route == url
    # A search shows, and logs, only who it finds.
    assert admin_client.get(url, {"q": "Quinn"}).status_code == 200
    assert admin_events(world.quinn).count() == 2
    assert admin_events(world.pat).count() == 1


def test_the_person_list_has_no_bulk_actions(admin_client, world):
    url = reverse("admin:people_person_changelist")
    response = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [world.quinn.pk]}
    )
    assert "Are you sure" not in response.content.decode()
    assert Person.objects.filter(pk=world.quinn.pk).exists()


@pytest.mark.parametrize("page", ["delete", "history", "change"])
def test_each_admin_page_of_a_person_writes_exactly_one_event(admin_client, world, page):
    url = reverse(f"admin:people_person_{page}", args=[world.quinn.pk])
    assert admin_client.get(url).status_code == 200
    event = admin_events(world.quinn).get()
    assert (event.actor, event.action, event.route) == (world.admin, AccessAction.VIEW, url)
    assert not admin_events(world.pat).exists()


def test_deleting_in_admin_is_logged_and_keeps_the_log(admin_client, world):
    """A person whose record anyone has looked at keeps their access log: the delete is
    refused (access events protect the person), and the attempt is in the log."""
    url = reverse("admin:people_person_delete", args=[world.quinn.pk])
    admin_client.post(url, {"post": "yes"})
    assert Person.objects.filter(pk=world.quinn.pk).exists()
    assert admin_events(world.quinn).count() == 1


def test_admin_pages_of_someone_who_is_not_there_write_nothing(admin_client, world):
    for page in ["delete", "history", "change"]:
        response = admin_client.get(reverse(f"admin:people_person_{page}", args=[999_999]))
        assert response.status_code in (302, 404)
    assert not AccessEvent.objects.exists()
