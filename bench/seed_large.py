"""Benchmark: `seed_demo --size large` on a fresh database, measured by /usr/bin/time -v.

Prints wall time, peak memory (against the 1 GB bar), and rows written per
second. Uses a fresh SQLite file in a temporary folder unless DATABASE_URL is
set, when that database must be empty (this script migrates it).

On SQLite it then writes the very same rows into the same tables (same schema and
indexes, same pragmas) of a fresh file with nothing but `executemany`, one
transaction a table, timing only the inserts, and prints seed_demo's time as a
multiple of that (target: at most 3x).

    .venv/bin/python bench/seed_large.py [--seed N]
"""

import argparse
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAR_BYTES = 1024**3


def run(args: list[str], env: dict) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        ["/usr/bin/time", "-v", sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


def measured(output: str, label: str) -> str:
    return re.search(rf"{re.escape(label)}: (.+)", output).group(1).strip()


def seconds(wall: str) -> float:
    parts = [float(p) for p in wall.split(":")]
    return sum(p * 60**i for i, p in enumerate(reversed(parts)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    seed = str(parser.parse_args().seed)
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "RECOVERYHUB_VAR_DIR": var, "ALLOW_DEMO_DATA": "1"}
        env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        run(["migrate", "--noinput", "--verbosity", "0"], env)
        output = run(["seed_demo", "--size", "large", "--seed", seed], env)
        counts = run(["shell", "--verbosity", "0", "-c", COUNT], env)
        rerun = run(["seed_demo", "--size", "large", "--seed", seed], env)
        raw = None if os.environ.get("DATABASE_URL") else raw_inserts(Path(var))
    rows, people_and_carers = counts.strip().splitlines()[:2]
    rows = int(rows)
    people, carers, check_ins = (int(n) for n in people_and_carers.split())
    wall = seconds(measured(output, "Elapsed (wall clock) time (h:mm:ss or m:ss)"))
    peak_kb = int(measured(output, "Maximum resident set size (kbytes)"))
    rerun_wall = seconds(measured(rerun, "Elapsed (wall clock) time (h:mm:ss or m:ss)"))
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"seed_demo --size large --seed {seed} on {database}")
    print(
        f"  rows written:        {rows:,} ({people:,} people, of whom {carers:,} carers; "
        f"{check_ins:,} check-ins)"
    )
    print(f"  wall time:           {wall:.1f} s ({rows / wall:,.0f} rows/s)")
    share = peak_kb * 1024 / BAR_BYTES
    print(f"  peak memory:         {peak_kb / 1024:.0f} MiB ({share:.2f} of the 1 GiB bar)")
    print(f"  second run:          {rerun_wall:.1f} s ({rerun_wall / wall:.3f} of the first)")
    if raw is not None:
        raw_rows, raw_s = raw
        print(
            f"  raw executemany:     {raw_s:.1f} s for the same {raw_rows:,} rows in every table; "
            f"seed_demo takes {wall / raw_s:.1f}x that (target <= 3)"
        )


def raw_inserts(var: Path, chunk: int = 50_000) -> tuple[int, float]:
    """Every row seed_demo wrote, written again with plain executemany into an empty
    copy of the schema; returns (rows, seconds spent inside executemany and commit)."""
    source = sqlite3.connect(var / "recoveryhub.sqlite3")
    target = sqlite3.connect(var / "raw.sqlite3", isolation_level=None)
    target.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    schema = source.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index'"
    ).fetchall()
    for _type, _name, sql in schema:
        target.execute(sql)
    rows = spent = 0
    for kind, name, _sql in schema:
        if kind != "table":
            continue
        cursor = source.execute(f'SELECT * FROM "{name}"')  # noqa: S608 - names from the schema
        marks = ", ".join("?" * len(cursor.description))
        insert = f'INSERT INTO "{name}" VALUES ({marks})'  # noqa: S608
        target.execute("BEGIN")
        while batch := cursor.fetchmany(chunk):
            started = time.perf_counter()
            target.executemany(insert, batch)
            spent += time.perf_counter() - started
            rows += len(batch)
        started = time.perf_counter()
        target.execute("COMMIT")
        spent += time.perf_counter() - started
    return rows, spent


COUNT = """
from recoveryhub.people.models import CarerLink, CaseloadAssignment, Person, Team, TeamMember
from recoveryhub.accounts.models import RoleGrant, User
from recoveryhub.measures.models import CheckIn
models = (Person, CarerLink, CaseloadAssignment, Team, TeamMember, User, RoleGrant, CheckIn)
print(sum(m.objects.count() for m in models))
print(Person.objects.count(), CarerLink.objects.count(), CheckIn.objects.count())
"""

if __name__ == "__main__":
    main()
