"""The handbook editor: revising, editing drafts only, publishing with checks, pictures, layouts, quantities.

The handbook here is a small one written with ``fill_version`` (not the default content).
``make_handbook`` and ``editor_kwargs`` are also used by the permission matrix.
"""

from __future__ import annotations

import io
import re
import struct
import sys
import types
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from hallkeeper.accounts.choices import Role
from hallkeeper.core.uploads import MAX_SIDE, validate_image
from hallkeeper.standards import services
from hallkeeper.standards.choices import CheckMethod, ImageKind, Severity, VersionStatus
from hallkeeper.standards.defaults import fill_version
from hallkeeper.standards.diff import version_diff
from hallkeeper.standards.layouts import SlotBox
from hallkeeper.standards.models import Handbook, HandbookVersion, Layout, Rule, RuleImage
from hallkeeper.standards.services import RULE_FIELDS

pytestmark = pytest.mark.django_db

# -- a small handbook ---------------------------------------------------------------------------

HANDBOOK = {
    "title": "测试手册",
    "preface": "本手册用于测试。",
    "parts": [
        {
            "code": "一",
            "title": "物品管理",
            "intro": "桌面与抽屉。",
            "sections": [
                {
                    "code": "1.1",
                    "title": "桌面",
                    "rules": [
                        {
                            "key": "desk-tidy",
                            "code": "1.1.1",
                            "title": "桌面整洁",
                            "requirement": "桌面只摆放定置图规定的物品。",
                            "check_method": "look",
                            "deduction": "0.5",
                            "cap": "2",
                            "severity": "minor",
                            "position_kinds": ["desk"],
                            "clauses": ["8.2"],
                            "example": "显示器、键盘、评价器各归其位。",
                            "counter_example": "水杯、手机放在桌面上。",
                        },
                        {
                            "key": "badge",
                            "code": "1.1.2",
                            "title": "佩戴工作牌",
                            "requirement": "工作时间佩戴工作牌。",
                            "check_method": "look",
                            "deduction": "1",
                            "severity": "major",
                            "area_kinds": ["window_service"],
                            "clauses": ["5.1"],
                        },
                    ],
                }
            ],
        },
        {
            "code": "二",
            "title": "秩序管理",
            "sections": [
                {
                    "code": "2.1",
                    "title": "排队",
                    "rules": [
                        {
                            "key": "queue",
                            "code": "2.1.1",
                            "title": "排队有序",
                            "requirement": "叫号有序，无插队。",
                            "check_method": "spot",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["waiting"],
                            "clauses": ["7.2"],
                        }
                    ],
                }
            ],
        },
    ],
}
LAYOUTS = [
    {
        "position_kind": "desk",
        "name": "窗口桌面",
        "width": 1200,
        "depth": 600,
        "slots": [
            {"item": "显示器", "x": 400, "y": 50, "width": 500, "depth": 200},
            {"item": "键盘", "x": 400, "y": 300, "width": 450, "depth": 150},
            {"item": "评价器", "x": 1000, "y": 400, "width": 150, "depth": 150, "colour": "#cfe2ff"},
        ],
    }
]
QUANTITIES = [
    {"item": "签字笔", "position_kind": "desk", "quantity": 2, "unit": "支"},
    {"item": "文件盒", "position_kind": "desk", "quantity": 1, "unit": "个"},
    {"item": "文件盒", "position_kind": "cabinet", "quantity": 4, "unit": "个"},
]


def make_handbook(h, *, draft: bool = False) -> HandbookVersion:
    """The small handbook in ``h``'s hall: V1 published, and V2 a draft copy when ``draft``. Returns the newest.

    Safe to call again, also on a hall that has another handbook already: what exists is kept.
    The picture row points at a file name only (no file is written).
    """
    handbook = Handbook.objects.filter(hall=h.hall).first()
    if handbook is None:
        handbook = Handbook.objects.create(hall=h.hall, title=HANDBOOK["title"])
        v1 = HandbookVersion.objects.create(
            handbook=handbook, number=1, title=HANDBOOK["title"], preface=HANDBOOK["preface"]
        )
        fill_version(v1, HANDBOOK, LAYOUTS, QUANTITIES)
        RuleImage.objects.create(
            rule=v1.rules.get(key="desk-tidy"),
            kind=ImageKind.REFERENCE,
            image="handbook/sample/desk.png",
            width=40,
            height=30,
            caption="标准桌面",
        )
        services.publish_version(version=v1, user=h.users[Role.ADMIN], note="首版")
    if draft and not handbook.versions.filter(status=VersionStatus.DRAFT).exists():
        services.handbook_version_revise(handbook=handbook, user=h.users[Role.ADMIN])
    return handbook.versions.order_by("-number").first()


