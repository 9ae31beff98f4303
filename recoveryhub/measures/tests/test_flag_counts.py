"""Managers see safety flags by team: raised, still open, acknowledged and the median time
to acknowledge, with small counts suppressed so that no one can be worked out."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures import flag_counts
from recoveryhub.measures.flag_counts import FlagFact
from recoveryhub.measures.models import CheckIn, CheckInStatus, SafetyFlag
from recoveryhub.people.models import CaseloadAssignment, Person

URL = reverse("measures:flag_counts")
T0 = datetime(2026, 10, 1, 9, tzinfo=UTC)
TEAMS = [(1, "Ely"), (2, "March")]


def facts(team_id, opened, acknowledged_hours, first_id):
    """`opened` open flags and one acknowledged flag for each wait given, in hours."""
    made = [FlagFact(team_id, first_id + n, T0, None) for n in range(opened)]
    made += [
        FlagFact(team_id, first_id + opened + n, T0, T0 + timedelta(hours=h))
        for n, h in enumerate(acknowledged_hours)
    ]
    return made


def as_dict(line):
    return {
        "raised": line.raised,
        "open": line.still_open,
        "acknowledged": line.acknowledged,
        "median": line.median_to_acknowledge,
    }


def test_the_numbers_and_the_median():
    rows = facts(1, 6, [1, 2, 30, 50, 72, 80], 0) + facts(2, 5, [2] * 5, 100)
    result = flag_counts.table(rows, TEAMS)
    ely, march = result.teams
    assert as_dict(ely) == {"raised": "12", "open": "6", "acknowledged": "6", "median": "1 day"}
    assert as_dict(march) == {
        "raised": "10",
        "open": "5",
        "acknowledged": "5",
        "median": "2 hours",
    }
    assert as_dict(result.total) == {
        "raised": "22", "open": "11", "acknowledged": "11", "median": "2 hours",
    }  # fmt: skip
    assert not result.withheld


def test_a_flag_for_two_teams_counts_once_in_all_teams():
    both = [FlagFact(1, 7, T0, None), FlagFact(2, 7, T0, None)]
    rows = both + facts(1, 5, [], 10) + facts(2, 5, [], 20)
    result = flag_counts.table(rows, TEAMS)
    assert [line.raised for line in result.teams] == ["6", "6"]
    assert result.total.raised == "11"


def test_no_flags_reads_zero_not_a_made_up_time():
    result = flag_counts.table([], TEAMS)
    assert as_dict(result.total) == {
        "raised": "0", "open": "0", "acknowledged": "0", "median": "none acknowledged",
    }  # fmt: skip


@pytest.mark.parametrize("small", [1, 2, 3, 4])
def test_a_small_count_is_hidden_and_cannot_be_worked_out(small):
    # Ely: `small` still open among 20 raised; March has plenty of both.
    rows = facts(1, small, [5] * (20 - small), 0) + facts(2, 8, [5] * 9, 100)
    result = flag_counts.table(rows, TEAMS)
    ely, march = result.teams
    assert ely.still_open == SUPPRESSED
    shown = {ely.raised, ely.acknowledged, result.total.still_open, march.still_open}
    # Neither "raised less acknowledged" in Ely nor "all teams less March" gives it.
    assert not (ely.raised.isdigit() and ely.acknowledged.isdigit())
    assert not (result.total.still_open.isdigit() and march.still_open.isdigit())
    assert str(small) not in shown
    assert result.withheld


def test_a_median_of_a_small_group_is_hidden():
    rows = facts(1, 10, [1, 90], 0) + facts(2, 10, [3] * 10, 100)
    ely = flag_counts.table(rows, TEAMS).teams[0]
    assert ely.acknowledged == SUPPRESSED and ely.median_to_acknowledge == SUPPRESSED


# The page ------------------------------------------------------------------------------


def raise_flags(person, count, *, acknowledged_by=None, days_ago=3, hours_to_ack=5):
    now = timezone.now()
    for n in range(count):
        at = now - timedelta(days=days_ago, minutes=n)
        check_in = CheckIn.objects.create(
            person=person, instrument="phq9", status=CheckInStatus.COMPLETE,
            answers={"phq9_9": 1}, started_at=at, completed_at=at,
        )  # fmt: skip
        SafetyFlag.objects.create(
            person=person, check_in=check_in, item="phq9_9", value=1, raised_at=at,
            acknowledged_at=at + timedelta(hours=hours_to_ack) if acknowledged_by else None,
            acknowledged_by=acknowledged_by, what_was_done="Rang them" if acknowledged_by else "",
        )  # fmt: skip


@pytest.mark.django_db
def test_the_page_for_a_manager(client, sign_in, world):
    raise_flags(world.pat, 6, acknowledged_by=world.recovery_coach, hours_to_ack=5)
    raise_flags(world.pat, 5)
    raise_flags(world.quinn, 7)
    sign_in(client, world.manager)
    response = client.get(URL)
    assert_good_page(response)
    body = response.content.decode()
    assert "Pat" not in body and "Quinn" not in body  # aggregates only
    assert f'href="{URL}"' in body  # the menu offers it to managers
    assert cells(body, "Fenland Adult Locality Team") == ["11", "5", "6", "5 hours"]
    assert cells(body, "Wisbech Integrated Neighbourhood Team") == [
        "7", "7", "0", "none acknowledged",
    ]  # fmt: skip
    assert cells(body, "All teams") == ["18", "12", "6", "5 hours"]
    # A flag from before the period does not count; a longer period takes it in.
    long_ago = timezone.localdate() - timedelta(days=200)
    CaseloadAssignment.objects.filter(person=world.quinn).update(starts_on=long_ago)
    raise_flags(world.quinn, 1, days_ago=150)
    body = client.get(URL).content.decode()
    assert cells(body, "Wisbech Integrated Neighbourhood Team")[0] == "7"
    body = client.get(URL, {"weeks": "26"}).content.decode()
    assert cells(body, "Wisbech Integrated Neighbourhood Team")[0] == "8"


@pytest.mark.django_db
def test_the_page_hides_small_counts_and_what_would_give_them_away(client, sign_in, world):
    raise_flags(world.pat, 2)  # Team A: 2 still open
    raise_flags(world.quinn, 7)
    sign_in(client, world.manager)
    body = client.get(URL).content.decode()
    team_a = cells(body, "Fenland Adult Locality Team")
    team_b = cells(body, "Wisbech Integrated Neighbourhood Team")
    total = cells(body, "All teams")
    assert team_a[:2] == [SUPPRESSED, SUPPRESSED]
    # All teams less team B would give team A's 2.
    assert not (total[1].isdigit() and team_b[1].isdigit())
    assert not (total[0].isdigit() and team_b[0].isdigit())
    assert "hidden" in body and "cannot be worked out" in body


def cells(body, team):
    """The figures in a team's row of the table, as read (hidden headings left out)."""
    body = re.sub(r'<span class="nhsuk-table__heading"[^>]*>[^<]*</span>', "", body)
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        texts = [" ".join(re.sub("<[^>]+>", "", c).split()) for c in re.findall(
            r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S
        )]  # fmt: skip
        if texts and texts[0] == team:
            return texts[1:]
    raise AssertionError(f"no row for {team}")


