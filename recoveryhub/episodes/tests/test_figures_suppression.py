"""Small numbers in the managers' figures: every count from 1 to 4 reads "fewer than 5", as
does whatever is worked out from one, and no hidden count can be worked out from what is
shown for every team, service line and the trust (secondary suppression)."""

import random
from datetime import date

import pytest

from recoveryhub.core.secondary_suppression import WITHHELD, protect
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.core.testing_attack import Attacker, pinned
from recoveryhub.episodes import throughput, throughput_tables
from recoveryhub.episodes import throughput_cells as cells
from recoveryhub.episodes import throughput_rules as rules
from recoveryhub.episodes.throughput import Group, Raw

from .test_figures_numbers import FEB, JAN, PERIOD, TODAY, build

HIDDEN = (SUPPRESSED, WITHHELD)
P = rules.PERIOD


@pytest.fixture
def shown(world):
    build(world)
    return throughput.shown(throughput.figures(PERIOD, TODAY))


@pytest.mark.django_db
def test_counts_from_1_to_4_read_fewer_than_5(shown, world):
    a, b = ("team", world.team_a.pk), ("team", world.team_b.pk)
    assert shown.count((a, "ref", JAN, "total")) == SUPPRESSED  # 4
    assert shown.count((b, "ref", JAN, "gp")) == SUPPRESSED  # 1
    assert shown.count((a, "ref", FEB, "open_door")) == "0"  # zeros are shown
    for key, value in shown.raw.values.items():
        if 0 < value < 5:
            assert shown.count(key) == SUPPRESSED, key


@pytest.mark.django_db
def test_rates_medians_and_means_from_small_counts_are_hidden(shown, world):
    a = ("team", world.team_a.pk)
    goals = cells.ended(a, rules.GOALS)
    assert shown.rate(goals, cells.ended(a, rules.ALL)) == SUPPRESSED  # 2 of 5
    wait = (a, "wait", JAN, "n")  # 2 referrals: median 6.5 days
    assert shown.beside(wait, 6.5, rules.days_text) == SUPPRESSED
    tables = throughput_tables.all_tables(shown, a)
    waits = next(t for t in tables if t.slug == "waits")
    assert waits.rows[JAN][1:] == (SUPPRESSED, SUPPRESSED, SUPPRESSED)
    assert waits.rows[2][1:] == ("0", "none", "none")  # March: nobody waited


@pytest.mark.django_db
def test_no_sum_leaves_exactly_one_figure_hidden(shown):
    raw = shown.raw
    built = cells.problems(raw.values, raw.groups, len(raw.period.months), raw.instruments)
    for name, (_cells, totals, _follows) in built.items():
        protected = shown.protected[name]
        for total in totals:
            hidden = [c for c in total.cells if protected.hidden(c) and raw.values.get(c, 0)]
            assert len(hidden) != 1, (name, total)


@pytest.mark.django_db
def test_the_page_and_the_csv_hide_the_same(client, sign_in, world):
    build(world)
    sign_in(client, world.manager)
    query = f"?from_month=2026-01&to_month=2026-03&group=team-{world.team_a.pk}"
    page = client.get("/reablement/figures/" + query).content.decode()
    download = client.get("/reablement/figures/download/" + query).content.decode()
    assert f"</span>{SUPPRESSED}</td>" in page
    lines = [line.split(",") for line in download.splitlines()[1:]]
    row = next(
        cells_ for cells_ in lines if cells_[2] == "January 2026" and "All referrals" in cells_[3]
    )  # noqa: E501
    assert row[-1] == SUPPRESSED


# An attack on the referrals by a reader who knows every sum ------------------------


def _raw(base: dict, teams: dict, months: int) -> Raw:
    """Raw figures of referrals from base counts {(team, month, source, status): n};
    `teams`: team pk -> service line pk."""
    groups = [Group(("team", t), f"Team {t}", ("line", line)) for t, line in teams.items()]
    groups += [Group(("line", line), f"Line {line}") for line in sorted(set(teams.values()))]
    raw = Raw(rules.Period(date(2026, 1, 1), date(2026, months, 1)), TODAY, groups + [
        Group(("trust", 0), "All of the trust")
    ])  # fmt: skip
    throughput._referrals(raw, [(t, m, s, st, n) for (t, m, s, st), n in base.items() if n])
    cells.fill(raw.values, raw.groups, months, [])
    return raw


def _figure(key, teams: dict, months: int, base: dict) -> dict:
    """The base counts a shown cell adds up."""
    group, _, row, column = key
    members = {
        "team": [group[1]],
        "line": [t for t, line in teams.items() if line == group[1]],
        "trust": list(teams),
    }[group[0]]
    return {
        b: 1
        for b in base
        if b[0] in members
        and (row == P or b[1] == row)
        and (column == "total" or column in (b[2], b[3]))
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_hidden_referral_count_can_be_worked_out(seed):
    rng = random.Random(seed)  # noqa: S311 - synthetic counts
    teams, months = {1: 10, 2: 10, 3: 20}, 2
    base = {
        (t, m, s, st): rng.choice([0, 0, 1, 2, 3, 6, 9])
        for t in teams
        for m in range(months)
        for s in rules.SOURCES[:3]
        for st in rules.STATUSES[:3]
    }
    raw = _raw(base, teams, months)
    mine, totals, follows = cells.problems(raw.values, raw.groups, months, [])["referrals"]
    protected = protect(mine, totals, follows=follows)
    reader, shown, hidden = Attacker(), [], []
    for key, value in mine.items():
        if key[1] != "ref":
            continue
        figure = _figure(key, teams, months, base)
        text = protected.count(key)
        if text in HIDDEN:
            hidden.append((key, figure, text))
        else:
            assert text == f"{value:,}"
            reader.learn(figure)
            shown.append((figure, value))
    for key, figure, text in hidden:
        if text == SUPPRESSED:
            assert not reader.knows(figure), key
    assert not pinned(shown, [(f, t) for _k, f, t in hidden])