def editor_kwargs(h, name: str) -> dict:
    """URL arguments besides the hall for each editor URL, on the draft V2 of ``h`` (made when needed)."""
    if name == "handbook_install":
        return {}
    if name == "handbook_revise":
        make_handbook(h)
        return {}
    draft = make_handbook(h, draft=True)
    kwargs = {"number": draft.number}
    first_rule = draft.rules.order_by("pk").first()
    if name in {"handbook_rule_edit", "handbook_rule_delete", "handbook_rule_images"}:
        kwargs["key"] = first_rule.key
    elif name == "handbook_image_delete":
        image = RuleImage.objects.filter(rule__version=draft).first() or RuleImage.objects.create(
            rule=first_rule, image="handbook/sample/desk.png", width=40, height=30
        )
        kwargs["pk"] = image.pk
    elif name == "handbook_part_edit":
        kwargs["pk"] = draft.parts.first().pk
    elif name == "handbook_section_edit":
        kwargs["pk"] = draft.sections.first().pk
    elif name in {"handbook_layout_edit", "handbook_layout_preview"}:
        kwargs["pk"] = draft.layouts.first().pk
    return kwargs


ROLES = ("admin", "leadership", "supervision", "viewer", "lead1", "staff1", "other_admin", "anonymous")
EDITOR = dict.fromkeys(ROLES, 403) | {"admin": 200, "leadership": 200, "other_admin": 404, "anonymous": 302}
EDITOR_POST_ONLY = EDITOR | {"admin": 405, "leadership": 405}
#: Every editor URL with the status of a GET per role (the rows of tests/test_permissions.py).
EDITOR_URLS = {
    "handbook_install": EDITOR,
    "handbook_revise": EDITOR,
    "handbook_publish": EDITOR,
    "handbook_discard": EDITOR_POST_ONLY,
    "handbook_preface_edit": EDITOR,
    "handbook_part_edit": EDITOR,
    "handbook_section_edit": EDITOR,
    "handbook_rule_create": EDITOR,
    "handbook_rule_edit": EDITOR,
    "handbook_rule_delete": EDITOR_POST_ONLY,
    "handbook_rule_images": EDITOR,
    "handbook_image_delete": EDITOR_POST_ONLY,
    "handbook_layout_create": EDITOR,
    "handbook_layout_edit": EDITOR,
    "handbook_layout_preview": EDITOR_POST_ONLY,
    "handbook_quantities_edit": EDITOR,
}


def url(h, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"hall": h.hall.code, **kwargs})


def _login(client, alpha, beta, role):
    users = {
        "admin": alpha.users[Role.ADMIN],
        "leadership": alpha.users[Role.LEADERSHIP],
        "supervision": alpha.users[Role.SUPERVISION],
        "viewer": alpha.users[Role.VIEWER],
        "lead1": alpha.users["lead1"],
        "staff1": alpha.users["staff1"],
        "other_admin": beta.users[Role.ADMIN],
    }
    if role != "anonymous":
        client.force_login(users[role])
    return client


