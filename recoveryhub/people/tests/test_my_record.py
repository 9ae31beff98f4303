"""A person's own record: seeing it, changing it, who has looked, and sharing with carers."""

import pytest
from django.urls import reverse

from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page, read_page
from recoveryhub.people.models import Person

pytestmark = pytest.mark.django_db

VALID = {
    "full_name": "Patricia Jones",
    "preferred_name": "Pat",
    "pronouns": "she/her",
    "date_of_birth_0": "15",
    "date_of_birth_1": "3",
    "date_of_birth_2": "1984",
    "nhs_number": "999 765 4323",
    "email": "pat@example.com",
    "phone": "07700 900982",
    "address": "1 High Street, Wisbech",
    "contact_preference": "text",
    "communication_needs": ["easy_read", "british_sign_language"],
    "interpreter_language": "",
}


def test_a_person_sees_their_own_record_without_writing_an_access_event(client, sign_in, world):
    sign_in(client, world.pat_user)
    response = client.get(reverse("people:my_record"))
    facts = assert_good_page(response)
    assert facts.h1s == ["Your record"]
    assert "999 765 4323" in response.content.decode()
    assert not AccessEvent.objects.exists()


def test_someone_without_a_record_gets_not_found(client, sign_in, world):
    sign_in(client, world.trainer)
    assert client.get(reverse("people:my_record")).status_code == 404


def test_a_person_changes_their_details(client, sign_in, world):
    sign_in(client, world.pat_user)
    assert_good_page(client.get(reverse("people:my_record_change")))
    response = client.post(
        reverse("people:my_record_change"), {**VALID, "nhs_number": "9997654323"}
    )
    assert response.status_code == 302
    world.pat.refresh_from_db()
    assert world.pat.date_of_birth.isoformat() == "1984-03-15"
    assert world.pat.nhs_number == "9997654323"
    assert world.pat.easy_read and world.pat.british_sign_language and not world.pat.large_print
    assert world.pat.contact_preference == "text"
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"nhs_number": "123"}, "nhs_number", "NHS number must be 10 digits"),
        ({"nhs_number": "999 765 4324"}, "nhs_number", "Enter a real NHS number"),
        ({"nhs_number": "abcdefghij"}, "nhs_number", "NHS number must be 10 digits"),
        ({"date_of_birth_2": "2999"}, "date_of_birth_0", "Date of birth must be in the past"),
        ({"date_of_birth_1": "13"}, "date_of_birth_0", "Date of birth must be a real date"),
        ({"date_of_birth_0": ""}, "date_of_birth_0", "Date of birth must include a day"),
        ({"date_of_birth_2": "84"}, "date_of_birth_0", "Date of birth must be a real date"),
        ({"full_name": ""}, "full_name", "Enter the full name"),
        ({"full_name": "x" * 201}, "full_name", "Full name must be 200 characters or fewer"),
        ({"address": "x" * 501}, "address", "Address must be 500 characters or fewer"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"phone": "call me maybe"}, "phone", "Enter a phone number"),
        ({"contact_preference": "pigeon"}, "contact_preference", "Select how you like"),
        ({"communication_needs": ["semaphore"]}, "communication_needs", "Select communication"),
    ],
)
def test_bad_details_say_what_is_wrong_and_write_nothing(
    client, sign_in, world, change, field, message
):
    sign_in(client, world.pat_user)
    before = Person.objects.values().get(pk=world.pat.pk)
    response = client.post(reverse("people:my_record_change"), {**VALID, **change})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert f"#id_{field}" in facts.error_summary_links
    assert message in response.content.decode()
    assert Person.objects.values().get(pk=world.pat.pk) == before


def test_an_nhs_number_already_on_another_record_is_refused(client, sign_in, world):
    world.quinn.nhs_number = "9990000018"
    world.quinn.save()
    sign_in(client, world.pat_user)
    response = client.post(
        reverse("people:my_record_change"), {**VALID, "nhs_number": "9990000018"}
    )
    assert "already on another record" in response.content.decode()
    world.pat.refresh_from_db()
    assert world.pat.nhs_number == "9997654323"


