"""No script injection anywhere: a payload in every user text field, every page and every document.

One hall gets the data every page needs (through the services, as the permission matrix makes it), then
every free-text field of every row is overwritten with hostile text (``tests/injection_data.py``). As an
administrator and as a leader, the browser opens every page and hovers every chart; the test fails if the
payload ever runs (``window.__xss``), a dialog opens, the Content-Security-Policy reports a violation, or a
planted element survives in the DOM. Every PDF, Word, Excel and SVG file is fetched and checked: it builds,
shows the payload as literal text and embeds no picture a user named.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page

from hallkeeper.accounts.choices import Role

from .. import inspection_matrix as im
from ..factories import PASSWORD
from ..injection_data import FLAG, SECRET_SIZE, plant, secret_picture
from ..test_permissions import MATRIX
from .helpers import login, url

pytestmark = pytest.mark.e2e

#: Pages outside a hall.
GLOBAL_PAGES = ("home", "notification_list", "profile", "password_change")
#: Charts by their container id; each is hovered across its width.
CHARTS = ("glance-chart", "zone-chart", "trend-chart", "round-chart", "leaders-trend", "leaders-pareto")
#: The literal text every document must show (the start of every payload variant).
LITERAL = "<img src=x onerror="

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""
# After a page has run: did a payload run, does a planted element or handler survive in the DOM?
PROBE = f"""() => ({{
  ran: window.{FLAG} !== undefined,
  csp: window.__csp,
  handlers: Array.from(document.querySelectorAll("*")).filter((el) =>
    Array.from(el.attributes).some((a) => a.name.startsWith("on"))).map((el) => el.outerHTML.slice(0, 120)),
  scripts: Array.from(document.scripts)
    .filter((s) => s.type !== "application/json" && s.text.includes("{FLAG}")).length,
}})"""


def _more_data(h) -> None:
    """Steps whose texts only the services write: a rejection, a cancellation, an extension decided."""
    from hallkeeper.notifications.services import settings_for
    from hallkeeper.rectification import services as rectification

    from ..inspection_data import answers_for, notice_in_state

    lead, inspector = h.users["lead1"], h.users[Role.SUPERVISION]
    rejected = notice_in_state(h, "submitted")
    rejected = rectification.notice_reject(user=inspector, notice=rejected, reason="rejected")
    rectification.notice_submit(user=lead, notice=rejected, answers=answers_for(rejected, "again", "red"))
    notice_in_state(h, "cancelled")
    extension = im.pending_extension(h)
    rectification.extension_decide(user=inspector, extension=extension, grant=False, note="no")
    verified = notice_in_state(h, "verified")
    h.verified_notice = verified
    settings_for(h.hall)


@pytest.fixture
def hostile_hall(alpha, settings, tmp_path):
    """The matrix's hall with every page's data, then the payload in every text field."""
    from ..standards_data import install_tiny_handbook

    settings.MEDIA_ROOT = tmp_path / "media"
    version = install_tiny_handbook(alpha.hall)
    alpha.rule = version.rules.order_by("pk").first()
    alpha.layout = version.layouts.order_by("pk").first()
    paths = {}
    for name, (kwargs_for, expected) in MATRIX.items():
        if expected["admin"] == 200:
            paths[name] = reverse(name, kwargs={"hall": alpha.hall.code, **kwargs_for(alpha)})
    _more_data(alpha)
    for name in ("notice_detail", "notice_docx", "notice_pdf", "notice_closing_pdf"):
        paths[f"{name} (verified)"] = reverse(name, kwargs={"hall": alpha.hall.code, "pk": alpha.verified_notice.pk})
    paths.update({name: reverse(name) for name in GLOBAL_PAGES})
    picture = secret_picture(tmp_path)
    alpha.planted = plant(picture)
    alpha.paths = paths
    return alpha


def _check_page(page: Page, where: str) -> None:
    found = page.evaluate(PROBE)
    assert not found["ran"], f"a payload ran on {where}"
    assert not found["csp"], f"CSP violations on {where}: {found['csp'][:3]}"
    assert not found["handlers"], f"inline handlers in the DOM of {where}: {found['handlers'][:3]}"
    assert not found["scripts"], f"a planted <script> survived on {where}"


def _hover_charts(page: Page, where: str) -> set[str]:
    hovered = set()
    for chart_id in CHARTS:
        chart = page.locator(f"#{chart_id}")
        if not chart.count() or not chart.is_visible():
            continue
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        for step in range(1, 12):
            page.mouse.move(box["x"] + box["width"] * step / 12, box["y"] + box["height"] * 0.6)
            page.wait_for_timeout(40)
        hovered.add(chart_id)
        _check_page(page, f"{where} #{chart_id}")
    return hovered


#: Pages that send back a file a user uploaded (a training handout): not a document Hallkeeper writes.
UPLOADED_FILES = {"training_material"}


def _pdf(body: bytes, where: str) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    text = "".join(p.extract_text() or "" for p in reader.pages)
    assert LITERAL in re.sub(r"\s+", " ", text), f"{where}: the payload is not shown as text"
    for page in reader.pages:
        objects = page.get("/Resources", {}).get("/XObject", {}) if page.get("/Resources") else {}
        for ref in objects.values():
            image = ref.get_object()
            size = (image.get("/Width"), image.get("/Height"))
            assert size != SECRET_SIZE, f"{where} embeds a picture a user named"


def _docx(body: bytes, where: str) -> None:
    from docx import Document
    from PIL import Image

    document = Document(io.BytesIO(body))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert LITERAL in "\n".join(parts), f"{where}: the payload is not shown as text"
    for part in document.part.package.parts:
        if part.content_type.startswith("image/"):
            assert Image.open(io.BytesIO(part.blob)).size != SECRET_SIZE, f"{where} embeds a picture a user named"


def _svg(body: bytes, where: str) -> None:
    root = ET.fromstring(body)
    for el in root.iter():
        assert not el.tag.endswith("script"), f"{where}: a script element"
        assert not [a for a in el.attrib if a.lower().startswith("on")], f"{where}: an event handler"
    assert LITERAL in "".join(root.itertext()), f"{where}: the payload is not shown as text"


def test_no_payload_runs_and_every_document_shows_it_literally(hostile_hall, page, new_page, live_server):
    h = hostile_hall
    for must in ("places.Zone.name", "standards.Layout.name", "inspections.CheckItem.note", "core.Event.comment"):
        assert h.planted.get(must), f"{must}: no row to plant the payload in"
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH)
    login(page, live_server, h.users[Role.ADMIN].username, PASSWORD)
    pages = documents = 0
    hovered: set[str] = set()
    for name, path in h.paths.items():
        response = page.request.get(url(live_server, path))
        assert response.status == 200, f"{name} {path}: {response.status}"
        if name in UPLOADED_FILES:  # the user's own file, sent back as a download that is never sniffed
            disposition = response.headers.get("content-disposition", "")
            assert disposition.startswith("attachment;") and "<" not in disposition, f"{name}: {disposition}"
            assert response.headers.get("x-content-type-options") == "nosniff", name
            continue
        kind = response.headers.get("content-type", "").split(";")[0]
        body = response.body()
        if kind == "text/html":
            policy = response.headers.get("content-security-policy", "")
            assert "'unsafe-eval'" not in policy and "object-src 'none'" in policy, f"{name}: {policy}"
            page.goto(url(live_server, path))
            _check_page(page, name)
            hovered |= _hover_charts(page, name)
            pages += 1
        elif kind == "application/pdf":
            _pdf(body, name)
            documents += 1
        elif kind.endswith("wordprocessingml.document"):
            _docx(body, name)
            documents += 1
        elif kind == "image/svg+xml":
            _svg(body, name)
        elif kind.endswith("spreadsheetml.sheet"):
            assert body[:2] == b"PK", name
    assert not dialogs, f"dialogs opened: {dialogs}"
    # Every chart was hovered at least once, and the overview's tooltip shows the zone name as text.
    assert hovered == set(CHARTS), set(CHARTS) - hovered
    assert documents >= 7, documents
    assert pages >= 50, pages

    leader = new_page()
    leader.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    leader.add_init_script(WATCH)
    login(leader, live_server, h.users[Role.LEADERSHIP].username, PASSWORD)
    leader.goto(url(live_server, h.paths["hall_home"]))
    assert len(_hover_charts(leader, "overview (leader)")) == 1
    tooltip = leader.locator("#glance-chart div").filter(has_text="onerror").first
    assert LITERAL in tooltip.inner_text(), "the chart tooltip does not show the zone name as text"

    # The administration site lives under the same policy.
    admin = new_page()
    admin.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    admin.add_init_script(WATCH)
    superuser = get_user_model().objects.create_superuser("root", "root@example.cn", PASSWORD)
    login(admin, live_server, superuser.username, PASSWORD)
    zone, layout = h.zones[0], h.layout
    for path in (
        reverse("admin:index"),
        reverse("admin:places_zone_changelist"),
        reverse("admin:places_zone_change", args=[zone.pk]),
        reverse("admin:standards_layout_changelist"),
        reverse("admin:standards_layout_change", args=[layout.pk]),
    ):
        response = admin.goto(url(live_server, path))
        assert response.status == 200, path
        _check_page(admin, path)
    assert not dialogs, f"dialogs opened: {dialogs}"


def test_planting_reaches_every_text_field_the_pages_show():
    """The injection test covers new fields by itself: every free-text field is planted unless listed as not
    typed by a user."""
    from ..injection_data import NOT_USER_TEXT, user_text_fields

    fields = {f"{m._meta.label}.{f.name}" for m, fs in user_text_fields().items() for f in fs}
    assert {"places.Zone.name", "standards.Layout.name", "rectification.Notice.requirement"} <= fields
    assert "standards.Rule.key" not in fields
    labels = {m._meta.label for m in apps.get_models()}
    assert set(NOT_USER_TEXT) <= labels, "NOT_USER_TEXT names a model that no longer exists"