def snapshot(version: HandbookVersion) -> tuple:
    """Everything a version holds, to prove that a refused edit changed nothing."""
    version.refresh_from_db()
    return (
        (version.status, version.title, version.preface, version.revision_note),
        [(p.code, p.title, p.intro) for p in version.parts.all()],
        [(s.code, s.title) for s in version.sections.all()],
        [tuple(str(getattr(r, f)) for f in RULE_FIELDS) for r in version.rules.all()],
        sorted((i.rule.key, i.kind, i.image.name, i.caption) for i in RuleImage.objects.filter(rule__version=version)),
        [
            (lay.name, lay.width, lay.depth, [(s.item, s.x, s.y, s.width, s.depth) for s in lay.slots.all()])
            for lay in version.layouts.all()
        ],
        [(q.position_kind, q.item, q.quantity, q.unit) for q in version.quantities.all()],
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def zh(message: str) -> str:
    """The UI text (Simplified Chinese, the default language) of an English msgid."""
    with translation.override("zh-hans"):
        return str(translation.gettext(message))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def admin(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    return client


@pytest.fixture
def draft(alpha):
    return make_handbook(alpha, draft=True)


def rule_data(rule: Rule, **changes) -> dict:
    """The rule form's POST data for ``rule`` with ``changes``."""
    data = {
        "section": rule.section_id,
        "key": rule.key,
        "code": rule.code,
        "title": rule.title,
        "requirement": rule.requirement,
        "check_method": rule.check_method,
        "deduction": "" if rule.deduction is None else str(rule.deduction),
        "cap": "" if rule.cap is None else str(rule.cap),
        "severity": rule.severity,
        "area_kinds": list(rule.area_kinds),
        "position_kinds": list(rule.position_kinds),
        "clauses": list(rule.clauses),
        "example": rule.example,
        "counter_example": rule.counter_example,
    }
    data.update(changes)
    return data


# -- revising ---------------------------------------------------------------------------------


def test_revise_makes_a_draft_copy_of_everything(alpha):
    v1 = make_handbook(alpha)
    admin_user = alpha.users[Role.ADMIN]
    v2 = services.handbook_version_revise(handbook=v1.handbook, user=admin_user)

    assert (v2.number, v2.status, v2.based_on, v2.created_by) == (2, VersionStatus.DRAFT, v1, admin_user)
    old, new = snapshot(v1), snapshot(v2)
    assert old[0][0] == VersionStatus.PUBLISHED and new[0][0] == VersionStatus.DRAFT
    assert old[1:] == new[1:]  # parts, sections, rules (every field), pictures, layouts, quantities
    assert Rule.objects.get(version=v2, key="desk-tidy").example == "显示器、键盘、评价器各归其位。"
    assert not set(v1.rules.values_list("pk", flat=True)) & set(v2.rules.values_list("pk", flat=True))


def test_revise_through_the_page(admin, alpha):
    make_handbook(alpha)
    assert admin.get(url(alpha, "handbook_revise")).status_code == 200
    response = admin.post(url(alpha, "handbook_revise"))
    v2 = HandbookVersion.objects.get(handbook__hall=alpha.hall, number=2)
    assert response.status_code == 302
    assert response["Location"] == url(alpha, "handbook_version", number=2)
    assert v2.status == VersionStatus.DRAFT


def test_second_revise_is_refused(admin, alpha):
    v2 = make_handbook(alpha, draft=True)
    with pytest.raises(ValidationError):
        services.handbook_version_revise(handbook=v2.handbook, user=alpha.users[Role.ADMIN])
    response = admin.post(url(alpha, "handbook_revise"))
    assert response.status_code == 302 and response["Location"] == url(alpha, "handbook_version", number=2)
    assert messages_of(response) == [zh("A draft revision already exists; finish or discard it first.")]
    assert HandbookVersion.objects.filter(handbook__hall=alpha.hall).count() == 2


def test_revise_needs_an_editor(alpha):
    v1 = make_handbook(alpha)
    with pytest.raises(PermissionDenied):
        services.handbook_version_revise(handbook=v1.handbook, user=alpha.users[Role.SUPERVISION])
    assert HandbookVersion.objects.filter(handbook__hall=alpha.hall).count() == 1


def test_discard_a_draft(admin, alpha, draft):
    response = admin.post(url(alpha, "handbook_discard", number=draft.number))
    assert response.status_code == 302
    assert list(HandbookVersion.objects.filter(handbook__hall=alpha.hall).values_list("number", flat=True)) == [1]


# -- published versions are never edited -------------------------------------------------------


def test_services_refuse_every_edit_of_a_published_version(alpha, media):
    v1 = make_handbook(alpha)
    user = alpha.users[Role.ADMIN]
    before = snapshot(v1)
    rule = v1.rules.get(key="desk-tidy")
    rule.requirement = "改了"
    part, section, layout = v1.parts.first(), v1.sections.first(), v1.layouts.first()
    part.title, section.title, v1.title = "改了", "改了", "改了"
    png = ContentFile(_png_bytes(), name="x.png")
    attempts = [
        lambda: services.rule_save(rule=rule, user=user),
        lambda: services.rule_delete(rule=rule, user=user),
        lambda: services.rule_image_add(rule=rule, user=user, kind=ImageKind.REFERENCE, image=png),
        lambda: services.rule_image_delete(image=RuleImage.objects.filter(rule__version=v1).first(), user=user),
        lambda: services.part_save(part=part, user=user),
        lambda: services.section_save(section=section, user=user),
        lambda: services.handbook_version_save(version=v1, user=user),
        lambda: services.layout_save(layout=layout, slots=[SlotBox("笔筒", 0, 0, 80, 80)], user=user),
        lambda: services.quantity_table_save(version=v1, rows=[], user=user),
        lambda: services.handbook_version_discard(version=v1, user=user),
        lambda: services.handbook_version_publish(version=v1, user=user, note="再发布"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    assert snapshot(v1) == before
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_views_refuse_every_edit_of_a_published_version(admin, alpha, draft):
    v1 = HandbookVersion.objects.get(handbook__hall=alpha.hall, number=1)
    before = snapshot(v1)
    rule = v1.rules.get(key="desk-tidy")
    layout = v1.layouts.first()
    posts = {
        url(alpha, "handbook_rule_edit", number=1, key="desk-tidy"): rule_data(rule, requirement="改了"),
        url(alpha, "handbook_rule_create", number=1): rule_data(rule, key="new-rule", code="9.9"),
        url(alpha, "handbook_rule_delete", number=1, key="desk-tidy"): {},
        url(alpha, "handbook_rule_images", number=1, key="desk-tidy"): {"kind": "reference", "image": _upload()},
        url(alpha, "handbook_image_delete", number=1, pk=RuleImage.objects.get(rule__version=v1).pk): {},
        url(alpha, "handbook_part_edit", number=1, pk=v1.parts.first().pk): {"title": "改了", "intro": ""},
        url(alpha, "handbook_section_edit", number=1, pk=v1.sections.first().pk): {"code": "1.1", "title": "改了"},
        url(alpha, "handbook_preface_edit", number=1): {"title": "改了", "preface": "改了"},
        url(alpha, "handbook_layout_edit", number=1, pk=layout.pk): _layout_post(layout, []),
        url(alpha, "handbook_quantities_edit", number=1): _quantity_post([]),
        url(alpha, "handbook_publish", number=1): {"note": "再发布"},
        url(alpha, "handbook_discard", number=1): {},
    }
    for target, data in posts.items():
        response = admin.post(target, data)
        assert response.status_code == 302, target
        assert response["Location"] == url(alpha, "handbook_version", number=1), target
        assert any("V1" in m for m in messages_of(response)), target
    # Opening an edit page of a published version says so and leads back to it.
    response = admin.get(url(alpha, "handbook_rule_edit", number=1, key="desk-tidy"), follow=True)
    assert response.redirect_chain[-1][0] == url(alpha, "handbook_version", number=1)
    assert snapshot(v1) == before


# -- publishing ---------------------------------------------------------------------------------


def test_publish_is_refused_with_the_list_of_incomplete_rules(admin, alpha, draft):
    Rule.objects.filter(version=draft, key="desk-tidy").update(check_method="")
    Rule.objects.filter(version=draft, key="badge").update(deduction=None)
    Rule.objects.filter(version=draft, key="queue").update(area_kinds=[], position_kinds=[])

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.handbook_version_publish(version=draft, user=alpha.users[Role.ADMIN], note="修订")
    listed = refused.value.messages
    assert any("1.1.1" in m and "check method" in m for m in listed)
    assert any("1.1.2" in m and "deduction" in m for m in listed)
    assert any("2.1.1" in m and "applicability" in m for m in listed)

    page = admin.get(url(alpha, "handbook_publish", number=2)).content.decode()
    assert 'data-testid="publish-problems"' in page
    response = admin.post(url(alpha, "handbook_publish", number=2), {"note": "修订"})
    assert response.status_code == 200
    body = response.content.decode()
    problems = {p.code: p.message for p in response.context["problems"]}
    for code, missing in (
        ("1.1.1", "no check method"),
        ("1.1.2", "no deduction"),
        ("2.1.1", "no applicability (area kinds or position kinds)"),
    ):
        assert zh(missing) in problems[code] and problems[code] in body
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert HandbookVersion.objects.get(number=1, handbook=draft.handbook).status == VersionStatus.PUBLISHED


def test_publish_supersedes_the_previous_version(admin, alpha, draft):
    response = admin.post(url(alpha, "handbook_publish", number=2), {"note": "调整桌面要求"})
    assert response.status_code == 302
    assert response["Location"] == url(alpha, "handbook_diff") + "?from=1&to=2"
    statuses = dict(HandbookVersion.objects.filter(handbook__hall=alpha.hall).values_list("number", "status"))
    assert statuses == {1: VersionStatus.SUPERSEDED, 2: VersionStatus.PUBLISHED}
    draft.refresh_from_db()
    assert draft.revision_note == "调整桌面要求"
    assert draft.published_by == alpha.users[Role.ADMIN] and draft.published_at is not None


def test_publish_of_a_revision_needs_a_note(admin, alpha, draft):
    response = admin.post(url(alpha, "handbook_publish", number=2), {"note": "  "})
    assert response.status_code == 200 and response.context["form"].errors
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_edit_then_publish_and_the_diff_shows_the_changed_fields(admin, alpha, draft):
    rule = draft.rules.get(key="desk-tidy")
    target = url(alpha, "handbook_rule_edit", number=2, key="desk-tidy")
    assert admin.get(target).status_code == 200
    response = admin.post(target, rule_data(rule, requirement="桌面只摆放显示器、键盘和评价器。", deduction="1.5"))
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert response["Location"] == url(alpha, "handbook_rule", number=2, key="desk-tidy")
    rule.refresh_from_db()
    assert (rule.requirement, rule.deduction) == ("桌面只摆放显示器、键盘和评价器。", Decimal("1.5"))

    v1 = HandbookVersion.objects.get(handbook=draft.handbook, number=1)
    diff = version_diff(v1, draft)
    assert [c.key for c in diff.changed] == ["desk-tidy"]
    assert {f.field for f in diff.changed[0].changes} == {"requirement", "deduction"}

    response = admin.post(url(alpha, "handbook_publish", number=2), {"note": "桌面要求更具体"}, follow=True)
    assert response.redirect_chain[-1][0] == url(alpha, "handbook_diff") + "?from=1&to=2"
    body = response.content.decode()
    assert 'data-rule="desk-tidy"' in body
    text = re.sub(r"<[^>]+>", "", body)  # the diff marks the changed characters inside the values
    assert "桌面只摆放显示器、键盘和评价器。" in text and "桌面只摆放定置图规定的物品。" in text
    assert "1.5" in text and "0.5" in text


# -- rules --------------------------------------------------------------------------------------


def test_create_a_rule_with_every_field(admin, alpha, draft):
    section = draft.sections.get(code="1.1")
    response = admin.post(
        url(alpha, "handbook_rule_create", number=2),
        {
            "section": section.pk,
            "key": "drawer-order",
            "code": "1.1.3",
            "title": "抽屉整齐",
            "requirement": "抽屉内物品分类摆放。",
            "check_method": CheckMethod.SPOT,
            "deduction": "0.5",
            "cap": "1.5",
            "severity": Severity.MINOR,
            "area_kinds": ["window_service", "office"],
            "position_kinds": ["drawer"],
            "clauses": ["8.1", "8.2"],
            "example": "分格摆放。",
            "counter_example": "杂物堆放。",
        },
    )
    assert response.status_code == 302
    rule = draft.rules.get(key="drawer-order")
    assert rule.area_kinds == ["window_service", "office"] and rule.position_kinds == ["drawer"]
    assert rule.clauses == ["8.1", "8.2"] and rule.cap == Decimal("1.5") and rule.section == section
    assert rule.order == 2  # after the section's two rules
    assert services.rule_problems(rule) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "1.1.2"}, "code"),  # the code of another rule
        ({"key": "badge"}, "key"),  # the key of another rule
        ({"key": "new"}, "key"),  # reserved by the editor's URLs
        ({"key": "Not A Slug"}, "key"),
        ({"deduction": "3", "cap": "2"}, "cap"),
        ({"deduction": "0.25"}, "deduction"),
        ({"deduction": "0"}, "deduction"),
        ({"deduction": "-1"}, "deduction"),
        ({"cap": "0.05"}, "cap"),
        ({"area_kinds": ["nowhere"]}, "area_kinds"),
        ({"clauses": ["99"]}, "clauses"),
    ],
)
def test_rule_form_refuses_bad_input(admin, alpha, draft, changes, field):
    rule = draft.rules.get(key="desk-tidy")
    before = snapshot(draft)
    data = rule_data(rule, key="drawer-order", code="1.1.3") | changes
    response = admin.post(url(alpha, "handbook_rule_create", number=2), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert snapshot(draft) == before


def test_rule_form_messages_are_translated(admin, alpha, draft):
    rule = draft.rules.get(key="desk-tidy")
    data = rule_data(rule, key="drawer-order", code="1.1.2", deduction="0.25")
    response = admin.post(url(alpha, "handbook_rule_create", number=2), data)
    errors = response.context["form"].errors
    assert errors["code"] == [zh("Another rule of this version already has this code.")]
    assert errors["deduction"] == [zh("Enter points in steps of 0.1 (for example 0.5 or 2).")]


def test_a_draft_rule_may_stay_incomplete_until_publishing(admin, alpha, draft):
    rule = draft.rules.get(key="badge")
    data = rule_data(rule, check_method="", deduction="", cap="", area_kinds=[], position_kinds=[])
    response = admin.post(url(alpha, "handbook_rule_edit", number=2, key="badge"), data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert services.rule_problems(rule)
    page = admin.get(url(alpha, "handbook_rule_edit", number=2, key="badge")).content.decode()
    assert 'data-testid="rule-problems"' in page


def test_the_key_of_a_rule_cannot_change(admin, alpha, draft):
    rule = draft.rules.get(key="badge")
    response = admin.post(url(alpha, "handbook_rule_edit", number=2, key="badge"), rule_data(rule, key="renamed"))
    assert response.status_code == 302
    assert draft.rules.filter(key="badge").exists() and not draft.rules.filter(key="renamed").exists()


def test_delete_a_rule(admin, alpha, draft):
    response = admin.post(url(alpha, "handbook_rule_delete", number=2, key="queue"))
    assert response.status_code == 302 and response["Location"] == url(alpha, "handbook_version", number=2)
    assert not draft.rules.filter(key="queue").exists()
    assert HandbookVersion.objects.get(number=1, handbook=draft.handbook).rules.filter(key="queue").exists()


def test_parts_sections_and_preface(admin, alpha, draft):
    part, section = draft.parts.first(), draft.sections.first()
    assert (
        admin.post(url(alpha, "handbook_part_edit", number=2, pk=part.pk), {"title": "物品", "intro": "新"}).status_code
        == 302
    )
    assert (
        admin.post(
            url(alpha, "handbook_section_edit", number=2, pk=section.pk), {"code": "1.1", "title": "桌面物品"}
        ).status_code
        == 302
    )
    other = draft.sections.get(code="2.1")
    clash = admin.post(url(alpha, "handbook_section_edit", number=2, pk=other.pk), {"code": "1.1", "title": "x"})
    assert clash.status_code == 200 and "code" in clash.context["form"].errors
    assert (
        admin.post(url(alpha, "handbook_preface_edit", number=2), {"title": "手册", "preface": "新序言"}).status_code
        == 302
    )
    part.refresh_from_db()
    section.refresh_from_db()
    draft.refresh_from_db()
    other.refresh_from_db()
    assert (part.title, part.intro, section.title, other.code) == ("物品", "新", "桌面物品", "2.1")
    assert (draft.title, draft.preface) == ("手册", "新序言")
    # A part of V1 is not reachable through the draft's URL.
    v1_part = HandbookVersion.objects.get(number=1, handbook=draft.handbook).parts.first()
    assert admin.get(url(alpha, "handbook_part_edit", number=2, pk=v1_part.pk)).status_code == 404


# -- who may edit -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EDITOR_URLS))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, alpha, beta, name, role):
    target = url(alpha, name, **editor_kwargs(alpha, name))
    response = _login(client, alpha, beta, role).get(target)
    assert response.status_code == EDITOR_URLS[name][role], f"{role} GET {target}"
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["supervision", "viewer", "lead1", "staff1", "other_admin", "anonymous"])
def test_no_one_else_can_post_to_the_editor(client, alpha, beta, role):
    _login(client, alpha, beta, role)
    targets = {name: url(alpha, name, **editor_kwargs(alpha, name)) for name in EDITOR_URLS}
    draft = HandbookVersion.objects.get(handbook__hall=alpha.hall, status=VersionStatus.DRAFT)
    before = snapshot(draft)
    for name, target in targets.items():
        response = client.post(target, {"note": "x", "title": "改了", "code": "1.1", "requirement": "x"})
        assert response.status_code == EDITOR[role], f"{role} POST {name}"
    assert snapshot(draft) == before
    assert HandbookVersion.objects.filter(handbook__hall=alpha.hall).count() == 2


def test_install_the_default_handbook(admin, alpha, monkeypatch):
    """The installer with stand-in content (the real default content is tested with the content itself)."""
    package = types.ModuleType("hallkeeper.standards.content")
    content = types.ModuleType("hallkeeper.standards.content.handbook")
    content.HANDBOOK, content.LAYOUTS, content.QUANTITY_STANDARDS = HANDBOOK, LAYOUTS, QUANTITIES
    package.handbook = content
    package.__path__ = []
    monkeypatch.setitem(sys.modules, "hallkeeper.standards.content", package)
    monkeypatch.setitem(sys.modules, "hallkeeper.standards.content.handbook", content)

    assert admin.get(url(alpha, "handbook_install")).status_code == 200
    response = admin.post(url(alpha, "handbook_install"))
    assert response.status_code == 302 and response["Location"] == url(alpha, "handbook_version", number=1)
    version = HandbookVersion.objects.get(handbook__hall=alpha.hall)
    assert version.status == VersionStatus.PUBLISHED and version.rules.count() == 3
    # A second install changes nothing and says why.
    response = admin.post(url(alpha, "handbook_install"))
    assert response.status_code == 302 and messages_of(response)[-1] == zh("This hall already has a handbook.")
    assert HandbookVersion.objects.filter(handbook__hall=alpha.hall).count() == 1
    with pytest.raises(PermissionDenied):
        services.handbook_install(hall=alpha.hall, user=alpha.users[Role.VIEWER])


# -- pictures -----------------------------------------------------------------------------------


def _png_bytes(size=(40, 30), mode="RGB", colour="red") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, "PNG")
    return out.getvalue()


