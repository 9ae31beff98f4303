"""Joining two records of one person (people/merging.py): over every model that points at
a person, found by walking the models as the My data coverage test does, nothing is left
pointing at the merged-away record and nothing is lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recoveryhub.audit.models import AuditEntry
from recoveryhub.college import models as college
from recoveryhub.college.tests.test_reach_counts import assert_kept as assert_reach_kept
from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.measures import models as measures
from recoveryhub.measures import outcome_figures, summaries
from recoveryhub.people import merge_rules, merging
from recoveryhub.people.models import (
    CarerInvitation,
    CarerLink,
    CaseloadAssignment,
    Invitation,
    MergeAction,
    MergedRow,
    MergeRecord,
    Person,
    SignInLink,
)
from recoveryhub.plans import models as plans
from recoveryhub.plans import services as plan_services
from recoveryhub.staff.models import BreakGlass

pytestmark = pytest.mark.django_db


def _check_ins(world, person, start):
    for days, total in ((0, 14.0), (40, 9.0)):
        at = start + timedelta(days=days)
        check_in = measures.CheckIn.objects.create(
            person=person, instrument="phq9", status=measures.CheckInStatus.COMPLETE,
            total=total, started_at=at, completed_at=at,
        )  # fmt: skip
    measures.SafetyFlag.objects.create(
        person=person, check_in=check_in, item="phq9_9", value=1, raised_at=at
    )
    summaries.refresh(person.pk, "phq9")


def _college_rows(world, college_world, person):
    now = timezone.now()
    student = college.Student.objects.create(
        person=person, full_name=person.full_name, student_type=college.StudentType.CARER,
        locality=world.fenland,
    )  # fmt: skip
    college.Enrolment.objects.create(
        student=student, run=college_world.other_run, status=college.EnrolmentStatus.CONFIRMED,
        requested_at=now, confirmed_at=now,
    )  # fmt: skip
    college.LearningPlan.objects.create(
        student=student, hopes="Learn to cook", wants_from_college="Friends"
    )


def _rows_for(world, college_world, person, *, kept: bool):
    """At least one row in every model pointing at a person (one builder a field)."""
    today, now = timezone.localdate(), timezone.now()
    coach = world.recovery_coach
    dana = Person.objects.create(full_name=f"Dana {'Kept' if kept else 'Other'}")
    return {
        "core.AccessEvent.person": lambda: access_log.record(
            actor=coach, person=person, action=AccessAction.VIEW
        ),
        "people.CarerLink.carer": lambda: CarerLink.objects.create(
            carer=person, cared_for=world.quinn, relationship="Friend", shares_plans=kept
        ),
        "people.CarerLink.cared_for": lambda: CarerLink.objects.create(
            carer=dana, cared_for=person, relationship="Sister"
        ),
        "people.CaseloadAssignment.person": lambda: CaseloadAssignment.objects.create(
            person=person, team=world.team_b, starts_on=today - timedelta(5)
        ),
        "people.Invitation.person": lambda: Invitation.request(
            person=person, email="pj@example.com", created_by=coach
        ),
        "people.SignInLink.person": lambda: SignInLink.objects.create(
            person=person, email="old@example.com", linked_at=now
        ),
        "people.CarerInvitation.cared_for": lambda: CarerInvitation.request(
            cared_for=person,
            carer_name="Ash",
            relationship="Friend",
            email="ash@example.com",
            created_by=coach,
        ),  # fmt: skip
        "people.MergeRecord.kept": lambda: MergeRecord.objects.create(
            kept=person,
            merged_away_id=10**9,
            merged_away={"full_name": "Old"},
            reason="Same person",
            how_checked="NHS number",
            merged_by_label="x@example.com",
        ),  # fmt: skip
        "measures.CheckIn.person": lambda: _check_ins(
            world, person, now - timedelta(days=90 if kept else 70)
        ),
        "measures.SafetyFlag.person": lambda: None,  # with the check-ins
        "measures.CheckInRequest.person": lambda: measures.CheckInRequest.objects.create(
            person=person, instrument="gad7", due_on=today, asked_by=coach, created_at=now
        ),
        "measures.ReminderSchedule.person": lambda: measures.ReminderSchedule.objects.create(
            person=person, instrument="phq9", every_days=14, next_due=today, set_by=coach
        ).sent.create(due_on=today - timedelta(14)),
        "measures.OutcomeSummary.person": lambda: None,  # worked out from the check-ins
        "measures.OutcomeStep.person": lambda: None,
        "college.Student.person": lambda: (
            None if kept else _college_rows(world, college_world, person)
        ),
        "plans.RecoveryPlan.person": lambda: None if kept else plan_services.plan_of(person),
        "plans.PositiveRiskPlan.person": lambda: plans.PositiveRiskPlan.objects.create(
            person=person, choice="Going to the gym alone", review_on=today + timedelta(30)
        ),
        "episodes.Referral.person": lambda: _episode_rows(world, person),
        "episodes.Episode.person": lambda: None,  # with the referral
        "episodes.OpenDoorPass.person": lambda: None,  # given when the episode ended
        "pathways.PathwayProfile.person": lambda: _pathway_rows(world, person),
        "pathways.Interest.person": lambda: None,  # with the profile
        "pathways.Placement.person": lambda: None,
        "pathways.Payment.person": lambda: None,
        "pathways.EmploymentSupport.person": lambda: None,
        "pathways.JobStart.person": lambda: None,
        "pathways.PanelMember.person": lambda: None,
        "feedback.Response.person": lambda: _feedback_rows(world, person),
        "staff.BreakGlass.person": lambda: BreakGlass.objects.create(
            actor=coach,
            person=person,
            reason="Opened behind the firewall to test a merge",
            until=now + timedelta(hours=1),
        ),  # fmt: skip
    }


def _feedback_rows(world, person):
    """Feedback given signed in, to the team that supports them."""
    from recoveryhub.feedback import services
    from recoveryhub.feedback.testing import answers_for

    survey = services.fft_survey(world.team_a)
    given = answers_for(survey, "good", "Kind staff.")
    services.record_response(survey, given, channel="signed_in", person=person)


def _pathway_rows(world, person):
    """Both records show interest in one role and volunteer in it, have open employment
    support, a job and a place on the panel register with a booking."""
    from decimal import Decimal

    from recoveryhub.pathways import ips, panels, services
    from recoveryhub.pathways.models import Opportunity, PathwayProfile, Skill

    today = timezone.localdate()
    garden, _ = Opportunity.objects.get_or_create(
        title="Garden volunteer",
        defaults={"kind": "volunteering", "what_it_involves": "Digging", "when": "Mondays",
                  "status": "open", "induction_needed": True},
    )  # fmt: skip
    skill, _ = Skill.objects.get_or_create(name="Gardening")
    PathwayProfile.objects.create(person=person, interests="Gardens").skills.add(skill)
    first = services.show_interest(person, garden, message="", contact_by="x", consent=True)
    services.approve(first, by=world.college_staff)
    services.record_payment(
        person=person, placement=first.placement, kind="expenses", amount_pence=350,
        on=today, what_for="Bus fare", by=world.college_staff,
    )  # fmt: skip
    support = ips.start_support(
        person, team=world.team_a, specialist=world.peer_worker,
        referred_on=today - timedelta(9), out_of_work=True,
    )  # fmt: skip
    ips.record_job_start(
        person, employer="A café", job_title="Barista", hours_per_week=Decimal(10),
        pay_band="nlw", started_on=today, by=world.peer_worker, support=support,
    )  # fmt: skip
    member = panels.register_member(person, trained_on=today - timedelta(30))
    panels.book(
        member, post="Peer worker", on=today + timedelta(3), place="Ely",
        chair=world.manager, by=world.college_staff,
    )  # fmt: skip


def _episode_rows(world, person):
    """A referral, the episode it started, ended with an open-door pass."""
    from recoveryhub.episodes import services
    from recoveryhub.episodes.models import EpisodeType, Kind

    kind, _ = EpisodeType.objects.get_or_create(
        team=world.team_a, name="Mental health reablement", defaults={"kind": Kind.REABLEMENT}
    )
    coach = world.recovery_coach
    referral = services.refer(person, world.team_a, source="self", reason="Help", by=coach)
    episode = services.accept(referral, by=coach, episode_type=kind)
    record = services.EndingRecord(reason="goals_met", next_step="none")
    services.end_episode(episode, record, by=coach)


@pytest.fixture
def two_records(world, college, plans):
    """Pat (kept: her sign-in, plan, College place) and a second record of hers, each
    with rows in every model pointing at a person."""
    other = Person.objects.create(full_name="Patricia Jones", nhs_number=None, phone="07700")
    for person, kept in ((world.pat, True), (other, False)):
        builders = _rows_for(world, college, person, kept=kept)
        fields = merge_rules.fields_pointing_at(Person)
        missing = [name for name, _, _ in fields if name not in builders]
        assert not missing, (
            f"{missing} point at a person but this test makes no rows for them: add a "
            "builder in _rows_for, and a rule in people/merge_rules.py"
        )
        for name, _, _ in fields:
            builders[name]()
    return world.pat, other


def _pointing_at(person_id) -> dict[str, set[str]]:
    return {
        name: {str(pk) for pk in model._base_manager.filter(**{field.name: person_id})
               .values_list("pk", flat=True)}
        for name, model, field in merge_rules.fields_pointing_at(Person)
    }  # fmt: skip


def test_every_field_pointing_at_a_person_has_a_rule():
    unruled = [
        n for n, _, _ in merge_rules.fields_pointing_at(Person) if n not in merge_rules.RULES
    ]
    assert not unruled, (
        f"{unruled} point at a person but a merge would not know what to do with them: "
        "add a rule in people/merge_rules.py"
    )


def test_a_merge_leaves_nothing_behind_and_loses_nothing(two_records, world):
    kept, other = two_records
    before_kept, before_other = _pointing_at(kept.pk), _pointing_at(other.pk)
    empty = [name for name, ids in {**before_other}.items() if not ids]
    empty += [name for name, ids in before_kept.items() if not ids and name not in (
        "college.Student.person", "plans.RecoveryPlan.person")]  # fmt: skip
    assert not empty, f"The test world has no rows for {empty}"
    other_id = other.pk

    record = merging.merge(
        kept, other, actor=world.service_admin, reason="Registered twice",
        how_checked="Same date of birth and address, confirmed with Pat", take={"phone"},
    )  # fmt: skip

    assert not Person.objects.filter(pk=other_id).exists()
    after_other = _pointing_at(other_id)
    assert not any(after_other.values()), after_other
    after_kept = _pointing_at(kept.pk)
    noted = {}
    for row in MergedRow.objects.filter(merge=record):
        noted.setdefault(row.model, {})[row.row_id] = row
    for name, ids in before_other.items():
        label = name.rsplit(".", 1)[0]
        for pk in ids:
            row = noted.get(label, {}).get(pk)
            assert row is not None, f"{name} {pk} is not in the merge record"
            assert row.came_from == other_id
            if row.action == MergeAction.MOVED:
                assert pk in after_kept[name], f"{name} {pk} did not move"
            else:  # combined or worked out again: the values are kept, or the row remade
                assert row.action == MergeAction.WORKED_OUT or row.details, (name, pk)
    # The kept record's own rows are all still there (those combined with it aside).
    for name, ids in before_kept.items():
        kept_gone = ids - after_kept[name]
        combined = {r.row_id for r in noted.get(name.rsplit(".", 1)[0], {}).values()}
        assert kept_gone <= combined or name.startswith("measures.Outcome"), (name, kept_gone)
    kept.refresh_from_db()
    assert kept.phone == "07700" and kept.nhs_number == "9997654323"


def test_kept_summaries_equal_the_figures_from_scratch_after_a_merge(two_records, world):
    kept, other = two_records
    version_before = outcome_figures.version()
    other_id = other.pk
    merging.merge(kept, other, actor=world.service_admin, reason="Twice", how_checked="NHS")
    # Figures kept for the outcomes page before the merge are never read after it, and
    # both people are worked out again.
    assert outcome_figures.version() > version_before
    assert {kept.pk, other_id} <= outcome_figures.touched_since(version_before)
    assert summaries.held() == summaries.from_scratch()
    assert summaries.steps_held() == summaries.steps_from_scratch()
    assert_reach_kept()


def test_one_of_a_kind_rows_are_combined_and_explained(two_records, world):
    kept, other = two_records
    record = merging.merge(kept, other, actor=world.service_admin, reason="x", how_checked="y")
    # One reminder schedule an instrument: the kept record's stays, the other's is details.
    assert measures.ReminderSchedule.objects.filter(person=kept, instrument="phq9").count() == 1
    combined = record.rows.get(model="measures.ReminderSchedule")
    assert combined.action == MergeAction.COMBINED and combined.details["reminders_sent_for"]
    # Both records cared for Quinn: one link stays, with the sharing Quinn chose for it.
    [link] = CarerLink.objects.filter(carer=kept, cared_for=world.quinn)
    assert link.shares_plans
    # Two College student records become one with both places and learning plans.
    student = college.Student.objects.get(person=kept)
    assert student.enrolments.count() == 2 and student.learning_plans.count() == 2
    assert record.rows.get(model="college.Student").action == MergeAction.COMBINED
    # The other's empty plan gave way to Pat's written one.
    assert plans.RecoveryPlan.objects.get(person=kept).goals.exists()
    # Both sets of check-ins, and the outcomes worked out over all of them.
    assert measures.CheckIn.objects.filter(person=kept).count() == 4


def test_the_merge_is_in_the_access_log_and_the_audit_trail(two_records, world):
    kept, other = two_records
    other_events = set(AccessEvent.objects.filter(person=other).values_list("pk", flat=True))
    record = merging.merge(kept, other, actor=world.service_admin, reason="x", how_checked="y")
    events = AccessEvent.objects.filter(person=kept)
    assert other_events < set(events.values_list("pk", flat=True))
    latest = events.first()
    assert latest.actor == world.service_admin and latest.object_id == str(record.pk)
    trail = AuditEntry.objects.filter(object_type="joined record", object_id=str(record.pk))
    assert {e.action for e in trail} == {"create", "change"}
    assert "moved" in trail.get(action="change").changes
    assert AuditEntry.objects.filter(object_type="person", object_id=str(other.pk)).exists()


def test_a_carer_link_between_the_two_records_goes(world):
    other = Person.objects.create(full_name="Pat Jones")
    CarerLink.objects.create(carer=other, cared_for=world.pat, relationship="Self")
    record = merging.merge(world.pat, other, actor=world.service_admin, reason="x",
                           how_checked="y")  # fmt: skip
    assert not CarerLink.objects.filter(carer=world.pat, cared_for=world.pat).exists()
    assert record.rows.get(model="people.CarerLink").details["relationship"] == "Self"


def test_the_sign_in_moves_to_the_kept_record_when_only_the_other_has_one(world):
    kept = Person.objects.create(full_name="Patricia Jones")
    merging.merge(kept, world.pat, actor=world.service_admin, reason="x", how_checked="y")
    kept.refresh_from_db()
    assert kept.user == world.pat_user and kept.nhs_number is None


def test_what_stops_a_merge(world, plans, college):
    def refused(kept, other, **extra):
        with pytest.raises(merging.MergeRefusedError) as caught:
            merging.merge(kept, other, actor=world.service_admin, **{
                "reason": "x", "how_checked": "y", **extra})  # fmt: skip
        return " ".join(caught.value.problems)

    assert "different" in refused(world.pat, world.pat)
    # Both with a sign-in (Chris has one), or a place on one run.
    chris = world.carer_link.carer
    assert "sign-in" in refused(world.pat, chris)
    other = Person.objects.create(full_name="Pat J")
    student = college.pat_student
    twin = type(student).objects.create(person=other, full_name="Pat J", student_type="carer")
    college.pat_enrolment.pk = None
    college.pat_enrolment.student = twin
    college.pat_enrolment.save()
    assert "place on Understanding anxiety" in refused(world.pat, other)
    assert "Enter why" in refused(world.pat, other, reason=" ")
    assert "Choose only details that differ" in refused(world.pat, other, take={"email"})
    assert not MergeRecord.objects.exists() and Person.objects.filter(pk=other.pk).exists()


def test_a_model_without_a_rule_stops_the_merge(world, monkeypatch):
    monkeypatch.delitem(merge_rules.RULES, "measures.CheckIn.person")
    facts = merging.facts(world.pat, world.quinn)
    assert any("measures.CheckIn.person" in p for p in merging.plan(facts).problems)


def test_the_plan_is_worked_out_without_the_database():
    values = dict.fromkeys(merging.PERSON_FIELDS, "")
    facts = merging.Facts(
        kept_id=1, other_id=2, kept_values=values, other_values=values | {"phone": "1"},
        counts={"measures.CheckIn.person": (0, 2), "people.Invitation.person": (0, 0)},
    )  # fmt: skip
    found = merging.plan(facts)
    assert found.can_merge and found.differences == ("phone",)
    assert found.counts == {"measures.CheckIn.person": (0, 2)}


def test_a_student_record_and_plan_move_whole_when_only_the_other_has_them(world, college, plans):
    kept = Person.objects.create(full_name="Patricia Jones")
    record = merging.merge(kept, world.pat, actor=world.service_admin, reason="x", how_checked="y")
    assert college.pat_student.__class__.objects.get(pk=college.pat_student.pk).person == kept
    assert plans.pat_plan.__class__.objects.get(pk=plans.pat_plan.pk).person == kept
    moved = {(r.model, r.action) for r in record.rows.all()}
    assert {("college.Student", "moved"), ("plans.RecoveryPlan", "moved")} <= moved
    assert_reach_kept()


@pytest.mark.parametrize(
    ("kept", "other", "cautioned"),
    [
        ({"nhs_number": "9990000018"}, {"nhs_number": "9994979493"}, ["NHS numbers"]),
        ({"date_of_birth": "1988-05-14"}, {"date_of_birth": "1969-06-06"}, ["dates of birth"]),
        ({"nhs_number": "9990000018"}, {"nhs_number": ""}, []),  # one missing: nothing to doubt
        ({"full_name": "Pat Jones"}, {"full_name": "Patricia Jones"}, []),
    ],
)
def test_different_identifying_details_are_a_caution_not_a_refusal(kept, other, cautioned):
    values = dict.fromkeys(merging.PERSON_FIELDS, "")
    facts = merging.Facts(
        kept_id=1, other_id=2, kept_values=values | kept, other_values=values | other, counts={}
    )  # fmt: skip
    found = merging.plan(facts)
    assert found.can_merge
    assert [
        c for c in ("NHS numbers", "dates of birth") if any(c in x for x in found.cautions)
    ] == (cautioned)


def test_two_written_plans_join_and_the_other_plans_words_are_kept(world):
    """The kept record's plan stays the plan; the other's goals join it; every version of
    the other's words is kept in the join and read by the person in My data."""
    from recoveryhub.people.export import registry

    other = Person.objects.create(full_name="Pat J")
    mine = plan_services.plan_of(world.pat)
    plan_services.save_plan(mine, by=world.recovery_coach, keeps_me_well="Walking the dog")
    theirs = plan_services.plan_of(other)
    plan_services.save_plan(theirs, by=world.clinician, keeps_me_well="Swimming on Fridays")
    plan_services.save_plan(theirs, by=world.clinician, strengths="Patience")
    plan_services.save_goal(theirs, None, by=world.clinician, title="Join a choir",
                            why_it_matters="", steps=[])  # fmt: skip
    found = merging.plan(merging.facts(world.pat, other))
    assert found.can_merge and found.notes == (merging.BOTH_PLANS,)
    versions_before = plans.RecoveryPlanVersion.objects.count()
    record = merging.merge(world.pat, other, actor=world.service_admin, reason="x",
                           how_checked="y")  # fmt: skip
    plan = plans.RecoveryPlan.objects.get(person=world.pat)
    assert plan.pk == mine.pk and plan.keeps_me_well == "Walking the dog"
    assert list(plan.goals.values_list("title", flat=True)) == ["Join a choir"]
    assert not plans.RecoveryPlan.objects.filter(pk=theirs.pk).exists()
    kept = record.rows.filter(model="plans.RecoveryPlanVersion")
    assert kept.count() == 3 == versions_before - plans.RecoveryPlanVersion.objects.count()
    latest = max(kept.values_list("details", flat=True), key=lambda d: d["number"])
    assert latest["content"]["sections"]["strengths"] == "Patience"
    assert latest["content"]["sections"]["keeps_me_well"] == "Swimming on Fridays"
    sections = {s.heading: dict(s.rows) for s in registry.summary(world.pat)}
    words = sections["The plan on your other record"]
    assert words["What keeps me well"] == "Swimming on Fridays"
    assert words["My strengths"] == "Patience"
    assert "Join a choir" in words["Goals (they are now on your plan)"]
