"""Admins search the trail by who, what and when and download it; changes made through
pages are written as the signed-in user's; the Django admin cannot alter the trail."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.audit import search, trail
from recoveryhub.audit.models import AuditAction, AuditEntry
from recoveryhub.core.testing import assert_good_page

pytestmark = pytest.mark.django_db

TRAIL = reverse("audit:trail")
CSV = reverse("audit:trail_csv")


@pytest.fixture
def changes(world):
    with trail.acting_as(world.admin):
        world.team_a.phone = "01632 960 001"
        world.team_a.save()
    with trail.acting_as(world.manager):
        world.team_b.name = "=HYPERLINK(1)"
        world.team_b.save()
    return AuditEntry.objects.filter(object_type="team", action=AuditAction.CHANGE)


def test_an_admin_finds_it_from_the_menu_and_sees_every_change(client, sign_in, world, changes):
    sign_in(client, world.service_admin)
    assert TRAIL in assert_good_page(client.get(reverse("core:home"))).links
    page = client.get(TRAIL)
    text = page.content.decode()
    assert_good_page(page)
    assert "phone: (empty) → 01632 960 001" in text
    assert world.manager.email in text and world.admin.email in text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"who": "manager@"}, "=HYPERLINK(1)", "01632 960 001"),
        ({"what": "Fenland Adult"}, "01632 960 001", "=HYPERLINK(1)"),
        ({"kind": "team", "who": "admin"}, "01632 960 001", "=HYPERLINK(1)"),
    ],
)
def test_search_by_who_and_what(client, sign_in, world, changes, query, shown, hidden):
    sign_in(client, world.service_admin)
    text = client.get(TRAIL, query).content.decode()
    assert shown in text and hidden not in text


def test_search_by_when(client, sign_in, world, changes):
    sign_in(client, world.service_admin)
    today = timezone.localdate()
    old = today - timedelta(days=3)
    day = {"since_0": old.day, "since_1": old.month, "since_2": old.year}
    day |= {"until_0": old.day, "until_1": old.month, "until_2": old.year}
    assert "No changes match" in client.get(TRAIL, day).content.decode()
    day |= {"until_0": today.day, "until_1": today.month, "until_2": today.year}
    assert "01632 960 001" in client.get(TRAIL, day).content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since_0": "31", "since_1": "2", "since_2": "2026"}, "From date must be a real date"),
        ({"until_0": "1", "until_1": "1", "until_2": "3000"}, "To date must be"),
        (
            {
                "since_0": "2",
                "since_1": "1",
                "since_2": "2026",
                "until_0": "1",
                "until_1": "1",
                "until_2": "2026",
            },
            "To date must be the same as or after the from date",
        ),  # fmt: skip
        ({"who": "x" * 255}, "Who must be 254 characters or fewer"),
        ({"kind": "spaceship"}, "Select a kind of record from the list"),
    ],
)
def test_bad_searches_get_a_clear_error(client, sign_in, world, changes, query, message):
    sign_in(client, world.service_admin)
    for url in (TRAIL, CSV):
        page = client.get(url, query)
        assert_good_page(page)
        assert message in page.content.decode()


def test_the_download_is_what_the_search_found_and_safe_in_a_spreadsheet(
    client, sign_in, world, changes
):
    sign_in(client, world.service_admin)
    response = client.get(CSV, {"who": "manager"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["When", "Who", "What was done"]
    assert len(rows) == 2
    assert rows[1][1] == world.manager.email
    assert rows[1][4] == "'=HYPERLINK(1)"  # never a formula


def test_a_change_made_through_a_page_is_the_signed_in_users(client, sign_in, world):
    sign_in(client, world.pat_user)
    client.post(
        reverse("people:my_record_change"),
        {"full_name": "Patricia Jones", "preferred_name": "Trish", "locality": ""},
    )
    entry = AuditEntry.objects.get(object_type="person", action=AuditAction.CHANGE)
    assert (entry.actor, entry.route) == (world.pat_user, reverse("people:my_record_change"))
    assert entry.changes["preferred_name"] == ["Pat", "Trish"]


def test_the_django_admin_can_read_the_trail_but_not_alter_it(client, world, changes):
    client.force_login(world.admin)
    session = client.session
    session["otp_device_id"] = world.admin.totp_device.persistent_id
    session.save()
    entry = changes.first()
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert (
        client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    )
    client.post(
        reverse("admin:audit_auditentry_change", args=[entry.pk]), {"actor_label": "nobody"}
    )
    entry.refresh_from_db()
    assert entry.actor_label != "nobody"


def test_a_django_admin_change_is_in_the_trail(client, world):
    client.force_login(world.admin)
    session = client.session
    session["otp_device_id"] = world.admin.totp_device.persistent_id
    session.save()
    team = world.team_a
    client.post(
        reverse("admin:people_locality_change", args=[world.fenland.pk]),
        {"name": "Fenland and Wisbech", "slug": "fenland", "is_rural": "on"},
    )
    entry = AuditEntry.objects.get(object_type="locality", action=AuditAction.CHANGE)
    assert entry.actor == world.admin
    assert entry.changes == {"name": ["Fenland", "Fenland and Wisbech"]}
    assert team.locality_id == world.fenland.pk


def test_kinds_written_in_bulk_can_be_searched_for(client, sign_in, world):
    """Students anonymised by the retention job and job runs an admin retried are written
    to the trail by their code, not row by row: the kind filter still offers them."""
    from recoveryhub.jobs.models import JobRun

    assert {"student", "job run"} <= set(search.kinds())
    with trail.acting_as(world.service_admin, "/jobs/"):
        trail.write_many(JobRun, AuditAction.CHANGE, [(7, "A run", {"status": ["a", "b"]})])
    sign_in(client, world.service_admin)
    page = client.get(reverse("audit:trail"), {"kind": "job run"})
    assert_good_page(page)
    assert "A run" in page.content.decode()
