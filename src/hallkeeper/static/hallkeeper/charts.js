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
  var GRADE_COLOURS = {excellent: "#198754", good: "#0d6efd", qualified: "#ffc107", unqualified: "#dc3545"};

  function label(el, name) {
    return el.getAttribute("data-label-" + name) || "";
  }
  function html(text) {
    return window.echarts.format.encodeHTML(String(text));
  }
  function dash(v) {
    return v === null || v === undefined ? "—" : v;
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
          name: s.name, type: "line", showSymbol: true, symbolSize: 6,
          color: PALETTE[s.colour] || PALETTE.secondary,
          data: s.points.map(function (p) { return {value: [p[0], p[1]], id: p[2]}; })
        };
        if (n === 0) {
          line.markLine = {silent: true, symbol: "none", lineStyle: {color: PALETTE.danger, type: "dashed"},
            label: {position: "insideEndTop", formatter: label(el, "pass-line") + " " + data.pass_line},
            data: [{yAxis: data.pass_line}]};
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
        yAxis: {type: "value", max: 100, min: function (v) {
          return Math.max(0, Math.floor(Math.min(v.min, data.pass_line) / 10) * 10 - 10);
        }},
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
        yAxis: {type: "value", max: 100, min: function (v) { return Math.max(0, Math.floor(v.min) - 2); }},
        series: [{
          type: "bar",
          data: data.scores.map(function (s, i) {
            return {value: s, itemStyle: {color: GRADE_COLOURS[data.grades[i]] || "#adb5bd"}};
          }),
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
