"""Benchmark: `seed_demo --size large` on a fresh database, measured by /usr/bin/time -v.

Prints wall time, peak memory (against the 1 GB bar), and rows written per
second. Uses a fresh SQLite file in a temporary folder unless DATABASE_URL is
set, when that database must be empty (this script migrates it).

    .venv/bin/python bench/seed_large.py [--seed N]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
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
        env.setdefault("SECRET_KEY", "benchmark-only")
        run(["migrate", "--noinput", "--verbosity", "0"], env)
        output = run(["seed_demo", "--size", "large", "--seed", seed], env)
        counts = run(["shell", "--verbosity", "0", "-c", COUNT], env)
        rerun = run(["seed_demo", "--size", "large", "--seed", seed], env)
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
