"""Secondary suppression: nothing hidden can be worked out from what is shown, by any
combination of rows, columns, totals and groups of groups."""

from hypothesis import given, settings
from hypothesis import strategies as st

from recoveryhub.core.secondary_suppression import WITHHELD, Total, protect
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.core.testing_attack import Attacker, added, pinned, unit

# Many small counts and zeros, some larger: the cases where suppression matters.
counts = st.one_of(st.integers(0, 4), st.integers(0, 12), st.integers(5, 60))


def two_way(table: list[list[int]]):
    """A table with a total for each row and column and a grand total, as the pages show
    them: cells keyed (row, column), totals with "T"; each as a sum of the inner cells."""
    rows, cols = range(len(table)), range(len(table[0]))
    inner = {(r, c): unit((r, c)) for r in rows for c in cols}
    sums = {(r, "T"): added(*(inner[r, c] for c in cols)) for r in rows}
    sums |= {("T", c): added(*(inner[r, c] for r in rows)) for c in cols}
    sums["T", "T"] = added(*(inner[r, c] for r in rows for c in cols))
    values = {(r, c): table[r][c] for r in rows for c in cols}
    values |= {key: sum(values[k] for k in figure) for key, figure in sums.items()}
    totals = [Total((r, "T"), tuple((r, c) for c in cols)) for r in rows]
    totals += [Total(("T", c), tuple((r, c) for r in rows)) for c in cols]
    totals += [
        Total(("T", "T"), tuple((r, "T") for r in rows)),
        Total(("T", "T"), tuple(("T", c) for c in cols)),
    ]
    return values, {**inner, **sums}, totals


def attack(protected, figures, totals=()) -> list:
    """Every hidden figure the reader can work out from the shown ones: by adding and
    taking away, or by the bounds of what each marker means, unless nothing is left to
    hide beside it (four groups of "fewer than 5" with a total of "fewer than 5" are 1
    each, whatever else is hidden)."""
    reader = Attacker()
    for key, figure in figures.items():
        if not protected.hidden(key):
            reader.learn(figure)
    found = [k for k, f in figures.items() if protected.hidden(k) and reader.knows(f)]
    shown = [(f, protected.values[k]) for k, f in figures.items() if not protected.hidden(k)]
    hidden = [(f, protected.count(k)) for k, f in figures.items() if protected.hidden(k)]
    for figure in pinned(shown, hidden):
        key = next(k for k, f in figures.items() if f == figure and protected.hidden(k))
        beside = [c for t in totals if key in t.cells for c in t.cells]
        if any(protected.values[c] and not protected.hidden(c) for c in beside):
            found.append(key)
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(counts, min_size=1, max_size=5), min_size=1, max_size=6).map(
    lambda rows: [row + [0] * (max(map(len, rows)) - len(row)) for row in rows]
))  # fmt: skip
def test_no_hidden_cell_of_a_two_way_table_can_be_worked_out(table):
    values, figures, totals = two_way(table)
    protected = protect(values, totals)
    assert attack(protected, figures, totals) == []
    for key, value in values.items():
        assert protected.hidden(key) == (key in protected.primary or key in protected.secondary)
        if 0 < value < 5:
            assert protected.count(key) == SUPPRESSED
        if key in protected.secondary:
            assert value >= 5 and protected.count(key) == WITHHELD  # never a zero
        if value == 0:
            assert protected.count(key) == "0"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1), counts), min_size=1, max_size=9))
def test_groups_of_groups_are_protected_too(teams):
    """Teams in service lines and in localities (each team in one of each), with the
    trust total: the outcomes page's shape, for any grouping."""
    values, figures, totals = {}, {}, []
    lines: dict = {}
    places: dict = {}
    for n, (line, place, value) in enumerate(teams):
        values["team", n], figures["team", n] = value, unit(("team", n))
        lines.setdefault(("line", line), []).append(("team", n))
        places.setdefault(("place", place), []).append(("team", n))
    for group in (lines, places):
        for key, members in group.items():
            figures[key] = added(*(figures[m] for m in members))
            values[key] = sum(values[m] for m in members)
            totals.append(Total(key, tuple(members)))
        totals.append(Total("trust", tuple(group)))
    figures["trust"] = added(*(figures["team", n] for n in range(len(teams))))
    values["trust"] = sum(v for *_, v in teams)
    totals.append(Total("trust", tuple(("team", n) for n in range(len(teams)))))
    assert attack(protect(values, totals), figures, totals) == []


def test_a_row_whose_parts_give_away_its_small_one():
    """The issue's team of 9: 6 improved (67%), 3 no change, 0 deteriorated. The 3 is
    the total less the others unless one more is hidden; the zero stays shown."""
    values = {"people": 9, "improved": 6, "same": 3, "worse": 0}
    protected = protect(values, [Total("people", ("improved", "same", "worse"))])
    assert protected.count("same") == SUPPRESSED
    assert protected.count("improved") == WITHHELD
    assert protected.count("worse") == "0" and protected.count("people") == "9"
    assert protected.rate("improved", "people") == WITHHELD
    assert protected.rate("worse", "people") == "0%"


def test_a_rate_hides_with_either_count_and_a_count_shown_only_by_its_rate_follows():
    values = {"people": 9, "improved": 6, "team b": 3, "all": 12}
    protected = protect(
        values, [Total("all", ("people", "team b"))], follows=[("improved", "people")]
    )
    assert protected.count("team b") == SUPPRESSED and protected.count("people") == WITHHELD
    assert protected.rate("improved", "people") == WITHHELD
    assert protected.count("all") == "12"


def test_nothing_is_hidden_when_nothing_is_small():
    values, _, totals = two_way([[5, 0, 7], [9, 12, 0]])
    protected = protect(values, totals)
    assert protected.primary == protected.secondary == frozenset()


def test_public_cells_are_known_and_never_hidden():
    values = {"a": 3, "b": 6, "c": 20, "all": 29}
    protected = protect(values, [Total("all", ("a", "b", "c"))], public={"b"})
    assert not protected.hidden("b") and protected.hidden("c")


def test_a_two_way_table_that_the_usual_rule_alone_leaves_open():
    """Two rings of hidden cells joined by one: each row and column has two hidden cells,
    yet the joining cell is the difference of the rings' totals. The algebra check hides
    more."""
    table = [
        [3, 9, 0, 0, 20],
        [9, 3, 0, 0, 20],
        [0, 9, 3, 9, 20],
        [0, 0, 9, 3, 20],
        [20, 20, 20, 20, 20],
    ]
    values, figures, totals = two_way(table)
    assert attack(protect(values, totals), figures, totals) == []


def test_a_total_of_6_over_a_hidden_5_and_a_hidden_1_hides_more():
    """ "hidden" is 5 or more and "fewer than 5" at least 1: 6 can only be 5 + 1."""
    values = {"staff": 6, "team a": 5, "team b": 1, "all": 20, "others": 14}
    protected = protect(
        values, [Total("staff", ("team a", "team b")), Total("all", ("staff", "others"))]
    )
    assert protected.count("team b") == SUPPRESSED and protected.count("team a") == WITHHELD
    assert protected.count("staff") == WITHHELD and protected.count("others") == WITHHELD
