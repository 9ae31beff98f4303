"""'Who has looked at your record': one plain sentence per thing someone did, newest first,
under a heading for each day, a week of days to a page, in a fixed number of queries."""

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.accounts.models import RoleGrant
from recoveryhub.accounts.roles import Role
from recoveryhub.core.access_log import record
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.views import DAYS_PER_PAGE

pytestmark = pytest.mark.django_db
URL = reverse("people:access_log")


def at(days_ago: int, hour: int = 10, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def logged_at(moment, **kwargs):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return record(route="/", **kwargs)


def page_text(client, url=URL) -> str:
    response = client.get(url)
    assert_good_page(response)
    return response.content.decode()


def test_a_worker_recording_a_check_in_with_you_is_one_plain_sentence(client, sign_in, world):
    coach, pat = world.recovery_coach, world.pat
    sign_in(client, coach)
    client.get(reverse("people:person_detail", args=[pat.pk]))
    client.get(reverse("measures:person_start", args=[pat.pk, "gad7"]))
    client.post(
        reverse("measures:person_start", args=[pat.pk, "gad7"]), {"recorded_as": "with_worker"}
    )
    check_in = CheckIn.objects.get()
    for number in range(1, 8):
        client.post(reverse("measures:question", args=[check_in.pk, number]), {"answer": "1"})
    client.post(reverse("measures:check", args=[check_in.pk]))
    client.get(reverse("measures:result", args=[check_in.pk]))
    assert AccessEvent.objects.filter(person=pat).count() >= 4  # many rows written...
    client.logout()
    sign_in(client, world.pat_user)
    text = page_text(client)
    sentence = (
        "Rory Coach, recovery coach, Fenland Adult Locality Team, recorded a check-in with you"
    )
    assert text.count(sentence) == 1  # ...one thing done
    assert text.count("Rory Coach") == 1 and "Looked at" not in text


def test_the_words_are_plain_and_say_who_did_it_not_what_they_use(client, sign_in, world):
    pat, priya = world.pat, world.peer_worker
    RoleGrant.objects.create(user=priya, role=Role.PERSON)  # a worker who also uses services
    logged_at(at(0, 9), actor=world.carer_user, person=pat, action="view", obj=world.carer_link)
    logged_at(at(0, 11), actor=priya, person=pat, action=AccessAction.PRINT)
    sign_in(client, world.pat_user)
    text = page_text(client)
    assert "Priya Peer, peer worker, Fenland Adult Locality Team, printed your record" in text
    assert "Chris Jones, carer, looked at what you share with them as your carer" in text
    assert "Person who uses services" not in text and "person who uses services" not in text
    assert "carer link" not in text and "Looked at your" not in text
    assert text.index("printed your record") < text.index("what you share")  # newest first


def test_each_day_has_its_own_heading_newest_first(client, sign_in, world):
    pat = world.pat
    for days_ago in (0, 1, 5):
        logged_at(at(days_ago), actor=world.peer_worker, person=pat, action="view")
    logged_at(at(5, 15, 30), actor=world.clinician, person=pat, action="export")
    sign_in(client, world.pat_user)
    facts = assert_good_page(client.get(URL))
    assert facts.h1s == ["Who has looked at your record"]
    text = client.get(URL).content.decode()
    headings = [f"{d:%A} {d.day} {d:%B %Y}" for d in (at(0), at(1), at(5))]
    positions = [text.index(f">{h}</h2>") for h in headings]
    assert positions == sorted(positions)
    oldest = text[positions[2] :]
    assert oldest.index("3:30pm") < oldest.index("10am")  # newest first within the day
    assert "Cleo Clinician, clinician, Wisbech Integrated Neighbourhood Team, downloaded" in oldest


def test_a_week_of_days_to_a_page_and_bad_page_numbers_show_a_page(client, sign_in, world):
    pat = world.pat
    for days_ago in range(DAYS_PER_PAGE + 3):
        logged_at(at(days_ago), actor=world.peer_worker, person=pat, action="view")
    sign_in(client, world.pat_user)
    first = page_text(client)
    assert first.count('<h2 class="nhsuk-heading-m">') == DAYS_PER_PAGE
    assert first.count(", looked at your record") == DAYS_PER_PAGE
    assert "Page 1 of 2" in first
    second = page_text(client, URL + "?page=2")
    assert second.count(", looked at your record") == 3
    for junk in ["banana", "-1", "999", "", "1%00", "9" * 40]:
        response = client.get(URL, {"page": junk})
        assert response.status_code == 200, junk
        assert ", looked at your record" in response.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_log(client, sign_in, world):
    pat = world.pat
    sign_in(client, world.pat_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    logged_at(at(0), actor=world.peer_worker, person=pat, action="view")
    few = queries()
    workers = [world.peer_worker, world.recovery_coach, world.clinician, world.manager]
    for days_ago in range(DAYS_PER_PAGE):
        for n, who in enumerate(workers):
            logged_at(at(days_ago, 9 + n), actor=who, person=pat, action="view")
            logged_at(at(days_ago, 9 + n, 5), actor=who, person=pat, action="print")
    assert queries() == few


def test_someone_elses_log_is_never_shown(client, sign_in, world):
    logged_at(at(0), actor=world.clinician, person=world.quinn, action="view")
    sign_in(client, world.pat_user)
    text = page_text(client)
    assert "Cleo Clinician" not in text
    assert "No one else has looked at your record yet" in text


@pytest.mark.parametrize("who", ["peer_worker", "manager", "college_staff", "admin", "student"])
def test_only_someone_with_a_record_has_a_who_has_looked_page(client, sign_in, world, who):
    logged_at(at(0), actor=world.clinician, person=world.pat, action="view")
    sign_in(client, getattr(world, who))
    response = client.get(URL)
    assert response.status_code == 404
    assert "Cleo Clinician" not in response.content.decode()


def test_signed_out_people_are_asked_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_the_page_only_reads(client, sign_in, world):
    sign_in(client, world.pat_user)
    assert client.post(URL).status_code == 405
    assert not AccessEvent.objects.exists()
