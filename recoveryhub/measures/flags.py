"""Safety flags: raised when a check-in is completed, acknowledged by a worker.

`raise_for` runs inside `services.complete`'s transaction, so a check-in is never saved
without its flags. `acknowledge` is the one write a worker makes: it locks the flag,
keeps who, when and what was done, and writes the person's access event, together.
Home pages and caseloads read flags through `open_on_caseload`, one query however many.
"""

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction
from recoveryhub.people.models import CaseloadAssignment

from . import catalogue, safety
from .models import CheckIn, CheckInStatus, SafetyFlag

WHAT_WAS_DONE_LIMIT = 2000


class AcknowledgeError(ValueError):
    """Why a flag cannot be acknowledged; the message is for the worker."""


def raise_for(check_in) -> list[SafetyFlag]:
    """The flags a just-completed check-in's answers raise (none for most)."""
    instrument = catalogue.get(check_in.instrument)
    found = safety.triggers(instrument, check_in.answers)
    return SafetyFlag.objects.bulk_create(
        SafetyFlag(
            person_id=check_in.person_id,
            check_in=check_in,
            item=trigger.item_code,
            value=trigger.value,
            raised_at=check_in.completed_at,
        )
        for trigger in found
    )


def raise_added_after(last_id: int) -> int:
    """After a bulk write (an import, the demo): the flags that check-ins with an id above
    `last_id` raise, by the same rule as `raise_for`. bulk_create skips `services.complete`,
    so without this an imported risk answer would reach nobody. One INSERT ... SELECT for
    each risk item in the catalogue (two today), whatever the number of check-ins; call it
    in the write's transaction, so the check-ins and their flags arrive together.
    Returns how many flags were raised."""
    raised = 0
    for instrument in catalogue.all_instruments():
        for item in instrument.items:
            if item.safety:
                raised += _raise_in_sql(last_id, instrument.code, item)
    return raised


_FLAG_COLUMNS = ("person_id", "check_in_id", "item", "value", "raised_at", "what_was_done")


def _raise_in_sql(last_id: int, code: str, item) -> int:
    answer = Cast(KeyTextTransform(item.code, "answers"), IntegerField())
    already = SafetyFlag.objects.filter(check_in=OuterRef("pk"), item=item.code)
    found = (
        CheckIn.objects.filter(pk__gt=last_id, instrument=code, status=CheckInStatus.COMPLETE)
        .annotate(answer=answer)
        .filter(answer__gt=item.min_value)
        .exclude(Exists(already))
        .order_by()
        # Every column an annotation, in the table's order, so the SELECT lines up.
        .annotate(
            f_person=F("person_id"),
            f_check_in=F("pk"),
            f_item=Value(item.code, output_field=CharField()),
            f_value=F("answer"),
            f_raised_at=F("completed_at"),
            f_done=Value("", output_field=CharField()),
        )
        .values_list("f_person", "f_check_in", "f_item", "f_value", "f_raised_at", "f_done")
    )
    select, params = found.query.sql_with_params()
    table = connection.ops.quote_name(SafetyFlag._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _FLAG_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)  # noqa: S608 - ORM SQL
        return max(cursor.rowcount, 0)


@transaction.atomic
def acknowledge(flag: SafetyFlag, what_was_done: str, *, actor, route: str = "") -> SafetyFlag:
    """A worker on the person's team says what they did; the flag then closes for everyone."""
    if not permissions.can(actor, "person.acknowledge_flag", flag.person):
        raise PermissionDenied
    what_was_done = (what_was_done or "").strip()
    if not what_was_done:
        raise AcknowledgeError("Enter what was done")
    if len(what_was_done) > WHAT_WAS_DONE_LIMIT:
        raise AcknowledgeError(f"What was done must be {WHAT_WAS_DONE_LIMIT} characters or fewer")
    locked = SafetyFlag.objects.select_for_update().get(pk=flag.pk)
    if locked.acknowledged_at is not None:
        raise AcknowledgeError("This flag has already been acknowledged")
    locked.acknowledged_at = timezone.now()
    locked.acknowledged_by = actor
    locked.what_was_done = what_was_done
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "what_was_done"])
    access_log.record(
        actor=actor, person=locked.person, action=AccessAction.CHANGE, obj=locked, route=route
    )
    return locked


def open_on_caseload(user):
    """Open flags of people on the user's teams' caseload, oldest first, each marked
    `named_to_me` when the user is the person's named worker. One query."""
    named = CaseloadAssignment.objects.current().filter(
        person_id=OuterRef("person_id"), worker=user
    )
    return (
        SafetyFlag.objects.filter(
            acknowledged_at__isnull=True, person_id__in=permissions.caseload_ids(user)
        )
        .select_related("person", "check_in")
        .annotate(named_to_me=Exists(named))
        .order_by("-named_to_me", "raised_at", "pk")
    )


def with_oldest_open_flag(people):
    """People annotated with their oldest open flag: `open_flag_id`, `open_flag_since`."""
    oldest = SafetyFlag.objects.filter(
        person_id=OuterRef("pk"), acknowledged_at__isnull=True
    ).order_by("raised_at", "pk")
    return people.annotate(
        open_flag_id=Subquery(oldest.values("pk")[:1]),
        open_flag_since=Subquery(oldest.values("raised_at")[:1]),
    )
