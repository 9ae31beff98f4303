"""The episodes' part of My data: referrals, episodes of support and open-door passes.

FHIR R4B:
- each referral is a ServiceRequest (the request for help, who asked, what happened to it);
- each episode is an EpisodeOfCare: its FHIR status and the history of it, what kind of
  support (a coding in our own system, and the team's name for it), the team, the named
  worker, the referral it came from; its goals, ending, open-door pass, steps back to the
  GP and community groups are in its narrative, in the words the person reads;
- each contact is an Encounter of that episode, with the note the person can read.
"""

from html import escape

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.utils import timezone
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.servicerequest import ServiceRequest

from recoveryhub.core.presenters import long_date
from recoveryhub.people.export.registry import (
    Exporter,
    Section,
    exclude,
    reference,
    register,
    resource_id,
)

from .models import Contact, ContactKind, Ending, Episode, Referral, ReferralStatus, Source

KIND_SYSTEM = "urn:recoveryhub:episode-kind"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
# A contact's kind as FHIR's Encounter.class (v3 ActEncounterCode).
ENCOUNTER_CLASS = {
    ContactKind.FACE_TO_FACE: ("AMB", "ambulatory"),
    ContactKind.HOME_VISIT: ("HH", "home health"),
    ContactKind.GROUP: ("AMB", "ambulatory"),
    ContactKind.PHONE: ("VR", "virtual"),
    ContactKind.VIDEO: ("VR", "virtual"),
    ContactKind.MESSAGE: ("VR", "virtual"),
}
# A referral's triage as FHIR's ServiceRequest.status.
REQUEST_STATUS = {
    ReferralStatus.NEW: "active",
    ReferralStatus.ACCEPTED: "completed",
    ReferralStatus.MERGED: "revoked",
    ReferralStatus.DECLINED: "revoked",
}

HANDOVERS = ("handover_college", "handover_volunteering", "handover_employment")

exclude(
    "episodes.EpisodeType",
    "What a team offers (its planned length and open door), not information about a person; "
    "each episode in the download names its type.",
)


