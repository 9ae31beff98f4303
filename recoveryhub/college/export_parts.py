"""The College's part of My data, for a person whose record has a College student record.

Readable sections: their student details, learning plans (every version), courses
with attendance, the course feedback they gave and the messages sent to them.

FHIR has no resource for learning at a college, so:
- a learning plan and course feedback are what they are, answers to questions:
  QuestionnaireResponse, with our questionnaires named by `urn:recoveryhub:` URLs;
- the student record and each enrolment (with its attendance marks and the
  messages sent about it) are `Basic` resources, FHIR's resource for things it does
  not model, coded under `urn:recoveryhub:college` with the facts as extensions
  and the same words in the narrative.
"""

from html import escape

from django.utils import timezone
from fhir.resources.R4B.basic import Basic
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from recoveryhub.core.presenters import long_date
from recoveryhub.people.export.registry import Exporter, Section, reference, register, resource_id

from .models import Enrolment, Student

COLLEGE = "urn:recoveryhub:college"  # our codes for College records
EXTENSION = "urn:recoveryhub:college:"  # + the fact's name
LEARNING_PLAN_QUESTIONNAIRE = "urn:recoveryhub:questionnaire:college-learning-plan"
FEEDBACK_QUESTIONNAIRE = "urn:recoveryhub:questionnaire:college-course-feedback"
NOT_GIVEN = "Not given"

PLAN_QUESTIONS = [
    ("hopes", "What I hope for"),
    ("wants_from_college", "What I want from the College"),
    ("support_needs", "Support that helps me learn"),
    ("how_i_like_to_learn", "How I like to learn"),
]


def _student(person) -> Student | None:
    try:
        return Student.objects.select_related("locality", "team").get(person=person)
    except Student.DoesNotExist:
        return None


def _day(moment) -> str:
    return long_date(timezone.localtime(moment)) if moment else ""


def _narrative(lines: list[str]) -> dict:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines if line)
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{paragraphs}</div>',
    }


def _extension(name: str, value: str) -> dict:
    return {"url": EXTENSION + name, "valueString": value}


def _enrolments(student: Student):
    return (
        Enrolment.objects.filter(student=student)
        .select_related("run__course", "run__term", "feedback")
        .prefetch_related("attendances__session", "messages__session")
        .order_by("-requested_at", "-pk")
    )


def _feedback(enrolment):
    try:
        return enrolment.feedback
    except Enrolment.feedback.RelatedObjectDoesNotExist:
        return None


def _attendance(enrolment) -> list[str]:
    marks = sorted(enrolment.attendances.all(), key=lambda a: a.session.number)
    return [
        f"Session {a.session.number} ({_day(a.session.starts_at)}): {a.get_mark_display()}"
        for a in marks
    ]


def _messages(enrolment) -> list[str]:
    sent = sorted(enrolment.messages.all(), key=lambda m: (m.sent_at, m.pk))
    return [f"{_day(m.sent_at)}: {m.get_kind_display()}" for m in sent]


def _place(enrolment) -> str:
    text = f"{enrolment.get_status_display()}. Asked on {_day(enrolment.requested_at)}"
    if enrolment.promoted_at:
        text += f"; a place came free on {_day(enrolment.promoted_at)}"
    if enrolment.cancelled_at:
        text += f"; cancelled on {_day(enrolment.cancelled_at)}"
    return text


