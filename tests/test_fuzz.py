"""Hostile input everywhere: every URL with hostile query parameters, every form with hostile values.

The walk covers every URL of the URL configuration (hall pages with real ids from the factory hall, as
tests/test_permissions.py builds them; the pages outside a hall; the admin's lists and forms) as a hall
administrator and as a zone lead. It asserts that no answer is a server error, and that a refused request
(a 4xx answer, a form shown again with errors, or a redirect carrying an error message) changed nothing in
the database. Each POST runs inside a transaction that is rolled back afterwards, so the walk does not depend
on its own order.

The values are a fixed list (no randomness): control characters, long strings, format strings, paths,
markup, huge and negative numbers, malformed and extreme dates, repeated parameters. Runs on SQLite and
PostgreSQL alike (PostgreSQL is where NUL bytes and integer overflows used to surface).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin, messages
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models import Count, Max
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from hallkeeper.accounts.choices import Role
from hallkeeper.notifications.choices import NotificationKind
from hallkeeper.notifications.models import Notification
from hallkeeper.transfer.specs import SPECS

from .test_permissions import MATRIX

pytestmark = pytest.mark.django_db

HUGE = "1" + "0" * 30  # 10**30
LONG = "长" * 10_000
#: Hostile query-string values, sent to every URL under every parameter name at once.
QUERY_VALUES = [
    "a\x00b",
    "\x1b[31m\x07",
    LONG,
    "{0.__class__}{seq:0200000000d}%s%n",
    "../../../../etc/passwd",
    "<script>alert(1)</script>' OR 1=1 --",
    HUGE,
    "9223372036854775807",  # the largest id the database holds: passes the checks, reaches the queries
    "-1",
    "1e309",
    "NaN",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "9999-W53",
    "2026-13",
    "１２３²",  # full-width digits (int() reads them) and a superscript (isdigit() but not int())
]
#: The zone lead walks with fewer values: their pages are the administrator's, scoped.
LEAD_QUERY_VALUES = ["a\x00b", LONG, "9223372036854775807", "-1", "10000-01-01", "2026-02-30", "{0.__class__}"]
#: Parameter names the views read besides those of their filter forms.
QUERY_NAMES = [
    "page", "export", "download", "q", "o", "p", "e", "state", "overdue", "open", "from", "to", "version", "week",
    "kind", "zone", "window", "area", "floor", "unit", "section", "position_kind", "unanswered", "show", "next",
    "date", "date_from", "date_to", "start", "end", "month", "year", "period", "inspector", "severity", "status",
    "result", "plan", "round", "number", "key", "pk", "id", "entity", "language",
]  # fmt: skip
#: URLs whose answer is a generated file: walked with a few values only (rendering is slow).
FILE_SUFFIXES = ("_pdf", "_docx", "_xlsx", "_export", "_svg", "_photo", "_thumb", "_template")
FILE_QUERY_VALUES = ["a\x00b", HUGE, "10000-01-01"]
#: POST bodies for endpoints without a form on a page (htmx buttons, POST-only actions).
RAW_POST_NAMES = [
    "inspection", "decision", "note", "result", "occurrences", "quantity", "count", "item", "deadline",
    "findings", "zone", "text", "reason", "days", "next", "test", "action", "version", "kind", "target",
]  # fmt: skip
#: Forms never submitted: leaving the session would end the walk.
SKIPPED_ACTIONS = ("/accounts/logout/",)


# -- the world --------------------------------------------------------------------------------------


@pytest.fixture
def world(alpha, settings, tmp_path):
    """The factory hall with a published handbook and one of everything the hall pages show."""
    from .standards_data import install_tiny_handbook

    settings.MEDIA_ROOT = tmp_path
    version = install_tiny_handbook(alpha.hall)
    alpha.rule = version.rules.order_by("pk").first()
    alpha.layout = version.layouts.order_by("pk").first()
    urls = {
        name: reverse(name, kwargs={"hall": alpha.hall.code, **kwargs(alpha)}) for name, (kwargs, _s) in MATRIX.items()
    }
    for entity in SPECS:
        for name in ("transfer_template", "transfer_export", "transfer_import"):
            urls[f"{name}:{entity}"] = reverse(name, kwargs={"hall": alpha.hall.code, "entity": entity})
    for name in (
        "home", "login", "password_change", "password_change_done", "profile", "notification_list", "otp_enrol",
        "otp_verify", "hall_comparison", "star_thresholds",
    ):  # fmt: skip
        urls[name] = reverse(name)
    urls["notification_read_all"] = reverse("notification_read_all")
    from hallkeeper.screen.services import display_link_issue

    _link, token = display_link_issue(user=alpha.users[Role.ADMIN], hall=alpha.hall, label="大屏")
    for name in ("screen", "screen_data"):  # the big screen's token pages: no login, read-only
        urls[name] = reverse(name, kwargs={"token": token})
    urls["set_language"] = reverse("set_language")
    alpha.urls = urls
    return alpha


def _user_urls(world, user) -> dict[str, str]:
    """The world's URLs plus the user's own notification and, for the administrator, the admin pages."""
    urls = dict(world.urls)
    notification = Notification.objects.create(
        recipient=user, hall=world.hall, kind=NotificationKind.values[0], title="通知"
    )
    urls["notification_open"] = reverse("notification_open", kwargs={"pk": notification.pk})
    if user.is_staff:
        urls["admin:index"] = reverse("admin:index")
        for model in admin.site._registry:
            meta = model._meta
            prefix = f"admin:{meta.app_label}_{meta.model_name}"
            urls[f"{prefix}_changelist"] = reverse(f"{prefix}_changelist")
            urls[f"{prefix}_add"] = reverse(f"{prefix}_add")
            first = model._default_manager.order_by("pk").first()
            if first is not None:
                urls[f"{prefix}_change"] = reverse(f"{prefix}_change", args=[first.pk])
    return urls


def _users(world) -> dict[str, object]:
    administrator = world.users[Role.ADMIN]
    administrator.is_staff = True
    administrator.save(update_fields=["is_staff"])
    return {"admin": administrator, "lead1": world.users["lead1"]}


def test_every_url_is_walked(world):
    """The walk reaches every named URL of the configuration (a new page is fuzzed without a new line here)."""
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name and not namespace:
                names.add(p.name)

    walk(get_resolver().url_patterns)
    walked = {name.split(":")[0] for name in _user_urls(world, _users(world)["admin"])}
    assert names - walked == {"logout"}  # logging out ends the walk; tests/test_views.py covers it


# -- the database fingerprint -----------------------------------------------------------------------

#: Tables a refused request may still touch: the session (login state, language), and the records of the
#: attempt itself — the audit trail (a failed login, the walk's own re-login), the login-failure counters
#: and a second-factor device's throttle. tests/test_audit.py and test_identity_* check those on their own.
UNWATCHED = {
    "sessions.session", "core.event", "core.auditchain", "axes.accessattempt", "axes.accesslog",
    "axes.accessattemptexpiration", "axes.accessfailurelog", "otp_totp.totpdevice",
}  # fmt: skip


def fingerprint() -> tuple:
    """Per table: the row count, the highest id and the latest change (cheap; the brief's test database is
    small, but the walk makes thousands of requests)."""
    result = []
    for model in apps.get_models():
        meta = model._meta
        if meta.label_lower in UNWATCHED or meta.proxy or not meta.managed:
            continue
        aggregates = {"n": Count("pk")}
        if meta.pk.get_internal_type() in {"AutoField", "BigAutoField", "IntegerField"}:
            aggregates["top"] = Max("pk")
        for name in ("updated_at", "read_at"):
            if any(f.name == name for f in meta.concrete_fields):
                aggregates[name] = Max(name)
        result.append((meta.label_lower, tuple(sorted(model._base_manager.aggregate(**aggregates).items()))))
    return tuple(result)


# -- forms on a page --------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, number, date, select, checkbox, hidden, file, ...
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    def key(self) -> tuple:
        return (urlsplit(self.action).path, self.method, tuple(sorted(f.name for f in self.fields)))


class FormParser(HTMLParser):
    """The forms of a page with their fields, and the targets of htmx POST buttons outside forms."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.hx_posts: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            return
        if a.get("hx-post") and tag != "form":
            self.hx_posts.append(urljoin(self.page_url, a["hx-post"]))
        if tag == "form":
            action = a.get("action") or a.get("hx-post") or self.page_url
            method = "post" if a.get("hx-post") else (a.get("method") or "get").lower()
            self._form = Form(urljoin(self.page_url, action), method)
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "reset", "image"}:
                return
            self._form.fields.append(Field(a["name"], kind, a.get("value", "")))
        elif tag == "select":
            # The admin's autocomplete widget renders a refused value by querying it as an id (a Django bug:
            # any text there is a 500), so such fields keep their value and the others carry the hostile ones.
            self._select = Field(a["name"], "autocomplete" if "admin-autocomplete" in a.get("class", "") else "select")
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(url: str, content: bytes) -> FormParser:
    parser = FormParser(url)
    parser.feed(content.decode("utf-8", "replace"))
    return parser


