"""Secondary (complementary) suppression: hiding enough other figures of a table that
no number hidden as "fewer than 5" can be worked out from the rest. No database access.

A table is given as cells (any hashable key, a count each) and the sums that hold
between them (`Total`: a total and its parts, such as a row, a column, a group of teams
and its service line, or "all chosen terms" and each term). Primary suppression hides
every count from 1 to 4. Then, until nothing changes:

1. a cell shown only through a rate is hidden when the other count of the rate is
   hidden (`follows`), as a rate is hidden when either of its counts is;
2. every sum with exactly one hidden cell also hides its smallest non-zero shown part
   (its total only when no part is left): the usual rule of statistical offices;
3. a check by exact linear algebra over all the sums at once: a hidden cell that some
   combination of sums still gives (the usual rule alone can leave these in two-way
   tables) has the smallest shown cell that combination uses hidden too;
4. a check of bounds: "fewer than 5" is 1 to 4 and "hidden" 0 or 5 or more, so a total
   of 6 over a hidden 5 and a hidden 1 gives the 1; a cell beside it is hidden.

Zeros are shown and never chosen as the extra cell: readers would know a chosen cell is
not zero, so hiding one protects nothing. Rates are taken to give their counts away (a
percentage of a small group is exact), so a rate shows only when both counts do.

A sum may also run through cells that nothing shows (`unshown`: such as the register
marks of a group of runs, which link a venue's figure to its courses'): unknown to
readers, any whole number from 0, never hidden nor reported; working one out gives
nothing away.
"""

from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from math import gcd

from .suppression import SUPPRESSED, THRESHOLD, WITHHELD

WITHHELD_NOTE = (
    "Some other figures are shown as “hidden”, so that a number under 5 cannot be worked "
    "out by taking the figures shown from a total."
)


@dataclass(frozen=True)
class Total:
    """`total` is the sum of `parts` (keys of cells)."""

    total: Hashable
    parts: tuple

    @property
    def cells(self) -> tuple:
        return (self.total, *self.parts)


def shown_count(value: int, withheld: bool = False) -> str:
    """A count as shown: "fewer than 5" from 1 to 4, else "hidden" when withheld."""
    if 0 < value < THRESHOLD:
        return SUPPRESSED
    return WITHHELD if withheld else f"{value:,}"


def shown_rate(
    numerator: int, denominator: int, numerator_withheld=False, denominator_withheld=False
) -> str:
    """A percentage, hidden as the more telling marker of its two counts."""
    texts = {
        shown_count(numerator, numerator_withheld),
        shown_count(denominator, denominator_withheld),
    }
    if SUPPRESSED in texts:
        return SUPPRESSED
    if WITHHELD in texts:
        return WITHHELD
    return "none" if denominator == 0 else f"{100 * numerator / denominator:.0f}%"


@dataclass(frozen=True)
class Protected:
    """What may be shown of a table: each cell's text, and each rate's."""

    values: Mapping
    primary: frozenset = frozenset()
    secondary: frozenset = frozenset()

    def hidden(self, key) -> bool:
        return key in self.primary or key in self.secondary

    @property
    def hidden_cells(self) -> frozenset:
        """Every cell shown as "fewer than 5" or "hidden"."""
        return self.primary | self.secondary

    def withheld(self, key) -> bool:
        """Hidden though not small: to protect a small one (or shown only by a hidden rate)."""
        return key in self.secondary

    def count(self, key) -> str:
        return shown_count(self.values.get(key, 0), key in self.secondary)

    def rate(self, numerator, denominator) -> str:
        values, hidden = self.values, self.secondary
        return shown_rate(
            values.get(numerator, 0), values.get(denominator, 0),
            numerator in hidden, denominator in hidden,
        )  # fmt: skip


def small(value: int) -> bool:
    return 0 < value < THRESHOLD


def protect(
    values: Mapping,
    totals: Iterable[Total],
    *,
    follows: Iterable[tuple] = (),
    public: Iterable = (),
    unshown: Iterable = (),
) -> Protected:
    """Which cells to hide. `follows` holds (cell, other) pairs: `cell` is shown only
    through a rate with `other`, so it is hidden whenever `other` is. `public` cells are
    known to readers from elsewhere: never hidden here, counted as known. `unshown` cells
    are shown nowhere: unknown to readers, and neither primary nor secondary."""
    sums = [t for t in totals if t.parts]
    return _Search(values, sums, list(follows), set(public), set(unshown)).run()


