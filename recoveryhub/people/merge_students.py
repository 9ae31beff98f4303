"""A merge where both records have a College student record (a person has one at most).

The kept record's student record takes the other's enrolments and learning plans, so the
College keeps every place, register mark and certificate; the other student record is
then removed and kept as details in the merge record. The College's kept reach counts
are worked out again for the runs touched (moving rows in bulk sends no signals).
Two places on one course run would be one too many: plan() stops such a merge first.
"""

from .merge_rules import move, worked_out

STUDENT_RULES = {
    "college.Enrolment.student": move,
    "college.LearningPlan.student": move,
    "college.ReachStudent.student": worked_out,
}


def _student_fields():
    from recoveryhub.college.models import Student

    from .merge_rules import fields_pointing_at

    return fields_pointing_at(Student)


def unruled() -> list[str]:
    """Fields pointing at a student record that a merge would not know what to do with."""
    return [name for name, _, _ in _student_fields() if name not in STUDENT_RULES]


def shared_runs(kept, other) -> list[str]:
    """Course runs both records hold an active place on (plain words, for plan())."""
    from recoveryhub.college.models import ACTIVE, Enrolment

    both = Enrolment.objects.filter(ACTIVE, student__person__in=[kept, other])
    seen: dict[int, set[int]] = {}
    names: dict[int, str] = {}
    for run_id, person_id, title, term in both.values_list(
        "run_id", "student__person_id", "run__course__title", "run__term__name"
    ):
        seen.setdefault(run_id, set()).add(person_id)
        names[run_id] = f"{title} ({term})"
    return sorted(names[run] for run, people in seen.items() if len(people) == 2)


def sign_ins_differ(kept, other) -> bool:
    from recoveryhub.college.models import Student

    users = set(
        Student.objects.filter(person__in=[kept, other], user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    return len(users) > 1


class _Job:
    """The merge job seen from a student record: `other` and `kept` are students."""

    def __init__(self, job, kept, other):
        self._job, self.kept, self.other = job, kept, other

    def note(self, *args, **kwargs):
        self._job.note(*args, **kwargs)

    def combine(self, *args, **kwargs):
        self._job.combine(*args, **kwargs)


def combine(job, model, field) -> None:
    from recoveryhub.college import reach_counts
    from recoveryhub.college.models import Enrolment, Student

    theirs = Student.objects.filter(person=job.other).first()
    if theirs is None:
        return
    mine = Student.objects.filter(person=job.kept).first()
    if mine is None:
        move(job, model, field, Student.objects.filter(pk=theirs.pk))
        return
    runs = set(Enrolment.objects.filter(student=theirs).values_list("run_id", flat=True))
    as_students = _Job(job, mine, theirs)
    for name, child, child_field in _student_fields():
        STUDENT_RULES[name](as_students, child, child_field)
    user = theirs.user
    job.combine(theirs)  # removes it, keeping its details
    if user is not None and mine.user_id is None:
        mine.user = user
        mine.save(update_fields=["user"])
    reach_counts.refresh_runs(runs)
    reach_counts.refresh_students([mine.pk])