def _jpeg_with_gps(size=(300, 200), orientation=6) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation  # rotate 90° when shown
    exif[0x010F] = "TestCam"
    exif[0x8825] = {1: "N", 2: (41.0, 7.0, 30.0), 3: "E", 4: (122.0, 59.0, 0.0)}  # GPSInfo: Anshan
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def _upload(data: bytes | None = None, name: str = "photo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, _png_bytes() if data is None else data, content_type=content_type)


def _stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_upload_a_png_and_a_jpeg_without_its_location(admin, alpha, draft, media):
    target = url(alpha, "handbook_rule_images", number=2, key="badge")
    assert admin.get(target).status_code == 200
    response = admin.post(target, {"kind": "reference", "caption": "正确佩戴", "image": _upload()})
    assert response.status_code == 302 and response["Location"] == target
    response = admin.post(
        target,
        {"kind": "counter", "caption": "未佩戴", "image": _upload(_jpeg_with_gps(), "IMG_0001.jpg", "image/jpeg")},
    )
    assert response.status_code == 302

    png, jpeg = RuleImage.objects.filter(rule__version=draft, rule__key="badge").order_by("kind")[::-1]
    assert (png.kind, png.caption, png.width, png.height) == (ImageKind.REFERENCE, "正确佩戴", 40, 30)
    assert jpeg.kind == ImageKind.COUNTER and jpeg.image.name.endswith(".jpg") and "IMG_0001" not in jpeg.image.name
    with Image.open(jpeg.image.path) as stored:
        exif = stored.getexif()
        assert stored.format == "JPEG"
        assert stored.size == (200, 300)  # the orientation was applied, then dropped
        assert not exif.get_ifd(0x8825) and 0x8825 not in exif and 0x0112 not in exif and 0x010F not in exif
        assert b"TestCam" not in Path(jpeg.image.path).read_bytes()
    page = admin.get(target).content.decode()
    assert page.count('data-testid="rule-image"') == 2


def test_big_pictures_are_reduced(alpha, draft):
    clean = validate_image(_upload(_png_bytes((3000, 1500)), "big.png"))
    with Image.open(clean) as image:
        assert image.size == (MAX_SIDE, 1000)


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (20, 20)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"just some words, not a picture", "notes.png", "not_image"),
        (b"", "empty.png", "empty"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "drawing.svg",
            "markup",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "drawing.png", "markup"),
        (_png_bytes() + b"<script>alert(1)</script>", "polyglot.png", "markup"),
        (_png_bytes()[:60], "truncated.png", "not_image"),
        (_png_claiming(100_000, 100_000), "bomb.png", "bomb"),  # over Pillow's own limit
        (_png_claiming(8_000, 6_000), "large.png", "too_many_pixels"),  # 48 million: under Pillow's limit, over ours
        (_gif(), "anim.gif", "format"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(admin, alpha, draft, media, data, name, code):
    target = url(alpha, "handbook_rule_images", number=2, key="badge")
    response = admin.post(target, {"kind": "reference", "image": _upload(data, name)})
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors.get("image", [])] == [code], errors
    assert response.context["form"].errors["image"][0] in response.content.decode()
    assert not RuleImage.objects.filter(rule__version=draft, rule__key="badge").exists()
    assert _stored_files(media) == []


