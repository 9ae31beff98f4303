"""What a merge does with each kind of row pointing at the merged-away record.

Every foreign key to people.Person (found by walking the models, as the My data coverage
test does) needs a rule here, named "app.Model.field". One without a rule stops every
merge until it has one, so a new feature's rows are never left behind or deleted with the
removed record. Most rows simply move; the rest are kinds a person has only one of.

A rule is a function (job, model, field) run inside merge()'s transaction; it re-points
or combines the other record's rows and notes each in `job` (merging.Job).
"""

from django.db import models

from recoveryhub.core import access_log

from .models import CarerLink, MergeAction

MOVE = "move"


def move(job, model, field, rows=None) -> None:
    """Re-point the rows as they are (one UPDATE; the merge record lists each row)."""
    rows = rows if rows is not None else model._base_manager.filter(**{field.name: job.other})
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        model._base_manager.filter(pk__in=ids).update(**{field.name: job.kept})
        job.note(model, ids, MergeAction.MOVED)


def access_events(job, model, field) -> None:
    ids = access_log.move_to_joined_record(job.other, job.kept)
    job.note(model, ids, MergeAction.MOVED)


def carer_links(job, model, field) -> None:
    """Links move, except a link the kept record already has with the same person (the
    kept one stays, with the sharing that person chose for it), or one between the two
    records themselves (nobody cares for themselves): those are kept as details only."""
    other_end = "cared_for" if field.name == "carer" else "carer"
    for link in CarerLink.objects.filter(**{field.name: job.other}):
        partner_id = getattr(link, f"{other_end}_id")
        same = {field.name: job.kept, f"{other_end}_id": partner_id}
        if partner_id == job.kept.pk or CarerLink.objects.filter(**same).exists():
            job.combine(link)
        else:
            move(job, model, field, CarerLink.objects.filter(pk=link.pk))


def one_per_instrument(job, model, field) -> None:
    """Reminder schedules: one a person and instrument. The kept record's stays; the
    other's for the same instrument is kept as details, with the reminders it sent."""
    kept_instruments = set(
        model._base_manager.filter(person=job.kept).values_list("instrument", flat=True)
    )
    for schedule in model._base_manager.filter(person=job.other):
        if schedule.instrument in kept_instruments:
            sent = [str(day) for day in schedule.sent.values_list("due_on", flat=True)]
            job.combine(schedule, reminders_sent_for=sent)
        else:
            move(job, model, field, model._base_manager.filter(pk=schedule.pk))


def worked_out(job, model, field) -> None:
    """Kept summaries of check-ins: the other record's go, and the kept record's are
    worked out again from all the check-ins once they have moved (job.finish)."""
    rows = model._base_manager.filter(**{field.name: job.other})
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        job.note(model, ids, MergeAction.WORKED_OUT)
        models.QuerySet.delete(model._base_manager.filter(pk__in=ids))


def student(job, model, field) -> None:
    """One College student record a person. If both records have one, the kept one takes
    the other's enrolments and learning plans (merge_students.py)."""
    from . import merge_students

    merge_students.combine(job, model, field)


def recovery_plan(job, model, field) -> None:
    """One recovery and wellbeing plan a person. An empty one (never written, no goals) gives
    way to the other; of two written plans, the kept record's stays the plan, the other's
    goals join it and its words are kept in the explanation (plans/joining.py)."""
    from recoveryhub.plans.models import RecoveryPlan

    theirs = RecoveryPlan.objects.filter(person=job.other).first()
    if theirs is None:
        return
    mine = RecoveryPlan.objects.filter(person=job.kept).first()
    if mine is not None:
        if is_empty_plan(theirs):
            job.combine(theirs)
            return
        if not is_empty_plan(mine):
            _both_written(job, theirs, mine)
            return
        job.combine(mine, came_from_kept_record=True)
    move(job, model, field, RecoveryPlan.objects.filter(pk=theirs.pk))


def _both_written(job, theirs, mine) -> None:
    from recoveryhub.plans import joining
    from recoveryhub.plans.models import Goal, RecoveryPlanVersion

    job.note(Goal, joining.move_goals(theirs, mine), MergeAction.MOVED)
    for pk, kept in joining.versions_kept(theirs):
        job.note(RecoveryPlanVersion, [pk], MergeAction.KEPT_IN_EXPLANATION, kept)
    for reminder in theirs.reminders.all():
        job.combine(reminder)
    joining.remove_versions(theirs)
    theirs.refresh_from_db()
    job.combine(theirs)


def is_empty_plan(plan) -> bool:
    return not plan.versions.exists() and not plan.goals.exists()


RULES = {
    "core.AccessEvent.person": access_events,
    "people.CarerLink.carer": carer_links,
    "people.CarerLink.cared_for": carer_links,
    # Overlapping assignments with one team are allowed (caseloads count people once).
    "people.CaseloadAssignment.person": move,
    "people.Invitation.person": move,
    "people.SignInLink.person": move,
    "people.CarerInvitation.cared_for": move,
    "people.MergeRecord.kept": move,
    "measures.CheckIn.person": move,
    "measures.SafetyFlag.person": move,
    "measures.CheckInRequest.person": move,
    "measures.ReminderSchedule.person": one_per_instrument,
    "measures.OutcomeSummary.person": worked_out,
    "measures.OutcomeStep.person": worked_out,
    "college.Student.person": student,
    "plans.RecoveryPlan.person": recovery_plan,
    "plans.PositiveRiskPlan.person": move,
    # Several of each a person; a pass stays with the episode that gave it.
    "episodes.Referral.person": move,
    "episodes.Episode.person": move,
    "episodes.OpenDoorPass.person": move,
    # Openings of a colleague's record stay with it, as its access events do.
    "staff.BreakGlass.person": move,
}


def fields_pointing_at(target) -> list[tuple[str, type, models.Field]]:
    """("app.Model.field", model, field) for every installed foreign key to `target`."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            # ForeignKey covers OneToOneField; reverse relations are not fields of the model.
            linked = isinstance(field, models.ForeignKey | models.ManyToManyField)
            if linked and field.related_model is target:
                found.append((f"{model._meta.label}.{field.name}", model, field))
    return sorted(found, key=lambda item: item[0])
