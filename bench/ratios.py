"""Pages against their floor: the bare SQL that computes their numbers plus the bare layout page.

For each **setting** — a hall of demo size (17 zones) with a year of daily patrols and its notices, on
SQLite alone, and the same hall among 100 halls on PostgreSQL — this writes the data, then requests as the
hall's leadership user the overview, the zone history (a year), the inspection list, the notice list and a
notice's page, and for each:

* **p50** — server time through the test ``Client`` (``bench.run.measure``);
* **bare SQL** — the page's own SELECTs run again on the cursor, every row fetched (``bench.speed.bare_sql_ms``);
* **bare layout** — p50 of ``bench.layout.BareLayoutView``: ``base.html`` with an empty body, through the
  same middleware, hall lookup and context processors, logged in;
* **ratio** = p50 ÷ (bare SQL + bare layout), against the target (≤ 3×) with a pass/fail mark.

``python -m bench`` runs the setting of its own database here and the other one in a subprocess
(``python -m bench.ratios --json``): SQLite always, PostgreSQL when ``--pg URL`` or a PostgreSQL
``DATABASE_URL`` is given; then prints both side by side in one table.

Only the standard library is imported at module level: Django is configured first.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

#: Target (issue 12): a page costs at most this many times its bare SQL plus the bare layout.
TARGET_RATIO = 3.0
ZONES = 17  # the demo hall's size
#: One notice per zone every this many working days of patrols (a year: 17 × 12 = 204 notices).
NOTICE_EVERY_DAYS = 20
SQLITE_HALLS, PG_HALLS = 1, 100
REQUIREMENT = "按标准整改并拍照回复。"
PAGES = (
    "overview",
    "zone history (1 year)",
    "inspection list",
    "notice list",
    "notice page",
    "leaders' dashboard",
    "big screen data",
    "halls compared",
)
#: Answers that are not a page of the layout (JSON): measured against their bare SQL alone.
WITHOUT_LAYOUT = ("big screen data",)
#: Rows after the pages: computations timed like pages, without the layout (``bench.assessment``).
COMPUTATIONS = ("assessment: a month", "assessment: a year (12 months)")


@dataclass
class PageRatio:
    page: str
    url: str
    p50_ms: float
    sql_ms: float
    layout_ms: float
    queries: str

    @property
    def floor_ms(self) -> float:
        return self.sql_ms + self.layout_ms

    @property
    def ratio(self) -> float:
        return self.p50_ms / self.floor_ms if self.floor_ms > 0 else float("inf")

    @property
    def ok(self) -> bool:
        return self.ratio <= TARGET_RATIO


@dataclass
class SettingResult:
    label: str
    database: str
    halls: int
    days: int
    data: dict = field(default_factory=dict)
    layout_ms: float = 0.0
    pages: list[PageRatio] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""
    log: list[str] = field(default_factory=list)  # what a subprocess printed on the way

    @property
    def ok(self) -> bool:
        return not self.error and all(p.ok for p in self.pages)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> SettingResult:
        raw = json.loads(text)
        raw["pages"] = [PageRatio(**p) for p in raw["pages"]]
        return cls(**raw)


def setting_label(vendor: str, halls: int, days: int) -> str:
    engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)
    where = "1 hall" if halls == 1 else f"hall 1 of {halls}"
    return f"{engine}, {where}, {days} days"


# -- data --------------------------------------------------------------------------------------------


def issue_notices(hall, user, *, every_days: int = NOTICE_EVERY_DAYS) -> int:
    """Notices through ``rectification.services.notice_issue`` (numbering, deadlines, events as in use): for
    each zone, one notice every ``every_days`` days of findings, each holding that stretch's findings (at most
    3), and at least one per zone with findings. Notifications are suppressed, as the demo loader does."""
    from hallkeeper.inspections.models import Finding
    from hallkeeper.notifications.services import suppressed
    from hallkeeper.places.models import Zone
    from hallkeeper.rectification import services

    issued = 0
    with suppressed():
        for zone in Zone.objects.filter(hall=hall).order_by("order", "code"):
            findings = list(Finding.objects.filter(hall=hall, zone=zone).order_by("found_at", "pk"))
            if not findings:
                continue
            start, batch, before = findings[0].found_at, [], issued
            for finding in findings:
                if finding.found_at - start >= timedelta(days=every_days * 7 / 5) and batch:
                    services.notice_issue(user=user, zone=zone, findings=batch[:3], requirement=REQUIREMENT)
                    issued += 1
                    batch, start = [], finding.found_at
                batch.append(finding)
            if issued == before:  # a short history: one notice for the zone all the same
                services.notice_issue(user=user, zone=zone, findings=batch[:3], requirement=REQUIREMENT)
                issued += 1
    return issued


def _generate_setting(halls: int, days: int, media: str, log) -> tuple:
    from bench.generate import generate
    from bench.handbook import install_handbook
    from bench.inspections import generate_history

    started = time.perf_counter()
    generated = generate(halls=halls, zones=ZONES, prefix=f"ratio{int(time.time()) % 100000}")
    hall = generated.halls[0]
    install_handbook(hall)
    leader = generated.user("leader", hall)
    history = generate_history(hall, leader, days=days, media_root=media)
    notices = issue_notices(hall, leader)
    data = {
        "halls": halls,
        "zones": ZONES,
        "inspections": history.inspections,
        "items": history.items,
        "findings": history.findings,
        "notices": notices,
        "generate_s": round(time.perf_counter() - started, 1),
    }
    log(
        f"  {halls} hall(s) × {ZONES} zones; hall {hall.code}: {history.inspections:,} inspections, "
        f"{history.items:,} items, {history.findings:,} findings, {notices} notices; written in {data['generate_s']} s"
    )
    return generated, hall, leader, data


def _page_urls(hall, user) -> list[tuple[str, str]]:
    from django.urls import reverse
    from django.utils import timezone

    from hallkeeper.places.models import Zone
    from hallkeeper.rectification.models import Notice

    today = timezone.localdate()
    zone = Zone.objects.filter(hall=hall).order_by("order", "code").first()
    history = reverse("zone_history", kwargs={"hall": hall.code, "pk": zone.pk})
    urls = [
        ("overview", reverse("hall_home", kwargs={"hall": hall.code})),
        (PAGES[1], f"{history}?date_from={today - timedelta(days=365):%Y-%m-%d}&date_to={today:%Y-%m-%d}"),
        ("inspection list", reverse("inspection_list", kwargs={"hall": hall.code})),
        ("notice list", reverse("notice_list", kwargs={"hall": hall.code})),
    ]
    notice = Notice.objects.filter(hall=hall).order_by("-pk").first()
    if notice is not None:
        urls.append(("notice page", reverse("notice_detail", kwargs={"hall": hall.code, "pk": notice.pk})))
    urls.append(("leaders' dashboard", reverse("leaders_dashboard", kwargs={"hall": hall.code})))
    return urls


def _screen_url(hall, admin) -> str:
    """The big screen's data endpoint, through a display link the hall's administrator issues."""
    from django.urls import reverse

    from hallkeeper.screen.services import display_link_issue

    _link, token = display_link_issue(user=admin, hall=hall, label="bench")
    return reverse("screen_data", kwargs={"token": token})


def measure_setting(
    *, halls: int, days: int, requests: int, warmup: int, log: Callable[[str], None] = print
) -> SettingResult:
    """Write one setting's data into the configured database and measure its pages against their floor."""
    from django.db import connection
    from django.test import override_settings
    from django.urls import reverse

    from bench.assessment import measure_assessment
    from bench.run import _database_server, measure
    from bench.speed import bare_sql_ms

    started = time.perf_counter()
    result = SettingResult(setting_label(connection.vendor, halls, days), _database_server(connection), halls, days)
    with (
        tempfile.TemporaryDirectory(prefix="hallkeeper-bench-media-") as media,
        override_settings(MEDIA_ROOT=media, DEBUG=False, ROOT_URLCONF="bench.urls"),
    ):
        generated, hall, leader, result.data = _generate_setting(halls, days, media, log)
        layout = measure(
            leader,
            reverse("bench_bare_layout", kwargs={"hall": hall.code}),
            requests=requests,
            warmup=warmup,
            page="bare layout",
            login="leader",
        )
        result.layout_ms = layout.p50
        pages = [(page, url, leader, "leader") for page, url in _page_urls(hall, leader)]
        pages.append(("big screen data", _screen_url(hall, generated.user("admin", hall)), leader, "display link"))
        if halls > 1:  # the superuser compares every hall (the page is for those who read more than one)
            pages.append(("halls compared", reverse("hall_comparison"), generated.superuser, "superuser"))
        for page, url, user, login in pages:
            m = measure(user, url, requests=requests, warmup=warmup, page=page, login=login)
            floor = 0.0 if page in WITHOUT_LAYOUT else layout.p50
            result.pages.append(PageRatio(page, url, m.p50, bare_sql_ms(m.queries), floor, m.queries_label))
        result.pages += measure_assessment(hall, requests=requests, warmup=warmup)
    result.seconds = round(time.perf_counter() - started, 1)
    return result


