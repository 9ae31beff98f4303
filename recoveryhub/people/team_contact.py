"""The team(s) supporting a person now, with how to reach them: "Your team" on the
person's record, and the same for their carer. One query; rows are plain text."""

from dataclasses import dataclass

from .models import CaseloadAssignment, Person


@dataclass(frozen=True)
class TeamContact:
    name: str
    rows: list[tuple[str, str]]  # (label, value), only what the team has given


def supporting(person: Person) -> list[TeamContact]:
    """The teams on whose current caseload the person is, by team name, each once."""
    assignments = (
        CaseloadAssignment.objects.current()
        .filter(person=person)
        .select_related("team", "worker")
        .order_by("team__name", "-starts_on", "-pk")
    )
    seen, teams = set(), []
    for assignment in assignments:
        if assignment.team_id in seen:
            continue
        seen.add(assignment.team_id)
        teams.append(contact(assignment.team, assignment.worker))
    return teams


def contact(team, worker=None) -> TeamContact:
    """A team's details as summary-list rows; no database access."""
    rows = []
    if worker is not None:
        rows.append(("Named worker", worker.full_name or worker.display_name))
    for label, value in [
        ("Phone", team.phone),
        ("Email", team.email),
        ("When the team is open", team.opening_hours),
        ("Address", team.address),
    ]:
        if value.strip():
            rows.append((label, value.strip()))
    if not (team.phone.strip() or team.email.strip()):
        rows.append(("How to contact", "This team has not given its contact details yet"))
    return TeamContact(team.name, rows)
