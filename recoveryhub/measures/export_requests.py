"""My data: the check-ins a worker asked the person to do (FHIR Tasks, and readable).
Imported by export_parts.py, which the My data registry discovers."""

from django.utils import timezone
from fhir.resources.R4B.task import Task

from recoveryhub.core.presenters import long_date
from recoveryhub.people.export.registry import Exporter, Section, reference, register, resource_id

from . import catalogue
from .models import CheckInRequest


def _name(code: str) -> str:
    try:
        return catalogue.get(code).short_name
    except KeyError:  # a measure since withdrawn
        return code


def _status(asked: CheckInRequest) -> tuple[str, str]:
    """The FHIR Task status, and the same in words."""
    if asked.fulfilled_at:
        return "completed", f"done on {long_date(timezone.localtime(asked.fulfilled_at))}"
    if asked.cancelled_at:
        return "cancelled", f"withdrawn on {long_date(timezone.localtime(asked.cancelled_at))}"
    return "requested", "not done yet"


@register
class CheckInRequests(Exporter):
    models = ("measures.CheckInRequest",)
    order = 42

    def _asked(self, person):
        return CheckInRequest.objects.filter(person=person).order_by("-created_at", "-pk")

    def resources(self, person):
        return [
            Task(
                **{
                    "id": resource_id(asked),
                    "status": _status(asked)[0],
                    "intent": "order",
                    "description": f"Fill in the {_name(asked.instrument)} check-in"
                    + (f". {asked.note}" if asked.note else ""),
                    "for": reference(person),
                    "authoredOn": asked.created_at.isoformat(),
                    "restriction": {"period": {"end": asked.due_on.isoformat()}},
                }
            )
            for asked in self._asked(person)
        ]

    def sections(self, person):
        rows = []
        for asked in self._asked(person):
            when = long_date(timezone.localtime(asked.created_at))
            text = (
                f"Your worker asked you to fill in the {_name(asked.instrument)} by "
                f"{long_date(asked.due_on)}: {_status(asked)[1]}"
            )
            if asked.note:
                text += f". They said: \u201c{asked.note}\u201d"
            rows.append((when, text))
        return [
            Section(
                "Check-ins your worker asked for",
                rows,
                empty="Your worker has not asked you for any check-ins.",
            )
        ]
