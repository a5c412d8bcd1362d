"""Every chart is drawn by the one chart script (static/hallkeeper/charts.js) from data attributes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

import hallkeeper
from hallkeeper.inspections.choices import GRADE_COLOURS
from hallkeeper.inspections.scoring import Bands, chart_bands

SRC = Path(hallkeeper.__file__).parent
SCRIPT = (SRC / "static" / "hallkeeper" / "charts.js").read_text(encoding="utf-8")
TEMPLATES = [p for p in SRC.rglob("*.html") if "templates" in p.parts]
CHART = re.compile(r"<[^>]*\bdata-chart=\"([^\"]+)\"[^>]*>")


def builders() -> set[str]:
    body = SCRIPT.split("var BUILDERS = {", 1)[1]
    return set(re.findall(r'^    "([a-z-]+)": function', body, flags=re.M))


def chart_elements() -> list[tuple[Path, str, str]]:
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        found += [(path, m.group(1), m.group(0)) for m in CHART.finditer(text)]
    return found


def test_no_template_draws_a_chart_itself():
    drawing = [p.relative_to(SRC) for p in TEMPLATES if "echarts.init" in p.read_text(encoding="utf-8")]
    assert drawing == []


def test_every_chart_names_a_kind_the_script_draws_and_its_figures():
    kinds = builders()
    assert kinds == {"notice-zones", "round-results", "inspection-trend", "site-glance"}
    elements = chart_elements()
    assert {kind for _path, kind, _tag in elements} == kinds  # every builder is used, every chart is known
    for path, kind, tag in elements:
        assert 'data-chart-data="' in tag, f"{path.name}: the {kind} chart names no json_script element"
        source = re.search(r'data-chart-data="([^"]+)"', tag).group(1)
        text = path.read_text(encoding="utf-8")
        assert f'json_script:"{source}"' in text, f"{path.name}: no json_script element {source}"


def test_chart_pages_load_the_chart_script_after_echarts():
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        if "hallkeeper/charts.js" not in text:
            continue
        assert text.index("dist/echarts") < text.index("hallkeeper/charts.js"), path.name


def test_user_text_reaches_tooltips_only_escaped():
    """Tooltip formatters build HTML: the zone names and labels in them go through encodeHTML."""
    assert SCRIPT.count("formatter: function (items)") == 1
    glance = SCRIPT.split('"site-glance"', 1)[1]
    assert "html(data.zones[i] + \" \" + data.names[i])" in glance
    assert "return html(p.name)" in SCRIPT


# -- score axes and grade colours ---------------------------------------------------------------------

NODE = shutil.which("node")

#: Runs the chart script in node with a stand-in for echarts and the page, builds one chart from the
#: figures given on stdin and prints what the y axis starts at for the lowest score, and each item's colour.
HARNESS = r"""
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
let options = null;
const el = {
  getAttribute: (n) => ({"data-chart": input.kind, "data-chart-data": "figures"})[n] || null,
  setAttribute: () => {},
};
global.window = {
  echarts: {init: () => ({setOption: (o) => { options = o; }, on: () => {}}), format: {encodeHTML: String}},
  addEventListener: () => {},
};
global.document = {
  readyState: "complete",
  querySelectorAll: () => [el],
  getElementById: () => ({textContent: JSON.stringify(input.data)}),
  addEventListener: () => {},
};
eval(fs.readFileSync(input.script, "utf8"));
const axis = Array.isArray(options.yAxis) ? options.yAxis[0] : options.yAxis;
const items = options.series.flatMap((s) => s.data.map((d) => d.itemStyle && d.itemStyle.color));
console.log(JSON.stringify({min: axis.min({min: input.lowest, max: 100}), max: axis.max, colours: items}));
"""


def build(kind: str, data: dict, lowest: float) -> dict:
    if NODE is None:
        pytest.skip("node is not installed")
    script = str(SRC / "static" / "hallkeeper" / "charts.js")
    payload = json.dumps({"kind": kind, "data": data, "lowest": lowest, "script": script})
    out = subprocess.run([NODE, "-e", HARNESS], input=payload, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_grade_colours_and_lines_come_from_the_data_not_the_script():
    assert "var GRADE_COLOURS" not in SCRIPT  # the colours are inspections.choices.GRADE_COLOURS, passed as data
    assert "Math.floor(v.min) - 2" not in SCRIPT  # the overview's axis once started at 94
    figures = chart_bands(Bands(excellent=Decimal("96"), good=Decimal("88"), qualified=Decimal("75")))
    assert figures["bands"] == {"excellent": 96.0, "good": 88.0, "qualified": 75.0}
    assert figures["grade_colours"] == {str(g): c for g, c in GRADE_COLOURS.items()}


GLANCE = {
    "zones": ["Z01", "Z02", "Z03", "Z04", "Z05"],
    "names": ["a", "b", "c", "d", "e"],
    "scores": [98.0, 91.0, 80.0, 60.0, None],
    "grades": ["excellent", "good", "qualified", "unqualified", ""],
    "overdue": [0, 0, 0, 0, 0],
    "open": [0, 0, 0, 0, 0],
    **chart_bands(),
}


@pytest.mark.parametrize(
    ("lowest", "base"),
    [
        pytest.param(99.6, 60, id="near scores start below the qualified line"),
        pytest.param(94, 60, id="never the old 94"),
        pytest.param(71, 60, id="just above the line"),
        pytest.param(63, 50, id="a lower score lowers the axis"),
        pytest.param(3, 0, id="never below zero"),
    ],
)
def test_the_overview_axis_starts_below_the_lowest_grade_line(lowest, base):
    built = build("site-glance", GLANCE, lowest)
    assert (built["min"], built["max"]) == (base, 100)


def test_the_overview_bars_are_coloured_by_grade():
    built = build("site-glance", GLANCE, 60)
    assert built["colours"] == ["#198754", "#0d6efd", "#ffc107", "#dc3545", "#adb5bd"]


def test_trend_points_are_coloured_by_their_stored_grade():
    data = {
        "series": [
            {
                "kind": "patrol",
                "name": "巡查",
                "colour": "primary",
                "points": [["2026-07-01 09:00", 99.0, 1, "unqualified"], ["2026-07-02 09:00", 86.0, 2, "good"]],
            }
        ],
        "pass_line": 90.0,
        "start": "2026-07-01",
        "end": "2026-07-31",
        **chart_bands(),
    }
    built = build("inspection-trend", data, 86)
    assert built["min"] == 60
    assert built["colours"] == ["#dc3545", "#0d6efd"]  # a veto at 99 is red, not green
