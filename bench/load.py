"""Load test: signed-in people, workers, students and managers on gunicorn, on loopback.

Builds its own trust in its own database (a SQLite file in a temporary folder, or, when
DATABASE_URL is set, a fresh uniquely named PostgreSQL database on that server, dropped
afterwards): migrate, `seed_demo --size small --seed 1`, one sign-in per virtual user
(bench/load_accounts.py), collectstatic. Then serves it as production does
(`gunicorn --workers 3`, DEBUG off, WhiteNoise) on 127.0.0.1 with bench/load_settings.py,
which adds one bare view (/bench/bare, bench/load_urls.py), and drives it with Locust:

1. Sign-in: every virtual user signs in through the real pages (staff with a two-factor
   code) and keeps its session, as a browser does.
2. Journeys (--minutes): each user walks its role's menu (home and the pages the header
   offers it) with 1-3 s of think time. Errors, "database is locked", p50 and p95 per page.
3. Capacity (--burst seconds per page): the same signed-in users ask for one page only,
   with no think time, so the server is saturated; the bare view likewise, first and last.
   A page's ratio is its requests a second over the bare view's (the mean of its two
   phases): the share of a bare Django view's throughput the page keeps. Journeys with
   think time cannot give this: there the users' pace, not the server, sets the rate.

Exits non-zero if any request failed or any "database is locked" was seen. Everything is
bounded: users, minutes, and each phase; the server and database go when it ends.

    .venv/bin/python bench/load.py [--users 50] [--minutes 5] [--burst 10]
"""

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import gevent
from load_journeys import ROLES, STATE, pages_of
from locust import events
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only: nothing here listens on or calls another address
GUNICORN_WORKERS = 3
SIGN_IN_LIMIT_SECONDS = 180


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50, help="virtual users (4 to 200)")
    parser.add_argument("--minutes", type=float, default=5, help="of journeys (0.25 to 30)")
    parser.add_argument("--burst", type=float, default=10, help="seconds per capacity phase")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 4 <= args.users <= 200 or not 0.25 <= args.minutes <= 30 or not 2 <= args.burst <= 60:
        parser.error("--users must be 4 to 200, --minutes 0.25 to 30, --burst 2 to 60")
    with tempfile.TemporaryDirectory(prefix="recoveryhub-load-") as temporary:
        var = Path(temporary)
        env, drop = environment(var)
        try:
            sys.exit(run(args, var, env))
        finally:
            drop()


