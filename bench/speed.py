"""Speed figures beside the page timings: first-load bytes, the large export, pages against their bare SQL.

* :func:`first_load_bytes` — the JS and CSS a page links (``<link rel=stylesheet>``, ``<script src>``), each
  read from the static files and gzipped (level 9, as whitenoise compresses them in production);
* :func:`bench_export` — the unfiltered inspection export of a hall (a year of patrols: about 200,000 rows)
  written by the background task's code in a **subprocess** (``python -m bench.export``), which reports its
  time, its peak RSS and the growth over its RSS before the export (and, with ``--tracemalloc``, the peak of
  Python allocations); where another process cannot see the data (the test suite's in-memory database or
  its open transaction) it runs in this process instead;
* :func:`bare_sql_ms` — the SELECTs a page ran, executed again straight on the database cursor with every row
  fetched: the floor a page's time can reach.

Only the standard library is imported at module level: Django is configured first.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Targets (issue 12): first-load JS+CSS of the overview, and the 200,000-row export.
FIRST_LOAD_TARGET = 250 * 1024
EXPORT_SECONDS_TARGET = 15.0
EXPORT_MEMORY_TARGET_MB = 150.0

_ASSET = re.compile(r"""<(?:link[^>]*rel=["']stylesheet["'][^>]*href|script[^>]*src)=["']([^"']+)["']""")


@dataclass
class Asset:
    url: str
    raw: int
    gzipped: int


def page_assets(html: str) -> list[str]:
    """The stylesheet and script URLs a page links, in order, each once."""
    seen: list[str] = []
    for url in _ASSET.findall(html):
        if url not in seen:
            seen.append(url)
    return seen


def first_load_bytes(html: str) -> list[Asset]:
    """Raw and gzipped size of every local JS and CSS file ``html`` links (found through the staticfiles finders)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    assets = []
    for url in page_assets(html):
        if not url.startswith(settings.STATIC_URL):
            continue
        path = finders.find(url[len(settings.STATIC_URL) :].split("?", 1)[0])
        if not path:
            continue
        data = Path(path).read_bytes()
        assets.append(Asset(url, len(data), len(gzip.compress(data, compresslevel=9))))
    return assets


def bare_sql_ms(queries: Sequence[str], *, repeat: int = 5) -> float:
    """Median time (ms) of running the SELECTs of ``queries`` again on the cursor, fetching every row."""
    from django.db import connection

    selects = [q for q in queries if q.lstrip().upper().startswith(("SELECT", "WITH"))]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in selects:
                cursor.execute(sql)
                cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2]


# -- the large export ----------------------------------------------------------------


def run_export(hall_id: int, user_id: int, *, trace: bool = False) -> dict:
    """Write the unfiltered inspection export of the hall as the user, as the background task does, to a
    temporary file; its rows, seconds and memory (RSS from /proc where there is one)."""
    import tempfile
    import tracemalloc

    from django.contrib.auth import get_user_model
    from django.http import QueryDict

    from hallkeeper.core.exports import write_workbook
    from hallkeeper.halls.models import Hall
    from hallkeeper.inspections.exports import inspection_export

    hall = Hall.objects.get(pk=hall_id)
    user = get_user_model().objects.get(pk=user_id)
    rss_before = _rss_mb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        plan = inspection_export(user, hall, QueryDict(""))
        rows = write_workbook(plan.sheets, handle)
        size = handle.tell()
    seconds = time.perf_counter() - started
    result = {
        "rows": rows,
        "seconds": seconds,
        "bytes": size,
        "rss_before_mb": rss_before,
        "peak_rss_mb": max(_peak_rss_mb(), _rss_mb()),
    }
    if trace:
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return result


def _proc_status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _rss_mb() -> float:
    rss = _proc_status_mb("VmRSS")
    return rss if rss is not None else _peak_rss_mb()


def _peak_rss_mb() -> float:
    """The process's own peak RSS: Linux's VmHWM (``ru_maxrss`` keeps the RSS of the parent it was forked from
    across ``exec``, so in a subprocess of the benchmark it would report the parent's size)."""
    import resource

    hwm = _proc_status_mb("VmHWM")
    if hwm is not None:
        return hwm
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _in_memory_database() -> bool:
    from django.db import connection

    name = str(connection.settings_dict.get("NAME") or "")
    return connection.vendor == "sqlite" and (name in ("", ":memory:") or "mode=memory" in name)


def measure_export(hall, user, *, trace: bool = False) -> dict:
    """:func:`run_export` in a subprocess (the same environment and database), or here on an in-memory database."""
    from django.db import connection

    if _in_memory_database() or connection.in_atomic_block:
        # another process would not see this data (an in-memory database, or a transaction not committed: tests)
        return {**run_export(hall.pk, user.pk, trace=trace), "where": "in process (data only this process sees)"}

    if connection.vendor == "sqlite":
        # The generator's writes are still in the write-ahead log; fold them into the database first, as a
        # running site's checkpoints do, so the export reads a settled database.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    command = [sys.executable, "-m", "bench.export", "--hall", str(hall.pk), "--user", str(user.pk)]
    if trace:
        command.append("--tracemalloc")
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        command, capture_output=True, text=True, timeout=900, env=os.environ.copy(), check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.export failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "where": "subprocess"}


def bench_export(hall, user, *, log: Callable[[str], None] = print) -> bool:
    """Print the export's figures; whether it met the targets."""
    result = measure_export(hall, user)
    growth = max(0.0, result["peak_rss_mb"] - result["rss_before_mb"])
    ok = result["seconds"] < EXPORT_SECONDS_TARGET and growth < EXPORT_MEMORY_TARGET_MB
    log(
        f"\nInspection export of {hall.code}, unfiltered ({result['where']}; the background task's code, "
        "the streaming writer fed by values().iterator())"
    )
    log(
        f"  {result['rows']:,} rows, {result['bytes'] / 1024 / 1024:.1f} MiB file in {result['seconds']:.1f} s "
        f"(target < {EXPORT_SECONDS_TARGET:.0f} s); peak RSS {result['peak_rss_mb']:.0f} MiB, "
        f"{growth:.0f} MiB over the {result['rss_before_mb']:.0f} MiB before it "
        f"(target < {EXPORT_MEMORY_TARGET_MB:.0f})" + ("" if ok else "  OVER TARGET")
    )
    return ok


def bench_first_load(client, url: str, *, log: Callable[[str], None] = print) -> bool:
    """Print the JS and CSS the page at ``url`` loads; whether the gzipped total is under the target."""
    response = client.get(url)
    assets = first_load_bytes(response.content.decode())
    total = sum(a.gzipped for a in assets)
    log(f"\nFirst load of {url}: JS and CSS, gzipped level 9 (fonts and images not counted)")
    for a in assets:
        log(f"  {a.url:<50} {a.raw / 1024:8.1f} KiB  {a.gzipped / 1024:7.1f} KiB gzipped")
    ok = total < FIRST_LOAD_TARGET
    log(
        f"  total {sum(a.raw for a in assets) / 1024:.1f} KiB, {total / 1024:.1f} KiB gzipped "
        f"(target < {FIRST_LOAD_TARGET // 1024} KiB)" + ("" if ok else "  OVER TARGET")
    )
    return ok