@pytest.mark.django_db
def test_a_flag_counts_for_the_team_the_person_was_with_that_day(world):
    from recoveryhub.measures.views_flag_counts import facts

    today = timezone.localdate()
    CaseloadAssignment.objects.filter(person=world.quinn).update(
        starts_on=today - timedelta(days=10)
    )
    raise_flags(world.quinn, 1, days_ago=20)  # before Quinn joined team B
    raise_flags(world.quinn, 1, days_ago=5)
    moved = Person.objects.create(full_name="Mo Ved")
    CaseloadAssignment.objects.create(
        person=moved, team=world.team_a, starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=8),
    )  # fmt: skip
    raise_flags(moved, 1, days_ago=9)
    found = facts(timezone.now() - timedelta(weeks=12))
    assert sorted((f.team_id, f.acknowledged_at) for f in found) == sorted(
        [(world.team_b.pk, None), (world.team_a.pk, None)]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", ["", "0", "13", "abc", "9" * 50, "<script>"])
def test_a_bad_period_falls_back_to_12_weeks(client, sign_in, world, weeks):
    sign_in(client, world.manager)
    response = client.get(URL, {"weeks": weeks})
    assert_good_page(response)
    assert 'value="12" selected' in response.content.decode()


@pytest.mark.django_db
def test_only_managers_see_it(client, sign_in, world):
    for user in (
        world.pat_user, world.carer_user, world.recovery_coach, world.peer_worker,
        world.clinician, world.college_staff, world.trainer, world.student, world.admin,
    ):  # fmt: skip
        client.logout()
        sign_in(client, user)
        response = client.get(URL)
        assert response.status_code == 404, user
        assert f'href="{URL}"' not in client.get(reverse("core:home")).content.decode()
    assert client.post(URL).status_code in (404, 405)