# -- running settings elsewhere ------------------------------------------------------------------------


def run_elsewhere(
    *, halls: int, days: int, requests: int, warmup: int, database_url: str | None, data_dir: Path
) -> SettingResult:
    """:func:`measure_setting` in a subprocess on its own database: ``database_url`` (PostgreSQL, emptied), or
    a fresh SQLite file in ``data_dir``."""
    env = os.environ.copy()
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env["BENCH_DATA_DIR"] = str(data_dir)
    env["PYTHONWARNINGS"] = "ignore::UserWarning"  # whitenoise's "no directory at STATIC_ROOT" in dev settings
    command = [
        sys.executable,
        "-m",
        "bench.ratios",
        "--json",
        "--allow-flush",
        f"--halls={halls}",
        f"--days={days}",
        f"--requests={requests}",
        f"--warmup={warmup}",
    ]
    from bench.run import REPO_DIR

    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        command, capture_output=True, text=True, timeout=7200, env=env, cwd=REPO_DIR, check=False
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("{"):
        label = "PostgreSQL" if database_url else "SQLite"
        return SettingResult(
            f"{label}, {halls} halls", "", halls, days, error=(done.stderr.strip() or done.stdout.strip())[-1500:]
        )
    result = SettingResult.from_json(lines[-1])
    result.log = done.stderr.strip().splitlines()
    return result


