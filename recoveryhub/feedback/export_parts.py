"""Feedback's part of My data: the feedback a person gave while signed in.

Feedback given by a link, on paper or at a clinic tablet is anonymous and is not part of
anyone's record. Each signed-in response is a FHIR QuestionnaireResponse, its items the
questions as asked and the person's answers (a choice as its words, not only its code).
"""

from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from recoveryhub.core.presenters import long_date
from recoveryhub.people.export.registry import Exporter, Section, reference, register, resource_id

from .models import Response


def _given(person):
    return (
        Response.objects.filter(person=person)
        .select_related("survey", "team")
        .prefetch_related("answers__question")
        .order_by("answered_on", "pk")
    )


def _answer_words(answer) -> str:
    return dict(answer.question.choices()).get(answer.value, answer.value)


@register
class Feedback(Exporter):
    models = ("feedback.Response",)
    order = 80

    def resources(self, person):
        patient = reference(person, person.full_name)
        return [self._response(response, patient) for response in _given(person)]

    def _response(self, response, patient) -> QuestionnaireResponse:
        items = [
            {
                "linkId": str(answer.question_id),
                "text": answer.question.wording,
                "answer": [{"valueString": _answer_words(answer)}],
            }
            for answer in sorted(response.answers.all(), key=lambda a: a.question.position)
        ]
        return QuestionnaireResponse.model_validate(
            {
                "resourceType": "QuestionnaireResponse",
                "id": resource_id(response),
                "status": "completed",
                "subject": patient,
                "authored": response.received_at.isoformat(),
                "source": patient,
                "item": items or None,
            }
        )

    def sections(self, person):
        rows = []
        for response in _given(person):
            said = "; ".join(
                f"{answer.question.wording} {_answer_words(answer)}"
                for answer in sorted(response.answers.all(), key=lambda a: a.question.position)
            )
            rows.append((f"{long_date(response.answered_on)}, {response.team.name}", said))
        return [
            Section(
                heading="Feedback you gave",
                rows=rows,
                empty="You have not given feedback while signed in.",
                intro="Feedback given by a link, on paper or on a clinic tablet is anonymous "
                "and is not kept with your record.",
            )
        ]
