"""The speed figures of ``python -m bench``: first-load bytes, the export measured as the task writes it, and
the bare SQL of a page. Nothing is timed against a threshold."""

from bench.generate import generate
from bench.handbook import install_handbook
from bench.inspections import generate_history
from bench.speed import bare_sql_ms, first_load_bytes, measure_export, page_assets
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hallkeeper.inspections.models import CheckItem, Inspection


def test_page_assets_are_the_linked_stylesheets_and_scripts_once_each():
    html = (
        '<link rel="icon" href="/static/x.svg"><link rel="stylesheet" href="/static/dist/bootstrap.min.css">'
        '<script src="/static/dist/htmx.min.js"></script><script nonce="n">inline()</script>'
        '<script src="/static/dist/htmx.min.js"></script><script src="https://elsewhere/x.js"></script>'
    )
    assert page_assets(html) == ["/static/dist/bootstrap.min.css", "/static/dist/htmx.min.js", "https://elsewhere/x.js"]
    sizes = first_load_bytes(html)
    assert [a.url for a in sizes] == ["/static/dist/bootstrap.min.css", "/static/dist/htmx.min.js"]
    assert all(0 < a.gzipped < a.raw for a in sizes)


def test_the_overview_loads_the_trimmed_bar_chart_build(client, db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    generated = generate(halls=1, zones=2, prefix="fl")
    hall = generated.halls[0]
    install_handbook(hall)
    generate_history(hall, generated.user("leader", hall), days=2, media_root=str(tmp_path))
    client.force_login(generated.user("leader", hall))

    html = client.get(f"/h/{hall.code}/").content.decode()

    urls = page_assets(html)
    assert "/static/dist/echarts-bar.min.js" in urls and "/static/dist/echarts.min.js" not in urls


def test_export_is_measured_with_every_row_and_sql_reruns(db, tmp_path):
    generated = generate(halls=1, zones=2, prefix="ex")
    hall = generated.halls[0]
    install_handbook(hall)
    user = generated.user("leader", hall)
    generate_history(hall, user, days=3, media_root=str(tmp_path))

    result = measure_export(hall, user)

    expected = Inspection.objects.filter(hall=hall).count() + CheckItem.objects.filter(inspection__hall=hall).count()
    assert result["rows"] == expected > 6 and result["bytes"] > 0
    assert result["peak_rss_mb"] > 0 and result["rss_before_mb"] > 0
    assert result["where"].startswith("in process")  # the test database is in memory
    with CaptureQueriesContext(connection) as captured:
        list(Inspection.objects.filter(hall=hall)[:5])
    assert bare_sql_ms([q["sql"] for q in captured.captured_queries], repeat=1) >= 0
