"""Small helpers shared by the browser tests (plain functions, importable from any e2e module)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

_LOGIN_RE = re.compile(r"/accounts/login/")
_SHOWN = re.compile(r"\bshow\b")  # Bootstrap's collapse is "collapsing" while it slides, "collapse show" once open
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"  # gitignored


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def login(page: Page, live_server, username: str, password: str, *, expect_success: bool = True) -> None:
    """Log in through the real login form; on success wait until we have left the login page."""
    page.goto(url(live_server, "/accounts/login/"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if expect_success:
        expect(page).not_to_have_url(_LOGIN_RE)
        expect(page.get_by_test_id("user-menu")).to_be_attached()  # hidden in the collapsed navbar on phones


def open_user_menu(page: Page) -> None:
    """Open the user dropdown (on a narrow screen, unfold the collapsed navbar first)."""
    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        expect(page.locator("#mainnav")).to_have_class(_SHOWN)  # unfolded before the menu inside it is used
    menu = page.get_by_test_id("user-menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")


def logout(page: Page) -> None:
    open_user_menu(page)
    with page.expect_navigation():
        page.get_by_test_id("logout").click()
    expect(page).to_have_url(_LOGIN_RE)


def table_rows(page: Page, testid: str):
    return page.locator(f"[data-testid={testid}] tbody tr")


def first_cells(page: Page, testid: str) -> list[str]:
    """The text of the first cell of every body row of a table (e.g. the zone codes)."""
    return [t.strip() for t in table_rows(page, testid).locator("td:first-child").all_inner_texts()]


def read_xlsx(download) -> tuple[list[str], list[list]]:
    """A finished Playwright download opened with openpyxl: (sheet titles, rows of the first sheet)."""
    from io import BytesIO

    from openpyxl import load_workbook

    assert download.failure() is None, download.failure()
    content = Path(download.path()).read_bytes()
    assert content[:2] == b"PK", "not an .xlsx (zip) file"
    workbook = load_workbook(BytesIO(content), read_only=True)
    try:
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
        return workbook.sheetnames, rows
    finally:
        workbook.close()


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot of every page of the context into test-results/ (best effort)."""
    try:
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", name)[-150:]
        for i, p in enumerate(page.context.pages):
            p.screenshot(path=str(RESULTS_DIR / f"{name}{'-' + str(i) if i else ''}.png"), full_page=True)
    except Exception:  # noqa: BLE001 — a screenshot must never hide the real failure
        pass
