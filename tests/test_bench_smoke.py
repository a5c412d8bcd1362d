"""Smoke test of ``python -m bench``: generator ratios, one measured page, the inspections bench. Nothing is timed."""

from bench.generate import HALL_LOGINS, count_rows, expected_rows, generate
from bench.handbook import install_handbook
from bench.inspections import bench_inspections, generate_history
from bench.run import growing_queries, measure, normalize_sql, percentile
from django.urls import reverse

from hallkeeper.inspections import scoring
from hallkeeper.inspections.choices import InspectionStatus
from hallkeeper.inspections.models import Finding, Inspection, ItemPhoto
from hallkeeper.places.models import Window, Zone


def test_generator_writes_the_expected_rows_and_ratios(db):
    generated = generate(halls=2, zones=3, prefix="smoke")

    rows = count_rows()
    expected = expected_rows(2, 3)
    assert {name: rows[name] for name in expected} == expected
    # The ratios spelled out, per hall: 30 units, 2 floors, 13 areas, 3 windows per zone with
    # 2 staff, 6 positions per window + 4 per zone, a lead per zone, 12 group members.
    assert (rows["halls"], rows["units"], rows["floors"], rows["areas"]) == (2, 60, 4, 26)
    assert (rows["zones"], rows["windows"], rows["window staff"]) == (6, 18, 36)
    assert rows["positions"] == 2 * (9 * 6 + 3 * 4)
    assert rows["people"] == 2 * (3 + 9 * 2 + 12)
    assert (rows["work groups"], rows["memberships"]) == (6, 2 * (8 + 4 + 4))
    assert (rows["users"], rows["role assignments"]) == (1 + 2 * 5, 2 * 5)
    assert rows["zone units"] == 18 and rows["zone areas"] >= 6

    assert [h.code for h in generated.halls] == ["smoke001", "smoke002"]
    assert generated.seconds > 0
    for hall in generated.halls:
        assert set(generated.logins[hall.code]) == set(HALL_LOGINS)
    first = generated.halls[0]
    assert Zone.objects.visible_to(generated.superuser).count() == 6
    assert Zone.objects.visible_to(generated.user("admin", first)).count() == 3
    assert list(Zone.objects.visible_to(generated.user("zone_lead", first)).values_list("code", flat=True)) == ["Z01"]
    assert Window.objects.visible_to(generated.user("window_staff", first)).count() == 1


def test_measure_returns_a_200_with_its_queries(db):
    generated = generate(halls=2, zones=3, prefix="smoke")
    url = reverse("zone_list", kwargs={"hall": generated.halls[0].code})

    m = measure(generated.user("admin"), url, requests=1, warmup=0, page="zone_list", login="admin")

    assert m.status == 200
    assert m.query_count > 0
    assert len(m.queries) == m.query_count
    assert len(m.times_ms) == 1 and m.p50 == m.p95 == m.times_ms[0]


def test_query_shapes_and_percentiles():
    assert normalize_sql("""SELECT "a" FROM "t" WHERE "id" IN (1, 2, 3) AND "name" = 'O''Brien'""") == (
        'SELECT "a" FROM "t" WHERE "id" IN (…) AND "name" = ?'
    )
    small = ['SELECT "a" FROM "t" WHERE "id" = 1', 'SELECT "b" FROM "u" LIMIT 21']
    large = [*small, 'SELECT "a" FROM "t" WHERE "id" = 2']
    assert growing_queries(small, large) == [(1, 2, 'SELECT "a" FROM "t" WHERE "id" = ?')]
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile(list(range(101)), 95) == 95


def test_inspections_bench_captures_submits_and_checks_the_history_page(db):
    lines = []

    ok = bench_inspections(runs=1, days=3, small_days=1, requests=1, warmup=0, log=lines.append)

    text = "\n".join(lines)
    assert ok, text
    assert "zone_history  90 days  leader" in text and "zone_history  1 year   zone_lead" in text
    assert text.count("  same") == 4 and "DIFFERENT" not in text
    assert "submit by POST inspection_submit" in text
    submitted = Inspection.objects.filter(status=InspectionStatus.SUBMITTED)
    assert submitted.count() == 17 * (3 + 1) + 1  # the two histories and the one capture
    captured = submitted.get(note="基准测试")
    assert (captured.item_count, captured.failed_count) == (40, 2)
    assert ItemPhoto.objects.filter(item__inspection=captured).count() == 3


