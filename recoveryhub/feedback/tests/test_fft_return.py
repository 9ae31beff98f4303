"""The monthly FFT submission (national_return.py and manage.py fft_return): the national
columns in order, one row per team with each answer and mode counted (not suppressed: it
is a submission), and bad months refused."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from recoveryhub.feedback import national_return, services
from recoveryhub.feedback.models import Channel
from recoveryhub.feedback.tests.test_figures_numbers import answer, build

pytestmark = pytest.mark.django_db


def fft_return(month: str) -> list[dict]:
    out = io.StringIO()
    call_command("fft_return", month=month, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_columns_are_the_national_ones_in_order(world):
    out = io.StringIO()
    call_command("fft_return", month="2026-03", stdout=out)
    assert out.getvalue().splitlines()[0] == (
        "Period,Organisation code,Organisation name,Team,Service,Very good,Good,"
        "Neither good nor poor,Poor,Very poor,Don't know,Total responses,"
        "Mode: tablet or kiosk,Mode: online or link,Mode: paper,Mode: other"
    )


def test_a_month_counts_each_team_unsuppressed(world, settings):
    settings.TRUST_NAME = "Cambridgeshire and Peterborough NHS Foundation Trust"
    this, last = build(world)
    # A signed-in answer counts as online; one from the month before is not counted.
    services.fft_survey(world.team_b)
    answer(services.fft_survey(world.team_b), "very_poor", last, channel=Channel.SIGNED_IN)
    answer(services.fft_survey(world.team_b), "good", last - timedelta(days=1))
    a, b = sorted(fft_return(f"{last:%Y-%m}"), key=lambda r: r["Team"] != world.team_a.name)
    assert a["Team"] == world.team_a.name and a["Service"] == "Adult mental health"
    assert (a["Period"], a["Organisation code"]) == (f"{last:%Y-%m}", "RT1")
    assert a["Organisation name"] == "Cambridgeshire and Peterborough NHS Foundation Trust"
    counts = [a[c] for c in national_return.HEAD[5:]]
    # 6 very good, 2 good, 1 neither, 2 poor, 0 very poor, 1 don't know: 12; 10 on the
    # tablet and 2 by link. Small numbers show as they are: it is a submission.
    assert counts == ["6", "2", "1", "2", "0", "1", "12", "10", "2", "0", "0"]
    assert [b[c] for c in ("Good", "Very poor", "Total responses", "Mode: online or link",
                           "Mode: paper")] == ["5", "1", "6", "1", "5"]  # fmt: skip
    this_month = {r["Team"]: r["Total responses"] for r in fft_return(f"{this:%Y-%m}")}
    assert this_month == {world.team_a.name: "3", world.team_b.name: "0"}


def test_three_more_answers_change_the_total_by_exactly_three(world):
    this, _ = build(world)
    before = {r["Team"]: int(r["Total responses"]) for r in fft_return(f"{this:%Y-%m}")}
    answer(services.fft_survey(world.team_b), "good", this, 3, channel=Channel.KIOSK)
    after = {r["Team"]: int(r["Total responses"]) for r in fft_return(f"{this:%Y-%m}")}
    assert after[world.team_b.name] - before[world.team_b.name] == 3
    assert after[world.team_a.name] == before[world.team_a.name]


@pytest.mark.parametrize(
    "month", ["", "2026-13", "2026-00", "2026-3", "March 2026", "1999-12", "2026-03-01", "'; --"]
)
def test_a_bad_month_is_refused(world, month):
    with pytest.raises(CommandError):
        call_command("fft_return", month=month, stdout=io.StringIO())


def test_the_help_says_the_counts_are_not_suppressed():
    from recoveryhub.feedback.management.commands.fft_return import Command

    assert "NOT suppressed" in Command.help
