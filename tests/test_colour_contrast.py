"""Every badge, chip and button reads at WCAG AA (4.5:1 for text): computed from the colours the project
maps states to and the colours the shipped Bootstrap stylesheet gives each class."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from hallkeeper.inspections.choices import DUE_STATE_COLOURS, GRADE_COLOURS, RESULT_COLOURS
from hallkeeper.inspections.kinds import KIND_COLOURS
from hallkeeper.inspections.planning import ROUND_STATE_LABELS
from hallkeeper.rectification.choices import EXTENSION_STATE_COLOURS, NOTICE_STATE_COLOURS, OVERDUE_COLOUR
from hallkeeper.standards.choices import SEVERITY_COLOURS

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "hallkeeper"
BOOTSTRAP = PACKAGE / "static" / "dist" / "bootstrap.min.css"
AA_TEXT = 4.5
PAGE_BACKGROUND = "#ffffff"
THEME = ("primary", "secondary", "success", "danger", "warning", "info", "light", "dark")

#: Every state → colour map of the product, by name (a new map belongs here too).
COLOUR_MAPS = {
    "notice states": {**NOTICE_STATE_COLOURS, "overdue": OVERDUE_COLOUR},
    "extension states": EXTENSION_STATE_COLOURS,
    "inspection kinds": KIND_COLOURS,
    "item results": RESULT_COLOURS,
    "grades": GRADE_COLOURS,
    "due states": DUE_STATE_COLOURS,
    "round states": {state: colour for state, (_label, colour) in ROUND_STATE_LABELS.items()},
    "severities": SEVERITY_COLOURS,
}


# -- colour arithmetic (WCAG 2.x) ------------------------------------------------------------------


def _rgb(value: str) -> tuple[int, int, int]:
    value = value.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#0dcaf0", "#fff") == pytest.approx(1.96, abs=0.01)  # the old 已签收 chip
    assert contrast("#ffc107", "#fff") == pytest.approx(1.63, abs=0.01)  # the old 整改中 chip


# -- the stylesheet --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def css() -> str:
    if not BOOTSTRAP.exists():
        pytest.skip("the front-end build has not run (make setup)")
    return BOOTSTRAP.read_text(encoding="utf-8")


def _rule(css: str, selector: str) -> str:
    match = re.search(r"(?:^|[}/])" + re.escape(selector) + r"\{([^}]*)\}", css)
    assert match, f"no rule {selector} in the stylesheet"
    return match.group(1)


def _prop(body: str, name: str) -> str:
    match = re.search(r"(?:^|;)" + re.escape(name) + r":([^;!]+)", body)
    assert match, f"no {name} in {body[:80]}"
    return match.group(1).strip()


def _theme(css: str, colour: str) -> str:
    match = re.search(r"--bs-" + colour + r":(#[0-9a-fA-F]{3,6})[;}]", css)  # the light theme comes first
    assert match, f"no --bs-{colour} in the stylesheet"
    return match.group(1)


def pair(css: str, cls: str) -> tuple[str, str]:
    """(text colour, background colour) the stylesheet gives an element of class ``cls`` on the page."""
    if m := re.fullmatch(r"text-bg-(\w+)", cls):
        return _prop(_rule(css, f".{cls}"), "color"), _theme(css, m.group(1))
    if re.fullmatch(r"btn-outline-\w+", cls):
        return _prop(_rule(css, f".{cls}"), "--bs-btn-color"), PAGE_BACKGROUND
    if re.fullmatch(r"btn-\w+", cls):
        body = _rule(css, f".{cls}")
        return _prop(body, "--bs-btn-color"), _prop(body, "--bs-btn-bg")
    if m := re.fullmatch(r"(?:text|link)-(\w+)", cls):
        return _theme(css, m.group(1)), PAGE_BACKGROUND
    raise AssertionError(f"no rule for {cls}")


# -- the colour maps -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COLOUR_MAPS))
def test_every_mapped_colour_reads_as_a_badge_and_a_filled_chip(css, name):
    for key, colour in COLOUR_MAPS[name].items():
        assert colour in THEME, f"{name}: {key} → {colour} is not a theme colour"
        for cls in (f"text-bg-{colour}", f"btn-{colour}"):
            ratio = contrast(*pair(css, cls))
            assert ratio >= AA_TEXT, f"{name}: {key} as .{cls} has contrast {ratio:.2f}:1"


# -- the templates ---------------------------------------------------------------------------------

#: Text colour classes written out in a template, and those built from a state's colour.
LITERAL = re.compile(r"\b((?:text-bg|btn-outline|btn|text|link)-(?:" + "|".join(THEME) + r"))\b(?!-)")
DYNAMIC = re.compile(r"\b(btn-outline|btn|text-bg|link)-\{\{")


def _templates() -> list[Path]:
    return sorted(PACKAGE.rglob("templates/**/*.html"))


def test_every_colour_class_in_the_templates_meets_aa(css):
    failures = []
    for path in _templates():
        for cls in sorted(set(LITERAL.findall(path.read_text(encoding="utf-8")))):
            if cls in {"text-light", "link-light"}:  # light text, only ever on a dark background
                continue
            ratio = contrast(*pair(css, cls))
            if ratio < AA_TEXT:
                failures.append(f"{path.relative_to(PACKAGE)}: .{cls} {ratio:.2f}:1")
    assert not failures, failures


def test_state_colours_only_fill_badges_and_chips(css):
    """A state's colour may be any theme colour, so templates use it only where every one reads: as a
    filled badge or button (checked above), never as outline or link text on white."""
    wrong = [
        f"{path.relative_to(PACKAGE)}: {m}"
        for path in _templates()
        for m in DYNAMIC.findall(path.read_text(encoding="utf-8"))
        if m not in {"text-bg", "btn"}
    ]
    assert not wrong, wrong


@pytest.mark.django_db
def test_the_notice_chips_as_rendered_meet_aa(client, alpha, css):
    from .inspection_data import issued_notice
    from .standards_data import install_tiny_handbook

    install_tiny_handbook(alpha.hall)
    issued_notice(alpha)
    client.force_login(alpha.users["supervision"])
    for query in ("", "?state=acknowledged", "?state=rectifying"):
        body = client.get(reverse("notice_list", kwargs={"hall": alpha.hall.code}) + query).content.decode()
        chips = re.findall(r'<a class="btn btn-sm ([\w-]+)"[^>]*data-testid="chip-(\w+)">', body)
        badges = re.findall(r'<span class="badge rounded-pill ([\w-]+)" data-testid="chip-count">', body)
        assert len(chips) == 9 and len(badges) == 9
        for cls, key in chips:
            assert contrast(*pair(css, cls)) >= AA_TEXT, f"chip {key}: .{cls}"
        for cls in badges:
            assert contrast(*pair(css, cls)) >= AA_TEXT, f"chip count .{cls}"