def environment(var: Path) -> tuple[dict, callable]:
    """The server's environment: production settings on loopback, in a database of its own."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.load_settings",
        PYTHONPATH=str(ROOT),
        RECOVERYHUB_VAR_DIR=str(var),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",  # no TLS proxy in front of loopback
        ALLOW_DEMO_DATA="1",
        EMAIL_DELIVERY="file",  # into the temporary folder, never out
    )
    if not env.get("DATABASE_URL"):
        return env, lambda: None
    import psycopg
    from psycopg import sql

    given = urlsplit(env["DATABASE_URL"])
    name = f"recoveryhub_load_{os.getpid()}_{secrets.token_hex(4)}"
    admin = urlunsplit(given._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env["DATABASE_URL"] = urlunsplit(given._replace(path=f"/{name}"))

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    return env, drop


def run(args, var: Path, env: dict) -> int:
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    counts = role_counts(args.users)
    print(
        f"Load on {database}: {args.users} users "
        f"({', '.join(f'{n} {role}s' for role, n in counts.items())}), "
        f"{args.minutes:g} min of journeys with 1-3 s think time, "
        f"gunicorn {GUNICORN_WORKERS} sync workers on {HOST}"
    )
    started = time.perf_counter()
    accounts = prepare(env, counts, args.seed)
    print(f"  trust ready (migrate, seed_demo --size small, sign-ins, collectstatic): "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    log = var / "gunicorn.log"
    server, base = serve(env, log)
    try:
        results = drive(base, counts, accounts, args)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    locked_in_log = sum(
        "database is locked" in line.lower()
        for line in log.read_text(errors="replace").splitlines()
    )
    return report(results, locked_in_log, args)


def role_counts(users: int) -> dict[str, int]:
    person, worker, manager = round(users * 0.4), round(users * 0.3), round(users * 0.15)
    return {"person": person, "worker": worker, "manager": manager,
            "student": users - person - worker - manager}  # fmt: skip


def prepare(env: dict, counts: dict, seed: int) -> dict[str, list[str]]:
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "--verbosity", "0"],
        ["seed_demo", "--size", "small", "--seed", str(seed)],
        ["collectstatic", "--noinput", "--verbosity", "0"],
    ):
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [*manage, *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )
    wanted = [str(counts[role]) for role in ("person", "worker", "student", "manager")]
    made = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(ROOT / "bench" / "load_accounts.py"), *wanted],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    accounts = json.loads(made.stdout)
    for role, n in counts.items():
        if n and not accounts[role]:
            sys.exit(f"The demo trust has no {role} to sign in as.")
    return accounts


def serve(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:  # a free port, chosen by the system
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "recoveryhub.config.wsgi", "--workers", str(GUNICORN_WORKERS),
               "--bind", f"{HOST}:{port}", "--chdir", str(ROOT)]  # fmt: skip
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn
            command, env=env, cwd=ROOT, stdout=out, stderr=out
        )
    base = f"http://{HOST}:{port}"
    for _ in range(300):
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/bench/bare", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("gunicorn did not answer within 30 s")


def drive(base: str, counts: dict, accounts: dict, args) -> dict:
    """The three phases on one server, one set of signed-in users."""
    results = {"samples": [], "errors": {}, "locked": 0, "phases": {}}

    def record(request_type, name, response_time, response_length, exception, context, **_):
        phase = context.get("phase", "?")
        results["samples"].append((phase, name, response_time, time.monotonic()))
        if exception is not None:
            results["errors"][name] = results["errors"].get(name, 0) + 1
        if context.get("locked"):
            results["locked"] += 1

    events.request.add_listener(record)
    user_classes = []
    for role, n in counts.items():
        if n:
            cls = ROLES[role]
            cls.fixed_count, cls.accounts = n, accounts[role]
            user_classes.append(cls)
    environment = Environment(user_classes=user_classes, host=base, events=events)
    runner = environment.create_local_runner()
    STATE.phase = "sign-in"
    started = time.monotonic()
    runner.start(args.users, spawn_rate=5)
    while STATE.signed_in < args.users:
        if time.monotonic() - started > SIGN_IN_LIMIT_SECONDS:
            runner.quit()
            sys.exit(f"Only {STATE.signed_in} of {args.users} users signed in within "
                     f"{SIGN_IN_LIMIT_SECONDS} s: {results['errors']}")  # fmt: skip
        gevent.sleep(0.5)
    results["sign_in_seconds"] = time.monotonic() - started
    phase(results, "journeys", args.minutes * 60)
    phase(results, "bare", args.burst, page="bare view")
    for role in counts:
        if counts[role]:
            for page in pages_of(role):
                if f"capacity: {page}" not in results["phases"]:
                    phase(results, f"capacity: {page}", args.burst, page=page)
    phase(results, "bare again", args.burst, page="bare view")
    runner.quit()
    events.request.remove_listener(record)
    results["users"] = args.users
    return results


def phase(results: dict, name: str, seconds: float, page: str | None = None) -> None:
    """Run one phase, then let every request it started finish before the next begins."""
    STATE.phase, STATE.page = name, page
    started = time.monotonic()
    gevent.sleep(seconds)
    STATE.phase, STATE.page = "between", None
    while STATE.in_flight:
        gevent.sleep(0.05)
    results["phases"][name] = (started, time.monotonic())


def report(results: dict, locked_in_log: int, args) -> int:
    by_page: dict[str, list[float]] = {}
    done: dict[str, int] = {}  # requests each phase started (and finished before the next)
    for phase_name, name, elapsed, _ in results["samples"]:
        if phase_name == "journeys":
            by_page.setdefault(name, []).append(elapsed)
        done[phase_name] = done.get(phase_name, 0) + 1
    rate = {
        phase_name: done.get(phase_name, 0) / (end - start)
        for phase_name, (start, end) in results["phases"].items()
        if phase_name != "journeys"
    }
    bare = statistics.mean([rate["bare"], rate["bare again"]])
    journeys = sum(len(v) for v in by_page.values())
    errors = sum(results["errors"].values())
    print(f"  sign-in: {results['users']} users signed in in {results['sign_in_seconds']:.0f} s")
    print(f"  journeys: {journeys:,} requests in {args.minutes:g} min "
          f"({journeys / (args.minutes * 60):.1f} a second)")  # fmt: skip
    print(
        f"  errors: {errors}"
        + "".join(f"\n    {n:>5}  {page}" for page, n in sorted(results["errors"].items()))
    )
    print(
        f'  "database is locked": {results["locked"]} in responses, '
        f"{locked_in_log} lines in gunicorn's log"
    )
    print(
        f"  bare view alone: {rate['bare']:.0f} requests a second first, "
        f"{rate['bare again']:.0f} last (mean {bare:.0f})"
    )
    print(
        "\n  page                           journeys: p50    p95  |  alone: req/s  ratio to bare"
    )
    for page in sorted(by_page):
        times = by_page[page]
        cuts = (
            statistics.quantiles(times, n=100, method="inclusive")
            if len(times) > 1
            else times * 99
        )
        p50, p95 = statistics.median(times), cuts[94]
        alone = rate.get(f"capacity: {page}")
        shown = f"{alone:9.1f}  {alone / bare:9.2f}" if alone else f"{'-':>9}  {'-':>9}"
        flag = "  < 0.5" if alone and alone / bare < 0.5 else ""
        print(f"  {page:<30} {p50:9.0f} ms {p95:5.0f} ms | {shown}{flag}")
    print(
        "\n  Ratio: each page's requests a second with the signed-in users of its role asking"
        "\n  for it and nothing else, without think time (the server saturated), over the bare"
        "\n  view's with all users doing the same, in this run on this server. Latencies are"
        "\n  from the journeys. The load generator shares the machine's cores with gunicorn."
    )
    return 1 if errors or results["locked"] or locked_in_log else 0


if __name__ == "__main__":
    main()