def test_a_real_image_with_too_many_pixels_is_refused(media):
    out = io.BytesIO()
    Image.new("1", (7000, 6000)).save(out, "PNG")  # 42 million pixels in a few kilobytes
    with pytest.raises(ValidationError) as refused:
        validate_image(_upload(out.getvalue(), "scan.png"))
    assert refused.value.code == "too_many_pixels"


def test_oversized_file_is_refused(admin, alpha, draft, media, settings):
    settings.HALLKEEPER_IMAGE_MAX_BYTES = 1000
    big = _jpeg_with_gps((600, 600))
    assert len(big) > 1000
    response = admin.post(
        url(alpha, "handbook_rule_images", number=2, key="badge"), {"kind": "reference", "image": _upload(big)}
    )
    assert response.status_code == 200 and "image" in response.context["form"].errors
    assert not RuleImage.objects.filter(rule__version=draft, rule__key="badge").exists()
    assert _stored_files(media) == []


def test_webp_is_accepted(media):
    out = io.BytesIO()
    Image.new("RGBA", (50, 20), (0, 128, 0, 128)).save(out, "WEBP")
    clean = validate_image(_upload(out.getvalue(), "a.webp", "image/webp"))
    assert clean.name.endswith(".webp")


def test_delete_a_picture_of_the_draft_keeps_the_published_one(admin, alpha, draft):
    image = RuleImage.objects.get(rule__version=draft)
    response = admin.post(url(alpha, "handbook_image_delete", number=2, pk=image.pk))
    assert response.status_code == 302
    assert response["Location"] == url(alpha, "handbook_rule_images", number=2, key="desk-tidy")
    assert not RuleImage.objects.filter(rule__version=draft).exists()
    assert RuleImage.objects.filter(rule__version__number=1, image=image.image.name).exists()
    # A picture of V1 cannot be deleted through the draft's URL.
    v1_image = RuleImage.objects.get(rule__version__number=1)
    assert admin.post(url(alpha, "handbook_image_delete", number=2, pk=v1_image.pk)).status_code == 404


