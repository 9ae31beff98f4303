"""Which outcome figures to hide so that no small one can be worked out: one pattern
for every grouping at once. No database access.

The outcomes page groups the same people by team, service line or locality, always
with "Not on a caseload" and the trust total, and a reader may look at every grouping.
Each team is in one service line and one locality, so these are all sums of the teams'
figures: a service line less all but one of its teams gives that team. So the cells of
every grouping go into one table for core/secondary_suppression.py, with these sums:

- in each group, people paired = reliably improved + no reliable change + deteriorated
  (when the instrument measures reliable change);
- for each figure, a service line or a locality is the sum of its teams, and the trust
  is the sum of the teams, of the service lines, or of the localities, each with
  "Not on a caseload".

The three parts are shown only as percentages of the people paired, and recovery only
as percentages of those at caseness, so they are hidden whenever those are.
"""

from collections.abc import Hashable, Mapping
from dataclasses import replace

from recoveryhub.core.secondary_suppression import Protected, Total, protect

from .outcomes import NOT_ON_A_CASELOAD, TRUST, TT_COUNTS, OutcomeRow, TalkingTherapies, added

PAIRED, PARTS = "paired", ("improved", "no_change", "deteriorated")
TT_PAIRED, TT_CASE, TT_RATES = "tt_paired", "tt_case", ("tt_recovered", "tt_reliable")
NOC, ALL = "noc", "trust"


def team(pk) -> tuple:
    return ("team", pk)


def line(pk) -> tuple:
    return ("line", pk)


def place(pk) -> tuple:
    return ("place", pk)


def protect_outcomes(
    figures: Mapping[Hashable, Mapping[str, int]],
    teams: Mapping[Hashable, tuple],
    *,
    measured: bool,
    talking: bool,
) -> Protected:
    """`figures`: each team's (keyed team(pk)) and NOC's counts by name (PAIRED, PARTS,
    TT_*); `teams`: team(pk) -> (service line pk, locality pk). Cells are (group, name)
    for every group: teams, line(pk), place(pk), NOC and ALL."""
    names = [PAIRED]
    if measured:
        names += PARTS
    if talking:
        names += [TT_PAIRED, TT_CASE, *TT_RATES]
    groupings = {"team": {}, "line": {}, "place": {}}
    for key, (line_pk, place_pk) in teams.items():
        groupings["team"][key] = [key]
        groupings["line"].setdefault(line(line_pk), []).append(key)
        groupings["place"].setdefault(place(place_pk), []).append(key)
    groups = {NOC: [NOC], **groupings["line"], **groupings["place"], **groupings["team"]}
    values = {}
    for group, members in groups.items():
        for name in names:
            values[group, name] = sum(figures.get(m, {}).get(name, 0) for m in members)
    for name in names:
        values[ALL, name] = sum(values[team_key, name] for team_key in teams) + values[NOC, name]
    totals, follows = [], []
    for group in [*groups, ALL]:
        if measured:
            totals.append(Total((group, PAIRED), tuple((group, p) for p in PARTS)))
            follows += [((group, p), (group, PAIRED)) for p in PARTS]
        if talking:
            follows += [((group, r), (group, TT_CASE)) for r in TT_RATES]
    for name in names:
        for grouping in groupings.values():
            totals.append(Total((ALL, name), (*((g, name) for g in grouping), (NOC, name))))
        for grouping in (groupings["line"], groupings["place"]):
            for group, members in grouping.items():
                totals.append(Total((group, name), tuple((m, name) for m in members)))
    return protect(values, totals, follows=follows)


def arranged(
    by_team: Mapping[int, OutcomeRow],
    outside: OutcomeRow | None,
    teams: list[tuple],
    group_by: str,
    names: list[tuple] | None = None,
) -> tuple[list[OutcomeRow], OutcomeRow]:
    """The page's rows for `group_by` and the trust total, with what each withholds.
    `by_team`: each team's row by pk, in the page's order; `outside`: "Not on a caseload"
    (None: nobody); `teams`: (pk, name, service line pk, locality pk); `names`: the
    service lines' or localities' (pk, name) when grouping by them."""
    first = next(iter(by_team.values()), outside)
    measured = first is not None and first.improved is not None
    talking = first is not None and first.talking_therapies is not None
    empty = OutcomeRow(NOT_ON_A_CASELOAD, 0, 0.0, *_nothing(measured, talking))
    nobody = outside or empty
    protected = protect_outcomes(
        {**{team(pk): _cells(row) for pk, row in by_team.items()}, NOC: _cells(nobody)},
        {team(pk): (line_pk, place_pk) for pk, _, line_pk, place_pk in teams},
        measured=measured,
        talking=talking,
    )
    rows: list[tuple] = []
    if group_by == "team":
        rows = [(team(pk), row) for pk, row in by_team.items()]
    elif group_by != "trust":
        key, index = (line, 2) if group_by == "service_line" else (place, 3)
        members: dict = {}
        for one in teams:
            members.setdefault(one[index], []).append(by_team[one[0]])
        rows = [(key(pk), added(name, [empty, *members.get(pk, [])])) for pk, name in names or []]
    if outside is not None and group_by != "trust":
        rows.append((NOC, outside))
    total = added(TRUST, [*by_team.values(), nobody])
    return (
        [_withheld(row, key, protected) for key, row in rows],
        _withheld(total, ALL, protected),
    )


def _nothing(measured: bool, talking: bool) -> tuple:
    """A group with nobody paired: improved, deteriorated, Talking Therapies."""
    tt = TalkingTherapies(0, 0, 0, 0) if talking else None
    return (0 if measured else None, 0 if measured else None, tt)


# The names of a row's counts and of the Talking Therapies counts, as cells.
_ROW_CELLS = {"paired": PAIRED, **{part: part for part in PARTS}}
_TT_CELLS = dict(zip(TT_COUNTS, [TT_PAIRED, TT_CASE, *TT_RATES], strict=True))


def _cells(row: OutcomeRow) -> dict[str, int]:
    cells = {cell: getattr(row, name) or 0 for name, cell in _ROW_CELLS.items()}
    if row.talking_therapies is not None:
        tt = row.talking_therapies
        cells |= {cell: getattr(tt, name) for name, cell in _TT_CELLS.items()}
    return cells


def _withheld(row: OutcomeRow, group, protected: Protected) -> OutcomeRow:
    def hidden(names: dict) -> frozenset:
        return frozenset(n for n, cell in names.items() if protected.withheld((group, cell)))

    tt = row.talking_therapies
    return replace(
        row,
        withheld=hidden(_ROW_CELLS),
        talking_therapies=replace(tt, withheld=hidden(_TT_CELLS)) if tt else None,
    )
