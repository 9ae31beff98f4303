"""Registering a person referred to a team: find the records we may already hold for
them, then either put one of those on the team's caseload or make a new record.

Each write is one transaction with its access event; showing a held record as a likely
duplicate is written to that person's access log too, since the worker has seen it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction

from . import nhs_numbers
from .likely_duplicates import name_parts, names_alike
from .models import CaseloadAssignment, Person

# Far more than anyone born on one day with a similar name; keeps a page bounded.
MOST_SHOWN = 10


@dataclass(frozen=True)
class LikelyDuplicate:
    person: Person
    same_nhs_number: bool
    teams: list[str]  # the teams whose caseload they are on now

    @property
    def nhs_number(self) -> str:
        return nhs_numbers.formatted(self.person.nhs_number)

    @property
    def why(self) -> str:
        if self.same_nhs_number:
            return "Same NHS number"
        return "Same date of birth and a similar name"


def likely_duplicates(details: dict) -> list[LikelyDuplicate]:
    """Records we hold with the same NHS number, or the same date of birth and a name
    alike in any order or spelling (likely_duplicates.py); the NHS number's first."""
    nhs_number, born = details.get("nhs_number"), details.get("date_of_birth")
    wanted = Q(pk__in=[])
    if nhs_number:
        wanted |= Q(nhs_number=nhs_number)
    if born:
        wanted |= Q(date_of_birth=born)
    new = name_parts(details.get("full_name", ""), details.get("preferred_name", ""))
    found = []  # (same NHS number, person)
    for person in Person.objects.filter(wanted).order_by("full_name", "pk"):
        same_number = bool(nhs_number) and person.nhs_number == nhs_number
        if same_number or names_alike(new, name_parts(person.full_name, person.preferred_name)):
            found.append((same_number, person))
    found.sort(key=lambda pair: not pair[0])  # stable: by name within each
    found = found[:MOST_SHOWN]
    teams = _current_teams([person.pk for _same, person in found])
    return [
        LikelyDuplicate(person, same_number, teams.get(person.pk, []))
        for same_number, person in found
    ]


def _current_teams(person_ids: list[int]) -> dict[int, list[str]]:
    teams = {}
    for person_id, name in (
        CaseloadAssignment.objects.current()
        .filter(person_id__in=person_ids)
        .order_by("team__name")
        .values_list("person_id", "team__name")
    ):
        teams.setdefault(person_id, []).append(name)
    return teams


def shown_as_likely_duplicates(found: list[LikelyDuplicate], *, actor, route: str) -> None:
    """The worker has seen these records' names and dates of birth: each person can see that."""
    for duplicate in found:
        access_log.record(
            actor=actor, person=duplicate.person, action=AccessAction.VIEW, route=route
        )


@transaction.atomic
def register(form, *, team, named_worker: bool, actor, route: str) -> Person:
    """A new record from the worker's form, on `team`'s caseload from today."""
    person = form.save()
    _join(person, team=team, worker=actor if named_worker else None)
    access_log.record(actor=actor, person=person, action=AccessAction.CHANGE, route=route)
    return person


@transaction.atomic
def add_to_caseload(person: Person, *, team, named_worker: bool, actor, route: str) -> bool:
    """Put a record we already hold on `team`'s caseload; False if it was already there
    (then only a missing named worker is filled in)."""
    current = person.caseload.current().filter(team=team).select_for_update().first()
    if current is not None:
        if named_worker and current.worker_id is None:
            current.worker = actor
            current.save(update_fields=["worker"])
            access_log.record(actor=actor, person=person, action=AccessAction.CHANGE, route=route)
        return False
    _join(person, team=team, worker=actor if named_worker else None)
    access_log.record(actor=actor, person=person, action=AccessAction.CHANGE, route=route)
    return True


def _join(person: Person, *, team, worker) -> CaseloadAssignment:
    return CaseloadAssignment.objects.create(
        person=person, team=team, worker=worker, starts_on=timezone.localdate()
    )