#: Hostile values per field kind, one submission per column: (text, number, date, choice).
FORM_VARIANTS = [
    {"text": LONG, "number": HUGE, "date": "10000-01-01", "choice": HUGE, "hidden": HUGE},
    {"text": "{0.__class__}{seq:0200000000d}", "number": "-1", "date": "2026-02-30", "choice": "9223372036854775807"},
    {"text": "../../etc/passwd<script>x</script>", "number": "1e309", "date": "0000-00-00", "choice": "../x"},
    {"text": "\x01\x1b", "number": "9" * 5000, "date": "9999-12-31", "choice": "{0}"},
]
NUMBER_KINDS = {"number", "range"}
DATE_KINDS = {"date", "datetime-local", "month", "week", "time"}


def hostile_data(form: Form, variant: dict[str, str]) -> dict[str, list[str] | str]:
    data: dict[str, list[str] | str] = {}
    for f in form.fields:
        if f.kind == "file" or f.name == "csrfmiddlewaretoken":
            continue
        if f.kind == "autocomplete":
            value = f.options[-1] if f.options else ""
        elif f.kind == "hidden":
            value = variant.get("hidden", f.value)
        elif f.kind in NUMBER_KINDS:
            value = variant["number"]
        elif f.kind in DATE_KINDS:
            value = variant["date"]
        elif f.kind in {"select", "checkbox", "radio"}:
            value = variant["choice"]
        else:
            value = variant["text"]
        if f.name in data:  # a repeated name (checkboxes): send an array of hostile values
            previous = data[f.name]
            data[f.name] = [*(previous if isinstance(previous, list) else [previous]), value]
        else:
            data[f.name] = value
    return data


