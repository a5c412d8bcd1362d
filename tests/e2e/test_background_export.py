"""A large export in the browser: the direct download is refused with the background offer, the progress page
shows the finished file, and the download opens in Excel (openpyxl)."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from hallkeeper.places.choices import PositionKind

from ..factories import PASSWORD, PositionFactory
from ..inspection_data import submitted
from ..standards_data import install_tiny_handbook
from .helpers import login, read_xlsx, url

pytestmark = pytest.mark.e2e


def test_an_export_over_the_limit_is_prepared_in_the_background(page, live_server, alpha, settings):
    install_tiny_handbook(alpha.hall)
    for zone, window in zip(alpha.zones, alpha.windows, strict=True):
        PositionFactory(hall=alpha.hall, zone=zone, window=window, kind=PositionKind.DRAWER, code=f"DR-{zone.code}")
    first = submitted(alpha, fails={"seal-locked": 1})
    submitted(alpha, zone_index=1)
    settings.HALLKEEPER_EXPORT_DIRECT_MAX_ROWS = 2
    login(page, live_server, "alpha-admin", PASSWORD)

    page.goto(url(live_server, f"/h/{alpha.hall.code}/inspections/?zone={alpha.zones[0].pk}"))
    with page.expect_navigation():
        page.get_by_test_id("export").click()
    expect(page.get_by_test_id("export-refused")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("export-background").click()

    status = page.get_by_test_id("export-status")
    expect(status).to_have_attribute("data-status", "done")
    with page.expect_download() as info:
        page.get_by_test_id("export-download").click()
    titles, rows = read_xlsx(info.value)
    with translation.override("zh-hans"):  # the file speaks the language of the page that asked for it
        assert titles == [translation.gettext("Inspections"), translation.gettext("Item results")]
    assert [row[-1] for row in rows[1:]] == [first.pk]  # the zone filter was kept