def test_generated_history_scores_are_those_of_its_items(db, tmp_path):
    generated = generate(halls=1, zones=2, prefix="hist")
    hall = generated.halls[0]
    install_handbook(hall)

    data = generate_history(hall, generated.user("leader", hall), days=4, media_root=str(tmp_path))

    assert (data.inspections, data.days) == (8, 4)
    assert Finding.objects.filter(hall=hall).count() == data.findings
    for inspection in Inspection.objects.filter(hall=hall).prefetch_related("items__rule"):
        items = list(inspection.items.all())
        result = scoring.compute_score(
            [
                scoring.ItemInput(
                    i.result, i.occurrences, i.rule.deduction, i.rule.cap, i.rule.severity, points=i.rule.points
                )
                for i in items
            ],
            kind=inspection.kind,
        )
        assert (inspection.score, inspection.failed_count, inspection.item_count) == (
            result.score,
            result.failed,
            len(items),
        )
        assert inspection.findings.count() == result.failed


def test_ratio_step_measures_each_page_against_bare_sql_and_the_bare_layout(db):
    from bench.ratios import COMPUTATIONS, PAGES, TARGET_RATIO, WITHOUT_LAYOUT, comparison_table, measure_setting

    result = measure_setting(halls=2, days=3, requests=1, warmup=0, log=lambda _m="": None)

    assert result.label.endswith(", hall 1 of 2, 3 days") and not result.error
    assert result.data["notices"] > 0 and result.layout_ms > 0
    assert [p.page for p in result.pages] == [*PAGES, *COMPUTATIONS]
    for page in result.pages:
        layout = 0 if page.page in (*COMPUTATIONS, *WITHOUT_LAYOUT) else result.layout_ms  # not a page
        assert page.p50_ms > 0 and page.sql_ms > 0 and page.layout_ms == layout
        assert page.ratio == page.p50_ms / (page.sql_ms + page.layout_ms)
        assert page.ok == (page.ratio <= TARGET_RATIO)
    month, year = result.pages[-2:]
    assert "assessed" in month.url and int(year.queries.split("–")[0]) > int(month.queries.split("–")[-1])
    lines, ok = comparison_table([result])
    table = "\n".join(lines)
    assert ok == result.ok
    assert "ratio" in table and "≤ 3×" in table and "notice page" in table and COMPUTATIONS[0] in table
    assert table.count("pass") + table.count("FAIL") == len(PAGES) + len(COMPUTATIONS)


def test_the_assessment_must_run_as_many_queries_in_every_setting():
    from bench.assessment import MONTH, query_counts_agree
    from bench.ratios import PageRatio, SettingResult

    def setting(label, queries):
        return SettingResult(label, "db", 1, 5, pages=[PageRatio(MONTH, "", 1.0, 1.0, 0.0, queries)])

    assert query_counts_agree([setting("SQLite", "12")]) == ([], True)  # nothing to compare
    lines, same = query_counts_agree([setting("SQLite", "12"), setting("PostgreSQL", "12")])
    assert same and "SQLite 12, PostgreSQL 12 — the same" in lines[0]
    lines, same = query_counts_agree([setting("SQLite", "12"), setting("PostgreSQL", "14")])
    assert not same and "DIFFERENT" in lines[0]


def test_the_bare_layout_is_the_base_template_with_an_empty_body_for_a_hall_user(client, db, settings):
    settings.ROOT_URLCONF = "bench.urls"
    generated = generate(halls=2, zones=1, prefix="bare")
    first, second = generated.halls
    client.force_login(generated.user("zone_lead", first))

    page = client.get(reverse("bench_bare_layout", kwargs={"hall": first.code}))

    assert page.status_code == 200
    assert '<html lang="zh-hans"' in page.content.decode() or "<html" in page.content.decode()
    assert client.get(reverse("bench_bare_layout", kwargs={"hall": second.code})).status_code == 404
    client.logout()
    assert client.get(reverse("bench_bare_layout", kwargs={"hall": first.code})).status_code == 302
