"""Runs the steps that write the synthetic trust, each once.

Each app that has demo data adds a step here. A step is a function
`step(size: str, seed: int, progress: Progress) -> None`, written to be
deterministic: the same size and seed always give the same data.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils.module_loading import import_string

from .models import DemoDataset

SIZES = ("small", "large")

STEPS = [
    "recoveryhub.people.demo.seed_trust",
    "recoveryhub.measures.demo.seed_check_ins",
    "recoveryhub.college.demo.seed_college",
    "recoveryhub.plans.demo.seed_plans",
    "recoveryhub.episodes.demo.seed_episodes",
    # It reads the people, teams, College completions and the episodes' helpers.
    "recoveryhub.pathways.demo.seed_pathways",
    # After pathways: its volunteers review the comments' themes.
    "recoveryhub.feedback.demo.seed_feedback",
    # After feedback and pathways: actions are raised from their changes and fidelity scores.
    "recoveryhub.practice.demo.seed_practice",
]


class DemoDataError(Exception):
    """Writing demo data here would be wrong; the message says why and what to do."""


Progress = Callable[[str], None]


@dataclass(frozen=True)
class StepResult:
    step: str
    written: bool


def seed_demo(size: str, seed: int, progress: Progress) -> list[StepResult]:
    if not settings.ALLOW_DEMO_DATA:
        raise DemoDataError(
            "Demo data is only written where ALLOW_DEMO_DATA=1 (or DEBUG=1) is set. "
            "Never write it to a live database."
        )
    if size not in SIZES:
        raise DemoDataError(f"Size must be one of {', '.join(SIZES)}; got {size!r}.")
    with _page_cache():
        results = [_run_step(path, size, seed, progress) for path in STEPS]
    if any(result.written for result in results):
        # After a bulk load the planner knows nothing of the tables' sizes (PostgreSQL's
        # until autovacuum gets round to them, SQLite's ever): count them now. Without it
        # SQLite's caseload took 48 times the sign-in page on the large trust, with it 7.
        with connection.cursor() as cursor:
            cursor.execute(after_bulk_load(connection.vendor, connection.in_atomic_block))
    return results


def after_bulk_load(vendor: str, in_transaction: bool) -> str:
    """What to run after the steps wrote. On PostgreSQL also VACUUM, as autovacuum would
    soon after a bulk load: until a table is vacuumed, PostgreSQL cannot answer from an
    index alone (team caseloads count people from one, 35 ms before, 13 ms after). VACUUM
    cannot run in a transaction (a test's), nor is it needed on SQLite (it rewrites the
    whole file there)."""
    if vendor == "postgresql" and not in_transaction:
        return "VACUUM ANALYZE"
    return "ANALYZE"


# SQLite's page cache while the steps write (its default is 2 MB): with the indexes of two
# million check-ins kept in memory, `--size large` writes them in a third of the time,
# instead of reading and writing the same pages of the file again and again. The cache
# is only used as it fills, so memory stays well under 1 GB.
CACHE_KIB = 256 * 1024


@contextmanager
def _page_cache():
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _run_step(path: str, size: str, seed: int, progress: Progress) -> StepResult:
    done = DemoDataset.objects.filter(step=path).first()
    if done:
        if (done.size, done.seed) != (size, seed):
            raise DemoDataError(
                f"This database already holds demo data made with --size {done.size} "
                f"--seed {done.seed}. Use an empty database to make a different one."
            )
        progress(f"{path}: already written, nothing to do")
        return StepResult(path, written=False)
    # One transaction a step: a step that fails part-way leaves nothing behind.
    with transaction.atomic():
        import_string(path)(size, seed, progress)
        DemoDataset.objects.create(step=path, size=size, seed=seed)
    return StepResult(path, written=True)