@register
class College(Exporter):
    models = (
        "college.Student",
        "college.LearningPlan",
        "college.Enrolment",
        "college.Attendance",
        "college.CourseFeedback",
        "college.SentMessage",
    )
    order = 50

    # FHIR ------------------------------------------------------------------------

    def resources(self, person):
        student = _student(person)
        if student is None:
            return []
        patient = reference(person, person.full_name)
        found = [self._student_resource(student, patient)]
        found += [self._plan(plan, patient) for plan in student.learning_plans.all()]
        for enrolment in _enrolments(student):
            found.append(self._enrolment(enrolment, patient))
            feedback = _feedback(enrolment)
            if feedback is not None:
                found.append(self._feedback(feedback, enrolment, patient))
        return found

    def _student_resource(self, student, patient) -> Basic:
        facts = self._student_rows(student)
        return Basic.model_validate(
            {
                "resourceType": "Basic",
                "id": resource_id(student),
                "text": _narrative([f"{label}: {value}" for label, value in facts]),
                "code": {
                    "coding": [
                        {"system": COLLEGE, "code": "student", "display": "College student"}
                    ]
                },
                "subject": patient,
                "created": timezone.localtime(student.created_at).date().isoformat(),
                "extension": [
                    _extension("student-type", student.student_type),
                    *([_extension("locality", student.locality.name)] if student.locality else []),
                    *([_extension("team", student.team.name)] if student.team else []),
                ],
            }
        )

    def _plan(self, plan, patient) -> QuestionnaireResponse:
        items = [
            {"linkId": name, "text": text, "answer": [{"valueString": getattr(plan, name)}]}
            for name, text in PLAN_QUESTIONS
            if getattr(plan, name)
        ]
        if plan.revisit_on:
            items.append(
                {
                    "linkId": "revisit_on",
                    "text": "When I would like to look at my plan again",
                    "answer": [{"valueDate": plan.revisit_on.isoformat()}],
                }
            )
        return QuestionnaireResponse.model_validate(
            {
                "resourceType": "QuestionnaireResponse",
                "id": resource_id(plan),
                "questionnaire": LEARNING_PLAN_QUESTIONNAIRE,
                "status": "completed",
                "subject": patient,
                "authored": plan.written_at.isoformat(),
                "item": items,
            }
        )

    def _enrolment(self, enrolment, patient) -> Basic:
        run = enrolment.run
        lines = [f"{run.course.title}, {run.term.name}", _place(enrolment)]
        lines += _attendance(enrolment) + [f"Message {m}" for m in _messages(enrolment)]
        extensions = [
            _extension("course", run.course.title),
            _extension("term", run.term.name),
            _extension("status", enrolment.status),
        ]
        extensions += [_extension("attendance", line) for line in _attendance(enrolment)]
        extensions += [_extension("message", line) for line in _messages(enrolment)]
        return Basic.model_validate(
            {
                "resourceType": "Basic",
                "id": resource_id(enrolment),
                "text": _narrative(lines),
                "code": {
                    "coding": [
                        {"system": COLLEGE, "code": "enrolment", "display": "Course enrolment"}
                    ]
                },
                "subject": patient,
                "created": timezone.localtime(enrolment.requested_at).date().isoformat(),
                "extension": extensions,
            }
        )

    def _feedback(self, feedback, enrolment, patient) -> QuestionnaireResponse:
        items = [
            {
                "linkId": "usefulness",
                "text": "How useful was the course? (1 not useful to 5 very useful)",
                "answer": [{"valueInteger": feedback.usefulness}],
            },
            {
                "linkId": "would_recommend",
                "text": "Would you recommend it?",
                "answer": [{"valueString": feedback.get_would_recommend_display()}],
            },
        ]
        for name, text in (("what_to_change", "What would you change?"), ("comments", "Comments")):
            if getattr(feedback, name):
                items.append(
                    {
                        "linkId": name,
                        "text": text,
                        "answer": [{"valueString": getattr(feedback, name)}],
                    }
                )
        return QuestionnaireResponse.model_validate(
            {
                "resourceType": "QuestionnaireResponse",
                "id": resource_id(feedback),
                "questionnaire": FEEDBACK_QUESTIONNAIRE,
                "status": "completed",
                "subject": patient,
                "authored": feedback.submitted_at.isoformat(),
                "item": items,
                "text": _narrative([f"Feedback on {enrolment.run.course.title}"]),
            }
        )

    # Readable ----------------------------------------------------------------------

    def _student_rows(self, student) -> list[tuple[str, str]]:
        return [
            ("Name", student.full_name),
            ("Likes to be called", student.preferred_name or NOT_GIVEN),
            ("Email address", student.email or NOT_GIVEN),
            ("Phone number", student.phone or NOT_GIVEN),
            ("Which describes you", student.get_student_type_display()),
            ("Where you live", student.locality.name if student.locality else NOT_GIVEN),
            ("Team", student.team.name if student.team else NOT_GIVEN),
            ("Student since", _day(student.created_at)),
        ]

    def sections(self, person):
        student = _student(person)
        if student is None:
            return []
        plans = list(student.learning_plans.all())
        plan_rows = []
        for number, plan in enumerate(plans):
            when = _day(plan.written_at) + (" (current)" if number == 0 else "")
            for name, text in PLAN_QUESTIONS:
                plan_rows.append((f"{when}: {text}", getattr(plan, name) or "Nothing written"))
            if plan.revisit_on:
                plan_rows.append((f"{when}: look at it again on", long_date(plan.revisit_on)))
        course_rows, feedback_rows, message_rows = [], [], []
        for enrolment in _enrolments(student):
            title = f"{enrolment.run.course.title}, {enrolment.run.term.name}"
            attendance = _attendance(enrolment)
            text = _place(enrolment)
            if attendance:
                text += ". Attendance: " + "; ".join(attendance)
            course_rows.append((title, text))
            feedback = _feedback(enrolment)
            if feedback is not None:
                said = [
                    f"Usefulness {feedback.usefulness} out of 5",
                    f"would recommend: {feedback.get_would_recommend_display().lower()}",
                ]
                if feedback.what_to_change:
                    said.append(f"what to change: {feedback.what_to_change}")
                if feedback.comments:
                    said.append(f"comments: {feedback.comments}")
                feedback_rows.append((title, "; ".join(said)))
            message_rows += [(title, line) for line in _messages(enrolment)]
        return [
            Section("Recovery College: your student details", self._student_rows(student)),
            Section(
                "Recovery College: your learning plans",
                plan_rows,
                intro="Every version you wrote, newest first.",
                empty="You have not written a learning plan.",
            ),
            Section(
                "Recovery College: your courses",
                course_rows,
                intro="Your places, waiting-list places and cancelled places, with attendance.",
                empty="You have not asked for a place on a course.",
            ),
            Section(
                "Recovery College: feedback you gave",
                feedback_rows,
                empty="You have not given feedback on a course.",
            ),
            Section(
                "Recovery College: messages we sent you",
                message_rows,
                empty="We have not sent you any College messages.",
            ),
        ]
