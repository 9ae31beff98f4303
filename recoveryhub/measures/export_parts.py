"""The measures app's parts of My data: check-ins (as FHIR and readable) and reminders."""

from uuid import UUID, uuid5

from django.db.models.functions import Coalesce
from django.utils import timezone
from fhir.resources.R4B.flag import Flag

from recoveryhub.core.presenters import long_date
from recoveryhub.people.export.registry import (
    Exporter,
    Section,
    exclude,
    reference,
    register,
    resource_id,
)

from . import catalogue, safety
from .fhir import observations, questionnaire_response
from .instruments import Instrument, Item, Kind, Option
from .models import CheckIn, CheckInStatus, ReminderSchedule, SafetyFlag


def _instrument(code: str, check_in: CheckIn) -> Instrument:
    """The catalogue's instrument; for one since withdrawn, a bare stand-in built from
    the answers, so the person still gets everything they gave."""
    try:
        return catalogue.get(code)
    except KeyError:
        items = tuple(
            Item(code=key, text=key, options=(Option(value, str(value)),))
            for key, value in check_in.answers.items()
            if value is not None
        )
        return Instrument(code, code, code, "", Kind.SEPARATE, items, total_method=None)


def _ids_beside(response_id: str):
    """Stable ids for a check-in's Observations, one per total, subscale or item."""
    base = UUID(response_id)
    return lambda part: str(uuid5(base, part))


def _score_text(check_in: CheckIn, instrument: Instrument) -> str:
    if check_in.status != CheckInStatus.COMPLETE:
        return f"Started on {long_date(timezone.localtime(check_in.started_at))}, not finished"
    if check_in.total is not None:
        band = f" ({check_in.band})" if check_in.band else ""
        return f"Score {check_in.total:g}{band}"
    answers = [
        f"{item.text}: {check_in.answers[item.code]}"
        for item in instrument.items
        if check_in.answers.get(item.code) is not None
    ]
    return "; ".join(answers) or "No answers"


@register
class CheckIns(Exporter):
    models = ("measures.CheckIn", "measures.ReminderSchedule", "measures.ReminderSent")
    order = 40

    def _check_ins(self, person):
        # Newest first by the date shown, the same on every database (NULLs sort differently).
        latest = Coalesce("completed_at", "started_at")
        return (
            CheckIn.objects.filter(person=person)
            .select_related("recorded_by")
            .order_by(latest.desc(), "-pk")
        )

    def resources(self, person):
        patient = reference(person)["reference"]
        found = []
        for check_in in self._check_ins(person):
            instrument = _instrument(check_in.instrument, check_in)
            response_id = resource_id(check_in)
            found.append(
                questionnaire_response(
                    check_in, instrument, patient_reference=patient, resource_id=response_id
                )
            )
            found += observations(
                check_in,
                instrument,
                patient_reference=patient,
                response_reference=f"urn:uuid:{response_id}",
                id_for=_ids_beside(response_id),
            )
        return found

    def sections(self, person):
        rows = []
        for check_in in self._check_ins(person):
            instrument = _instrument(check_in.instrument, check_in)
            when = check_in.completed_at or check_in.started_at
            rows.append(
                (
                    f"{instrument.short_name}, {long_date(timezone.localtime(when))}",
                    _score_text(check_in, instrument),
                )
            )
        return [
            Section(
                "Check-ins",
                rows,
                intro="The questionnaires and self-ratings you filled in, newest first.",
                empty="You have not done any check-ins.",
            ),
            Section("Check-in reminders", self._reminders(person), empty="No reminders are set."),
        ]

    def _reminders(self, person) -> list[tuple[str, str]]:
        rows = []
        schedules = ReminderSchedule.objects.filter(person=person).prefetch_related("sent")
        for schedule in schedules.order_by("instrument"):
            try:
                name = catalogue.get(schedule.instrument).short_name
            except KeyError:
                name = schedule.instrument
            text = f"Every {schedule.every_days} days"
            text += f", next on {long_date(schedule.next_due)}" if schedule.active else ", stopped"
            sent = sorted(reminder.due_on for reminder in schedule.sent.all())
            if sent:
                text += f". {len(sent)} sent, the last for {long_date(sent[-1])}"
            rows.append((name, text))
        return rows


@register
class SafetyFlags(Exporter):
    """Answers that asked a worker to check on the person, and what was done: FHIR Flags."""

    models = ("measures.SafetyFlag",)
    order = 41

    def _flags(self, person):
        flags = SafetyFlag.objects.filter(person=person).select_related("check_in")
        return flags.order_by("-raised_at", "-pk")

    def _said(self, flag) -> str:
        try:
            trigger = safety.describe(
                catalogue.get(flag.check_in.instrument), flag.item, flag.value
            )
        except (KeyError, StopIteration):  # a measure or question since withdrawn
            return f"You answered {flag.value} to question {flag.item}"
        return f"You answered \u201c{trigger.answer}\u201d to question {trigger.number}"

    def resources(self, person):
        return [
            Flag(
                id=resource_id(flag),
                status="inactive" if flag.acknowledged_at else "active",
                code={"text": f"{self._said(flag)}. {flag.what_was_done}".strip()},
                subject=reference(person),
                period={
                    "start": flag.raised_at.isoformat(),
                    **({"end": flag.acknowledged_at.isoformat()} if flag.acknowledged_at else {}),
                },
            )
            for flag in self._flags(person)
        ]

    def sections(self, person):
        rows = []
        for flag in self._flags(person):
            when = long_date(timezone.localtime(flag.raised_at))
            done = (
                f" On {long_date(timezone.localtime(flag.acknowledged_at))} your team noted: "
                f"{flag.what_was_done}"
                if flag.acknowledged_at
                else " Your team has not noted what was done yet."
            )
            rows.append(
                (when, f"{self._said(flag)}, so your team was asked to check on you.{done}")
            )
        return [
            Section(
                "Answers your team was asked to check on",
                rows,
                empty="None of your answers has asked your team to check on you.",
            )
        ]


exclude(
    "measures.OutcomeSummary",
    "Worked out from the person's check-ins (first and latest score of each measure) so "
    "outcome figures are quick to count; every check-in itself is in the download.",
)
exclude(
    "measures.OutcomeStep",
    "Worked out from the person's check-ins (each pair of check-ins in a row) so outcome "
    "figures are quick to count; every check-in itself is in the download.",
)

from . import export_requests  # noqa: E402, F401 - registers the asked-for check-ins
