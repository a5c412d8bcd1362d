/* The leaders' dashboard's charts: the monthly trend (the hall and each zone; the provisional month dashed)
   and the Pareto of failed rules. Figures come from json_script elements; a click on a zone's line opens the
   zone, a click on a rule's bar opens the rule in the handbook. User text reaches a tooltip only through
   echarts.format.encodeHTML. No inline script: the page's CSP forbids it. */
(function () {
  "use strict";

  var PALETTE = {
    primary: "#0d6efd", secondary: "#6c757d", success: "#198754", info: "#0dcaf0",
    warning: "#ffc107", danger: "#dc3545", dark: "#212529"
  };

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function html(text) {
    return window.echarts.format.encodeHTML(String(text));
  }
  function bandLines(data) {
    if (!data.bands) return [];
    return ["excellent", "good", "qualified"].map(function (g) {
      var colour = PALETTE[(data.grade_colours || {})[g]] || PALETTE.secondary;
      return {yAxis: data.bands[g], lineStyle: {color: colour, type: "dotted"}, label: {show: false}};
    });
  }
  function axisMin(data) {
    var floor = data.bands ? data.bands.qualified : 70;
    return function (v) {
      var low = Math.min(floor, isFinite(v.min) ? v.min : floor);
      return Math.max(0, Math.floor((low - 5) / 10) * 10);
    };
  }
  function draw(el, option) {
    var chart = window.echarts.init(el);
    option.animation = false;  // drawn at once: a click lands on the bar it sees
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  /* One line per zone and a bold one for the hall; the provisional month's points are hollow and the segment
     leading to them dashed (a second, dashed series over the last two months). */
  function trend(el, data) {
    var provisional = data.provisional.indexOf(true);
    var mark = el.getAttribute("data-label-provisional") || "";
    var zoneOf = [];  // the zone id of each series, by series index (null: the hall)
    function lines(name, scores, id, style) {
      var solid = scores.map(function (v, i) { return provisional >= 0 && i >= provisional ? null : v; });
      var out = [Object.assign({name: name, type: "line", data: solid, connectNulls: false}, style)];
      zoneOf.push(id);
      if (provisional >= 0) {
        var dashed = scores.map(function (v, i) { return i >= provisional - 1 ? v : null; });
        zoneOf.push(id);
        out.push(Object.assign({name: name, type: "line", data: dashed, symbol: "emptyCircle",
          lineStyle: Object.assign({}, style.lineStyle || {}, {type: "dashed"})}, {color: style.color}));
      }
      return out;
    }
    var series = lines(data.hall.name, data.hall.scores, null,
      {color: PALETTE.dark, lineStyle: {width: 4}, z: 5, markLine: {silent: true, symbol: "none", data: bandLines(data)}});
    data.zones.forEach(function (z) {
      series = series.concat(lines(z.name, z.scores, z.id, {lineStyle: {width: 1.5}, emphasis: {focus: "series"}}));
    });
    var chart = draw(el, {
      tooltip: {trigger: "item", formatter: function (p) {
        var text = html(p.seriesName) + "<br>" + html(p.name) + ": " + (p.value === null ? "—" : p.value);
        return data.provisional[p.dataIndex] ? text + " (" + html(mark) + ")" : text;
      }},
      legend: {type: "scroll", top: 0},
      grid: {left: 36, right: 16, top: 36, bottom: 28},
      xAxis: {type: "category", data: data.months.map(function (m, i) {
        return data.provisional[i] ? m + "*" : m;
      })},
      yAxis: {type: "value", max: 100, min: axisMin(data)},
      series: series
    });
    var base = el.getAttribute("data-zone-base") || "";
    chart.on("click", function (p) {
      var id = zoneOf[p.seriesIndex];
      if (id && base) window.location = base.replace(/\/0\/$/, "/" + id + "/");
    });
  }

  /* Findings per rule as bars, the cumulative share as a line on a second axis; a bar opens its rule. */
  function paretoChart(el, data) {
    var chart = draw(el, {
      tooltip: {trigger: "axis", formatter: function (items) {
        var i = items[0].dataIndex;
        return html(data.rules[i] + " " + data.titles[i]) + "<br>" +
          html(el.getAttribute("data-label-findings")) + ": " + data.counts[i] + "<br>" +
          html(el.getAttribute("data-label-cumulative")) + ": " + data.cumulative[i];
      }},
      grid: {left: 36, right: 40, top: 20, bottom: 40, containLabel: true},
      xAxis: {type: "category", data: data.rules, axisLabel: {rotate: data.rules.length > 6 ? 45 : 0, fontSize: 10}},
      yAxis: [{type: "value", minInterval: 1}, {type: "value", max: 100, splitLine: {show: false}}],
      series: [
        {name: el.getAttribute("data-label-findings"), type: "bar", data: data.counts, color: PALETTE.danger, cursor: "pointer", barMaxWidth: 48},
        {name: el.getAttribute("data-label-cumulative"), type: "line", yAxisIndex: 1, data: data.cumulative, color: PALETTE.primary}
      ]
    });
    chart.on("click", function (p) {
      if (p.seriesType === "bar" && data.urls[p.dataIndex]) window.location = data.urls[p.dataIndex];
    });
  }

  function start() {
    if (!window.echarts) return;
    var el = document.getElementById("leaders-trend");
    var data = read("leaders-trend-data");
    if (el && data) trend(el, data);
    el = document.getElementById("leaders-pareto");
    data = read("leaders-pareto-data");
    if (el && data && data.counts.length) paretoChart(el, data);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
