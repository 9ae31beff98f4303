"""The people app's parts of the download: details, carers, teams and the access log."""

from html import escape

from django.utils import timezone
from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.relatedperson import RelatedPerson

from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.presenters import long_date
from recoveryhub.people import nhs_numbers
from recoveryhub.people.models import SHARED_PART_FIELDS, CarerLink, CaseloadAssignment
from recoveryhub.people.presenters import AccessLogPresenter

from .patient import patient
from .registry import Exporter, Section, exclude, reference, register, resource_id

NOT_GIVEN = "Not given"
# DICOM audit event types, the ones FHIR's AuditEvent.type suggests.
DICOM = "http://dicom.nema.org/resources/ontology/DCM"
# Our own access actions (looked at, changed, downloaded, printed), kept exactly.
ACCESS_ACTIONS = "urn:recoveryhub:access-action"

exclude(
    "people.Invitation",
    "A secret one-time link for making a sign-in, not information about the person; "
    "it stops working once used or when it expires.",
)
exclude(
    "people.CarerInvitation",
    "Who the person invited to be their carer, kept while it waits and to show who sent it; "
    "once accepted the carer is in the download as one of their carers. The link is never kept.",
)
exclude(
    "people.SignInLink",
    "When the record was joined to a sign-in, kept so a mistaken join can be undone; "
    "the sign-in's email is in the download, and each undo is in the access log.",
)


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _shared(link) -> str:
    """'plans, Recovery College', or 'nothing yet', as a sentence would say it."""
    parts = [
        str(CarerLink._meta.get_field(name).verbose_name)
        for name in SHARED_PART_FIELDS
        if getattr(link, name)
    ]
    return ", ".join(parts) or "nothing yet"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _narrative(text: str) -> dict:
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(text)}</p></div>',
    }


@register
class PersonDetails(Exporter):
    models = ("people.Person",)
    order = 10

    def resources(self, person):
        return [patient(person)]

    def sections(self, person):
        p = person
        needs = [
            ("Easy read", _yes_no(p.easy_read)),
            ("Large print", _yes_no(p.large_print)),
            ("British Sign Language", _yes_no(p.british_sign_language)),
            ("Interpreter", p.interpreter_language or "Not needed"),
        ]
        sections = [
            Section(
                "About you",
                [
                    ("Full name", p.full_name),
                    ("Likes to be called", p.preferred_name or NOT_GIVEN),
                    ("Pronouns", p.pronouns or NOT_GIVEN),
                    ("Date of birth", long_date(p.date_of_birth) or NOT_GIVEN),
                    ("NHS number", nhs_numbers.formatted(p.nhs_number) or NOT_GIVEN),
                    ("Area", p.locality.name if p.locality_id else NOT_GIVEN),
                ],
            ),
            Section(
                "How we contact you",
                [
                    ("Email address", p.email or NOT_GIVEN),
                    ("Phone number", p.phone or NOT_GIVEN),
                    ("Address", p.address or NOT_GIVEN),
                    ("Contact by", p.get_contact_preference_display() or NOT_GIVEN),
                ],
            ),
            Section("Communication needs", needs),
        ]
        if p.user_id:
            sections.append(
                Section(
                    "Your sign-in",
                    [
                        ("Email address you sign in with", p.user.email),
                        ("Sign-in made", long_date(timezone.localtime(p.user.date_joined))),
                    ],
                )
            )
        return sections


@register
class Carers(Exporter):
    """Carer links both ways: the person's carers, and the people they care for."""

    models = ("people.CarerLink",)
    order = 20

    def _links(self, person):
        carers = CarerLink.objects.filter(cared_for=person).select_related("carer")
        caring_for = CarerLink.objects.filter(carer=person).select_related("cared_for")
        return carers.order_by("carer__full_name"), caring_for.order_by("cared_for__full_name")

    def resources(self, person):
        carers, caring_for = self._links(person)
        related = [
            self._related(link, link.carer, reference(person, person.full_name)) for link in carers
        ]
        related += [
            self._related(link, person, {"display": link.cared_for.display_name})
            for link in caring_for
        ]
        return related

    def _related(self, link, who, patient_ref) -> RelatedPerson:
        sharing = (
            f"{link.carer.display_name} ({link.relationship}) cares for "
            f"{link.cared_for.display_name}, who shares with them: {_shared(link)}."
        )
        data = {
            "resourceType": "RelatedPerson",
            "id": resource_id(link),
            # What is shared is said in the narrative until sharing becomes Consent resources.
            "text": _narrative(sharing),
            "active": True,
            "patient": patient_ref,
            "name": [{"use": "official", "text": who.full_name}],
            "relationship": [{"text": link.relationship}],
        }
        if link.since:
            data["period"] = {"start": link.since.isoformat()}
        return RelatedPerson.model_validate(data)

    def sections(self, person):
        carers, caring_for = self._links(person)
        return [
            Section(
                "People who care for you",
                [row for link in carers for row in self._rows(link, link.carer, "Shared with")],
                empty="No carers are recorded.",
            ),
            Section(
                "People you care for",
                [
                    row
                    for link in caring_for
                    for row in self._rows(link, link.cared_for, "Shared by")
                ],
                empty="You are not recorded as caring for anyone.",
            ),
        ]

    def _rows(self, link, other, shared: str) -> list[tuple[str, str]]:
        since = f", since {long_date(link.since)}" if link.since else ""
        return [
            (other.display_name, f"{link.relationship}{since}"),
            (f"{shared} {other.display_name}", _sentence_case(_shared(link))),
        ]