def _one(obj, name: str):
    """A reverse one-to-one (the ending, the pass, the referral), or None."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _narrative(paragraphs: list[str]) -> dict:
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>',
    }


def _referrals(person):
    return (
        Referral.objects.filter(person=person)
        .select_related("team", "merged_into")
        .order_by("received_at", "pk")
    )


def _episodes(person):
    contacts = Contact.objects.select_related("by").order_by("on", "pk")
    return (
        Episode.objects.filter(person=person)
        .select_related("team", "episode_type", "worker", "ending", "open_door_pass__team")
        .prefetch_related(
            "history",
            "goals",
            "move_steps",
            "community_links",
            Prefetch("contacts", queryset=contacts),
            "referral",
        )  # fmt: skip
        .order_by("created_at", "pk")
    )


def _sentences(parts: list[str]) -> str:
    return " ".join(part if part.endswith((".", "?", "!")) else f"{part}." for part in parts)


def _referral_text(referral) -> list[str]:
    """What happened to a referral, as the person reads it."""
    came = "You" if referral.source == Source.SELF else referral.get_source_display()
    if referral.referrer and referral.source != Source.SELF:
        came = f"{came}: {referral.referrer}"
    said = [f"Asked for: {referral.reason}", f"Came from: {came}"]
    status = referral.status
    if status == ReferralStatus.DECLINED:
        said.append(f"Not taken on: {referral.get_decline_reason_display()}")
        if referral.decline_detail:
            said.append(referral.decline_detail)
        said.append(f"Where else to get help: {referral.signposted_to}")
    elif status == ReferralStatus.MERGED:
        when = long_date(referral.merged_into.received_at)
        said.append(f"Joined to the same request made on {when}")
    else:
        said.append(referral.get_status_display())
    if referral.first_contact_on:
        said.append(f"First contact: {long_date(referral.first_contact_on)}")
    return said


def _pass_text(episode, today) -> str:
    door = _one(episode, "open_door_pass")
    if door is None:
        return ""
    if door.used_at:
        return f"You used it on {long_date(door.used_at)}."
    if door.valid_until < today:
        return f"It ended on {long_date(door.valid_until)}."
    phone = f", or call {door.team.phone}" if door.team.phone else ""
    return (
        f"You can come back to {door.team.name} without a GP referral until "
        f"{long_date(door.valid_until)}: use your pass online{phone}."
    )


def _ending_rows(ending) -> list[tuple[str, str]]:
    rows = [("Why it ended", ending.get_reason_display())]
    if ending.person_view:
        rows.append(("Your view", ending.person_view))
    if ending.carer_view:
        rows.append(("Your carer's view", ending.carer_view))
    after = f" ({ending.signposted_to})" if ending.signposted_to else ""
    rows.append(("What happened next", ending.get_next_step_display() + after))
    handovers = [
        str(Ending._meta.get_field(name).verbose_name)
        for name in HANDOVERS
        if getattr(ending, name)
    ]
    if handovers:
        rows.append(("A warm handover offered to", ", ".join(handovers)))
    return rows


def _episode_rows(episode, today) -> list[tuple[str, str]]:
    """Goals, ending, pass, steps back to the GP and community groups, as label and words."""
    rows = []
    for goal in episode.goals.all():
        met = {True: " (met)", False: " (not met)"}.get(goal.met, "")
        rows.append(("Goal", f"{goal.title}{met}"))
    if episode.hold_reason:
        rows.append(("On hold because", episode.hold_reason))
    if (ending := _one(episode, "ending")) is not None:
        rows += _ending_rows(ending)
    if text := _pass_text(episode, today):
        rows.append(("Your open-door pass", text))
    rows += [
        ("Step back to your GP", f"{step.get_step_display()}, {long_date(step.done_on)}")
        for step in episode.move_steps.all()
    ]
    rows += [
        ("Community group", link.group + (f": {link.what}" if link.what else ""))
        for link in episode.community_links.all()
    ]
    return rows


def _history(episode) -> list[dict]:
    changes = list(episode.history.all())
    periods = []
    for change, after in zip(changes, [*changes[1:], None], strict=True):
        period = {"start": change.changed_at.isoformat()}
        if after is not None:
            period["end"] = after.changed_at.isoformat()
        periods.append({"status": change.status, "period": period})
    return periods


@register
class Episodes(Exporter):
    models = (
        "episodes.Referral",
        "episodes.Episode",
        "episodes.StatusChange",
        "episodes.EpisodeGoal",
        "episodes.Contact",
        "episodes.Ending",
        "episodes.OpenDoorPass",
        "episodes.MoveStepDone",
        "episodes.CommunityLink",
    )
    order = 50

    # FHIR ------------------------------------------------------------------------

    def resources(self, person):
        patient = reference(person, person.full_name)
        today = timezone.localdate()
        found = [self._request(referral, patient) for referral in _referrals(person)]
        for episode in _episodes(person):
            found.append(self._episode(episode, patient, today))
            found += [self._encounter(c, episode, patient) for c in episode.contacts.all()]
        return found

    def _request(self, referral, patient) -> ServiceRequest:
        data = {
            "resourceType": "ServiceRequest",
            "id": resource_id(referral),
            "status": REQUEST_STATUS[ReferralStatus(referral.status)],
            "intent": "order",
            "code": {"text": f"Referral to {referral.team.name}"},
            "subject": patient,
            "authoredOn": referral.received_at.isoformat(),
            "requester": {"display": referral.referrer or referral.get_source_display()},
            "performer": [{"display": referral.team.name}],
            "reasonCode": [{"text": referral.reason}],
            "note": [{"text": text} for text in _referral_text(referral)[1:]],
        }
        return ServiceRequest.model_validate(data)

    def _episode(self, episode, patient, today) -> EpisodeOfCare:
        kind = episode.episode_type
        data = {
            "resourceType": "EpisodeOfCare",
            "id": resource_id(episode),
            "status": episode.status,
            "statusHistory": _history(episode) or None,
            "type": [
                {
                    "coding": [
                        {
                            "system": KIND_SYSTEM,
                            "code": kind.kind,
                            "display": kind.get_kind_display(),
                        }
                    ],
                    "text": kind.name,
                }
            ],
            "patient": patient,
            "managingOrganization": {"display": episode.team.name},
            "careManager": {"display": episode.worker.display_name} if episode.worker else None,
        }
        start = episode.starts_on or timezone.localtime(episode.created_at).date()
        data["period"] = {"start": start.isoformat()}
        if episode.ends_on:
            data["period"]["end"] = episode.ends_on.isoformat()
        if (referral := _one(episode, "referral")) is not None:
            data["referralRequest"] = [reference(referral)]
        if rows := _episode_rows(episode, today):
            data["text"] = _narrative([f"{label}: {words}" for label, words in rows])
        return EpisodeOfCare.model_validate({k: v for k, v in data.items() if v is not None})

    def _encounter(self, contact, episode, patient) -> Encounter:
        code, display = ENCOUNTER_CLASS[ContactKind(contact.kind)]
        data = {
            "resourceType": "Encounter",
            "id": resource_id(contact),
            "status": "finished",
            "class": {"system": ACT_CODE, "code": code, "display": display},
            "type": [{"text": contact.get_kind_display()}],
            "subject": patient,
            "episodeOfCare": [reference(episode)],
            "period": {"start": contact.on.isoformat(), "end": contact.on.isoformat()},
            "serviceProvider": {"display": episode.team.name},
        }
        if contact.by:
            data["participant"] = [{"individual": {"display": contact.by.display_name}}]
        if contact.note:
            data["text"] = _narrative([contact.note])
        return Encounter.model_validate(data)

    # Readable ----------------------------------------------------------------------

    def sections(self, person):
        today = timezone.localdate()
        referrals = [
            (f"{long_date(r.received_at)}, to {r.team.name}", _sentences(_referral_text(r)))
            for r in _referrals(person)
        ]
        episodes = list(_episodes(person))
        return [
            Section(
                "Your support from our teams",
                intro="Reablement, recovery coaching and peer support: each time our teams "
                "supported you, what you worked on together and how it ended.",
                empty="" if episodes else "You have not had this kind of support from us.",
            ),
            *(self._episode_section(episode, today) for episode in episodes),
            Section("Your referrals", referrals, empty="Nobody has referred you to these teams."),
        ]

    def _episode_section(self, episode, today) -> Section:
        when = long_date(episode.starts_on) if episode.starts_on else "not started yet"
        rows = [
            ("Status", episode.get_status_display()),
            ("Started", when),
        ]
        if episode.planned_end_on and episode.is_open:
            rows.append(("Planned to end", long_date(episode.planned_end_on)))
        if episode.ends_on:
            rows.append(("Ended", long_date(episode.ends_on)))
        if episode.worker:
            rows.append(("Named worker", episode.worker.display_name))
        rows += [
            (long_date(change.changed_at), f"Status: {change.get_status_display()}"
             + (f" ({change.reason})" if change.reason else ""))
            for change in episode.history.all()
        ]  # fmt: skip
        for contact in episode.contacts.all():
            who = f" with {contact.by.display_name}" if contact.by else ""
            note = f": {contact.note}" if contact.note else ""
            rows.append((long_date(contact.on), f"{contact.get_kind_display()}{who}{note}"))
        rows += _episode_rows(episode, today)
        heading = f"{episode.episode_type.name} with {episode.team.name}, from {when}"
        return Section(heading, rows, level=3)