# -- layout standards ---------------------------------------------------------------------------


def _layout_post(layout, slots: list[dict], *, shown: int = 0, **changes) -> dict:
    """POST data of the layout form; the first ``shown`` slots are rows the page showed (the layout's slots)."""
    data = {
        "name": layout.name,
        "position_kind": layout.position_kind,
        "width": layout.width,
        "depth": layout.depth,
        "note": layout.note,
        "slots-TOTAL_FORMS": len(slots),
        "slots-INITIAL_FORMS": shown,
        "slots-MIN_NUM_FORMS": 0,
        "slots-MAX_NUM_FORMS": 1000,
    }
    for i, slot in enumerate(slots):
        row = {"quantity": 1, "colour": "#e9ecef"} | slot
        data.update({f"slots-{i}-{k}": v for k, v in row.items()})
    data.update(changes)
    return data


def _slots(layout) -> list[tuple]:
    return [(s.item, s.x, s.y, s.width, s.depth, s.quantity, s.colour) for s in layout.slots.all()]


MONITOR = {"item": "显示器", "x": 400, "y": 50, "width": 500, "depth": 200}
PEN_POT = {"item": "笔筒", "x": 50, "y": 50, "width": 80, "depth": 80, "quantity": 1, "colour": "#ffe5d0"}


