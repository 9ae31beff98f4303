"""What joining two records of one person does with their pathways (people/merge_rules.py).

Most rows move. Kinds a person has one of, or one live at a time, are combined: the kept
record's stays and the other's is kept as details in the join's explanation.
"""

from recoveryhub.people import merge_rules

from .models import (
    LIVE_INTEREST,
    EmploymentSupport,
    Interest,
    PanelBooking,
    PanelMember,
    PathwayProfile,
    SupportStatus,
)


def profile(job, model, field) -> None:
    """One pathway profile a person: the kept record's stays, taking the other's skills
    and goals; without one, the other's moves."""
    theirs = PathwayProfile.objects.filter(person=job.other).first()
    mine = PathwayProfile.objects.filter(person=job.kept).first()
    if theirs is None:
        return
    if mine is None:
        merge_rules.move(job, model, field, PathwayProfile.objects.filter(pk=theirs.pk))
        return
    mine.skills.add(*theirs.skills.all())
    mine.goals.add(*theirs.goals.all())
    job.combine(theirs)


def interest(job, model, field) -> None:
    """Interest moves; where both records have live interest in one role, the kept
    record's stays and the other's is combined into it (one live interest a role)."""
    kept_roles = Interest.objects.filter(LIVE_INTEREST, person=job.kept).values("opportunity")
    for twin in Interest.objects.filter(
        LIVE_INTEREST, person=job.other, opportunity__in=kept_roles
    ):
        job.combine(twin)
    merge_rules.move(job, model, field)


def employment_support(job, model, field) -> None:
    """One open support a person: if both are open, the other record's is ended as
    joined, then every support moves."""
    if EmploymentSupport.objects.filter(person=job.kept, status=SupportStatus.OPEN).exists():
        EmploymentSupport.objects.filter(person=job.other, status=SupportStatus.OPEN).update(
            status=SupportStatus.ENDED, end_reason="Joined with the same person's other record"
        )
    merge_rules.move(job, model, field)


def panel_member(job, model, field) -> None:
    """One place on the panel register: the kept record's stays (the later training wins)
    and takes the other's bookings."""
    theirs = PanelMember.objects.filter(person=job.other).first()
    mine = PanelMember.objects.filter(person=job.kept).first()
    if theirs is None:
        return
    if mine is None:
        merge_rules.move(job, model, field, PanelMember.objects.filter(pk=theirs.pk))
        return
    PanelBooking.objects.filter(member=theirs).update(member=mine)
    if theirs.trained_on > mine.trained_on:
        mine.trained_on, mine.refresher_due = theirs.trained_on, theirs.refresher_due
        mine.save(update_fields=["trained_on", "refresher_due"])
    job.combine(theirs)


RULES = {
    "pathways.PathwayProfile.person": profile,
    "pathways.Interest.person": interest,
    "pathways.Placement.person": merge_rules.move,
    "pathways.Payment.person": merge_rules.move,
    "pathways.EmploymentSupport.person": employment_support,
    "pathways.JobStart.person": merge_rules.move,
    "pathways.PanelMember.person": panel_member,
}