def test_who_has_looked_lists_others_newest_first_in_plain_english(
    client, sign_in, world, settings
):
    from recoveryhub.core.access_log import record

    record(actor=world.recovery_coach, person=world.pat, action=AccessAction.VIEW, route="/x/")
    record(actor=world.peer_worker, person=world.pat, action=AccessAction.PRINT, route="/y/")
    record(actor=world.clinician, person=world.quinn, action=AccessAction.VIEW, route="/z/")
    sign_in(client, world.pat_user)
    response = client.get(reverse("people:access_log"))
    facts = assert_good_page(response)
    assert facts.h1s == ["Who has looked at your record"]
    text = response.content.decode()
    assert "Priya Peer, peer worker, Fenland Adult Locality Team, printed your record" in text
    assert "Rory Coach, recovery coach, Fenland Adult Locality Team, looked at your record" in text
    assert text.index("Priya Peer") < text.index("Rory Coach")  # newest first
    assert "Cleo Clinician" not in text  # someone else's record


def test_who_has_looked_is_paged_with_a_fixed_number_of_queries(
    client, sign_in, world, django_assert_max_num_queries
):
    from recoveryhub.core.access_log import record

    for _ in range(30):
        record(actor=world.recovery_coach, person=world.pat, action=AccessAction.VIEW, route="/")
    sign_in(client, world.pat_user)
    with django_assert_max_num_queries(15):
        first = client.get(reverse("people:access_log"))
    # One look at the record over many pages is one thing done (paging is by day:
    # test_access_log_page.py).
    assert first.content.decode().count(", looked at your record") == 1
    assert client.get(reverse("people:access_log") + "?page=banana").status_code == 200


def test_a_person_decides_what_their_carer_sees_and_can_take_it_back(client, sign_in, world):
    from recoveryhub.core.permissions import can

    sign_in(client, world.pat_user)
    facts = assert_good_page(client.get(reverse("people:carers")))
    assert reverse("people:carer_sharing", args=[world.carer_link.pk]) in facts.links
    url = reverse("people:carer_sharing", args=[world.carer_link.pk])
    assert_good_page(client.get(url))
    client.post(url, {"shared": ["shares_plans", "shares_college"]})
    assert can(world.carer_user, "person.view_plans", world.pat)
    assert not can(world.carer_user, "person.view_check_ins", world.pat)
    client.post(url, {})
    assert not can(world.carer_user, "person.view_plans", world.pat)
    assert not can(world.carer_user, "person.view_college_record", world.pat)


def test_sharing_refuses_junk_and_other_peoples_carers(client, sign_in, world):
    url = reverse("people:carer_sharing", args=[world.carer_link.pk])
    sign_in(client, world.pat_user)
    response = client.post(url, {"shared": ["shares_everything"]})
    assert "Select what to share from the list" in response.content.decode()
    world.carer_link.refresh_from_db()
    assert not world.carer_link.shares_plans
    for outsider in [world.carer_user, world.recovery_coach]:
        client.logout()
        sign_in(client, outsider)
        assert client.post(url, {"shared": ["shares_plans"]}).status_code == 404
    world.carer_link.refresh_from_db()
    assert not world.carer_link.shares_plans


def test_a_carer_sees_what_is_shared_and_nothing_once_it_is_taken_back(client, sign_in, world):
    sign_in(client, world.carer_user)
    facts = assert_good_page(client.get(reverse("people:caring_for")))
    detail = reverse("people:caring_for_person", args=[world.pat.pk])
    assert detail in facts.links
    page = client.get(detail)
    assert "has not shared any part" in page.content.decode()
    world.carer_link.shares_check_ins = True
    world.carer_link.save()
    page = client.get(detail)
    assert "Check-ins and measures" in page.content.decode()
    world.carer_link.shares_check_ins = False
    world.carer_link.save()
    assert "Check-ins and measures" not in client.get(detail).content.decode()
    assert read_page(page.content.decode()).h1s == ["Pat Jones"]
    # A carer's look is in Pat's access log; someone they do not care for is not found.
    assert AccessEvent.objects.filter(actor=world.carer_user, person=world.pat).count() == 3
    assert (
        client.get(reverse("people:caring_for_person", args=[world.quinn.pk])).status_code == 404
    )
