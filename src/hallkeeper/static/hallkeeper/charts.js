/* Every chart of the product, drawn from data attributes: a chart element names its kind
   (data-chart), the json_script element holding its figures (data-chart-data) and carries its
   translated words as data-label-* attributes. No page has a chart script of its own, so the
   Content-Security-Policy needs no inline script for charts, and user text (zone names, codes)
   reaches a tooltip only through echarts.format.encodeHTML or as plain series data. */
(function () {
  "use strict";

  // Bootstrap's colours by name (the inspection-kind table and the grades use these names).
  var PALETTE = {
    primary: "#0d6efd", secondary: "#6c757d", success: "#198754", info: "#0dcaf0",
    warning: "#ffc107", danger: "#dc3545", dark: "#212529", orange: "#fd7e14"
  };
  var NO_GRADE = "#adb5bd";

  function label(el, name) {
    return el.getAttribute("data-label-" + name) || "";
  }
  function html(text) {
    return window.echarts.format.encodeHTML(String(text));
  }
  function dash(v) {
    return v === null || v === undefined ? "—" : v;
  }

  /* Grades: the chart's data carries the hall's bands ({excellent, good, qualified}) and each grade's
     colour name (inspections/choices.py GRADE_COLOURS, the one table of them), so no grade line or
     colour is written here. */
  function gradeOf(score, bands) {
    if (score === null || score === undefined || !bands) return "";
    if (score >= bands.excellent) return "excellent";
    if (score >= bands.good) return "good";
    if (score >= bands.qualified) return "qualified";
    return "unqualified";
  }
  function gradeColour(data, grade) {
    var name = (data.grade_colours || {})[grade];
    return (name && PALETTE[name]) || NO_GRADE;
  }
  /* A score axis starts below the lowest grade line (qualified) with a margin, lower still when a
     score is lower: never auto-scaled to the data, so two near scores do not look far apart. */
  function scoreAxisMin(data) {
    var floor = data.bands ? data.bands.qualified : 70;
    return function (v) {
      var low = Math.min(floor, isFinite(v.min) ? v.min : floor);
      return Math.max(0, Math.floor((low - 5) / 10) * 10);
    };
  }
  /* The grade lines as dashed marks on a score axis. */
  function bandLines(data) {
    if (!data.bands) return [];
    return ["excellent", "good", "qualified"].map(function (g) {
      return {yAxis: data.bands[g], lineStyle: {color: gradeColour(data, g), type: "dotted"}, label: {show: false}};
    });
  }

  var BUILDERS = {
    /* Notices per zone: open and overdue as bars, the average days to close as dots on a second axis. */
    "notice-zones": function (d) {
      return {
        tooltip: {trigger: "axis"},
        legend: {top: 0},
        grid: {left: 36, right: 40, top: 36, bottom: 28, containLabel: true},
        xAxis: {type: "category", data: d.zones, axisLabel: {interval: 0, rotate: d.zones.length > 8 ? 45 : 0}},
        yAxis: [{type: "value", minInterval: 1}, {type: "value", splitLine: {show: false}}],
        series: [
          {name: d.labels.open, type: "bar", data: d.open, color: PALETTE.primary},
          {name: d.labels.overdue, type: "bar", data: d.overdue, color: PALETTE.danger},
          {name: d.labels.average, type: "scatter", symbol: "diamond", symbolSize: 14, yAxisIndex: 1,
           data: d.average, color: PALETTE.success, tooltip: {valueFormatter: dash}}
        ]
      };
    },

    /* An acceptance round's results as a ring. */
    "round-results": function (data) {
      return {
        tooltip: {trigger: "item", formatter: function (p) {
          return html(p.name) + ": " + p.value + " (" + p.percent + "%)";
        }},
        legend: {bottom: 0, type: "scroll"},
        series: [{
          type: "pie", radius: ["40%", "70%"], center: ["50%", "42%"], label: {formatter: "{c}"},
          data: data.map(function (d) { return {name: d.name, value: d.value, itemStyle: {color: d.colour}}; })
        }]
      };
    },

    /* Scores over time, one line per inspection kind, with the pass line; a point opens its inspection. */
    "inspection-trend": function (data, el, chart) {
      var series = data.series.map(function (s, n) {
        var line = {
          name: s.name, type: "line", showSymbol: true, symbolSize: 7,
          color: PALETTE[s.colour] || PALETTE.secondary,
          // each point coloured by its stored grade (a veto is "unqualified" whatever the score)
          data: s.points.map(function (p) {
            return {value: [p[0], p[1]], id: p[2],
              itemStyle: {color: gradeColour(data, p[3] || gradeOf(p[1], data.bands))}};
          })
        };
        if (n === 0) {
          line.markLine = {silent: true, symbol: "none", lineStyle: {color: PALETTE.danger, type: "dashed"},
            label: {position: "insideEndTop", formatter: label(el, "pass-line") + " " + data.pass_line},
            data: [{yAxis: data.pass_line}].concat(bandLines(data))};
        }
        return line;
      });
      var base = el.getAttribute("data-detail-base") || "";
      if (base) {
        chart.on("click", function (p) {
          if (p.data && p.data.id) window.location = base.replace(/\/0\/$/, "/" + p.data.id + "/");
        });
      }
      return {
        tooltip: {trigger: "axis"},
        legend: {top: 0},
        grid: {left: 36, right: 16, top: 32, bottom: 28},
        xAxis: {type: "time", min: data.start, max: data.end},
        yAxis: {type: "value", max: 100, min: scoreAxisMin(data)},
        series: series
      };
    },

    /* The overview's glance: each zone's average score coloured by grade, overdue notices flagged. */
    "site-glance": function (data, el) {
      return {
        grid: {left: 36, right: 12, top: 28, bottom: 40},
        tooltip: {trigger: "axis", formatter: function (items) {
          var i = items[0].dataIndex;
          return html(data.zones[i] + " " + data.names[i]) +
            "<br>" + html(label(el, "average")) + ": " + dash(data.scores[i]) +
            "<br>" + html(label(el, "open")) + ": " + data.open[i] +
            " · " + html(label(el, "overdue")) + ": " + data.overdue[i];
        }},
        xAxis: {type: "category", data: data.zones, axisLabel: {rotate: 45, fontSize: 10}},
        yAxis: {type: "value", max: 100, min: scoreAxisMin(data)},
        series: [{
          type: "bar",
          data: data.scores.map(function (s, i) {
            return {value: s, itemStyle: {color: gradeColour(data, data.grades[i] || gradeOf(s, data.bands))}};
          }),
          markLine: {silent: true, symbol: "none", data: bandLines(data)},
          label: {show: true, position: "top", fontSize: 10, formatter: function (p) {
            return data.overdue[p.dataIndex] ? "⚠" + data.overdue[p.dataIndex] : "";
          }}
        }]
      };
    }
  };

  function draw(el) {
    if (!window.echarts || el.getAttribute("data-chart-drawn")) return;
    var build = BUILDERS[el.getAttribute("data-chart")];
    var source = document.getElementById(el.getAttribute("data-chart-data") || "");
    if (!build || !source) return;
    var chart = window.echarts.init(el);
    chart.setOption(build(JSON.parse(source.textContent), el, chart));
    el.setAttribute("data-chart-drawn", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  } else {
    drawAll();
  }
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
