"""Browser tests: one headless Chromium per session, a fresh context (cookies, storage) per test.

Playwright's sync API runs an event loop in this thread; Django refuses DB access from a thread
with a running loop unless told otherwise, and the tests create their data here.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from ..factories import make_hall  # noqa: E402
from .helpers import login, logout, open_user_menu, screenshot, url  # noqa: E402,F401 — re-exported

CHROMIUM = os.environ.get("HALLKEEPER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000  # generous: CI machines can be busy

expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _open(browser, **context_options):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context.new_page()


def _close(page, request) -> None:
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        screenshot(page, request.node.nodeid)
    page.context.close()


def _new_page(browser, request, **context_options):
    page = _open(browser, **context_options)
    yield page
    _close(page, request)


@pytest.fixture
def page(browser, live_server, request):
    """A desktop page in a fresh context (zh-CN, Asia/Shanghai)."""
    yield from _new_page(browser, request, viewport={"width": 1366, "height": 900})


@pytest.fixture
def phone_page(browser, live_server, request):
    """A phone-sized page (390×844, touch) in a fresh context."""
    yield from _new_page(browser, request, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


@pytest.fixture
def new_page(browser, live_server, request):
    """A factory of desktop pages, each in its own fresh context (for several users in one test)."""
    pages = []

    def make(**context_options):
        context_options.setdefault("viewport", {"width": 1366, "height": 900})
        pages.append(_open(browser, **context_options))
        return pages[-1]

    yield make
    for page in pages:
        _close(page, request)


@pytest.fixture
def alpha(transactional_db, live_server):
    """The factory hall ``alpha`` (two zones, a login for every role), in the live server's DB."""
    return make_hall("alpha")


@pytest.fixture
def beta(transactional_db, live_server):
    """A second hall, to prove nothing leaks between halls."""
    return make_hall("beta")
