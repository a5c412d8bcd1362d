"""Every chart is drawn by the one chart script (static/hallkeeper/charts.js) from data attributes."""

from __future__ import annotations

import re
from pathlib import Path

import hallkeeper

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
