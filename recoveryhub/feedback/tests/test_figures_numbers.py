"""Feedback's figures against a world counted by hand: FFT answers per team and month,
% positive and % negative over all answers ("don't know" included, as NHS England counts),
response rates where contacts are known, themes over time, and small numbers hidden so
that none can be worked out from the rest."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.feedback import figures_sql, figures_tables, services
from recoveryhub.feedback.figures_tables import ALL, COLUMNS
from recoveryhub.feedback.models import Channel
from recoveryhub.feedback.testing import answers_for, suggest_theme
from recoveryhub.people.models import Team

pytestmark = pytest.mark.django_db


def answer(survey, rating, day, times=1, channel=Channel.LINK, better=""):
    for _ in range(times):
        response, errors, stored = services.record_response(
            survey, answers_for(survey, rating, better=better), channel=channel, answered_on=day
        )
        assert stored and not errors
    return response


def this_and_last_month():
    this = timezone.localdate().replace(day=1)
    last = (this - timedelta(days=1)).replace(day=1)
    return this, last


def build(world):
    """Last month: team A 6 very good, 2 good, 1 neither, 1 don't know, 2 poor (12: 8
    positive, 67%; 2 negative, fewer than 5) and 120 contacts (a rate of 12 / 120 = 10%);
    team B 5 good (100% positive, 0% negative). This month: team A 3 very good (fewer
    than 5). Three of team A's 'poor' and 'very good' answers carry comments themed access."""
    this, last = this_and_last_month()
    fft_a, fft_b = services.fft_survey(world.team_a), services.fft_survey(world.team_b)
    day = last + timedelta(days=3)
    for rating, times in [("very_good", 6), ("good", 2), ("neither", 1), ("dont_know", 1)]:
        answer(fft_a, rating, day, times, channel=Channel.KIOSK)
    themed = [answer(fft_a, "poor", day, better="Long waits.") for _ in range(2)]
    answer(fft_b, "good", day, 5, channel=Channel.PAPER)
    themed.append(answer(fft_a, "very_good", this, better="Still slow to ring back."))
    answer(fft_a, "very_good", this, 2)
    services.record_contacts(world.team_a, last, 120)
    for response in themed:
        suggest_theme(response.comments.get(), "access")
    return this, last


def trust(months=2):
    teams = figures_sql.teams_with_fft()
    raw = figures_sql.gather(teams, figures_sql.months_back(timezone.localdate(), months))
    return figures_tables.shown(raw)


def test_the_sql_counts_each_answer_by_team_and_month(world):
    this, last = build(world)
    raw = trust().raw
    a = raw.answers[(world.team_a.pk, last)]
    assert (a["very_good"], a["good"], a["neither"], a["dont_know"], a["poor"]) == (6, 2, 1, 1, 2)
    assert a["total"] == 12 and a["by_kiosk"] == 10 and a["by_link"] == 2
    assert raw.answers[(world.team_b.pk, last)]["by_paper"] == 5
    assert raw.answers[(world.team_a.pk, this)]["total"] == 3
    assert raw.contacts == {(world.team_a.pk, last): 120}
    assert raw.themes == {("access", last): 2, ("access", this): 1}
    assert list(raw.teams.values()) == sorted([world.team_a.name, world.team_b.name])


def test_percent_positive_counts_dont_know_in_the_total(world):
    this, last = build(world)
    s = figures_tables.shown(figures_sql.gather(Team.objects.filter(pk=world.team_a.pk), [last]))
    total, positive, negative, contacts, rate = s.row("month", last)
    assert (total, positive, negative) == ("12", "67%", SUPPRESSED)  # 8 / 12, not 8 / 11
    assert (contacts, rate) == ("120", "10%")


def test_small_numbers_are_hidden_and_cannot_be_worked_out(world):
    this, last = build(world)
    s = trust()
    a, b = world.team_a.pk, world.team_b.pk
    assert s.row("month", this)[0] == SUPPRESSED  # 3 answers this month
    assert s.row("team", b)[:3] == ("5", "100%", "0%")
    assert s.row("team", b)[3:] == ("not known", "not known")
    # Each sum (teams to all, months to all) hides none or at least two of its cells.
    for column in COLUMNS:
        for parts in (
            [("team", t, column) for t in (a, b)],
            [("month", m, column) for m in (last, this)],
        ):
            hidden = [c for c in [*parts, (ALL, column)] if s.protected.hidden(c)]
            assert len(hidden) != 1, (column, hidden)
    assert s.positive_share(this) is None  # a hidden month has no point on the chart


def test_themes_over_time_are_suppressed(world):
    build(world)
    table = figures_tables.themes_table(trust())
    access = next(row for row in table.rows if row[0] == "Getting care and support")
    assert access[1:] == (SUPPRESSED, SUPPRESSED, SUPPRESSED)
    general = next(row for row in table.rows if row[0] == "General comments")
    assert set(general[1:]) == {"0"}


def test_the_csv_shows_what_the_page_shows(world):
    build(world)
    s = trust()
    text = figures_tables.as_csv("period", [figures_tables.teams_table(s)])
    lines = text.splitlines()
    assert lines[0] == "Period,Table,Row,Column,Figure"
    assert f"period,Friends and Family Test by team,{world.team_b.name},% positive,100%" in lines
    table = figures_tables.teams_table(s)
    assert len(lines) == 1 + len(table.rows) * (len(table.head) - 1)
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == [
        text for row in table.rows for text in row[1:]
    ]


def test_a_name_like_a_formula_is_made_safe_in_the_csv():
    table = figures_tables.Table("t", "T", ("Team", "N"), (("=cmd()", "5"),))
    assert "'=cmd()" in figures_tables.as_csv("p", [table])