def _episode_status(assignment, today) -> str:
    if assignment.starts_on > today:
        return "planned"
    if assignment.ends_on and assignment.ends_on < today:
        return "finished"
    return "active"


@register
class Teams(Exporter):
    models = ("people.CaseloadAssignment",)
    order = 30

    def _assignments(self, person):
        return CaseloadAssignment.objects.filter(person=person).select_related(
            "team__service_line", "worker"
        )

    def resources(self, person):
        today = timezone.localdate()
        episodes = []
        for a in self._assignments(person):
            data = {
                "resourceType": "EpisodeOfCare",
                "id": resource_id(a),
                "status": _episode_status(a, today),
                "type": [{"text": a.team.service_line.name}],
                "patient": reference(person, person.full_name),
                "managingOrganization": {"display": a.team.name},
                "period": {"start": a.starts_on.isoformat()},
            }
            if a.ends_on:
                data["period"]["end"] = a.ends_on.isoformat()
            if a.worker:
                data["careManager"] = {"display": a.worker.display_name}
            episodes.append(EpisodeOfCare.model_validate(data))
        return episodes

    def sections(self, person):
        rows = []
        for a in self._assignments(person):
            until = f" to {long_date(a.ends_on)}" if a.ends_on else ", ongoing"
            worker = f". Named worker: {a.worker.display_name}" if a.worker else ""
            rows.append((a.team.name, f"From {long_date(a.starts_on)}{until}{worker}"))
        return [Section("Your teams", rows, empty="You have not been with any of our teams.")]


@register
class AccessLog(Exporter):
    """Who else looked at, changed, downloaded or printed the record (core.AccessEvent)."""

    models = ("core.AccessEvent",)
    order = 90

    def _events(self, person):
        return AccessEvent.objects.filter(person=person).select_related("actor")

    def resources(self, person):
        return [self._audit_event(event, person) for event in self._events(person)]

    def _audit_event(self, event, person) -> AuditEvent:
        exported = event.action in (AccessAction.EXPORT, AccessAction.PRINT)
        what = (
            reference(person, person.full_name)
            if event.object_type == person._meta.verbose_name
            else {"display": f"{event.object_type} {event.object_id}"}
        )
        entity = {"what": what}
        if event.route:
            entity["detail"] = [{"type": "page", "valueString": event.route}]
        return AuditEvent.model_validate(
            {
                "resourceType": "AuditEvent",
                "id": resource_id(event),
                "type": {
                    "system": DICOM,
                    "code": "110106" if exported else "110110",
                    "display": "Export" if exported else "Patient Record",
                },
                "subtype": [
                    {
                        "system": ACCESS_ACTIONS,
                        "code": event.action,
                        "display": event.get_action_display(),
                    }
                ],
                "action": "U" if event.action == AccessAction.CHANGE else "R",
                "recorded": event.occurred_at.isoformat(),
                "agent": [{"who": {"display": event.actor.display_name}, "requestor": True}],
                "source": {"observer": {"display": "Recovery Hub"}},
                "entity": [entity],
            }
        )

    def sections(self, person):
        """Read as on the 'Who has looked at your record' page (core/access_story.py): a
        heading for each day, newest first, and one line for each thing someone did."""
        events = self._events(person).prefetch_related(
            "actor__role_grants", "actor__team_memberships__team"
        )
        days = AccessLogPresenter(events).days
        return [
            Section(
                "Who has looked at your record",
                intro="Everyone other than you who looked at, changed, downloaded or printed "
                "your record, newest first, with one line for each thing they did.",
                empty="" if days else "No one else has looked at your record.",
            ),
            *(
                Section(day["heading"], [(r["when"], r["what"]) for r in day["rows"]], level=3)
                for day in days
            ),
        ]
