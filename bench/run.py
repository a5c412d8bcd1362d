"""Time the hall overview and the zone list on synthetic data and check their query counts.

``python -m bench`` (``make bench``):

1. points Django at ``hallkeeper.settings`` with ``HALLKEEPER_ENV=dev`` and, unless
   ``DATABASE_URL`` is set, at a fresh SQLite file in ``var/bench/`` (deleted and migrated on
   every run);
2. for each scenario — (a) 1 hall × 17 zones, (b) 100 halls × 17 zones, (c) 1 hall × 1,700
   zones — empties the database, generates the data (``bench.generate``) and requests each
   page of the first hall as a few users with Django's test ``Client``: a warm-up, then N timed
   requests, counting the queries of each;
3. prints p50/p95 server time and the query count per scenario, page and user, then the
   query-count check: a page must run as many queries at 1,700 zones as at 17 (and with
   100 halls as with one). It exits 1 if not, and prints the queries that grew;
4. then times the handbook's documents (``bench.handbook``, skip with ``--no-handbook``) and an
   inspection's capture and submit and the zone history at a year of daily patrols, whose query
   count must not grow with the history either (``bench.inspections``, skip with ``--no-inspections``).

Only the standard library is imported at module level: Django is configured in :func:`main`.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from math import floor
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
#: The SQLite file's folder (``BENCH_DATA_DIR`` overrides it: the ratio step's subprocess has its own).
BENCH_DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR") or REPO_DIR / "var" / "bench")
SQLITE_NAME = "hallkeeper.sqlite3"  # the default file name of the settings, in HALLKEEPER_DATA_DIR


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    halls: int
    zones: int


SCENARIOS = (
    Scenario("a", "1 hall × 17 zones", 1, 17),
    Scenario("b", "100 halls × 17 zones", 100, 17),
    Scenario("c", "1 hall × 1,700 zones", 1, 1700),
)
SCENARIO_ALIASES = {"1x17": "a", "100x17": "b", "1x1700": "c"}
#: Scenario pairs whose query counts must be equal: only the amount of data differs.
QUERY_CHECKS = (("a", "c", "17 zones vs 1,700 zones (1 hall)"), ("a", "b", "1 hall vs 100 halls (17 zones each)"))

PAGES = ("hall_home", "zone_list")
LOGINS = ("superuser", "admin", "leader", "zone_lead", "window_staff", "viewer")
DEFAULT_LOGINS = ("superuser", "admin", "zone_lead")
DEFAULT_REQUESTS, DEFAULT_WARMUP = 30, 3
QUICK_REQUESTS, QUICK_WARMUP = 5, 1


class BenchError(Exception):
    """The benchmark cannot go on (a page did not answer 200, the database is not empty…)."""


# -- measuring ---------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile() of no values")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lower = floor(k)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (k - lower)


@dataclass
class Measurement:
    """Timed requests of one page by one user."""

    url: str
    status: int
    times_ms: list[float]
    query_counts: list[int]
    cpu_ms: list[float] = field(default_factory=list)  # process CPU time: less sensitive to a busy machine
    queries: list[str] = field(default_factory=list)  # SQL of the last timed request
    page: str = ""
    login: str = ""

    @property
    def query_count(self) -> int:
        return self.query_counts[-1]

    @property
    def p50(self) -> float:
        return percentile(self.times_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)

    @property
    def cpu_p50(self) -> float:
        return percentile(self.cpu_ms, 50) if self.cpu_ms else float("nan")

    @property
    def queries_label(self) -> str:
        low, high = min(self.query_counts), max(self.query_counts)
        return str(low) if low == high else f"{low}–{high}"


def measure(user, url: str, *, requests: int = DEFAULT_REQUESTS, warmup: int = DEFAULT_WARMUP, page="", login=""):
    """GET ``url`` as ``user``: ``warmup`` untimed requests, then ``requests`` timed ones.

    Server time is ``time.perf_counter`` around ``Client.get`` (the whole Django stack, no
    network); queries are counted with ``CaptureQueriesContext``. Raises :class:`BenchError`
    unless every response is a 200.
    """
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if requests < 1:
        raise ValueError("measure() needs at least one timed request")
    client = Client()
    client.force_login(user)
    times, cpu, counts, sql = [], [], [], []
    for i in range(warmup + requests):
        # CaptureQueriesContext reads connection.queries_log, a deque of at most 9,000 entries that
        # nothing empties while it is active: empty it first, or the counts drop to 0 once it is full.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            cpu_started, started = time.process_time(), time.perf_counter()
            response = client.get(url)
            elapsed, cpu_elapsed = time.perf_counter() - started, time.process_time() - cpu_started
        if response.status_code != 200:
            raise BenchError(f"GET {url} as {login or user}: status {response.status_code}, expected 200")
        if len(connection.queries_log) == connection.queries_log.maxlen:
            raise BenchError(f"GET {url} as {login or user}: more queries than the query log holds")
        if i >= warmup:
            times.append(elapsed * 1000)
            cpu.append(cpu_elapsed * 1000)
            counts.append(len(captured.captured_queries))
            sql = [q["sql"] for q in captured.captured_queries]
    return Measurement(
        url=url,
        status=response.status_code,
        times_ms=times,
        query_counts=counts,
        cpu_ms=cpu,
        queries=sql,
        page=page,
        login=login,
    )


# -- comparing queries -------------------------------------------------------

_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
_LIST = re.compile(r"\(\?(?:, ?\?)+\)")
_SELECT_LIST = re.compile(r"^SELECT .*? FROM ")


def normalize_sql(sql: str) -> str:
    """The shape of a query: literals replaced by ``?``, lists of literals by ``(…)``."""
    return _LIST.sub("(…)", _NUMBER.sub("?", _STRING.sub("?", sql)))


def growing_queries(small: Sequence[str], large: Sequence[str]) -> list[tuple[int, int, str]]:
    """(count in small, count in large, query shape) of every shape whose count differs."""
    a, b = Counter(map(normalize_sql, small)), Counter(map(normalize_sql, large))
    return sorted(
        ((a[s], b[s], s) for s in a.keys() | b.keys() if a[s] != b[s]), key=lambda t: (-abs(t[1] - t[0]), t[2])
    )


# -- setting up --------------------------------------------------------------


def configure(*, allow_flush: bool = False) -> dict[str, str]:
    """Set up Django for the benchmark and migrate; return a description of the database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "hallkeeper.settings"
    os.environ["HALLKEEPER_ENV"] = "dev"
    own_sqlite = not os.environ.get("DATABASE_URL")
    if own_sqlite:
        os.environ["HALLKEEPER_DATA_DIR"] = str(BENCH_DATA_DIR)
        BENCH_DATA_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            (BENCH_DATA_DIR / f"{SQLITE_NAME}{suffix}").unlink(missing_ok=True)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if not {"*", "testserver"} & set(settings.ALLOWED_HOSTS):
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test Client's host

    if not own_sqlite and not allow_flush:
        from hallkeeper.halls.models import Hall

        if Hall._meta.db_table in connection.introspection.table_names() and Hall.objects.exists():
            raise BenchError(
                "DATABASE_URL points at a database that holds halls; the benchmark empties it before "
                "every scenario. Point it at a scratch database or pass --allow-flush."
            )
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started
    return {
        "engine": settings.DATABASES["default"]["ENGINE"],
        "server": _database_server(connection),
        "name": _database_location(connection),
        "fresh": "fresh file, deleted and migrated on every run" if own_sqlite else "from DATABASE_URL",
        "migrate": f"{migrate_seconds:.1f} s",
        "debug": str(settings.DEBUG),
    }


