"""Writing positive risk-taking plans: versions on every save, agreement, closing, bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from recoveryhub.plans import services, versions
from recoveryhub.plans.models import (
    Harm,
    Participant,
    PositiveRiskPlan,
    RiskPlanVersion,
    SaferAction,
    WrittenAs,
)

pytestmark = pytest.mark.django_db


def sections(**changes):
    return {
        "choice": "Travelling to see my sister in Leeds",
        "what_and_why": "I want to go by train on my own",
        "benefits": "Seeing family; confidence",
        "if_things_go_wrong": "I phone my sister or the First Response Service",
        "review_on": timezone.localdate() + timedelta(days=21),
    } | changes


HARMS = [{"description": "Panic on the train", "likelihood": "possible", "seriousness": "minor"}]
ACTIONS = [{"action": "Text my sister at each change", "who": "Me"}]
PEOPLE = [{"name": "Patricia Jones", "role": "person"}, {"name": "Rory Coach", "role": "worker"}]


def start(world, by=None, **changes):
    return services.save_risk_plan(
        world.pat, None, by=by or world.recovery_coach, sections=sections(**changes),
        harms=HARMS, safer_actions=ACTIONS, participants=PEOPLE,
    )  # fmt: skip


def rows(plan, kind):
    return [
        {k: v for k, v in row.items() if k in ("id", "description", "likelihood",
                                               "seriousness", "action", "who", "name", "role")}
        for row in getattr(plan, kind).values()
    ]  # fmt: skip


def test_starting_a_plan_keeps_version_one_written_with_a_worker(world):
    plan = start(world)
    version = plan.versions.get()
    assert version.number == 1
    assert version.written_by == world.recovery_coach
    assert version.written_as == WrittenAs.WITH_WORKER
    content = version.content
    assert content["sections"]["choice"] == "Travelling to see my sister in Leeds"
    harm = plan.harms.get()
    assert content["items"]["harm"] == [
        {"key": f"harm-{harm.pk}", "label": "Panic on the train",
         "fields": {"description": "Panic on the train", "likelihood": "Possible",
                    "seriousness": "Minor"}}
    ]  # fmt: skip
    assert [p["label"] for p in content["items"]["participant"]] == [
        "Patricia Jones",
        "Rory Coach",
    ]
    assert content == services.risk_snapshot(plan)


def test_every_save_keeps_a_version_and_a_changed_line_is_one_change(world):
    plan = start(world)
    harm_rows = rows(plan, "harms")
    harm_rows[0]["likelihood"] = "unlikely"
    services.save_risk_plan(
        world.pat, plan, by=world.pat_user, sections=sections(benefits="Seeing family"),
        harms=harm_rows, safer_actions=rows(plan, "safer_actions"),
        participants=rows(plan, "participants"),
    )  # fmt: skip
    v1, v2 = plan.versions.order_by("number")
    assert (v2.number, v2.written_as) == (2, WrittenAs.SELF)
    found = versions.changes(v1.content, v2.content, {"harm": "Possible harm"})
    assert [(c.what, c.how) for c in found] == [
        ("benefits", "changed"),
        ("Possible harm: Panic on the train", "changed"),
    ]
    assert Harm.objects.filter(plan=plan).count() == 1  # changed in place, not replaced


def test_a_save_with_no_change_still_keeps_a_version(world):
    plan = start(world)
    services.save_risk_plan(
        world.pat, plan, by=world.pat_user, sections=sections(), harms=rows(plan, "harms"),
        safer_actions=rows(plan, "safer_actions"), participants=rows(plan, "participants"),
    )  # fmt: skip
    assert plan.versions.count() == 2


def test_rows_left_out_are_removed_and_new_ones_added(world):
    plan = start(world)
    services.save_risk_plan(
        world.pat, plan, by=world.pat_user, sections=sections(), harms=[],
        safer_actions=rows(plan, "safer_actions") + [{"action": "Take my phone", "who": "Me"}],
        participants=rows(plan, "participants"),
    )  # fmt: skip
    assert not plan.harms.exists()
    assert plan.safer_actions.count() == 2


def test_the_person_agrees_and_a_change_asks_everyone_again(world):
    plan = start(world)
    services.agree_risk_plan(plan, by=world.pat_user)
    services.agree_risk_plan(plan, by=world.recovery_coach)
    plan.refresh_from_db()
    assert plan.agreed_version == plan.versions.get(number=1)
    pat_row = plan.participants.get(role="person")
    assert pat_row.user == world.pat_user and pat_row.agreed_at is not None
    assert plan.participants.get(role="worker").user == world.recovery_coach  # linked by name
    assert plan.participants.count() == 2 and plan.versions.count() == 1

    services.save_risk_plan(
        world.pat, plan, by=world.recovery_coach, sections=sections(choice="Travelling to Leeds"),
        harms=rows(plan, "harms"), safer_actions=rows(plan, "safer_actions"),
        participants=rows(plan, "participants"),
    )  # fmt: skip
    plan.refresh_from_db()
    assert plan.agreed_version is None
    assert not plan.participants.filter(agreed_at__isnull=False).exists()
    assert plan.participants.get(role="person").user == world.pat_user  # still linked


def test_a_save_without_a_change_keeps_agreements(world):
    plan = start(world)
    services.agree_risk_plan(plan, by=world.pat_user)
    services.save_risk_plan(
        world.pat, plan, by=world.pat_user, sections=sections(), harms=rows(plan, "harms"),
        safer_actions=rows(plan, "safer_actions"), participants=rows(plan, "participants"),
    )  # fmt: skip
    assert plan.participants.filter(agreed_at__isnull=False).count() == 1


def test_someone_not_listed_who_agrees_is_added_with_their_role(world):
    plan = start(world)
    services.agree_risk_plan(plan, by=world.peer_worker)
    added = plan.participants.get(user=world.peer_worker)
    assert (added.name, added.role) == ("Priya Peer", "worker")
    assert added.agreed_at is not None
    assert plan.versions.count() == 2  # who took part changed


def test_only_the_person_or_their_workers_can_agree(world):
    plan = start(world)
    for outsider in (world.clinician, world.carer_user, world.college_staff):
        with pytest.raises(ValidationError):
            services.agree_risk_plan(plan, by=outsider)
    assert not plan.participants.filter(agreed_at__isnull=False).exists()


def test_closing_keeps_a_version_and_stops_changes(world):
    plan = start(world)
    services.close_risk_plan(plan, by=world.pat_user)
    plan.refresh_from_db()
    assert plan.status == "closed"
    assert plan.versions.get(number=2).content["sections"]["status"] == "Closed"
    with pytest.raises(ValidationError):
        services.save_risk_plan(
            world.pat, plan, by=world.pat_user, sections=sections(), harms=[],
            safer_actions=[], participants=[],
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.agree_risk_plan(plan, by=world.pat_user)
    with pytest.raises(ValidationError):
        services.close_risk_plan(plan, by=world.pat_user)


def counts():
    return [
        model.objects.count()
        for model in (PositiveRiskPlan, Harm, SaferAction, Participant, RiskPlanVersion)
    ]


@pytest.mark.parametrize(
    ("changes", "harms", "field"),
    [
        ({"choice": "  "}, HARMS, "choice"),
        ({"review_on": None}, HARMS, "review_on"),
        ({"review_on": timezone.localdate() - timedelta(days=1)}, HARMS, "review_on"),
        ({}, [{"description": "Getting lost", "seriousness": "minor"}], "__all__"),
        ({}, [{"description": "Getting lost", "likelihood": "likely"}], "__all__"),
        ({}, [{"description": "Getting lost", "likelihood": "often", "seriousness": "minor"}],
         "__all__"),
        ({"choice": "x" * 201}, HARMS, "choice"),
        ({"benefits": "x" * 3001}, HARMS, "benefits"),
        ({}, [{"description": "x" * 301, "likelihood": "likely", "seriousness": "minor"}],
         "__all__"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_is_written(world, plans, changes, harms, field):
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.save_risk_plan(
            world.pat, None, by=world.pat_user, sections=sections(**changes), harms=harms,
            safer_actions=ACTIONS, participants=PEOPLE,
        )  # fmt: skip
    assert field in error.value.message_dict
    assert counts() == before


def test_a_change_with_bad_input_writes_nothing(world, plans):
    plan = plans.pat_risk_plan
    before = counts()
    with pytest.raises(ValidationError):
        services.save_risk_plan(
            world.pat, plan, by=world.pat_user, sections=sections(),
            harms=[{"description": "ok", "likelihood": "likely", "seriousness": "minor"},
                   {"description": "x" * 301, "likelihood": "likely", "seriousness": "minor"}],
            safer_actions=[], participants=[],
        )  # fmt: skip
    assert counts() == before
    plan.refresh_from_db()
    assert plan.choice == "Living on my own again"


def test_rows_of_another_plan_cannot_be_changed(world, plans):
    mine = start(world)
    other = plans.pat_risk_plan.harms.get()
    with pytest.raises(ValidationError):
        services.save_risk_plan(
            world.pat, mine, by=world.pat_user, sections=sections(),
            harms=[{"id": other.pk, "description": "Mine now", "likelihood": "likely",
                    "seriousness": "minor"}],
            safer_actions=[], participants=[],
        )  # fmt: skip
    other.refresh_from_db()
    assert other.description == "Feeling isolated"


def test_versions_cannot_be_changed_or_deleted(world):
    version = start(world).versions.get()
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        version.delete()
    with pytest.raises(PermissionError):
        RiskPlanVersion.objects.filter(pk=version.pk).update(number=5)