def comparison_table(results: Sequence[SettingResult]) -> tuple[list[str], bool]:
    """The side-by-side table of pages × settings: p50, bare SQL, bare layout, ratio and the verdict."""
    from bench.run import format_table

    lines, ok = [], True
    for i, r in enumerate(results, start=1):
        d = r.data
        data = (
            f": {d['halls']} × {d['zones']} zones; the measured hall {d['inspections']:,} inspections, "
            f"{d['items']:,} items, {d['findings']:,} findings, {d['notices']} notices"
            if d
            else ""
        )
        lines.append(f"  [{i}] {r.label} — {r.database or 'not run'}{data}")
        if r.error:
            lines.append(f"      FAILED TO RUN: {r.error.splitlines()[-1] if r.error else ''}")
            ok = False
    headers = ["page"]
    for i, _r in enumerate(results, start=1):
        headers += [f"[{i}] p50 ms", "SQL ms", "layout ms", "ratio", "≤ 3×"]
    rows = []
    for page in (*PAGES, *COMPUTATIONS):
        row = [page]
        for r in results:
            found = next((p for p in r.pages if p.page == page), None)
            if found is None:
                row += ["-", "-", "-", "-", "-"]
                continue
            ok &= found.ok
            row += [
                f"{found.p50_ms:.1f}",
                f"{found.sql_ms:.1f}",
                f"{found.layout_ms:.1f}",
                f"{found.ratio:.1f}×",
                "pass" if found.ok else "FAIL",
            ]
        rows.append(row)
    right = {i for i in range(1, len(headers)) if headers[i] != "≤ 3×"}
    lines.append(format_table(headers, rows, right=right))
    return lines, ok


def bench_ratios(
    *,
    days: int,
    requests: int,
    warmup: int,
    pg_url: str | None,
    log: Callable[[str], None] = print,
    sqlite_elsewhere_dir: Path | None = None,
) -> tuple[bool, bool]:
    """Both settings, the one of this process's database here and the other in a subprocess; the table.
    Whether every page is within the target, and whether the assessment ran as many queries in both."""
    from django.db import connection

    from bench.assessment import query_counts_agree
    from bench.run import BENCH_DATA_DIR, empty_database

    here = connection.vendor
    results: list[SettingResult] = []
    log(
        f"\nPages against their floor (bare SQL + bare layout), target ≤ {TARGET_RATIO:.0f}×; "
        f"{requests} requests after {warmup} warm-up, as the hall's leadership user"
    )
    # 1. SQLite, one hall
    if here == "sqlite":
        empty_database()
        results.append(measure_setting(halls=SQLITE_HALLS, days=days, requests=requests, warmup=warmup, log=log))
    else:
        log("  SQLite, 1 hall: in a subprocess on its own file")
        results.append(
            run_elsewhere(
                halls=SQLITE_HALLS,
                days=days,
                requests=requests,
                warmup=warmup,
                database_url=None,
                data_dir=sqlite_elsewhere_dir or BENCH_DATA_DIR / "ratios",
            )
        )
    # 2. PostgreSQL, 100 halls
    if here == "postgresql":
        empty_database()
        results.append(measure_setting(halls=PG_HALLS, days=days, requests=requests, warmup=warmup, log=log))
    elif pg_url:
        log(f"  PostgreSQL, {PG_HALLS} halls: in a subprocess on the --pg database (emptied first)")
        results.append(
            run_elsewhere(
                halls=PG_HALLS,
                days=days,
                requests=requests,
                warmup=warmup,
                database_url=pg_url,
                data_dir=BENCH_DATA_DIR / "ratios",
            )
        )
    else:
        log(f"  PostgreSQL, {PG_HALLS} halls: skipped (give --pg URL or a PostgreSQL DATABASE_URL)")
    for r in results:
        for line in r.log:
            log(f"  {line.strip()}")
    lines, ok = comparison_table(results)
    counts, same = query_counts_agree(results)
    for line in (*lines, *counts):
        log(line)
    return ok, same


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ratios", description=__doc__.splitlines()[0])
    parser.add_argument("--halls", type=int, default=SQLITE_HALLS)
    parser.add_argument("--days", type=int, default=250, help="working days of daily patrols (default %(default)s)")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line at the end")
    parser.add_argument("--allow-flush", action="store_true", help="with DATABASE_URL: empty it even if it holds data")
    args = parser.parse_args(argv)
    from bench.run import BenchError, configure, empty_database

    log = (lambda message="": print(message, file=sys.stderr, flush=True)) if args.json else print
    try:
        configure(allow_flush=args.allow_flush)
        empty_database()
        result = measure_setting(halls=args.halls, days=args.days, requests=args.requests, warmup=args.warmup, log=log)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(result.to_json())
    else:
        for line in comparison_table([result])[0]:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
