"""The pathways' part in retention (governance/retention.py): what counts as contact, and
what of a person's own words goes when their record is anonymised."""

from django.db.models import OuterRef, Q

from .models import (
    EmploymentSupport,
    HoursLog,
    Interest,
    PanelBooking,
    PathwayProfile,
    Placement,
)


def recent_contact(cutoff, since) -> tuple:
    """Subqueries (on OuterRef("pk"), a person) of pathways contact on or after the cutoff:
    a placement or employment support still open or ended since, interest shown, or a
    panel booked since."""
    person = OuterRef("pk")
    return (
        Placement.objects.filter(person=person).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff)
        ),
        EmploymentSupport.objects.filter(person=person).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff)
        ),
        Interest.objects.filter(person=person, sent_at__gte=since),
        PanelBooking.objects.filter(member__person=person, on__gte=cutoff),
    )


def empty_own_words(person_ids: list[int]) -> None:
    """Anonymised people keep the counts (hours, placements, jobs) but not their words nor
    how to contact them."""
    Interest.objects.filter(person_id__in=person_ids).update(message="", contact_by="")
    PathwayProfile.objects.filter(person_id__in=person_ids).update(interests="")
    HoursLog.objects.filter(placement__person_id__in=person_ids).update(note="")
    PanelBooking.objects.filter(member__person_id__in=person_ids).update(member_debrief="")
