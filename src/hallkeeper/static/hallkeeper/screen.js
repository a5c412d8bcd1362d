/* The big screen: fills the panels from the display link's data URL, refreshes them, rotates them, and goes
 * blank when the link is revoked (the data URL answers 404). Every figure is written with textContent; no HTML
 * is built from strings and nothing is requested from another host. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("screen-config").textContent);
  var text = config.text;
  var timers = [];

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return String(values[key]); });
  }

  function clear(el) {
    while (el.firstChild) { el.removeChild(el.firstChild); }
  }

  function cell(tag, value) {
    var el = document.createElement(tag);
    el.textContent = value === null || value === undefined ? "—" : String(value);
    return el;
  }

  function fillRows(name, rows, columns) {
    var body = document.querySelector('[data-list="' + name + '"]');
    if (!body) { return; }
    clear(body);
    if (!rows.length) {
      var empty = document.createElement("tr");
      var td = cell("td", text.none);
      td.colSpan = columns.length;
      empty.appendChild(td);
      body.appendChild(empty);
      return;
    }
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      columns.forEach(function (column) { tr.appendChild(cell("td", column(row))); });
      body.appendChild(tr);
    });
  }

  function fillList(name, rows) {
    var list = document.querySelector('[data-list="' + name + '"]');
    clear(list);
    if (!rows.length) { list.appendChild(cell("li", text.none)); return; }
    rows.forEach(function (row) { list.appendChild(cell("li", row.name + "  " + (row.score || text.notAssessed))); });
  }

  function field(name, value) {
    var el = document.querySelector('[data-field="' + name + '"]');
    if (el) { el.textContent = value; }
  }

  function score(row) { return row.score === null ? text.notAssessed : row.score; }

  function paintHeat(heat) {
    var status = document.querySelector("[data-heat-status]");
    status.textContent = heat.month + " · " + (heat.provisional ? text.provisional : text.published);
    heat.zones.forEach(function (zone) {
      var group = document.querySelector('g.heatmap-zone[data-zone="' + zone.id + '"]');
      if (!group) { return; }
      group.setAttribute("data-grade", zone.grade || "none");
      group.classList.toggle("heatmap-flag", zone.flag);
      var rect = group.querySelector("rect");
      rect.setAttribute("fill", zone.fill);
      group.querySelector("[data-score]").textContent = zone.score === null ? "—" : zone.score;
      var label = zone.code + " " + zone.name + " · " + (zone.score === null ? text.notAssessed : zone.score);
      group.querySelector("title").textContent = label;
      group.setAttribute("aria-label", label);
      document.querySelectorAll('g.heatmap-window[data-zone="' + zone.id + '"] > rect, g.heatmap-window[data-zone="' + zone.id + '"] > circle').forEach(function (desk) {
        desk.setAttribute("fill", zone.fill);
      });
    });
  }

  function render(data) {
    field("today-summary", fmt(text.checks, { total: data.today.total, zones: data.today.zones }));
    fillRows("today", data.today.rows, [
      function (r) { return r.time; }, function (r) { return r.zone; }, function (r) { return r.kind; },
      function (r) { return r.score === null ? "—" : r.score + (r.grade ? " " + r.grade : ""); }
    ]);
    var period = data.period ? fmt(text.period, { period: data.period }) : "";
    document.querySelector('[data-testid="screen-period"]').textContent = period;
    field("ranking-period", data.period || "");
    fillRows("ranking", data.ranking.zones, [
      function (r) { return r.rank; }, function (r) { return r.name; }, score
    ]);
    field("flag", data.flag.length ? data.flag.map(function (f) { return f.name + " " + (f.score || ""); }).join("、") : text.nobody);
    fillRows("windows", data.ranking.windows, [
      function (r) { return r.rank; }, function (r) { return r.name; }, score
    ]);
    fillList("red", data.red);
    fillList("black", data.black);
    field("notices-open", String(data.notices.open));
    field("notices-overdue", String(data.notices.overdue));
    fillRows("overdue", data.notices.overdue_zones, [
      function (r) { return r.zone; }, function (r) { return r.count; }
    ]);
    paintHeat(data.heatmap);
  }

  function blank() {
    timers.forEach(function (t) { clearInterval(t); });
    timers = [];
    document.querySelectorAll(".screen-header, .screen-main").forEach(function (el) { el.remove(); });
    document.querySelector('[data-testid="screen-gone"]').classList.remove("d-none");
  }

  function refresh() {
    fetch(config.data, { credentials: "omit", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) { blank(); return null; }
        if (!response.ok) { return null; }  // a passing failure: keep the last figures, try again later
        return response.json();
      })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* offline for a moment: keep the last figures */ });
  }

  var panels = Array.prototype.slice.call(document.querySelectorAll(".screen-rotor > .screen-panel"));
  var strip = Array.prototype.slice.call(document.querySelectorAll(".screen-strip li"));
  var current = 0;
  function show(index) {
    current = index % panels.length;
    panels.forEach(function (panel, i) { panel.classList.toggle("is-hidden", i !== current); });
    strip.forEach(function (item, i) { item.classList.toggle("is-current", i === current); });
  }

  function tick() {
    var clock = document.querySelector('[data-testid="screen-clock"]');
    if (clock) { clock.textContent = new Date().toLocaleString(document.documentElement.lang || "zh-CN", { hour12: false }); }
  }

  var button = document.querySelector('[data-testid="fullscreen"]');
  button.addEventListener("click", function () {
    if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
  });
  document.addEventListener("fullscreenchange", function () {
    button.classList.toggle("invisible", Boolean(document.fullscreenElement));
  });

  show(0);
  tick();
  refresh();
  timers.push(setInterval(refresh, config.refresh * 1000));
  timers.push(setInterval(function () { show(current + 1); }, config.rotate * 1000));
  timers.push(setInterval(tick, 1000));
  window.hallkeeperScreen = { show: show, refresh: refresh };
})();
