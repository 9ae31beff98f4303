"""A reader trying to work out hidden figures by linear reasoning, for tests of
suppression. Written apart from core/secondary_suppression.py so as not to share its
mistakes: it keeps everything learned as vectors over the unknown base counts, and
knows a figure when that figure's vector is a combination of what it has learned; and
`pinned` narrows bounds."""

from collections.abc import Hashable, Mapping

from .suppression import SUPPRESSED

# Arithmetic modulo a large prime instead of fractions: sums of counts have small whole
# coefficients, whose rank modulo this prime is their rank (a minor divisible by it would
# need numbers far beyond any table here), and it is many times faster.
PRIME = 2**61 - 1


class Attacker:
    def __init__(self) -> None:
        self._rows: list[tuple[Hashable, dict]] = []  # echelon form: (pivot, row)

    def learn(self, figure: Mapping[Hashable, int]) -> None:
        """The value of this sum of base counts (count: how many times each) is known."""
        row = self._reduce(figure)
        if row:
            pivot = next(iter(row))
            inverse = pow(row[pivot], -1, PRIME)
            self._rows.append((pivot, {k: v * inverse % PRIME for k, v in row.items()}))

    def knows(self, figure: Mapping[Hashable, int]) -> bool:
        return not self._reduce(figure)

    def _reduce(self, figure: Mapping) -> dict:
        row = {k: v % PRIME for k, v in figure.items() if v % PRIME}
        for pivot, known in self._rows:
            factor = row.get(pivot)
            if factor:
                for k, v in known.items():
                    value = (row.get(k, 0) - factor * v) % PRIME
                    if value:
                        row[k] = value
                    else:
                        row.pop(k, None)
        return row


def unit(key) -> dict:
    return {key: 1}


def added(*figures: Mapping) -> dict:
    total: dict = {}
    for figure in figures:
        for k, v in figure.items():
            total[k] = total.get(k, 0) + v
    return total


def minus(a: Mapping, b: Mapping) -> dict:
    return added(a, {k: -v for k, v in b.items()})


INFINITY = float("inf")


def pinned(shown: list[tuple[Mapping, int]], hidden: list[tuple[Mapping, str]]) -> list:
    """The hidden figures "fewer than 5" that bounds alone pin to one value. `shown`:
    (figure, value); `hidden`: (figure, marker). A reader knows every base count is at
    least 0, a "fewer than 5" is 1 to 4, any other hidden figure is 0 or 5 or more; each
    figure's bounds narrow its counts' bounds and back, until nothing changes."""
    facts = [(f, v, v) for f, v in shown]
    facts += [(f, 1, 4) if marker == SUPPRESSED else (f, 0, INFINITY) for f, marker in hidden]
    lo: dict = {}
    hi: dict = {}
    for figure, *_ in facts:
        for k in figure:
            lo.setdefault(k, 0)
            hi.setdefault(k, INFINITY)

    def span(figure):
        return sum(lo[k] * n for k, n in figure.items()), sum(hi[k] * n for k, n in figure.items())

    for _ in range(60):
        changed = False
        for n, (figure, low, high) in enumerate(facts):
            now_low, now_high = span(figure)
            if high == INFINITY and low == 0 and now_low > 0:  # hidden and not 0: 5 or more
                facts[n] = (figure, 5, high)
                low = 5
            for k, times in figure.items():
                rest_low = now_low - lo[k] * times
                rest_high = sum(hi[j] * m for j, m in figure.items() if j != k)
                new_hi = min(hi[k], (high - rest_low) / times)
                new_lo = max(lo[k], (low - rest_high) / times) if rest_high < INFINITY else lo[k]
                if (new_lo, new_hi) != (lo[k], hi[k]):
                    lo[k], hi[k] = new_lo, new_hi
                    changed = True
                    now_low, now_high = span(figure)
        if not changed:
            break
    found = []
    for figure, marker in hidden:
        low, high = span(figure)
        for other, f_low, f_high in facts:
            if other == figure:
                low, high = max(low, f_low), min(high, f_high)
        if marker == SUPPRESSED and low == high:
            found.append(figure)
    return found
