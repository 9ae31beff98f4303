"""Keep the reach page's counts (reach_counts.py) current when single rows are saved or
deleted, in the same transaction. Bulk writes send no signals: their callers refresh."""

from django.db.models.signals import post_delete, post_save

from . import reach_counts
from .models import Attendance, Course, CourseRun, Enrolment, Session, Student, Term


def _enrolment(instance, **_kwargs) -> None:
    reach_counts.refresh_runs([instance.run_id])
    reach_counts.refresh_students([instance.student_id])


def _attendance(instance, **_kwargs) -> None:
    run_ids = Enrolment.objects.filter(pk=instance.enrolment_id).values_list("run_id", flat=True)
    reach_counts.refresh_runs(run_ids)


def _session(instance, **_kwargs) -> None:
    reach_counts.refresh_runs([instance.run_id])


def _run(instance, created=False, **_kwargs) -> None:
    if not created:  # a new run has no places yet; a moved one takes them to a new term
        reach_counts.refresh_run_students([instance.pk])


def _course(instance, created=False, **_kwargs) -> None:
    if not created:  # its area or completion percent may have changed
        reach_counts.refresh_runs(
            CourseRun.objects.filter(course=instance).values_list("pk", flat=True)
        )


def _student(instance, created=False, **_kwargs) -> None:
    if not created:  # their type, locality or team may have changed
        runs = Enrolment.objects.filter(student=instance).values_list("run_id", flat=True)
        reach_counts.refresh_runs(runs)
        reach_counts.refresh_students([instance.pk])


def _term(instance, created=False, **_kwargs) -> None:
    if not created:  # its dates may have changed the order of terms
        reach_counts.rebuild_students()


# (signal, sender, receiver, dispatch_uid) for every receiver this module connects.
RECEIVERS = [(post_save, Term, _term, "college-reach-Term-save")] + [
    (signal, model, receiver, f"college-reach-{model.__name__}-{kind}")
    for model, receiver in [
        (Enrolment, _enrolment),
        (Attendance, _attendance),
        (Session, _session),
        (CourseRun, _run),
        (Course, _course),
        (Student, _student),
    ]  # fmt: skip
    for signal, kind in ((post_save, "save"), (post_delete, "delete"))
]


def connect() -> None:
    for signal, sender, receiver, uid in RECEIVERS:
        signal.connect(receiver, sender=sender, dispatch_uid=uid)


def disconnect() -> None:
    """For deleting rows in bulk whose counts go with them (tests forgetting the demo)."""
    for signal, sender, _receiver, uid in RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
