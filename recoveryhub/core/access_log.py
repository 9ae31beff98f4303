"""Writes the access log a person can read: who looked at, changed, downloaded or printed
their record. Views, exports and the admin call `record`; nothing else writes it."""

from .models import AccessAction, AccessEvent


def record(
    *, actor, person, action: AccessAction, obj=None, route: str = ""
) -> AccessEvent | None:
    """Log one access to `person`'s record by `actor`; the person's own access is not logged."""
    if person.user_id is not None and person.user_id == actor.pk:
        return None
    obj = obj if obj is not None else person
    return AccessEvent.objects.create(
        actor=actor,
        person=person,
        action=action,
        object_type=obj._meta.verbose_name,
        object_id=str(obj.pk),
        route=route[:500],
    )


def record_many(request, accesses, action: AccessAction) -> list[AccessEvent]:
    """Many accesses at once in one query, e.g. a register listing several students.
    `accesses`: (person_id, person_user_id, obj) triples; one's own record is not logged."""
    route = request.get_full_path()[:500]
    return AccessEvent.objects.bulk_create(
        AccessEvent(
            actor=request.user,
            person_id=person_id,
            action=action,
            object_type=obj._meta.verbose_name,
            object_id=str(obj.pk),
            route=route,
        )
        for person_id, person_user_id, obj in accesses
        if person_user_id != request.user.pk
    )


def record_request(request, person, action: AccessAction, obj=None) -> AccessEvent | None:
    return record(
        actor=request.user, person=person, action=action, obj=obj, route=request.get_full_path()
    )


def move_to_joined_record(merged_away, kept) -> list[int]:
    """Re-point every access event of a record being joined into another (people/merging.py
    only). Events are otherwise never changed: this keeps them, with who, what and when as
    they were, so the kept record's list still shows every look at either record; the
    merge itself records which events came from which record. Returns the ids moved."""
    from django.db import models

    ids = list(AccessEvent.objects.filter(person=merged_away).values_list("pk", flat=True))
    if ids:
        # The plain QuerySet's update, past AccessEventQuerySet's refusal, on purpose.
        models.QuerySet.update(AccessEvent.objects.filter(pk__in=ids), person=kept)
    return ids
