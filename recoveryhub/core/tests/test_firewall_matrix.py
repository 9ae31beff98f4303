"""The firewall between colleagues over every page (issue 18): when Pat, on team A's
caseload, also works in team A, every role in team A is refused every page of her record,
and no page they can still reach shows her record (her name or NHS number); the same for
her line manager."""

import pytest
from django.urls import reverse

from recoveryhub.core.tests import test_access_matrix
from recoveryhub.core.tests.test_access_matrix import MATRIX, PAT_PRIVATE, POST_ONLY, PUBLIC
from recoveryhub.people.models import Person, TeamMember
from recoveryhub.staff import firewall

# The access matrix's world, written once for this module too.
shared_matrix_world = test_access_matrix.shared_matrix_world
matrix_world = test_access_matrix.matrix_world

# Her record's names, made unmistakable here (the world calls her "Pat", which a page may
# say for other reasons); as a member of staff her sign-in is still "Patricia Jones".
FULL_NAME, PREFERRED = "Zephyrine Quillfeather", "Zephyrine"
NHS_NUMBER = [secret for secret in PAT_PRIVATE if secret[0].isdigit()]
SECRETS = [FULL_NAME, PREFERRED, "Quillfeather", *NHS_NUMBER]
# Hints that give the NHS's own example number, which the world also gives Pat.
HINTS = ["like 999 765 4323"]


# Interview panels she sits on with lived experience: the chair books and debriefs her as a
# panel member, a part she chose to play alongside them, not her record of care.
AS_PANEL_MEMBER = {"pathways:booking", "pathways:chairing", "pathways:debrief"}


def assert_kept_out(client, url: str, who: str, name: str) -> None:
    response = client.get(url)
    if response.status_code in (403, 404, 405):
        return
    assert response.status_code in (200, 302), f"{who}: {url} gave {response.status_code}"
    body = response.content.decode(errors="replace") if not response.streaming else ""
    for hint in HINTS:
        body = body.replace(hint, "")
    secrets = NHS_NUMBER if name in AS_PANEL_MEMBER else SECRETS
    shown = [secret for secret in secrets if secret in body]
    assert not shown, f"{who} saw {shown} of their colleague's record at {url}"


TEAM = ("peer_worker", "recovery_coach", "manager")  # the roles in her team, team A


def pages_for(*roles: str) -> list[str]:
    """The pages the access matrix lets any of `roles` reach: every other page refuses
    them anyway (test_access_matrix.py checks that)."""
    return sorted(
        name
        for name, (_, allowed) in MATRIX.items()
        if allowed == PUBLIC or (allowed != POST_ONLY and set(allowed) & set(roles))
    )


def _url(world, name: str) -> str:
    """The page's address, with Pat's record renamed as above."""
    Person.objects.filter(pk=world.pat.pk).update(full_name=FULL_NAME, preferred_name=PREFERRED)
    build_args, _allowed = MATRIX[name]
    return reverse(name, args=build_args(world))


@pytest.mark.django_db
@pytest.mark.parametrize("name", pages_for(*TEAM))
def test_no_page_shows_her_record_to_anyone_in_her_team(client, sign_in, matrix_world, name):
    world = matrix_world
    url = _url(world, name)
    TeamMember.objects.create(user=world.pat_user, team=world.team_a, job_title="Receptionist")
    for who in TEAM:
        client.logout()
        sign_in(client, getattr(world, who))
        assert_kept_out(client, url, who, name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", pages_for("recovery_coach"))
def test_no_page_shows_her_record_to_her_line_manager(client, sign_in, matrix_world, name):
    """She works in team B; team A gives her care, and its recovery coach line-manages her."""
    world = matrix_world
    url = _url(world, name)
    TeamMember.objects.create(user=world.pat_user, team=world.team_b, job_title="Receptionist")
    firewall.name_line_manager(world.pat_user, world.recovery_coach, by=world.service_admin)
    sign_in(client, world.recovery_coach)
    assert_kept_out(client, url, "her line manager", name)