# -- the walk ---------------------------------------------------------------------------------------


@dataclass
class Walk:
    client: object
    user: object
    failures: list[str] = field(default_factory=list)
    forms: dict[tuple, Form] = field(default_factory=dict)
    hx_posts: set[str] = field(default_factory=set)
    query_names: set[str] = field(default_factory=lambda: set(QUERY_NAMES))
    baseline: tuple | None = None

    def get(self, url: str, params=None):
        try:
            response = self.client.get(url, params or {})
        except Exception as error:  # noqa: BLE001 — a raised error is the 500 the walk looks for
            self.failures.append(f"GET {url} {_short(params)}: {type(error).__name__}: {error}"[:400])
            return None
        if response.status_code >= 500:
            self.failures.append(f"GET {url} {_short(params)}: {response.status_code}")
        return response

    def post(self, url: str, data) -> None:
        """POST inside a rolled-back transaction; a refusal must leave the database as it was.

        Every POST starts from the same state (the one before is rolled back), so one fingerprint taken
        before the first serves them all."""
        before = self.baseline if self.baseline is not None else fingerprint()
        self.baseline = before
        try:
            with transaction.atomic():
                response = self.client.post(url, data)
                refused = _refused(response)
                changed = fingerprint() != before
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001
            self.failures.append(f"POST {url} {_short(data)}: {type(error).__name__}: {error}"[:400])
            return
        finally:
            self.client.force_login(self.user)  # a rolled-back session would sign the client out
        if response.status_code >= 500:
            self.failures.append(f"POST {url} {_short(data)}: {response.status_code}")
        elif refused and changed:
            self.failures.append(f"POST {url} {_short(data)}: refused ({response.status_code}) but changed data")

    def collect(self, url: str, response) -> None:
        if response is None or response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return
        parsed = page_forms(url, response.content)
        for form in parsed.forms:
            if form.method == "get":
                self.query_names.update(f.name for f in form.fields)
            elif not any(skip in form.action for skip in SKIPPED_ACTIONS):
                self.forms.setdefault(form.key(), form)
        self.hx_posts.update(parsed.hx_posts)


def _short(data) -> str:
    if not data:
        return ""
    return repr({k: (v[:30] if isinstance(v, str) else v) for k, v in dict(data).items()})[:200]


