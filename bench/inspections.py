"""Time capturing and submitting an inspection, and the zone-history page at a year of daily patrols.

``python -m bench`` runs this after the page scenarios (``--no-inspections`` skips it);
``python -m bench.inspections`` runs it alone. It writes two synthetic halls (``bench.generate``,
17 zones each) with the default handbook published, then:

1. **Capture and submit** a 40-item patrol, N times: start it (``services.inspection_start``),
   answer the 40 items one by one with 2–3 fails (``services.item_answer``, as the phone does),
   add 3 photos of 2000 × 1500 px to the failed items (``services.photo_add``: checked, re-encoded,
   thumbnailed), then submit it with a POST to the submit page (``inspection_submit``: the view
   and the service, scoring and findings). Prints the p50/p95 of the submit request alone and of
   the whole capture, and the submit's query count.
2. **Zone history** (``zone_history``) at one year of daily patrols: every zone of one hall patrolled
   every working day for 250 days (4,250 submitted inspections with their check items, findings
   and some photos), written with ``bulk_create`` — not through the services, for speed; scores
   still come from ``scoring.compute_score`` — and the same page of the other hall with 5 days of
   patrols. Prints p50/p95 and query counts of the page (the default 90 days and the whole year)
   and checks that the query count is the same for both halls (ratio 1.0).

Only the standard library is imported at module level: Django is configured first.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime

DEFAULT_RUNS, QUICK_RUNS = 10, 3
CAPTURE_ITEMS = 40
CAPTURE_PHOTOS = 3
HISTORY_DAYS, QUICK_HISTORY_DAYS, SMALL_HISTORY_DAYS = 250, 25, 5  # working days of daily patrols
HISTORY_ZONES = 17
HISTORY_LOGINS = ("leader", "zone_lead")
PHOTO_SHARE = 3  # one finding in three has a photo
SEED = 36112


@dataclass
class CaptureTiming:
    items: int
    fails: list[int] = field(default_factory=list)
    start_ms: list[float] = field(default_factory=list)
    answer_ms: list[float] = field(default_factory=list)
    photo_ms: list[float] = field(default_factory=list)
    submit_ms: list[float] = field(default_factory=list)
    total_ms: list[float] = field(default_factory=list)
    submit_queries: list[int] = field(default_factory=list)
    submit_via: str = ""


@dataclass
class HistoryData:
    hall: object
    days: int
    inspections: int
    items: int
    findings: int
    photos: int
    seconds: float


# -- capture ------------------------------------------------------------------------


def _checklist_keys(version, zone, count: int) -> tuple[str, list[str]]:
    """The kind and the first ``count`` rule keys a check of ``zone`` would have (a patrol if it has enough)."""
    from hallkeeper.inspections.checklists import checklist_rules, target_of
    from hallkeeper.inspections.choices import InspectionKind

    target = target_of(zone)
    for kind in (InspectionKind.PATROL, InspectionKind.ACCEPTANCE):
        rules = checklist_rules(version, target, kind)
        if len(rules) >= count:
            return kind, [r.key for r in rules[:count]]
    return kind, [r.key for r in rules]


def bench_capture(hall, user, *, runs: int) -> CaptureTiming:
    """Capture and submit ``runs`` inspections of ``CAPTURE_ITEMS`` items with 2–3 fails and 3 photos each."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from bench.handbook import photo
    from bench.run import BenchError
    from hallkeeper.inspections import services
    from hallkeeper.inspections.choices import InspectionStatus, ItemResult
    from hallkeeper.places.models import Zone
    from hallkeeper.standards.models import HandbookVersion

    zones = list(Zone.objects.filter(hall=hall).order_by("order", "code"))
    version = HandbookVersion.objects.get(handbook__hall=hall, status="published")
    kind, keys = _checklist_keys(version, zones[0], CAPTURE_ITEMS)
    pictures = [photo(i) for i in range(CAPTURE_PHOTOS)]
    client = Client()
    client.force_login(user)
    timing = CaptureTiming(items=len(keys))
    for run in range(runs):
        zone = zones[run % len(zones)]
        fails = 2 + run % 2
        started = time.perf_counter()
        inspection = services.inspection_start(user=user, zone=zone, kind=kind, rule_keys=keys)
        after_start = time.perf_counter()
        items = list(inspection.items.order_by("order"))
        failed = items[:: max(1, len(items) // fails)][:fails]
        for item in items:
            if item in failed:
                services.item_answer(
                    user=user, item=item, result=ItemResult.FAIL, occurrences=1 + run % 2, note="台面有杂物"
                )
            else:
                services.item_answer(user=user, item=item, result=ItemResult.PASS)
        after_answers = time.perf_counter()
        for i, data in enumerate(pictures):
            upload = SimpleUploadedFile(f"IMG_{run}_{i}.jpg", data, content_type="image/jpeg")
            services.photo_add(user=user, item=failed[i % len(failed)], file=upload)
        after_photos = time.perf_counter()
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            submit_started = time.perf_counter()
            try:
                url = reverse("inspection_submit", kwargs={"hall": hall.code, "pk": inspection.pk})
            except NoReverseMatch:
                url = ""
            if url:
                response = client.post(url, {"note": "基准测试"})
                if response.status_code != 302:
                    raise BenchError(f"POST {url}: status {response.status_code}, expected a redirect")
                timing.submit_via = "POST inspection_submit (view + service)"
            else:
                services.inspection_submit(user=user, inspection=inspection)
                timing.submit_via = "services.inspection_submit (no submit page)"
            finished = time.perf_counter()
        inspection.refresh_from_db()
        if inspection.status != InspectionStatus.SUBMITTED or inspection.failed_count != fails:
            raise BenchError(f"inspection {inspection.pk} was not submitted with {fails} failed items")
        timing.fails.append(fails)
        timing.start_ms.append((after_start - started) * 1000)
        timing.answer_ms.append((after_answers - after_start) * 1000)
        timing.photo_ms.append((after_photos - after_answers) * 1000)
        timing.submit_ms.append((finished - submit_started) * 1000)
        timing.total_ms.append((finished - started) * 1000)
        timing.submit_queries.append(len(captured.captured_queries))
    return timing


# -- a year of patrols ---------------------------------------------------------------


def _working_days(count: int, today: date) -> list[date]:
    days, day = [], today - timedelta(days=1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def generate_history(hall, user, *, days: int, media_root: str, seed: int = SEED) -> HistoryData:
    """Every zone of ``hall`` patrolled every working day for ``days`` days, written with ``bulk_create``.

    Each patrol has the zone's patrol checklist, 0–3 failed items (a finding each, one in three with a
    photo row pointing at one shared picture file) and the score ``scoring.compute_score`` gives.
    """
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from django.db import transaction
    from django.utils import timezone

    from bench.handbook import photo
    from hallkeeper.inspections import scoring
    from hallkeeper.inspections.checklists import checklist_rules, target_of
    from hallkeeper.inspections.choices import InspectionKind, InspectionStatus, ItemResult
    from hallkeeper.inspections.models import CheckItem, Finding, Inspection, ItemPhoto
    from hallkeeper.places.models import Position, Zone
    from hallkeeper.standards.models import HandbookVersion

    started = time.perf_counter()
    rng = random.Random(seed)
    version = HandbookVersion.objects.get(handbook__hall=hall, status="published")
    zones = list(Zone.objects.filter(hall=hall).order_by("order", "code"))
    checklists = {z.pk: checklist_rules(version, target_of(z), InspectionKind.PATROL) for z in zones}
    desks = {z.pk: list(Position.objects.filter(zone=z, kind="desk")) for z in zones}
    storage = FileSystemStorage(location=media_root)
    small = photo(0, size=(640, 480))
    image_name = storage.save(f"inspections/{hall.pk}/bench.jpg", ContentFile(small))
    bands = scoring.DEFAULT_BANDS
    today = timezone.localdate()

    with transaction.atomic():
        plans = []  # (inspection, [(rule, result, occurrences)])
        shares = {}  # id(inspection): each item's share of the 100-point sheet
        for day in _working_days(days, today):
            for i, zone in enumerate(zones):
                rules = checklists[zone.pk]
                fails = {
                    r.pk: rng.choice((1, 1, 2))
                    for r in rng.sample(rules, min(len(rules), rng.choice((0, 0, 1, 1, 2, 3))))
                }
                answers = [(r, ItemResult.FAIL if r.pk in fails else ItemResult.PASS, fails.get(r.pk)) for r in rules]
                result = scoring.compute_score(
                    (
                        scoring.ItemInput(res, occ, r.deduction, r.cap, r.severity, points=r.points)
                        for r, res, occ in answers
                    ),
                    kind=InspectionKind.PATROL,
                    bands=bands,
                )
                at = timezone.make_aware(datetime.combine(day, dtime(9 + i % 8, (i * 7) % 60)))
                inspection = Inspection(
                    hall=hall,
                    kind=InspectionKind.PATROL,
                    status=InspectionStatus.SUBMITTED,
                    zone=zone,
                    version=version,
                    inspector=user,
                    started_at=at - timedelta(minutes=15),
                    submitted_at=at,
                    deduction_total=result.deduction_total,
                    score=result.score,
                    grade=result.grade,
                    passed=result.passed,
                    veto_failed=result.veto_failed,
                    item_count=len(rules),
                    failed_count=result.failed,
                    na_count=result.not_applicable,
                )
                plans.append((inspection, answers))
                shares[id(inspection)] = result.item_deductions
        Inspection.objects.bulk_create([p[0] for p in plans], batch_size=1000)
        items, failed = [], []
        for inspection, answers in plans:
            for order, ((rule, res, occ), share) in enumerate(zip(answers, shares[id(inspection)], strict=True), 1):
                item = CheckItem(
                    inspection=inspection,
                    rule=rule,
                    order=order,
                    result=res,
                    occurrences=occ,
                    deduction=scoring.item_loss(rule.points, rule.deduction, occ, rule.cap) if occ else None,
                    note="桌面物品超出定位线" if occ else "",
                    answered_at=inspection.submitted_at,
                )
                if occ:
                    item.share = share
                    desk = desks[inspection.zone_id]
                    item.position = rng.choice(desk) if desk and rule.position_kinds else None
                    item.window_id = item.position.window_id if item.position else None
                    failed.append(item)
                items.append(item)
        CheckItem.objects.bulk_create(items, batch_size=2000)
        findings = [
            Finding(
                hall=hall,
                inspection=item.inspection,
                item=item,
                rule=item.rule,
                rule_key=item.rule.key,
                severity=item.rule.severity,
                zone_id=item.inspection.zone_id,
                window_id=item.window_id,
                position=item.position,
                occurrences=item.occurrences,
                deduction=item.share,
                note=item.note,
                found_at=item.inspection.submitted_at,
            )
            for item in failed
        ]
        Finding.objects.bulk_create(findings, batch_size=2000)
        photos = [
            ItemPhoto(
                item=item, image=image_name, thumbnail=image_name, width=640, height=480, sha256=f"{item.pk:064x}"
            )
            for n, item in enumerate(failed)
            if n % PHOTO_SHARE == 0
        ]
        ItemPhoto.objects.bulk_create(photos, batch_size=2000)
    return HistoryData(
        hall=hall,
        days=days,
        inspections=len(plans),
        items=len(items),
        findings=len(findings),
        photos=len(photos),
        seconds=time.perf_counter() - started,
    )


# -- running -----------------------------------------------------------------------


def _p(values: Sequence[float], q: float) -> float:
    from bench.run import percentile

    return percentile(values, q)


def _history_urls(hall, zone, today: date) -> list[tuple[str, str]]:
    from django.urls import reverse

    url = reverse("zone_history", kwargs={"hall": hall.code, "pk": zone.pk})
    year = f"{url}?date_from={today - timedelta(days=365):%Y-%m-%d}&date_to={today:%Y-%m-%d}"
    return [("90 days", url), ("1 year", year)]


def bench_inspections(
    *,
    runs: int = DEFAULT_RUNS,
    days: int = HISTORY_DAYS,
    small_days: int = SMALL_HISTORY_DAYS,
    requests: int = 30,
    warmup: int = 3,
    prefix: str = "insp",
    export: bool = True,
    log: Callable[[str], None] = print,
) -> bool:
    """Run both parts; print the figures; return False if the history page's query count grows with the data.

    Needs Django set up and migrated (``bench.run.configure``). Writes two halls to the database and
    the photos to a temporary MEDIA_ROOT. Also prints the pages of the large hall against their bare SQL, the
    overview's first-load bytes (``False`` if over the target) and, with ``export``, the hall's whole
    inspection export (``bench.speed``).
    """
    from django.test import override_settings
    from django.utils import timezone

    from bench.generate import generate
    from bench.handbook import install_handbook
    from bench.run import format_table, growing_queries, measure
    from hallkeeper.places.models import Zone

    ok = True
    with (
        tempfile.TemporaryDirectory(prefix="hallkeeper-bench-media-") as media,
        override_settings(MEDIA_ROOT=media, DEBUG=False),
    ):
        started = time.perf_counter()
        generated = generate(halls=2, zones=HISTORY_ZONES, prefix=f"{prefix}{int(time.time()) % 100000}")
        small_hall, large_hall = generated.halls
        for hall in generated.halls:
            install_handbook(hall)
        setup_s = time.perf_counter() - started
        today = timezone.localdate()

        # 2. the zone history, before the capture adds inspections to the small hall
        small = generate_history(small_hall, generated.user("leader", small_hall), days=small_days, media_root=media)
        large = generate_history(large_hall, generated.user("leader", large_hall), days=days, media_root=media)
        log(
            f"\nZone history at {large.days} working days of daily patrols × {HISTORY_ZONES} zones "
            f"(two synthetic halls with the default handbook, set up in {setup_s:.1f} s; inspections written "
            "with bulk_create, not through the services, scores from scoring.compute_score)"
        )
        for data in (large, small):
            log(
                f"  {data.hall.code}: {data.days:>3} days  {data.inspections:>6,} inspections  {data.items:>8,} items  "
                f"{data.findings:>6,} findings  {data.photos:>5,} photos  generated in {data.seconds:.1f} s"
            )
        rows, checks = [], []
        try:
            measurements = {}
            for label, data in (("large", large), ("small", small)):
                zone = Zone.objects.filter(hall=data.hall).order_by("order", "code").first()
                for period, url in _history_urls(data.hall, zone, today):
                    for login in HISTORY_LOGINS:
                        user = generated.user(login, data.hall)
                        m = measure(user, url, requests=requests, warmup=warmup, page="zone_history", login=login)
                        measurements[(label, period, login)] = m
            for (label, period, login), m in measurements.items():
                if label == "large":
                    rows.append(
                        (
                            "zone_history",
                            period,
                            login,
                            f"{m.p50:.1f}",
                            f"{m.p95:.1f}",
                            f"{m.cpu_p50:.1f}",
                            m.queries_label,
                        )
                    )
                    other = measurements[("small", period, login)]
                    ratio = m.query_count / other.query_count if other.query_count else float("inf")
                    same = m.query_count == other.query_count
                    ok &= same
                    verdict = "same" if same else f"DIFFERENT ({other.query_count} vs {m.query_count})"
                    checks.append((period, login, other.query_count, m.query_count, f"{ratio:.2f}", verdict))
                    if not same:
                        for a, b, shape in growing_queries(other.queries, m.queries):
                            checks.append(("", "", a, b, "", shape[:200]))
        except Exception as exc:  # noqa: BLE001 — the page is written elsewhere: report, keep the capture figures
            from django.urls import NoReverseMatch

            if not isinstance(exc, NoReverseMatch | ImportError | AttributeError):
                raise
            log(f"  skipped: the zone_history page is not available yet ({type(exc).__name__}: {exc})")
        if rows:
            log(f"  {requests} requests after {warmup} warm-up; test Client, no network; zone Z01 of {large.hall.code}")
            log(
                format_table(
                    ("page", "period", "user", "p50 ms", "p95 ms", "cpu p50 ms", "queries"), rows, right={3, 4, 5, 6}
                )
            )
            log(f"\nQuery-count check: zone_history at {small.days} vs {large.days} days of patrols (must be the same)")
            log(
                format_table(
                    ("period", "user", f"queries ({small.days} d)", f"queries ({large.days} d)", "ratio", "verdict"),
                    checks,
                    right={2, 3, 4},
                )
            )

        # 3. the pages of the year against their bare SQL, the first load, the year's export
        speed_ok = _bench_speed(generated, large, small, today, requests=requests, warmup=warmup, log=log)
        if export:
            from bench.speed import bench_export

            bench_export(large.hall, generated.user("leader", large.hall), log=log)
        ok &= speed_ok

        # 1. capture and submit
        user = generated.user("leader", small_hall)
        timing = bench_capture(small_hall, user, runs=runs)
        log(
            f"\nInspection capture ({timing.items}-item check, 2–3 fails, {CAPTURE_PHOTOS} photos of 2000 × 1500 px; "
            f"answers and photos through the services, submit by {timing.submit_via}; {runs} runs)"
        )
        capture_rows = [
            (
                "submit",
                f"{_p(timing.submit_ms, 50):.1f}",
                f"{_p(timing.submit_ms, 95):.1f}",
                _range(timing.submit_queries),
            ),
            ("whole capture", f"{_p(timing.total_ms, 50):.1f}", f"{_p(timing.total_ms, 95):.1f}", ""),
            ("  start", f"{_p(timing.start_ms, 50):.1f}", f"{_p(timing.start_ms, 95):.1f}", ""),
            (f"  {timing.items} answers", f"{_p(timing.answer_ms, 50):.1f}", f"{_p(timing.answer_ms, 95):.1f}", ""),
            (f"  {CAPTURE_PHOTOS} photos", f"{_p(timing.photo_ms, 50):.1f}", f"{_p(timing.photo_ms, 95):.1f}", ""),
        ]
        log(format_table(("step", "p50 ms", "p95 ms", "queries"), capture_rows, right={1, 2, 3}))
    return ok


def _bench_speed(generated, large, small, today, *, requests: int, warmup: int, log) -> bool:
    """The overview, the inspection list filtered by inspector and the zone history (a year) of the large hall:
    p50 against the bare SQL of the same queries; then the overview's first-load bytes."""
    from django.test import Client
    from django.urls import reverse

    from bench.run import format_table, measure
    from bench.speed import bare_sql_ms, bench_first_load
    from hallkeeper.places.models import Zone

    hall = large.hall
    user = generated.user("leader", hall)
    zone = Zone.objects.filter(hall=hall).order_by("order", "code").first()
    pages = [
        ("hall_home", reverse("hall_home", kwargs={"hall": hall.code})),
        ("inspection_list ?inspector", f"{reverse('inspection_list', kwargs={'hall': hall.code})}?inspector={user.pk}"),
        ("zone_history 1 year", _history_urls(hall, zone, today)[1][1]),
    ]
    rows = []
    for page, url in pages:
        m = measure(user, url, requests=requests, warmup=warmup, page=page, login="leader")
        sql = bare_sql_ms(m.queries)
        share = f"{100 * sql / m.p50:.0f} %" if m.p50 else "-"
        rows.append((page, f"{m.p50:.1f}", f"{sql:.1f}", share, m.queries_label))
    log(f"\nPages of {hall.code} ({large.days} days of patrols) against their bare SQL (the same SELECTs again)")
    log(format_table(("page", "p50 ms", "bare SQL ms", "SQL share", "queries"), rows, right={1, 2, 3, 4}))
    client = Client()
    client.force_login(user)
    return bench_first_load(client, pages[0][1], log=log)


def _range(values: Sequence[int]) -> str:
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inspections", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="captures timed (default %(default)s)")
    parser.add_argument("--days", type=int, default=HISTORY_DAYS, help="working days of patrols (default %(default)s)")
    parser.add_argument("--requests", type=int, default=30, help="timed requests of each page (default %(default)s)")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_RUNS} runs, {QUICK_HISTORY_DAYS} days, 5 requests"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.days, args.requests = QUICK_RUNS, QUICK_HISTORY_DAYS, 5
    if args.runs < 1 or args.days < 1 or args.requests < 1:
        parser.error("--runs, --days and --requests must be at least 1")
    from bench.run import BenchError, configure

    try:
        configure()
        ok = bench_inspections(runs=args.runs, days=args.days, requests=args.requests, warmup=1 if args.quick else 3)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
