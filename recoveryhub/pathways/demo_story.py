"""The demo sign-ins' own pathways: the demo person (Alex) volunteers with the demo
partner's organisation (Fenland Green Hands, where Bea signs in), with hours approved and
one waiting for Bea, an interest in a job waiting for an answer and one declined kindly.
And an IPS fidelity review for each team giving employment support."""

from datetime import timedelta

from recoveryhub.accounts.roles import Role
from recoveryhub.people.demo import TODAY
from recoveryhub.people.models import Person

from . import demo_words as words
from . import fidelity, fidelity_services
from .demo_bulk import moment
from .models import (
    HoursLog,
    Interest,
    OnboardingItem,
    PathwayProfile,
    Placement,
    Skill,
)
from .services import checklist_for


def write(users, partners, roles) -> list[int]:
    """The demo person's pathway; their id (kept out of the bulk people)."""
    person = Person.objects.filter(user=users[Role.PERSON]).first()
    if person is None:
        return []
    bea = users[Role.PARTNER]
    profile = PathwayProfile.objects.create(
        person=person, interests="Gardening and being outdoors; perhaps café work later on",
        kinds_wanted=["volunteering", "job"], times=["weekday_mornings", "weekends"],
        travel_miles=10, shares_with_worker=True, open_to_suggestions=True,
    )  # fmt: skip
    profile.skills.set(Skill.objects.filter(name__in=["Gardening", "Listening"]))
    ours = [r for r in roles if r.opp.partner_id == partners[0].id and r.status == "open"]
    others = [r for r in roles if r.opp.partner_id not in (None, partners[0].id)
              and r.status == "open"]  # fmt: skip
    garden = ours[0].opp
    interest = _interest(person, garden.id, 120, "approved", by=bea)
    placement = Placement.objects.create(
        person=person, opportunity_id=garden.id, interest=interest, status="active",
        created_at=moment(TODAY - timedelta(days=116)), started_on=TODAY - timedelta(days=95),
    )  # fmt: skip
    items = checklist_for(placement.opportunity)
    done_on = TODAY - timedelta(days=100)
    for item in items:
        item.placement = placement
        item.state, item.done_on, item.changed_at = "done", done_on, moment(done_on)
        if item.kind == "dbs":
            item.expires_on = done_on.replace(year=done_on.year + 3)
    OnboardingItem.objects.bulk_create(items)
    logs = []
    for week in range(13):
        day = TODAY - timedelta(days=94 - 7 * week)
        waiting = week == 12
        logs.append(HoursLog(
            placement=placement, on=day, minutes=150, logged_at=moment(day, 18),
            kind="training" if week == 0 else "volunteering",
            note="Planted the winter onions" if waiting else "",
            status="waiting" if waiting else "approved",
            decided_at=None if waiting else moment(day + timedelta(days=2)),
            decided_by=None if waiting else bea,
        ))  # fmt: skip
    HoursLog.objects.bulk_create(logs)
    jobs = [r for r in others if r.opp.kind == "job"] or others
    if jobs:
        _interest(person, jobs[0].opp.id, 4, "sent")
    volunteering = [r for r in others if r.opp.kind == "volunteering"]
    if volunteering:
        _interest(person, volunteering[0].opp.id, 40, "declined",
                  reason=words.DECLINE_REASONS[0])  # fmt: skip
    return [person.pk]


def _interest(person, opportunity_id, days_ago, status, by=None, reason=""):
    sent = TODAY - timedelta(days=days_ago)
    decided = moment(sent + timedelta(days=4), 14) if status != "sent" else None
    return Interest.objects.create(
        person=person, opportunity_id=opportunity_id, consent_to_owner=True, status=status,
        message="I used to have an allotment and would love to garden again.",
        contact_by="By text message", sent_at=moment(sent), decided_at=decided,
        decided_by=by, reason=reason,
    )  # fmt: skip


def fidelity_reviews(teams, manager, rng) -> None:
    """A review of each team two months ago, every item that can be scored scored."""
    scale = fidelity.scale()
    for n, team in enumerate(teams):
        scores = {item.code: rng.choice([2, 3, 4, 4, 5]) for item in scale.scorable}
        fidelity_services.record_review(
            team, reviewed_on=TODAY - timedelta(days=60 + 30 * n), by=manager, notes={},
            reviewers="Two IPS fidelity reviewers from a neighbouring trust", scores=scores,
        )  # fmt: skip
