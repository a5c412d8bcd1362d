"""The default handbook content (``hallkeeper.standards.content.handbook``) is well-formed plain data.

No database: these tests only read the module's lists and dicts.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from hallkeeper.places.choices import AreaKind, PositionKind
from hallkeeper.standards import choices, clauses
from hallkeeper.standards.content import handbook as content

CHECK_METHODS = {"look", "photo", "count", "spot", "ledger", "system", "after_hours", "cctv", "mystery"}
SEVERITIES = {"minor", "major", "veto"}
AREA_KINDS = set(AreaKind.values)
POSITION_KINDS = set(PositionKind.values)
CLAUSE_CODES = [c.code for c in clauses.CLAUSES]
#: Clauses that must be served; parents 5–10 are served through their sub-clauses.
LEAF_CLAUSES = {c.code for c in clauses.LEAF_CLAUSES}
PART_TITLES = ["物品定置与文档管理", "空间区域与秩序管理", "设施设备与标识标牌管理", "人员行为、岗位职责与监督考核"]
#: Each part's home clauses: every rule of the part serves at least one of them.
PART_CLAUSES = {
    "1": {"8.1", "8.2", "10.1", "10.2", "B"},
    "2": {"4", "6.1", "6.2", "7.1", "7.2", "A"},
    "3": {"6.2", "9.1", "9.2"},
    "4": {"4", "5.1", "5.2", "5.3", "11"},
}
RULE_FIELDS = {
    "key",
    "code",
    "title",
    "requirement",
    "check_method",
    "points",
    "deduction",
    "severity",
    "area_kinds",
    "position_kinds",
    "clauses",
    "example",
    "counter_example",
}
#: Topics the handbook must cover (by stable key); a revision may reword them but not drop them.
REQUIRED_KEYS = {
    "counter-whitelist",
    "desk-layout",
    "desk-position-marks",
    "desk-quantity",
    "drawer-layout",
    "seal-locked",
    "locker-personal-items",
    "file-box-labels",
    "filing-index",
    "clear-desk",
    "confidential-docs",
    "zone-plan-posted",
    "zone-name-signs",
    "zone-owner-sign",
    "floor-lines",
    "one-metre-line",
    "aisles-clear",
    "guidance-desk-staffed",
    "self-service-guided",
    "business-partner-area",
    "window-subareas-signed",
    "assisted-desk",
    "waiting-seats",
    "nursing-room",
    "reading-room",
    "back-office-tidy",
    "asset-ledger",
    "device-tags",
    "cables-tidy",
    "power-off",
    "wayfinding-signs",
    "floor-guidance",
    "warning-signs",
    "entrance-stair-prompts",
    "exits-clear",
    "fire-equipment",
    "accessibility",
    "dress-code",
    "badge",
    "work-discipline",
    "courtesy-language",
    "forbidden-phrases",
    "first-contact",
    "attendance",
    "training",
    "no-quarrel",
    "daily-patrol",
    "rectification-loop",
    "model-window",
    "handbook-revision",
}
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
LAYOUT_KINDS = {"desk", "counter", "drawer", "cabinet"}
QUANTITY_KINDS = {"counter", "desk", "drawer", "cabinet", "file_box", "locker", "form_desk"}


def all_rules():
    for part in content.HANDBOOK["parts"]:
        for section in part["sections"]:
            for rule in section["rules"]:
                yield part, section, rule


RULES = [rule for _part, _section, rule in all_rules()]


def rule_id(rule):
    return rule["key"]


def decimal(value: str) -> Decimal:
    assert isinstance(value, str), f"{value!r} should be a decimal string"
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - reported as a failure
        pytest.fail(f"{value!r} is not a decimal")


# --- module --------------------------------------------------------------------------------------------------------


def test_module_is_plain_data_without_django():
    tree = ast.parse(Path(content.__file__).read_text(encoding="utf-8"))
    imported = [
        alias.name if isinstance(node, ast.Import) else node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name.split(".")[0] in {"django", "hallkeeper"}]


def test_value_sets_match_the_apps():
    assert set(choices.CheckMethod.values) == CHECK_METHODS
    assert set(choices.Severity.values) == SEVERITIES
    assert {"guidance", "self_service", "window_service", "coaching", "intake", "issuing", "assisted"} <= AREA_KINDS
    assert {"desk", "counter", "drawer", "cabinet", "locker", "file_box", "form_desk"} <= POSITION_KINDS


# --- clauses -------------------------------------------------------------------------------------------------------


def test_clauses_in_order_with_titles():
    assert [c["code"] for c in content.CLAUSES] == CLAUSE_CODES
    assert CLAUSE_CODES[0] == "4" and CLAUSE_CODES[-2:] == ["A", "B"]
    assert [(c["code"], c["title"]) for c in content.CLAUSES] == [(c.code, c.title) for c in clauses.CLAUSES]
    assert all(c["title"] and CJK_RE.search(c["title"]) for c in content.CLAUSES)
    titles = {c["code"]: c["title"] for c in content.CLAUSES}
    assert titles["4"] == "管理主体和职责"
    assert titles["11"] == "监督考核"
    assert titles["B"] == "附录B 办公物品存放数量表"


def test_every_leaf_clause_is_served():
    assert len(LEAF_CLAUSES) == 17 and {"4", "5.1", "8.2", "11", "A", "B"} <= LEAF_CLAUSES
    assert not LEAF_CLAUSES & {"5", "6", "7", "8", "9", "10"}
    served = {code for rule in RULES for code in rule["clauses"]}
    assert LEAF_CLAUSES - served == set()


# --- structure -----------------------------------------------------------------------------------------------------


def test_title_and_preface():
    assert content.HANDBOOK["title"] == "政务服务大厅现场管理标准化手册"
    preface = content.HANDBOOK["preface"]
    assert len(preface.split("\n\n")) >= 3
    assert "GB/T 36112-2018" in preface


def test_exactly_four_parts_in_order():
    parts = content.HANDBOOK["parts"]
    assert [p["code"] for p in parts] == ["1", "2", "3", "4"]
    assert [p["title"] for p in parts] == PART_TITLES
    assert all(p["intro"] and CJK_RE.search(p["intro"]) for p in parts)


@pytest.mark.parametrize("part", content.HANDBOOK["parts"], ids=lambda p: p["code"])
def test_parts_have_three_to_six_sections(part):
    assert 3 <= len(part["sections"]) <= 6
    assert all(section["rules"] for section in part["sections"])


def test_rule_count():
    assert len(RULES) >= 84


def test_codes_follow_part_section_numbering():
    for part in content.HANDBOOK["parts"]:
        for s_index, section in enumerate(part["sections"], start=1):
            assert section["code"] == f"{part['code']}.{s_index}"
            assert section["title"]
            for r_index, rule in enumerate(section["rules"], start=1):
                assert rule["code"] == f"{section['code']}.{r_index}"


def test_keys_codes_and_titles_unique():
    for field in ("key", "code", "title"):
        duplicates = [v for v, n in Counter(rule[field] for rule in RULES).items() if n > 1]
        assert duplicates == [], field


def test_required_topics_present():
    assert REQUIRED_KEYS - {rule["key"] for rule in RULES} == set()


def test_veto_rules_three_to_five():
    vetoes = [rule["key"] for rule in RULES if rule["severity"] == "veto"]
    assert 3 <= len(vetoes) <= 5
    assert {"exits-clear", "no-quarrel", "confidential-docs"} <= set(vetoes)


# --- each rule -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_rule_fields(rule):
    assert set(rule) == RULE_FIELDS
    assert KEY_RE.match(rule["key"]) and len(rule["key"]) <= 60
    assert rule["title"] and len(rule["title"]) <= 20
    assert rule["check_method"] in CHECK_METHODS
    assert rule["severity"] in SEVERITIES


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_rule_texts_are_chinese_and_complete(rule):
    for field in ("title", "requirement", "example", "counter_example"):
        assert isinstance(rule[field], str) and rule[field].strip(), field
        assert CJK_RE.search(rule[field]), field
    assert rule["requirement"].endswith("。")
    assert 20 <= len(rule["requirement"]) <= 200
    assert rule["example"] != rule["counter_example"]


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_rule_points_and_deduction(rule):
    points, deduction = decimal(rule["points"]), decimal(rule["deduction"])
    assert Decimal("0") < deduction <= points <= Decimal("10")
    assert points == points.quantize(Decimal("0.1")) and deduction == deduction.quantize(Decimal("0.1"))
    assert "cap" not in rule, "a rule loses at most its points: no cap of its own"


def test_points_follow_severity():
    """Veto rules weigh most, major rules more than minor ones; a veto is lost at the first occurrence."""
    by_severity = {s: [decimal(r["points"]) for r in RULES if r["severity"] == s] for s in SEVERITIES}
    assert max(by_severity["minor"]) < min(by_severity["major"]) <= max(by_severity["major"]) < min(by_severity["veto"])
    for rule in RULES:
        if rule["severity"] == "veto":
            assert decimal(rule["deduction"]) == decimal(rule["points"]), rule["key"]
        else:  # a second occurrence costs the rest of the points
            assert decimal(rule["deduction"]) * 2 == decimal(rule["points"]), rule["key"]


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_rule_kinds_valid(rule):
    assert isinstance(rule["area_kinds"], list) and isinstance(rule["position_kinds"], list)
    assert set(rule["area_kinds"]) <= AREA_KINDS
    assert set(rule["position_kinds"]) <= POSITION_KINDS
    assert len(set(rule["area_kinds"])) == len(rule["area_kinds"])
    assert len(set(rule["position_kinds"])) == len(rule["position_kinds"])


@pytest.mark.parametrize(("part", "rule"), [(p, r) for p, _s, r in all_rules()], ids=lambda x: x.get("key", ""))
def test_rule_clauses_valid_and_in_part(part, rule):
    assert rule["clauses"], "at least one clause"
    assert set(rule["clauses"]) <= set(CLAUSE_CODES)
    assert len(set(rule["clauses"])) == len(rule["clauses"])
    assert set(rule["clauses"]) & PART_CLAUSES[part["code"]], "serves a clause of its own part"


def test_severity_roughly_follows_deduction():
    for rule in RULES:
        if rule["severity"] == "minor":
            assert decimal(rule["deduction"]) <= Decimal("1"), rule["key"]


def test_counter_whitelist_names_every_counter_item():
    whitelist = next(rule for rule in RULES if rule["key"] == "counter-whitelist")["requirement"]
    counter_items = [q["item"] for q in content.QUANTITY_STANDARDS if q["position_kind"] == "counter"]
    assert counter_items
    assert [item for item in counter_items if item not in whitelist] == []


# --- quantity table ------------------------------------------------------------------------------------------------


def test_quantity_rows_valid():
    rows = content.QUANTITY_STANDARDS
    assert 30 <= len(rows) <= 45
    for row in rows:
        assert set(row) == {"item", "position_kind", "quantity", "unit", "note"}
        assert row["item"] and len(row["item"]) <= 60
        assert row["position_kind"] in POSITION_KINDS
        assert isinstance(row["quantity"], int) and not isinstance(row["quantity"], bool) and row["quantity"] > 0
        assert row["unit"] and len(row["unit"]) <= 10
        assert isinstance(row["note"], str) and len(row["note"]) <= 200
    assert {row["position_kind"] for row in rows} >= QUANTITY_KINDS
    pairs = Counter((row["position_kind"], row["item"]) for row in rows)
    assert [pair for pair, n in pairs.items() if n > 1] == []


# --- layouts -------------------------------------------------------------------------------------------------------


def test_one_layout_per_kind():
    assert sorted(layout["position_kind"] for layout in content.LAYOUTS) == sorted(LAYOUT_KINDS)


@pytest.mark.parametrize("layout", content.LAYOUTS, ids=lambda layout: layout["position_kind"])
def test_layout_shape(layout):
    assert set(layout) == {"position_kind", "name", "width", "depth", "note", "slots"}
    assert layout["name"].endswith("定置图")
    assert layout["width"] >= 50 and layout["depth"] >= 50
    assert layout["note"]
    assert 5 <= len(layout["slots"]) <= 10
    for slot in layout["slots"]:
        assert set(slot) == {"item", "x", "y", "width", "depth", "quantity", "colour"}
        assert slot["width"] > 0 and slot["depth"] > 0 and slot["quantity"] > 0
        assert COLOUR_RE.match(slot["colour"])


@pytest.mark.parametrize("layout", content.LAYOUTS, ids=lambda layout: layout["position_kind"])
def test_layout_slots_inside_and_not_overlapping(layout):
    slots = layout["slots"]
    for s in slots:
        assert s["x"] >= 0 and s["y"] >= 0, s["item"]
        assert s["x"] + s["width"] <= layout["width"], s["item"]
        assert s["y"] + s["depth"] <= layout["depth"], s["item"]
    for i, a in enumerate(slots):
        for b in slots[i + 1 :]:
            overlap = (
                a["x"] < b["x"] + b["width"]
                and b["x"] < a["x"] + a["width"]
                and a["y"] < b["y"] + b["depth"]
                and b["y"] < a["y"] + a["depth"]
            )
            assert not overlap, f"{a['item']} overlaps {b['item']}"


@pytest.mark.parametrize("layout", content.LAYOUTS, ids=lambda layout: layout["position_kind"])
def test_layout_items_in_quantity_table(layout):
    kind = layout["position_kind"]
    standard = {q["item"]: q["quantity"] for q in content.QUANTITY_STANDARDS if q["position_kind"] == kind}
    items = [slot["item"] for slot in layout["slots"]]
    assert len(set(items)) == len(items)
    for slot in layout["slots"]:
        assert slot["item"] in standard, slot["item"]
        assert slot["quantity"] <= standard[slot["item"]], slot["item"]


def test_counter_layout_shows_the_whole_whitelist():
    counter = next(layout for layout in content.LAYOUTS if layout["position_kind"] == "counter")
    counter_items = {q["item"] for q in content.QUANTITY_STANDARDS if q["position_kind"] == "counter"}
    assert {slot["item"] for slot in counter["slots"]} == counter_items
