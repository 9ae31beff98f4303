"""A diff of two token lists whose work is bounded: pure, no database.

`difflib.SequenceMatcher` has no bound: on valid plan text made of few distinct
words it took seconds per section, so one person comparing versions could
occupy a web worker (issue 11). This is Myers' O((N+M)D) diff (the algorithm
behind `git diff`) with a budget of steps shared by a whole comparison: when a
pair would take more than what is left, `diff` returns None and the caller
shows a coarser answer instead of working on.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass
class Budget:
    """Steps (token comparisons and diagonals tried) one comparison may take."""

    limit: int
    used: int = 0

    @property
    def left(self) -> int:
        return self.limit - self.used


# (op, start, end) over one side: op "same" and "removed" index `a`, "added" indexes `b`.
Op = tuple[str, int, int]


def diff(a: Sequence[Hashable], b: Sequence[Hashable], budget: Budget) -> list[Op] | None:
    """The edit from `a` to `b` as runs of same/removed/added, or None past the budget."""
    start = _common_prefix(a, b, budget)
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    budget.used += (len(a) - end_a) + 1
    if budget.used > budget.limit:
        return None
    middle = _myers(a[start:end_a], b[start:end_b], budget)
    if middle is None:
        return None
    ops: list[Op] = [("same", 0, start)] if start else []
    for op, i, j in middle:
        ops.append((op, i + start, j + start))
    if end_a < len(a):
        ops.append(("same", end_a, len(a)))
    return _merge(ops)


def _common_prefix(a, b, budget: Budget) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    budget.used += n + 1
    return n


def _myers(a, b, budget: Budget) -> list[Op] | None:
    n, m = len(a), len(b)
    if not n or not m:
        return ([("removed", 0, n)] if n else []) + ([("added", 0, m)] if m else [])
    v = {1: 0}
    trace = []
    for d in range(n + m + 1):
        trace.append(dict(v))
        budget.used += d + 1  # the diagonals tried at this distance
        for k in range(-d, d + 1, 2):
            x = v[k + 1] if k == -d or (k != d and v[k - 1] < v[k + 1]) else v[k - 1] + 1
            y = x - k
            start = x
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            budget.used += x - start + 1
            v[k] = x
            if x >= n and y >= m:
                return _backtrack(trace, n, m)
            if budget.used > budget.limit:
                return None
    raise AssertionError("unreachable: the distance is at most n + m")


def _backtrack(trace: list[dict[int, int]], n: int, m: int) -> list[Op]:
    """Walk back from (n, m) through the saved frontiers, one edit per distance."""
    ops: list[Op] = []
    x, y = n, m
    for d in range(len(trace) - 1, -1, -1):
        v, k = trace[d], x - y
        down = k == -d or (k != d and v.get(k - 1, -1) < v.get(k + 1, -1))
        prev_k = k + 1 if down else k - 1
        prev_x = v.get(prev_k, 0) if d else 0
        prev_y = prev_x - prev_k if d else 0
        # The snake: same tokens from the end of the edit to (x, y).
        snake_start = prev_x + (0 if down else 1) if d else 0
        if x > snake_start:
            ops.append(("same", snake_start, x))
        if d:
            ops.append(("added", prev_y, prev_y + 1) if down else ("removed", prev_x, prev_x + 1))
        x, y = prev_x, prev_y
    ops.reverse()
    return ops


def _merge(ops: list[Op]) -> list[Op]:
    """Join the edits between two same runs into one removed and one added run.

    Between two runs of same tokens every token of `a` was removed and every
    token of `b` added, so each side's edits are one contiguous range; a page
    then shows phrases, not alternating single words.
    """
    merged: list[Op] = []
    edits: dict[str, list[int]] = {}
    for op, start, end in ops:
        if end <= start:
            continue
        if op == "same":
            merged.extend(_edit_runs(edits))
            edits = {}
            if merged and merged[-1][0] == "same" and merged[-1][2] == start:
                merged[-1] = ("same", merged[-1][1], end)
            else:
                merged.append((op, start, end))
        else:
            run = edits.setdefault(op, [start, end])
            run[0], run[1] = min(run[0], start), max(run[1], end)
    merged.extend(_edit_runs(edits))
    return merged


def _edit_runs(edits: dict[str, list[int]]) -> list[Op]:
    return [(op, *edits[op]) for op in ("removed", "added") if op in edits]