def _database_server(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return connection.display_name


def _database_location(connection) -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        name = Path(str(s["NAME"]))
        return str(name.relative_to(REPO_DIR)) if name.is_relative_to(REPO_DIR) else str(name)
    host = f"{s.get('HOST') or 'localhost'}:{s.get('PORT') or 'default port'}"
    return f"{s['NAME']} on {host}"  # never the password


def empty_database() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


# -- running -----------------------------------------------------------------


@dataclass
class ScenarioResult:
    scenario: Scenario
    generate_seconds: float
    rows: dict[str, int]
    expected: dict[str, int]
    measurements: list[Measurement] = field(default_factory=list)


def run_scenario(scenario: Scenario, logins: Sequence[str], *, requests: int, warmup: int, log) -> ScenarioResult:
    from django.test.utils import override_settings
    from django.urls import reverse

    from bench.generate import count_rows, expected_rows, generate

    empty_database()
    with override_settings(DEBUG=False):  # no query logging while inserting ~100,000 rows
        generated = generate(halls=scenario.halls, zones=scenario.zones)
    result = ScenarioResult(scenario, generated.seconds, count_rows(), expected_rows(scenario.halls, scenario.zones))
    log(f"  generated in {generated.seconds:.2f} s: " + ", ".join(f"{v:,} {k}" for k, v in result.rows.items()))
    mismatched = [k for k, v in result.expected.items() if result.rows.get(k) != v]
    if mismatched:
        raise BenchError("row counts differ from the expected ratios: " + ", ".join(mismatched))
    hall = generated.halls[0]
    for page in PAGES:
        url = reverse(page, kwargs={"hall": hall.code})
        for login in logins:
            m = measure(generated.user(login, hall), url, requests=requests, warmup=warmup, page=page, login=login)
            log(
                f"  {page:<10} {login:<12} p50 {m.p50:8.1f} ms  p95 {m.p95:8.1f} ms  "
                f"cpu p50 {m.cpu_p50:8.1f} ms  {m.queries_label:>5} queries"
            )
            result.measurements.append(m)
    return result


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]], right: set[int] = frozenset()) -> str:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]

    def line(values):
        return "  ".join(
            v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True))
        )

    return "\n".join(line(r).rstrip() for r in [headers, ["-" * w for w in widths], *cells])