class _Search:
    """The hiding, step by step, with an index from each cell to its sums."""

    def __init__(
        self, values: Mapping, totals: list[Total], follows: list, public: set, unshown: set
    ):
        self.values, self.totals, self.follows, self.public = values, totals, follows, public
        self.unshown = unshown  # shown nowhere: unknown, and nothing to protect
        self.where: dict = {}
        for n, t in enumerate(totals):
            for c in t.cells:
                self.where.setdefault(c, []).append(n)
        self.primary = {
            k for k, v in values.items() if small(v) and k not in public and k not in unshown
        }
        self.hidden = self.primary | unshown
        self.loose: set = set()  # hidden only as followers: maybe zero
        self.solved: dict = {}  # the hidden cells of a part of the table -> those determined
        self.working: dict = {}  # a determined cell -> {sum: times} that gives it

    def run(self) -> Protected:
        hidden, values, public = self.hidden, self.values, self.public
        while True:
            changed = _follow(hidden, self.follows, public, self.loose)
            for t in self.totals:
                unknown = [c for c in t.cells if c in hidden]
                if len(unknown) == 1 and unknown[0] not in self.unshown:
                    changed |= _hide_beside(t.cells, t, hidden, values, public)
            if changed:
                continue
            exposed = self.determined() or _narrowed(
                hidden, self.primary, self.loose, self.totals, values, self.unshown
            )
            if not self.hide_near_each(exposed):
                break
        primary = frozenset(self.primary)
        return Protected(dict(values), primary, frozenset(hidden - primary - self.unshown))

    def hide_near_each(self, exposed: list) -> bool:
        """For each exposed cell, hide a shown cell the reader's working uses (or one near
        it), unless one was just hidden in a sum with it (the next check tells)."""
        touched: set = set()
        changed = False
        for cell in exposed:
            if touched & set(self.where.get(cell, [])):
                continue
            before = set(self.hidden)
            if self.hide_near(cell, self.working.get(cell)):
                changed = True
                (new,) = self.hidden - before
                touched |= set(self.where.get(new, []))
        return changed

    def hide_near(self, cell, working: dict | None) -> bool:
        """Hide the smallest shown cell that `working` ({sum: times}: how the reader works
        `cell` out) uses. A working that uses only zeros and public cells gives a zero
        that no hiding can protect (and readers know a count is never below 0): left.
        Without a working (pinned by bounds), one in a sum with `cell`, else in any sum
        with a hidden one."""
        hidden, values, public = self.hidden, self.values, self.public
        if working is not None:
            used: dict = {}
            for n, times in working.items():
                t = self.totals[n]
                for c in t.cells:
                    used[c] = used.get(c, 0) + times * (-1 if c == t.total else 1)
            return _hide_beside(
                [c for c, v in used.items() if v], _NO_TOTAL, hidden, values, public
            )
        near = [c for n in self.where.get(cell, []) for c in self.totals[n].cells]
        if _hide_beside(near, _NO_TOTAL, hidden, values, public):
            return True
        touching = [c for t in self.totals if any(c in hidden for c in t.cells) for c in t.cells]
        return _hide_beside(touching, _NO_TOTAL, hidden, values, public)

    def determined(self) -> list:
        """Hidden cells whose value follows from the shown cells and the sums: a cell is
        determined exactly when its unit vector is in the row space of the sums restricted
        to hidden cells (the reduced row echelon form has a row that is that vector alone).
        Worked out for each connected part of the hidden cells, remembered by its cells;
        how each is worked out is kept in `working`."""
        rows = []
        parts = _Components()
        for n, t in enumerate(self.totals):
            row = {c: -1 if c == t.total else 1 for c in t.cells if c in self.hidden}
            if row:
                first, *rest = row
                for other in rest:
                    parts.join(first, other)
                rows.append(row | {_Sum(n): 1})
        groups: dict = {}
        for row in rows:
            groups.setdefault(parts.find(next(iter(row))), []).append(row)
        found = []
        self.working = {}
        for group in groups.values():
            key = frozenset(c for row in group for c in row)
            if key not in self.solved:
                self.solved[key] = _pinned(group)
            for cell, working in self.solved[key]:
                if cell in self.unshown:  # worked out, but shown nowhere: nothing lost
                    continue
                found.append(cell)
                self.working[cell] = working
        return found


@dataclass(frozen=True)
class _Sum:
    """A sum's place in a row: how much of that sum the row is made of."""

    n: int


def _follow(hidden: set, follows: list, public: set, loose: set) -> bool:
    changed = False
    again = True
    while again:
        again = False
        for cell, other in follows:
            if other in hidden and cell not in hidden and cell not in public:
                hidden.add(cell)
                loose.add(cell)
                changed = again = True
    return changed


def _narrowed(
    hidden: set,
    primary: set,
    loose: set,
    totals: list[Total],
    values,
    unshown: frozenset = frozenset(),
) -> list:
    """Small hidden cells pinned to one value by what a reader knows of every hidden cell:
    "fewer than 5" is 1 to 4, any other hidden cell is 0 or at least 5 (5 or more unless
    hidden only with a rate; any from 0 if shown nowhere). Bounds are narrowed sum by sum
    until they settle: e.g. a total of 6 shown over a hidden 5 and a hidden 1 gives the 1
    away."""
    lo = {c: 1 if c in primary else 0 if c in loose | unshown else THRESHOLD for c in hidden}
    hi = {c: THRESHOLD - 1 if c in primary else _INFINITY for c in hidden}
    sums, where = [], {}
    for t in totals:
        signed = [(c, -1 if c == t.total else 1) for c in t.cells]
        unknown = [(c, a) for c, a in signed if c in hidden]
        if unknown:
            for c, _ in unknown:
                where.setdefault(c, []).append(len(sums))
            sums.append(
                (unknown, -sum(a * values.get(c, 0) for c, a in signed if c not in hidden))
            )
    waiting, queued = deque(range(len(sums))), set(range(len(sums)))
    for _ in range(50 * len(sums)):  # settles long before; a bound on the work
        if not waiting:
            break
        n = waiting.popleft()
        queued.discard(n)
        unknown, known = sums[n]
        for c in _narrow(unknown, known, lo, hi, primary, unshown):
            for m in where[c]:
                if m not in queued:
                    waiting.append(m)
                    queued.add(m)
    return [c for c in hidden & primary if lo[c] == hi[c]]


