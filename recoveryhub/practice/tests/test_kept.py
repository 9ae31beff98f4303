"""What the practice pages keep instead of counting on each read: the board measures'
monthly values (kept_figures.py, the hourly "board_figures" job) and each audit round's
evidence (evidence_kept.py, counted when the round starts and daily until it is agreed)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recoveryhub.jobs import registry
from recoveryhub.practice import board, evidence, evidence_kept, kept_figures, services
from recoveryhub.practice.board_measures import BY_KEY, MEASURES
from recoveryhub.practice.models import AuditRound, KeptFigure
from recoveryhub.practice.tasks import count_evidence
from recoveryhub.practice.testing import every_item

from .test_board_snapshot import add_enrolments


def enrolled_in(month: date) -> int:
    from recoveryhub.college.models import Enrolment
    from recoveryhub.core.days import midnight

    after = (month + timedelta(days=32)).replace(day=1)
    return Enrolment.objects.filter(
        requested_at__gte=midnight(month), requested_at__lt=midnight(after)
    ).count()


def months_kept() -> list[date]:
    return sorted(set(KeptFigure.objects.values_list("month", flat=True)))


def test_counting_again_keeps_every_measure_as_counted_live(world, practice):
    this_month = timezone.localdate().replace(day=1)
    add_enrolments(world, this_month, 9)
    KeptFigure.objects.all().delete()
    done = registry.get("board_figures").run()
    months = months_kept()
    assert done == {"measures": len(MEASURES), "months": kept_figures.KEEP_MONTHS}
    assert len(months) == kept_figures.KEEP_MONTHS
    assert months[-1] == timezone.localdate().replace(day=1)
    for measure in MEASURES:
        kept = dict(KeptFigure.objects.filter(measure=measure.key).values_list("month", "value"))
        assert [kept[m] for m in months] == measure.series(months), measure.key
    kept = KeptFigure.objects.get(measure="college_enrolments", month=this_month)
    assert kept.value == enrolled_in(this_month) >= 9


def test_counting_again_replaces_what_was_kept(world, practice):
    month = timezone.localdate().replace(day=1)
    add_enrolments(world, month, 6)
    kept_figures.count_again()
    before = KeptFigure.objects.count()
    add_enrolments(world, month, 6)
    kept_figures.count_again()
    assert KeptFigure.objects.count() == before  # replaced, not added to
    assert KeptFigure.objects.get(measure="college_enrolments", month=month).value == (
        enrolled_in(month)
    )


def test_a_month_never_counted_is_counted_when_first_read_and_then_kept(world, practice):
    measure = BY_KEY["college_enrolments"]
    long_ago = [date(2019, 1, 1), date(2019, 2, 1)]
    add_enrolments(world, long_ago[1], 7)
    values, counted_at = kept_figures.series(measure, long_ago)
    assert values == [0.0, 7.0] == measure.series(long_ago)
    assert KeptFigure.objects.filter(measure=measure.key, month__in=long_ago).count() == 2
    add_enrolments(world, long_ago[1], 5)  # not counted again until the job runs
    assert kept_figures.series(measure, long_ago) == (values, counted_at)


def test_the_draft_and_the_measure_page_say_when_the_figures_were_counted(
    client, sign_in, world, practice
):
    kept_figures.count_again()
    sign_in(client, world.manager)
    draft = client.get(reverse("practice:report", args=[practice.draft.pk])).content.decode()
    chart = client.get(reverse("practice:measure", args=["job_starts"])).content.decode()
    day = f"{timezone.localdate():%-d %B %Y}"
    for page in (draft, chart):
        assert "The figures were counted at " in page and f" on {day}." in page
        assert "counted again every hour" in page


def test_publishing_freezes_the_kept_figures_with_when_they_were_counted(world, practice):
    kept_figures.count_again()
    snapshot = board.build_snapshot(practice.draft)
    counted = KeptFigure.objects.order_by("counted_at").first().counted_at
    assert snapshot["counted_at"] == counted.isoformat()
    published = services.publish(practice.draft, snapshot, by=world.manager)
    assert published.snapshot["counted_at"] == counted.isoformat()


# The team's evidence ------------------------------------------------------------------


def words(sections) -> list:
    return [(s.slug, s.title, s.says, s.nothing, s.tables) for s in sections]


def test_a_rounds_evidence_is_counted_when_first_read_and_kept(world, practice):
    round = AuditRound.objects.get(pk=practice.visit_a.pk)
    assert round.evidence is None
    sections, counted_at = evidence_kept.sections(round)
    assert words(sections) == words(evidence.for_team(round.team, round.visit_on))
    round.refresh_from_db()
    assert round.evidence is not None and round.evidence_counted_at == counted_at
    again, when = evidence_kept.sections(round)
    assert words(again) == words(sections) and when == counted_at


def test_the_daily_job_counts_again_only_rounds_not_yet_agreed(world, practice):
    for round in AuditRound.objects.all():
        evidence_kept.count(round)
    stamps = dict(AuditRound.objects.values_list("pk", "evidence_counted_at"))
    done = registry.get("audit_evidence").run()
    assert done == {"rounds": 1}  # team A's round at its visit; team B's two are agreed
    after = dict(AuditRound.objects.values_list("pk", "evidence_counted_at"))
    assert after[practice.visit_a.pk] > stamps[practice.visit_a.pk]
    for agreed in (practice.earlier_b, practice.finished_b):
        assert after[agreed.pk] == stamps[agreed.pk]


def test_starting_a_round_counts_its_evidence_once_it_commits(
    world, practice, django_capture_on_commit_callbacks
):
    before = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        made = services.start_round(
            team=world.team_b, framework=practice.imroc,
            visit_on=timezone.localdate() + timedelta(30), peer=world.peer_worker,
            worker=world.recovery_coach, by=world.manager,
        )  # fmt: skip
    queued = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == before + 1
    assert queued.task_path.endswith("practice.tasks.count_evidence")
    assert queued.args_kwargs["args"] == [made.pk]
    assert count_evidence.call(made.pk) == {"counted": 1}
    made.refresh_from_db()
    assert made.evidence is not None
    assert count_evidence.call(made.pk + 1000) == {"counted": 0}


def test_the_evidence_page_says_when_it_was_counted_and_whether_it_is_kept(
    client, sign_in, world, practice
):
    sign_in(client, world.manager)
    day = f"{timezone.localdate():%-d %B %Y}"
    open_page = client.get(reverse("practice:evidence", args=[practice.visit_a.pk]))
    assert "The figures were counted at " in open_page.content.decode()
    assert f" on {day}." in open_page.content.decode()
    assert "counted again each day until the rating is agreed" in open_page.content.decode()
    agreed = client.get(reverse("practice:evidence", args=[practice.finished_b.pk]))
    assert "kept as the auditors saw them" in agreed.content.decode()
    assert "counted again each day" not in agreed.content.decode()


@pytest.mark.parametrize("name", ["board_figures", "audit_evidence"])
def test_the_jobs_are_scheduled(name):
    job = registry.get(name)
    assert job.every <= timedelta(days=1) and job.title


def test_agreeing_leaves_the_evidence_as_the_auditors_saw_it(world, practice):
    round = AuditRound.objects.get(pk=practice.visit_a.pk)
    evidence_kept.count(round)
    kept = round.evidence
    services.rate_as_auditor(round, every_item(practice.imroc, 2), by=world.clinician)
    services.agree(round, every_item(practice.imroc, 2, "Agreed"), by=practice.paz)
    registry.get("audit_evidence").run()
    round.refresh_from_db()
    assert round.evidence == kept