def query_checks(results: dict[str, ScenarioResult]) -> tuple[list[str], bool]:
    """The lines of the query-count check and whether every compared count is the same."""
    lines, ok, compared = [], True, False
    for small_key, large_key, title in QUERY_CHECKS:
        if small_key not in results or large_key not in results:
            continue
        compared = True
        lines.append(f"{title}  [scenario {small_key} vs {large_key}]")
        large = {(m.page, m.login): m for m in results[large_key].measurements}
        rows, growth = [], {}
        for m in results[small_key].measurements:
            other = large[(m.page, m.login)]
            same = m.query_count == other.query_count
            ok &= same
            verdict = "same" if same else f"DIFFERENT ({m.query_count} vs {other.query_count})"
            growth_cpu = f"×{other.cpu_p50 / m.cpu_p50:.1f}" if m.cpu_p50 > 0 else "-"
            rows.append((m.page, m.login, m.query_count, other.query_count, growth_cpu, verdict))
            if not same:
                grown = tuple(growing_queries(m.queries, other.queries))
                growth.setdefault(grown, []).append(f"{m.page} as {m.login}")
        lines.append(
            format_table(
                ("page", "user", f"queries ({small_key})", f"queries ({large_key})", "cpu p50 growth", "verdict"),
                rows,
                right={2, 3, 4},
            )
        )
        for grown, where in growth.items():
            lines.append(f"  queries that differ — {', '.join(where)}:")
            for a, b, shape in grown:
                lines.append(f"    {a:>4} → {b:<4} {_SELECT_LIST.sub('SELECT … FROM ', shape, count=1)[:400]}")
        lines.append("")
    if not compared:
        lines.append("skipped: needs scenarios a and c (and b) in the same run")
    return lines, ok


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Synthetic halls; p50/p95 server time and query counts of the hall overview and zone list.",
        epilog="Scenarios: "
        + "; ".join(f"{s.key} = {s.label}" for s in SCENARIOS)
        + ". The database is a fresh SQLite file in var/bench/ unless DATABASE_URL is set.",
    )
    parser.add_argument(
        "--scenario",
        action="append",
        choices=[s.key for s in SCENARIOS] + list(SCENARIO_ALIASES),
        help="run only this scenario (repeatable); the query-count check needs a and c",
    )
    parser.add_argument("--requests", type=int, help=f"timed requests per page and user (default {DEFAULT_REQUESTS})")
    parser.add_argument("--warmup", type=int, help=f"untimed requests first (default {DEFAULT_WARMUP})")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_REQUESTS} requests after {QUICK_WARMUP} warm-up (CI smoke)"
    )
    parser.add_argument(
        "--users",
        default=",".join(DEFAULT_LOGINS),
        help=f"comma-separated logins among {', '.join(LOGINS)} (default %(default)s)",
    )
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of every measured page")
    parser.add_argument("--no-handbook", action="store_true", help="skip timing the handbook's PDF and Word documents")
    parser.add_argument(
        "--no-inspections",
        action="store_true",
        help="skip timing an inspection's capture and submit and the zone history at a year of patrols",
    )
    parser.add_argument(
        "--allow-flush", action="store_true", help="with DATABASE_URL: empty that database even if it holds data"
    )
    parser.add_argument(
        "--pg",
        metavar="URL",
        default=os.environ.get("BENCH_PG_URL"),
        help="a scratch PostgreSQL database (emptied) for the ratio step's 100 halls, run in a subprocess "
        "beside this run's SQLite (default $BENCH_PG_URL; a PostgreSQL DATABASE_URL serves too)",
    )
    parser.add_argument(
        "--no-ratios",
        action="store_true",
        help="skip the pages against their bare SQL and the bare layout (SQLite 1 hall, PostgreSQL 100 halls)",
    )
    args = parser.parse_args(argv)
    args.logins = [u.strip() for u in args.users.split(",") if u.strip()]
    unknown = [u for u in args.logins if u not in LOGINS]
    if unknown or not args.logins:
        parser.error(
            f"--users: unknown login(s) {', '.join(unknown) or '(none given)'}; choose among {', '.join(LOGINS)}"
        )
    keys = {SCENARIO_ALIASES.get(k, k) for k in args.scenario or [s.key for s in SCENARIOS]}
    args.scenarios = [s for s in SCENARIOS if s.key in keys]
    args.requests = args.requests or (QUICK_REQUESTS if args.quick else DEFAULT_REQUESTS)
    args.warmup = args.warmup if args.warmup is not None else (QUICK_WARMUP if args.quick else DEFAULT_WARMUP)
    if args.requests < 1 or args.warmup < 0:
        parser.error("--requests must be at least 1 and --warmup at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

    def log(message: str = "") -> None:
        print(message, flush=True)

    started = time.perf_counter()
    try:
        db = configure(allow_flush=args.allow_flush)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    import django

    log("Hallkeeper benchmark")
    log(f"  database: {db['server']} ({db['engine']}), {db['name']} — {db['fresh']}; migrate {db['migrate']}")
    log(
        f"  Django {django.get_version()}, Python {platform.python_version()}, DEBUG={db['debug']} (HALLKEEPER_ENV=dev)"
    )
    log(f"  {args.requests} timed requests per page and user after {args.warmup} warm-up; test Client, no network")
    log(f"  machine: {os.cpu_count()} CPUs, load average {_load()} (timings are noisy on a busy machine)")

    results: dict[str, ScenarioResult] = {}
    try:
        for scenario in args.scenarios:
            log(f"\nScenario {scenario.key}: {scenario.label}")
            results[scenario.key] = run_scenario(
                scenario, args.logins, requests=args.requests, warmup=args.warmup, log=log
            )
            if args.show_queries:
                for m in results[scenario.key].measurements:
                    log(f"\n  -- {m.page} as {m.login}: {m.query_count} queries")
                    for i, sql in enumerate(m.queries, 1):
                        log(f"  {i:3}. {sql}")
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2

    log("\nData")
    log(
        format_table(
            ("scenario", "generate", "halls", "zones", "windows", "positions", "people", "all rows"),
            [
                (
                    f"{r.scenario.key}  {r.scenario.label}",
                    f"{r.generate_seconds:.2f} s",
                    *(f"{r.rows[k]:,}" for k in ("halls", "zones", "windows", "positions", "people")),
                    f"{sum(r.rows.values()):,}",
                )
                for r in results.values()
            ],
            right=set(range(1, 8)),
        )
    )
    log(
        f"\nPage timings ({db['server']}; server time per request: wall clock, and CPU time of the process; "
        f"{args.requests} requests)"
    )
    log(
        format_table(
            ("scenario", "page", "user", "p50 ms", "p95 ms", "cpu p50 ms", "queries"),
            [
                (
                    f"{r.scenario.key}  {r.scenario.label}",
                    m.page,
                    m.login,
                    f"{m.p50:.1f}",
                    f"{m.p95:.1f}",
                    f"{m.cpu_p50:.1f}",
                    m.queries_label,
                )
                for r in results.values()
                for m in r.measurements
            ],
            right={3, 4, 5, 6},
        )
    )
    log("\nQuery-count check (a list page must run a bounded number of queries whatever the data size)")
    lines, ok = query_checks(results)
    for line in lines:
        log(line)
    if not args.no_handbook:
        from bench.handbook import bench_handbook_documents

        log("\nHandbook documents (the full default handbook, uncached)")
        bench_handbook_documents(runs=1 if args.quick else 3, log=log)
    inspections_ok = True
    if not args.no_inspections:
        from bench.inspections import (
            DEFAULT_RUNS,
            HISTORY_DAYS,
            QUICK_HISTORY_DAYS,
            QUICK_RUNS,
            bench_inspections,
        )

        try:
            inspections_ok = bench_inspections(
                runs=QUICK_RUNS if args.quick else DEFAULT_RUNS,
                days=QUICK_HISTORY_DAYS if args.quick else HISTORY_DAYS,
                requests=args.requests,
                warmup=args.warmup,
                log=log,
            )
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 2
        log("")
    ratios_ok = counts_ok = True
    if not args.no_ratios:
        from bench.inspections import HISTORY_DAYS, SMALL_HISTORY_DAYS
        from bench.ratios import bench_ratios

        try:
            ratios_ok, counts_ok = bench_ratios(
                days=SMALL_HISTORY_DAYS if args.quick else HISTORY_DAYS,
                requests=args.requests,
                warmup=args.warmup,
                pg_url=args.pg,
                log=log,
            )
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 2
        log("")
    log(
        f"Peak memory (max RSS): {peak_rss_mb():.0f} MiB; "
        f"total time {time.perf_counter() - started:.1f} s; load average {_load()}"
    )
    if not ok:
        log("FAILED: query counts depend on the amount of data (see the queries that differ above)")
    if not inspections_ok:
        log("FAILED: the zone history's query count depends on the length of the history (see above)")
    if not counts_ok:
        log("FAILED: computing a month's assessment runs more queries with more data (see the counts above)")
    if not ratios_ok:
        log(
            "OVER TARGET: a page costs more than 3× its bare SQL plus the bare layout (see the ratio table); "
            "reported, not failed"
        )
    return 0 if ok and inspections_ok and counts_ok else 1
