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


def connect() -> None:
    post_save.connect(_term, sender=Term, dispatch_uid="college-reach-Term-save")
    for model, receiver in [
        (Enrolment, _enrolment), (Attendance, _attendance), (Session, _session),
        (CourseRun, _run), (Course, _course), (Student, _student),
    ]:  # fmt: skip
        uid = f"college-reach-{model.__name__}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + "-delete")