def _narrow(
    unknown: list, known: int, lo: dict, hi: dict, primary: set, unshown: frozenset | set
) -> list:
    """Narrow the bounds of the cells of one sum (sum of sign x cell == known): the
    cells whose bounds changed."""
    parts = [(min(a * lo[c], a * hi[c]), max(a * lo[c], a * hi[c])) for c, a in unknown]
    low = sum(p[0] for p in parts if p[0] != -_INFINITY)
    low_open = sum(p[0] == -_INFINITY for p in parts)
    high = sum(p[1] for p in parts if p[1] != _INFINITY)
    high_open = sum(p[1] == _INFINITY for p in parts)
    changed = []
    for (c, a), (own_low, own_high) in zip(unknown, parts, strict=True):
        # a * c = known - (the others): the others' bounds are the sum's less c's own.
        if own_low == -_INFINITY:
            rest_low = -_INFINITY if low_open > 1 else low
        else:
            rest_low = -_INFINITY if low_open else low - own_low
        if own_high == _INFINITY:
            rest_high = _INFINITY if high_open > 1 else high
        else:
            rest_high = _INFINITY if high_open else high - own_high
        bounds = sorted([a * (known - rest_high), a * (known - rest_low)])
        new_lo, new_hi = max(lo[c], bounds[0]), min(hi[c], bounds[1])
        if c not in primary and c not in unshown:  # never 1 to 4
            new_lo = max(new_lo, THRESHOLD) if new_lo > 0 else new_lo
            new_hi = 0 if new_hi < THRESHOLD else new_hi
        if (new_lo, new_hi) != (lo[c], hi[c]) and new_lo <= new_hi:
            lo[c], hi[c] = new_lo, new_hi
            changed.append(c)
    return changed


_INFINITY = float("inf")


def _hide_beside(cells, total: Total, hidden: set, values: Mapping, public: set) -> bool:
    """Hide the smallest non-zero shown part among `cells` (else the total). False if none."""
    shown = [c for c in cells if c not in hidden and c not in public and values.get(c, 0) > 0]
    if not shown:
        return False
    parts = [c for c in shown if c != total.total] or shown
    # Ties go by the key's repr, so the choice never depends on the order rows came
    # from the database (PostgreSQL and SQLite return unordered rows differently).
    hidden.add(min(parts, key=lambda c: (values.get(c, 0), repr(c))))
    return True


_NO_TOTAL = Total(object(), ())


@dataclass
class _Components:
    parent: dict = field(default_factory=dict)

    def find(self, x):
        while self.parent.setdefault(x, x) != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a, b) -> None:
        self.parent[self.find(a)] = self.find(b)


def _pinned(rows: list[dict]) -> list[tuple]:
    """Gauss-Jordan elimination on sparse rows of whole numbers, exact: each step scales
    both rows by whole numbers and divides out their common factor. Each row also carries
    the sums it is made of (_Sum keys, never a pivot). (cell, {sum: times}) for each cell
    a row gives alone."""
    reduced: list[tuple] = []  # (pivot, row)
    for original in rows:
        row = dict(original)
        for pivot, done in reduced:
            if row.get(pivot):
                row = _eliminate(row, done, pivot)
        pivot = next((c for c in row if not isinstance(c, _Sum)), None)
        if pivot is None:
            continue
        for i, (p, done) in enumerate(reduced):
            if done.get(pivot):
                reduced[i] = (p, _eliminate(done, row, pivot))
        reduced.append((pivot, row))
    found = []
    for pivot, row in reduced:
        if not any(c != pivot and not isinstance(c, _Sum) for c in row):
            found.append((pivot, {c.n: v * row[pivot] for c, v in row.items() if c != pivot}))
    return found


def _eliminate(row: dict, other: dict, pivot) -> dict:
    """row * other[pivot] - other * row[pivot]: nothing at `pivot`; divided by the gcd."""
    a, b = other[pivot], row[pivot]
    result = {c: v * a for c, v in row.items()}
    for c, v in other.items():
        value = result.get(c, 0) - v * b
        if value:
            result[c] = value
        else:
            result.pop(c, None)
    common = gcd(*result.values()) if result else 1
    return {c: v // common for c, v in result.items()}