def _refused(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    if any(m.level >= messages.WARNING for m in queued):
        return True
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        text = response.content.decode("utf-8", "replace")
        return any(mark in text for mark in ("invalid-feedback", "errorlist", "is-invalid"))
    return False


def name_of_file(url: str) -> bool:
    """Whether ``url`` answers with a generated file (never a POST target)."""
    match = resolve(urlsplit(url).path)
    return bool(match.url_name) and match.url_name.endswith(FILE_SUFFIXES)


def _query_values(name: str, role: str) -> list[str]:
    if name.endswith(FILE_SUFFIXES) or "transfer_" in name:
        return FILE_QUERY_VALUES
    if name.startswith("admin:"):  # the admin's own parameter handling, not ours: a shorter list
        return LEAD_QUERY_VALUES
    return QUERY_VALUES if role == "admin" else LEAD_QUERY_VALUES


def _query_sets(names: set[str], values: list[str]) -> Iterator[dict]:
    ordered = sorted(names)
    for value in values:
        yield dict.fromkeys(ordered, value)
    yield {name: [values[-1], "2"] for name in ordered}  # arrays where one value is expected
    yield dict.fromkeys(ordered, values[-1]) | {"export": "xlsx"}  # the export of hostile filters


class RecordingQueryDict(QueryDict):
    """A query dict that notes the names a view reads (``ALL`` when it iterates over them)."""

    ALL = "*"

    def _note(self, key):
        self.__dict__.setdefault("read", set()).add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def _all(self, method, *args):
        self._note(self.ALL)
        return getattr(super(), method)(*args)

    def items(self):
        return self._all("items")

    def lists(self):
        return self._all("lists")

    def keys(self):
        return self._all("keys")

    def values(self):
        return self._all("values")

    def __iter__(self):
        return self._all("__iter__")

    def copy(self):
        return self._all("copy")

    def dict(self):
        return self._all("dict")


@pytest.fixture
def recorded_reads(monkeypatch):
    """The query names each request read, by path (WSGIRequest.GET made a RecordingQueryDict)."""
    reads: dict[str, set[str]] = {}

    def get(request):
        if "_fuzz_get" not in request.__dict__:
            query = RecordingQueryDict(request.META.get("QUERY_STRING", ""), encoding=request._encoding)
            query.__dict__["read"] = reads.setdefault(request.path, set())
            request.__dict__["_fuzz_get"] = query
        return request.__dict__["_fuzz_get"]

    def set_get(request, value):
        request.__dict__["_fuzz_get"] = value

    monkeypatch.setattr(WSGIRequest, "GET", property(get, set_get))
    return reads


@pytest.fixture
def walk_as(client, world):
    def start(role: str) -> tuple[Walk, dict[str, str]]:
        user = _users(world)[role]
        client.force_login(user)
        return Walk(client, user), _user_urls(world, user)

    return start


#: The walks are cut into this many shards (every n-th URL or form), so parallel workers share them out.
SHARDS = 4


def _shard(items, shard: int) -> list:
    return [item for i, item in enumerate(sorted(items)) if i % SHARDS == shard]


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("role", ["admin", "lead1"])
def test_hostile_query_parameters_never_give_a_server_error(walk_as, recorded_reads, role, shard):
    walk, urls = walk_as(role)
    for _name, url in sorted(urls.items()):  # every page's links and forms: the parameter names of the site
        walk.collect(url, walk.get(url))
    mine = _shard(urls.items(), shard)
    for _name, url in mine:  # which names does each page read?
        walk.get(url, dict.fromkeys(walk.query_names, ""))
    for name, url in mine:
        read = recorded_reads.get(urlsplit(url).path, set())
        names = walk.query_names if RecordingQueryDict.ALL in read else read & walk.query_names
        if not names:  # a page reading no parameter: one hostile request shows it ignores them
            walk.get(url, dict.fromkeys(walk.query_names, HUGE))
            continue
        for params in _query_sets(names, _query_values(name, role)):
            walk.get(url, params)
    assert not walk.failures, "\n".join(walk.failures)


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("role", ["admin", "lead1"])
def test_hostile_form_values_never_give_a_server_error_and_a_refusal_changes_nothing(walk_as, role, shard):
    walk, urls = walk_as(role)
    for _name, url in sorted(urls.items()):
        walk.collect(url, walk.get(url))
    assert len(walk.forms) > (40 if role == "admin" else 5), "the walk found too few forms to mean anything"
    for _key, form in _shard(walk.forms.items(), shard):
        for variant in FORM_VARIANTS:
            walk.post(form.action, hostile_data(form, variant))
    posted = {urlsplit(form.action).path for form in walk.forms.values()}
    raw = {url for name, url in urls.items() if not name.startswith("admin:")} | walk.hx_posts
    for url in _shard(raw - posted, shard):  # POST-only actions and pages whose form the walk did not submit
        if any(skip in url for skip in SKIPPED_ACTIONS) or name_of_file(url):
            continue
        for value in (HUGE, "9" * 5000, "-1"):
            walk.post(url, dict.fromkeys(RAW_POST_NAMES, value))
    assert not walk.failures, "\n".join(walk.failures)
