"""A tiny handbook as plain data, for tests that must not depend on the default content."""

from __future__ import annotations

import copy

TINY_HANDBOOK = {
    "title": "测试手册",
    "preface": "用于测试的手册。",
    "parts": [
        {
            "code": "1",
            "title": "物品定置与文档管理",
            "intro": "",
            "sections": [
                {
                    "code": "1.1",
                    "title": "窗口台面",
                    "rules": [
                        {
                            "key": "counter-whitelist",
                            "code": "1.1.1",
                            "title": "台面物品白名单",
                            "requirement": "台面仅摆放评价器、暂停服务牌和便民笔。",
                            "check_method": "look",
                            "points": "20",
                            "deduction": "0.5",
                            "cap": "2",
                            "severity": "minor",
                            "area_kinds": ["coaching"],
                            "position_kinds": ["counter"],
                            "clauses": ["8.2", "B"],
                            "example": "台面整洁。",
                            "counter_example": "台面堆放水杯。",
                        },
                        {
                            "key": "seal-locked",
                            "code": "1.1.2",
                            "title": "印章离岗加锁",
                            "requirement": "离开座位时印章锁入抽屉。",
                            "check_method": "spot",
                            "points": "70",
                            "deduction": "1",
                            "cap": None,
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": ["drawer"],
                            "clauses": ["8.2", "10.2"],
                        },
                    ],
                }
            ],
        },
        {
            "code": "2",
            "title": "空间区域与秩序管理",
            "intro": "",
            "sections": [
                {
                    "code": "2.1",
                    "title": "通道与安全",
                    "rules": [
                        {
                            "key": "exit-clear",
                            "code": "2.1.1",
                            "title": "安全出口畅通",
                            "requirement": "安全出口和疏散通道不得堆放物品。",
                            "check_method": "look",
                            "points": "30",
                            "deduction": "2",
                            "cap": "2",
                            "severity": "veto",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["6.2", "9.2"],
                        }
                    ],
                }
            ],
        },
    ],
}

TINY_LAYOUTS = [
    {
        "position_kind": "counter",
        "name": "窗口台面定置图",
        "width": 1400,
        "depth": 400,
        "slots": [
            {"item": "评价器", "x": 100, "y": 100, "width": 200, "depth": 150, "quantity": 1, "colour": "#cfe2ff"},
            {"item": "暂停服务牌", "x": 400, "y": 100, "width": 200, "depth": 100, "quantity": 1},
        ],
    }
]

TINY_QUANTITIES = [
    {"item": "评价器", "position_kind": "counter", "quantity": 1, "unit": "台"},
    {"item": "暂停服务牌", "position_kind": "counter", "quantity": 1, "unit": "块"},
]


def tiny() -> tuple[dict, list, list]:
    return copy.deepcopy(TINY_HANDBOOK), copy.deepcopy(TINY_LAYOUTS), copy.deepcopy(TINY_QUANTITIES)


def install_tiny_handbook(hall, user=None):
    """A published V1 of the tiny handbook in ``hall``."""
    from hallkeeper.standards.defaults import fill_version
    from hallkeeper.standards.models import Handbook, HandbookVersion
    from hallkeeper.standards.services import publish_version

    handbook_data, layouts, quantities = tiny()
    handbook, _ = Handbook.objects.get_or_create(hall=hall, defaults={"title": handbook_data["title"]})
    version = HandbookVersion.objects.create(handbook=handbook, number=1, title=handbook_data["title"])
    fill_version(version, handbook_data, layouts, quantities)
    return publish_version(version=version, user=user, note="首版")


def add_rule_picture(rule, colour: str = "green", kind: str = "reference"):
    """A stored reference photo (or counter-example) of ``rule``, cleaned like an upload."""
    import io

    from PIL import Image

    from hallkeeper.core.uploads import validate_image
    from hallkeeper.standards.models import RuleImage

    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    out.seek(0)
    picture = RuleImage(rule=rule, kind=kind)
    clean = validate_image(out)
    picture.image.save(clean.name, clean, save=True)
    return picture
