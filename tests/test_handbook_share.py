"""Sharing a handbook version between halls: export as a .hkhandbook.zip, import as a new draft."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, reverse
from django.utils import translation
from PIL import Image

from hallkeeper import urls as project_urls
from hallkeeper.accounts.choices import Role
from hallkeeper.standards import sharing
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import Handbook, HandbookVersion, Rule, RuleImage
from hallkeeper.standards.services import RULE_FIELDS

from .standards_data import install_tiny_handbook

# The sharing URLs mounted beside the project's own (until standards/urls.py includes them).
urlpatterns = [
    path("h/<slug:hall>/handbook/", include("hallkeeper.standards.urls_sharing")),
    *project_urls.urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def english():
    """Messages of the services in their English source (the UI language is Simplified Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def png(colour="red", size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def alpha_v1(alpha):
    """alpha's published V1 of the tiny handbook, with a reference photo on its first rule."""
    version = install_tiny_handbook(alpha.hall)
    rule = version.rules.get(key="counter-whitelist")
    picture = RuleImage(rule=rule, kind="reference", caption="整洁的台面")
    picture.image.save("desk.png", ContentFile(png(), name="desk.png"), save=False)
    picture.save()
    return version


@pytest.fixture
def shared(alpha_v1) -> bytes:
    return sharing.export_version(alpha_v1)


def upload(content: bytes, name: str = "手册-V1.hkhandbook.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/zip")


def read_zip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def make_zip(members: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def with_manifest(content: bytes, change) -> bytes:
    """The exported file with its manifest changed by ``change(manifest)``."""
    members = read_zip(content)
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    return make_zip(members)


def counts() -> tuple[int, ...]:
    return (
        Handbook.objects.count(),
        HandbookVersion.objects.count(),
        Rule.objects.count(),
        RuleImage.objects.count(),
    )


def rule_fields(version) -> list[dict]:
    return [{f: getattr(r, f) for f in RULE_FIELDS} for r in version.rules.order_by("code")]


def layouts_of(version) -> list:
    return [
        (
            lo.position_kind,
            lo.name,
            lo.width,
            lo.depth,
            lo.note,
            [(s.item, s.x, s.y, s.width, s.depth, s.quantity, s.colour) for s in lo.slots.all()],
        )
        for lo in version.layouts.all()
    ]


def quantities_of(version) -> list:
    return [(q.item, q.position_kind, q.quantity, q.unit, q.note) for q in version.quantities.order_by("item")]


# -- export -------------------------------------------------------------------------------------


def test_export_holds_manifest_and_images(alpha_v1, shared):
    members = read_zip(shared)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == "hallkeeper-handbook"
    assert manifest["format_version"] == 1
    assert manifest["source"] == {"hall": alpha_v1.handbook.hall.name, "version": "V1"}
    rules = [r for p in manifest["handbook"]["parts"] for s in p["sections"] for r in s["rules"]]
    assert [r["code"] for r in rules] == ["1.1.1", "1.1.2", "2.1.1"]
    assert rules[0]["deduction"] == "0.5"
    assert rules[0]["images"] == [{"kind": "reference", "caption": "整洁的台面", "file": "images/1.png"}]
    assert Image.open(io.BytesIO(members["images/1.png"])).format == "PNG"
    assert len(manifest["layouts"][0]["slots"]) == 2
    assert len(manifest["quantities"]) == 2
    # Deterministic apart from the time of the export.
    again = json.loads(read_zip(sharing.export_version(alpha_v1))["manifest.json"])
    assert {**again, "exported_at": ""} == {**manifest, "exported_at": ""}


# -- import -------------------------------------------------------------------------------------


def test_round_trip_into_another_hall(alpha_v1, shared, beta):
    draft = sharing.import_version(hall=beta.hall, file=upload(shared), user=beta.users[Role.ADMIN])
    assert draft.handbook.hall == beta.hall
    assert (draft.number, draft.status, draft.revision_note) == (1, VersionStatus.DRAFT, "")
    assert (draft.title, draft.preface) == (alpha_v1.title, alpha_v1.preface)
    assert rule_fields(draft) == rule_fields(alpha_v1)
    assert layouts_of(draft) == layouts_of(alpha_v1)
    assert quantities_of(draft) == quantities_of(alpha_v1)
    picture = RuleImage.objects.get(rule__version=draft)
    assert (picture.rule.key, picture.kind, picture.caption) == ("counter-whitelist", "reference", "整洁的台面")
    assert (picture.width, picture.height) == (40, 30)
    assert picture.image.name.startswith(f"handbook/{beta.hall.pk}/counter-whitelist/")
    with picture.image.open("rb") as fh:
        assert Image.open(fh).format == "PNG"


def test_import_into_a_hall_with_a_handbook_makes_the_next_draft(shared, beta):
    v1 = install_tiny_handbook(beta.hall)
    draft = sharing.import_version(hall=beta.hall, file=upload(shared), user=beta.users[Role.LEADERSHIP])
    assert draft.number == 2 and draft.is_draft
    assert draft.based_on == v1
    v1.refresh_from_db()
    assert v1.status == VersionStatus.PUBLISHED  # readers see no change until the draft is published


def test_import_refused_while_a_draft_exists(alpha_v1, shared, alpha):
    sharing.import_version(hall=alpha.hall, file=upload(shared), user=alpha.users[Role.ADMIN])
    before = counts()
    with pytest.raises(ValidationError, match="already has a draft"):
        sharing.import_version(hall=alpha.hall, file=upload(shared), user=alpha.users[Role.ADMIN])
    assert counts() == before


def test_import_by_non_editor_is_refused(shared, beta):
    with pytest.raises(PermissionDenied):
        sharing.import_version(hall=beta.hall, file=upload(shared), user=beta.users[Role.VIEWER])
    assert not Handbook.objects.filter(hall=beta.hall).exists()


def _rule0(m):
    return m["handbook"]["parts"][0]["sections"][0]["rules"][0]


BAD_MANIFESTS = {
    "unknown check method": lambda m: _rule0(m).update(check_method="guess"),
    "unknown severity": lambda m: _rule0(m).update(severity="fatal"),
    "unknown clause": lambda m: _rule0(m).update(clauses=["99.9"]),
    "bad decimal": lambda m: _rule0(m).update(deduction="lots"),
    "too many decimals": lambda m: _rule0(m).update(deduction="0.25"),
    "missing requirement": lambda m: _rule0(m).pop("requirement"),
    "duplicate key": lambda m: m["handbook"]["parts"][1]["sections"][0]["rules"][0].update(key="counter-whitelist"),
    "overlapping slots": lambda m: m["layouts"][0]["slots"][1].update(x=150),
    "slot outside": lambda m: m["layouts"][0]["slots"][1].update(x=1300),
    "missing image file": lambda m: _rule0(m)["images"][0].update(file="images/99.png"),
    "no handbook": lambda m: m.pop("handbook"),
    "unsupported format version": lambda m: m.update(format_version=99),
}


@pytest.mark.parametrize("case", sorted(BAD_MANIFESTS))
def test_bad_manifest_changes_nothing(shared, beta, case):
    content = with_manifest(shared, BAD_MANIFESTS[case])
    before = counts()
    with pytest.raises(ValidationError) as raised:
        sharing.import_version(hall=beta.hall, file=upload(content), user=beta.users[Role.ADMIN])
    assert raised.value.messages
    assert counts() == before


def _bad_files(shared: bytes) -> dict[str, tuple[bytes, str]]:
    members = read_zip(shared)
    without_manifest = {k: v for k, v in members.items() if k != "manifest.json"}
    return {
        "text file": (b"just some text\n", "not a Hallkeeper handbook file"),
        "damaged zip": (shared[: len(shared) // 2], "not a Hallkeeper handbook file"),
        "no manifest": (make_zip(without_manifest), "not a Hallkeeper handbook file"),
        "foreign manifest": (
            with_manifest(shared, lambda m: m.update(format="something-else")),
            "not a Hallkeeper handbook file",
        ),
        "invalid json": (make_zip({**members, "manifest.json": b"{not json"}), "not valid JSON"),
        "not an image": (make_zip({**members, "images/1.png": b"this is no picture"}), "not a picture"),
        "svg image": (make_zip({**members, "images/1.png": b"<svg onload='x'></svg>"}), "SVG"),
        "path traversal": (make_zip({**members, "../evil.png": png()}), "unsafe name"),
        "absolute path": (make_zip({**members, "/etc/evil.png": png()}), "unsafe name"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "text file",
        "damaged zip",
        "no manifest",
        "foreign manifest",
        "invalid json",
        "not an image",
        "svg image",
        "path traversal",
        "absolute path",
    ],
)
def test_bad_file_changes_nothing(shared, beta, media, case):
    content, message = _bad_files(shared)[case]
    before = counts()
    files_before = sorted(p for p in media.rglob("*") if p.is_file())
    with pytest.raises(ValidationError) as raised:
        sharing.import_version(hall=beta.hall, file=upload(content), user=beta.users[Role.ADMIN])
    assert any(message in m for m in raised.value.messages), raised.value.messages
    assert counts() == before
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files_before


def test_too_many_unpacked_bytes_refused(shared, beta, monkeypatch):
    monkeypatch.setattr(sharing, "MAX_TOTAL_BYTES", 100)
    before = counts()
    with pytest.raises(ValidationError, match="Unpacked"):
        sharing.import_version(hall=beta.hall, file=upload(shared), user=beta.users[Role.ADMIN])
    assert counts() == before


def test_failed_write_removes_stored_pictures(shared, beta, media, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(RuleImage, "save", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        sharing.import_version(hall=beta.hall, file=upload(shared), user=beta.users[Role.ADMIN])
    assert counts() == before
    assert not [p for p in media.rglob(f"handbook/{beta.hall.pk}/*") if p.is_file()]


# -- views --------------------------------------------------------------------------------------


def export_url(hall, number=1):
    return reverse("handbook_export", kwargs={"hall": hall.code, "number": number})


def import_url(hall):
    return reverse("handbook_import", kwargs={"hall": hall.code})


def test_export_view_downloads_the_file(client, alpha_v1, alpha):
    client.force_login(alpha.users[Role.VIEWER])
    response = client.get(export_url(alpha.hall))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith("-V1.hkhandbook.zip")
    assert "manifest.json" in read_zip(response.content)


def test_export_of_another_halls_version_is_404(client, alpha_v1, beta):
    client.force_login(beta.users[Role.ADMIN])
    assert client.get(export_url(alpha_v1.handbook.hall)).status_code == 404


def test_viewer_cannot_export_a_draft(client, alpha_v1, alpha, shared):
    sharing.import_version(hall=alpha.hall, file=upload(shared), user=alpha.users[Role.ADMIN])
    client.force_login(alpha.users[Role.VIEWER])
    assert client.get(export_url(alpha.hall, 2)).status_code == 404
    client.force_login(alpha.users[Role.ADMIN])
    assert client.get(export_url(alpha.hall, 2)).status_code == 200


@pytest.mark.parametrize("role", [Role.VIEWER, Role.SUPERVISION])
def test_import_view_forbidden_to_readers(client, beta, shared, role):
    client.force_login(beta.users[role])
    assert client.get(import_url(beta.hall)).status_code == 403
    assert client.post(import_url(beta.hall), {"file": upload(shared)}).status_code == 403
    assert not Handbook.objects.filter(hall=beta.hall).exists()


def test_import_view_of_another_hall_is_404(client, alpha, beta):
    client.force_login(beta.users[Role.ADMIN])
    assert client.get(import_url(alpha.hall)).status_code == 404


def test_import_view_imports_and_redirects(client, beta, shared):
    client.force_login(beta.users[Role.ADMIN])
    response = client.get(import_url(beta.hall))
    assert response.status_code == 200
    assert b'type="file"' in response.content
    response = client.post(import_url(beta.hall), {"file": upload(shared)})
    draft = HandbookVersion.objects.get(handbook__hall=beta.hall)
    assert response.status_code == 302
    assert response["Location"] == reverse("handbook_version", kwargs={"hall": beta.hall.code, "number": 1})
    assert draft.is_draft and draft.rules.count() == 3


def test_import_view_shows_the_problems(client, beta):
    client.force_login(beta.users[Role.LEADERSHIP])
    before = counts()
    response = client.post(import_url(beta.hall), {"file": upload(b"hello", "notes.txt")})
    assert response.status_code == 200
    assert b'data-testid="import-errors"' in response.content
    assert counts() == before


# -- hostile archives: refused before the work, nothing written ------------------------------------


def _nested_manifest(depth: int) -> bytes:
    return ('{"format": "hallkeeper-handbook", "format_version": 1, "x": ' + "[" * depth + "]" * depth + "}").encode()


def _nested_zip(depth: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", _nested_manifest(depth))
    return out.getvalue()


def _bomb(shared: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in read_zip(shared).items():
            zf.writestr(name, data)
        zf.writestr("images/padding.png", b"\0" * (50 * 1024 * 1024))  # 50 MB packed into about 50 KB
    return out.getvalue()


def _many_rules(m, count: int):
    rule = _rule0(m)
    rules = [dict(rule, key=f"rule-{i}", code=f"R{i}", images=[]) for i in range(count)]
    m["handbook"]["parts"][0]["sections"][0]["rules"] = rules


HOSTILE_ARCHIVES = {
    "deeply nested manifest": (lambda s: _nested_zip(100_000), "nests too deeply"),
    "nested past the limit": (lambda s: make_zip({"manifest.json": _nested_manifest(40)}), "nests too deeply"),
    "zip bomb": (_bomb, "times its size"),
    "too many rules": (lambda s: with_manifest(s, lambda m: _many_rules(m, sharing.MAX_RULES + 1)), "rules"),
    "overlong requirement": (
        lambda s: with_manifest(s, lambda m: _rule0(m).update(requirement="长" * (sharing.MAX_RULE_TEXT + 1))),
        "longer than",
    ),
    "overlong preface": (
        lambda s: with_manifest(s, lambda m: m["handbook"].update(preface="序" * (sharing.MAX_LONG_TEXT + 1))),
        "longer than",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_ARCHIVES))
def test_hostile_archive_refused_with_a_message(shared, beta, media, case):
    build, message = HOSTILE_ARCHIVES[case]
    content = build(shared)
    before = counts()
    with pytest.raises(ValidationError) as raised:
        sharing.import_version(hall=beta.hall, file=upload(content), user=beta.users[Role.ADMIN])
    assert any(message in m for m in raised.value.messages), raised.value.messages
    assert counts() == before
    assert not [p for p in media.rglob("*") if p.is_file() and f"handbook/{beta.hall.pk}/" in str(p)]


def test_rules_are_counted_before_they_are_checked(shared, beta, monkeypatch):
    """A file beyond the rule limit is refused without a single rule being looked at."""
    checked = []
    monkeypatch.setattr(sharing, "_check_rule", lambda *args: checked.append(args))
    content = with_manifest(shared, lambda m: _many_rules(m, sharing.MAX_RULES + 1))
    with pytest.raises(ValidationError, match="at most"):
        sharing.import_version(hall=beta.hall, file=upload(content), user=beta.users[Role.ADMIN])
    assert checked == []


def test_deeply_nested_manifest_via_the_page_is_a_message(client, beta):
    client.force_login(beta.users[Role.ADMIN])
    content = _nested_zip(100_000)
    assert len(content) < 2000
    response = client.post(import_url(beta.hall), {"file": upload(content)})
    assert response.status_code == 200
    assert "嵌套层级过深" in response.content.decode()  # the page speaks Chinese
    assert not Handbook.objects.filter(hall=beta.hall).exists()