def test_save_a_layout(admin, alpha, draft):
    layout = draft.layouts.get()
    target = url(alpha, "handbook_layout_edit", number=2, pk=layout.pk)
    page = admin.get(target)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    shown = [
        {
            "item": s.item,
            "x": s.x,
            "y": s.y,
            "width": s.width,
            "depth": s.depth,
            "quantity": s.quantity,
            "colour": s.colour,
        }
        for s in layout.slots.all()
    ]
    shown[1]["DELETE"] = "on"  # the keyboard goes
    shown[2]["quantity"] = 2
    blank = {"item": "", "x": "", "y": "", "width": "", "depth": ""}  # an extra row left empty
    response = admin.post(target, _layout_post(layout, [*shown, PEN_POT, blank], shown=3, width=1400))
    assert response.status_code == 302 and response["Location"] == target
    layout.refresh_from_db()
    assert layout.width == 1400
    assert _slots(layout) == [
        ("显示器", 400, 50, 500, 200, 1, "#e9ecef"),  # shown and unchanged: kept
        ("评价器", 1000, 400, 150, 150, 2, "#cfe2ff"),
        ("笔筒", 50, 50, 80, 80, 1, "#ffe5d0"),
    ]


@pytest.mark.parametrize(
    ("slot", "named"),
    [
        ({"item": "评价器", "x": 1100, "y": 400, "width": 150, "depth": 150}, ["评价器"]),  # past the right edge
        ({"item": "水杯", "x": 450, "y": 100, "width": 80, "depth": 80}, ["水杯", "显示器"]),  # on the monitor
    ],
)
def test_layout_slots_outside_or_overlapping_are_refused(admin, alpha, draft, slot, named):
    layout = draft.layouts.get()
    before = _slots(layout)
    response = admin.post(
        url(alpha, "handbook_layout_edit", number=2, pk=layout.pk), _layout_post(layout, [MONITOR, slot])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="not-saved"' in body and 'data-testid="layout-problems"' in body
    for item in named:
        assert any(item in p for p in response.context["problems"]), response.context["problems"]
    layout.refresh_from_db()
    assert _slots(layout) == before and layout.width == 1200


def test_layout_preview_draws_the_posted_slots(admin, alpha, draft):
    layout = draft.layouts.get()
    target = url(alpha, "handbook_layout_preview", number=2, pk=layout.pk)
    response = admin.post(target, _layout_post(layout, [MONITOR, PEN_POT]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "笔筒" in body and "layout-problems" not in body
    overlapping = admin.post(target, _layout_post(layout, [MONITOR, MONITOR | {"item": "水杯"}])).content.decode()
    assert "layout-problems" in overlapping and "水杯" in overlapping
    # A row still being typed is left out, not an error.
    partial = admin.post(target, _layout_post(layout, [MONITOR, {"item": "台历", "x": "", "y": 5}])).content.decode()
    assert "<svg" in partial and "台历" not in partial
    assert layout.slots.count() == 3  # the preview saves nothing
    # A new layout (pk 0) previews too.
    new = admin.post(url(alpha, "handbook_layout_preview", number=2, pk=0), _layout_post(layout, [PEN_POT], name="新"))
    assert new.status_code == 200 and "<svg" in new.content.decode()


def test_create_a_layout(admin, alpha, draft):
    target = url(alpha, "handbook_layout_create", number=2)
    assert admin.get(target).status_code == 200
    blank = Layout(name="抽屉", position_kind="drawer", width=400, depth=450)
    response = admin.post(target, _layout_post(blank, [PEN_POT]))
    assert response.status_code == 302
    layout = draft.layouts.get(name="抽屉")
    assert response["Location"] == url(alpha, "handbook_layout_edit", number=2, pk=layout.pk)
    assert _slots(layout) == [("笔筒", 50, 50, 80, 80, 1, "#ffe5d0")]
    clash = admin.post(target, _layout_post(blank, []))
    assert clash.status_code == 200 and "name" in clash.context["form"].errors


# -- the standard quantity table ----------------------------------------------------------------


def _quantity_post(rows: list[dict], initial: int = 0) -> dict:
    data = {
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": initial,
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update({f"rows-{i}-{k}": v for k, v in ({"unit": "", "note": ""} | row).items()})
    return data


def _quantities(version) -> list[tuple]:
    return [(q.position_kind, q.item, q.quantity, q.unit) for q in version.quantities.all()]


def test_edit_the_quantity_table(admin, alpha, draft):
    target = url(alpha, "handbook_quantities_edit", number=2)
    page = admin.get(target)
    assert page.status_code == 200 and page.context["formset"].initial_form_count() == 3
    rows = [
        {"position_kind": "desk", "item": "签字笔", "quantity": 3, "unit": "支"},  # changed
        {"position_kind": "desk", "item": "文件盒", "quantity": 1, "unit": "个", "DELETE": "on"},  # deleted
        {"position_kind": "cabinet", "item": "文件盒", "quantity": 4, "unit": "个"},
        {"position_kind": "drawer", "item": "印章", "quantity": 1, "unit": "枚"},  # added
        {"position_kind": "", "item": "", "quantity": "", "unit": ""},  # an untouched blank row
    ]
    response = admin.post(target, _quantity_post(rows, initial=3))
    assert response.status_code == 302
    assert sorted(_quantities(draft)) == [
        ("cabinet", "文件盒", 4, "个"),
        ("desk", "签字笔", 3, "支"),
        ("drawer", "印章", 1, "枚"),
    ]


def test_quantity_table_refuses_an_item_twice_for_one_position_kind(admin, alpha, draft):
    before = _quantities(draft)
    rows = [
        {"position_kind": "desk", "item": "签字笔", "quantity": 2},
        {"position_kind": "desk", "item": "签字笔", "quantity": 5},
        {"position_kind": "cabinet", "item": "签字笔", "quantity": 5},  # another kind: fine
    ]
    response = admin.post(url(alpha, "handbook_quantities_edit", number=2), _quantity_post(rows))
    assert response.status_code == 200
    errors = response.context["formset"].non_form_errors()
    assert len(errors) == 1 and "签字笔" in errors[0]
    assert 'data-testid="formset-errors"' in response.content.decode()
    assert _quantities(draft) == before
    with pytest.raises(ValidationError):
        services.quantity_table_save(version=draft, rows=rows, user=alpha.users[Role.ADMIN])
    assert _quantities(draft) == before
