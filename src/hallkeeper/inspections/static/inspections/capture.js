/* Hallkeeper inspection capture: every tap is saved at once; what fails to send (no connection)
   waits in localStorage, keyed by inspection, and is sent again when the connection is back or
   the page is opened again. The server's state is the truth: each answer updates the page from
   the server's reply. No framework, no build step. */
(function () {
  "use strict";

  // -- start page: tick a whole section of the rule picker ---------------------------------
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-select-section]")) {
      var group = box.closest("[data-section-group]");
      group.querySelectorAll("input[name=rule_keys]").forEach(function (rule) { rule.checked = box.checked; });
    }
  });

  var root = document.getElementById("capture");
  if (!root) return;

  var inspection = root.dataset.inspection;
  var storeKey = "hallkeeper:capture:" + inspection;
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var msg = function (name) { return root.dataset["msg" + name] || ""; };
  var inFlight = 0;

  // -- the offline queue -----------------------------------------------------------------
  function readQueue() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function writeQueue(queue) {
    try {
      if (Object.keys(queue).length) localStorage.setItem(storeKey, JSON.stringify(queue));
      else localStorage.removeItem(storeKey);
    } catch (e) { /* private mode or full: the change is still on screen */ }
  }
  function enqueue(key, url, fields) {
    var queue = readQueue();
    queue[key] = { url: url, fields: fields, at: Date.now() };  // the latest state of a key wins
    writeQueue(queue);
  }
  function dequeue(key) {
    var queue = readQueue();
    delete queue[key];
    writeQueue(queue);
  }
  function pendingCount() { return Object.keys(readQueue()).length; }

  // -- the sync status in the header ---------------------------------------------------
  var status = document.getElementById("sync-status");
  function showStatus() {
    var waiting = pendingCount();
    var icon = "bi-cloud-check", text = msg("Saved"), cls = "text-success";
    if (inFlight > 0) { icon = "bi-arrow-repeat"; text = msg("Saving"); cls = "text-muted"; }
    if (waiting > 0) {
      icon = "bi-cloud-slash"; cls = "is-waiting";
      text = msg("Waiting").replace("{n}", waiting);
      if (!navigator.onLine) text += " · " + msg("Offline");
    }
    status.className = "sync-status " + cls;
    var glyph = document.createElement("i");
    glyph.className = "bi " + icon;
    var span = document.createElement("span");
    span.textContent = text;
    status.replaceChildren(glyph, " ", span);
    status.dataset.waiting = String(waiting);
  }

  // -- talking to the server -----------------------------------------------------------
  function toForm(fields) {
    var data = new FormData();
    Object.keys(fields).forEach(function (name) {
      var value = fields[name];
      if (Array.isArray(value)) value.forEach(function (v) { data.append(name, v); });
      else data.append(name, value == null ? "" : value);
    });
    return data;
  }

  /* POST; resolves to {ok, status, body}; rejects only when the request did not reach the server.
     Requests go one at a time, in the order of the taps: each carries an item's whole state, so a
     later tap must never be overtaken by an earlier one. */
  var line = Promise.resolve();
  function post(url, body) {
    inFlight++;
    showStatus();
    var run = function () {
      return fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          return { ok: response.ok, status: response.status, body: json };
        });
      });
    };
    var request = line.then(run, run);
    line = request.catch(function () {});
    return request.finally(function () { inFlight--; showStatus(); });
  }

  /* Send a change that may wait offline: a network failure (or a server hiccup) queues it. */
  function send(key, url, fields, onReply) {
    return post(url, toForm(fields)).then(function (reply) {
      if (reply.status >= 500) { enqueue(key, url, fields); showStatus(); return; }
      dequeue(key);
      onReply(reply);
      showStatus();
    }, function () {
      enqueue(key, url, fields);
      showStatus();
    });
  }

  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) return;
    var queue = readQueue();
    var keys = Object.keys(queue).sort(function (a, b) { return queue[a].at - queue[b].at; });
    if (!keys.length) return;
    flushing = true;
    var next = function (i) {
      if (i >= keys.length) { flushing = false; showStatus(); return; }
      var entry = queue[keys[i]];
      post(entry.url, toForm(entry.fields)).then(function (reply) {
        if (reply.status >= 500) { flushing = false; return; }
        dequeue(keys[i]);
        var handler = replyHandlers[keys[i].split(":")[0]];
        if (handler) handler(keys[i], reply);
        next(i + 1);
      }, function () { flushing = false; showStatus(); });
    };
    next(0);
  }

  // -- progress in the header ------------------------------------------------------------
  function showProgress(p) {
    if (!p) return;
    var set = function (name, value) {
      root.querySelectorAll('[data-progress="' + name + '"]').forEach(function (el) { el.textContent = value; });
    };
    set("score", p.score);
    set("deduction", p.deduction);
    set("answered", p.answered);
    set("total", p.total);
    var grade = root.querySelector('[data-progress="grade"]');
    if (grade) { grade.textContent = p.grade_label; grade.className = "badge text-bg-" + p.grade_colour; }
    var bar = root.querySelector('[data-progress="bar"]');
    if (bar) bar.style.width = (p.total ? Math.round(100 * p.answered / p.total) : 0) + "%";
    var veto = root.querySelector('[data-progress="veto"]');
    if (veto) veto.classList.toggle("d-none", !p.veto_failed);
    root.querySelectorAll("details.part-group").forEach(function (part) {
      var cards = part.querySelectorAll("[data-item]");
      var done = part.querySelectorAll('[data-item]:not([data-result=""])').length;
      var badge = part.querySelector("[data-part-count]");
      if (badge) badge.textContent = done + "/" + cards.length;
    });
  }

  // -- items ------------------------------------------------------------------------------
  function card(id) { return document.getElementById("item-" + id); }

  function showResult(el, result) {
    el.dataset.result = result || "";
    el.classList.remove("is-pass", "is-fail", "is-na");
    if (result) { el.classList.add("is-" + result); el.classList.remove("is-missing"); }
    el.querySelectorAll(".answer-btn").forEach(function (button) {
      var on = button.value === result;
      button.classList.toggle("active", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    var block = el.querySelector("[data-fail-block]");
    if (block) block.hidden = result !== "fail";
  }

  function showItem(state) {
    var el = card(state.id);
    if (!el) return;
    showResult(el, state.result);
    var occ = el.querySelector("input[name=occurrences]");
    if (occ && state.occurrences != null && document.activeElement !== occ) occ.value = state.occurrences;
    var ded = el.querySelector("[data-deduction]");
    if (ded) ded.textContent = state.deduction || "0";
    el.classList.remove("is-pending");
  }

  function showItemError(el, text) {
    var box = el.querySelector(".item-error");
    if (!box) return;
    box.textContent = text || "";
    box.hidden = !text;
  }

  function itemFields(el) {
    var form = el.querySelector("form[data-answer]");
    var fields = { result: el.dataset.result || "" };
    ["occurrences", "note", "window", "position"].forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input && input.tagName) fields[name] = input.value;
    });
    if (fields.result !== "fail") delete fields.occurrences;
    return fields;
  }

  var replyHandlers = {
    item: function (key, reply) {
      var el = card(key.split(":")[1]);
      if (!el) return;
      if (reply.body && reply.body.item) showItem(reply.body.item);
      showItemError(el, reply.ok ? "" : (reply.body.error || msg("Error")));
      showProgress(reply.body && reply.body.progress);
    },
    count: function (key, reply) {
      var parts = key.split(":");
      root.querySelectorAll("form[data-count]").forEach(function (form) {
        if (form.elements.position.value === parts[1] && form.elements.standard.value === parts[2]) {
          showCount(form, reply);
        }
      });
    },
  };

  function saveItem(el) {
    var form = el.querySelector("form[data-answer]");
    var key = "item:" + el.dataset.item;
    el.classList.add("is-pending");
    showItemError(el, "");
    return send(key, form.action, itemFields(el), function (reply) { replyHandlers.item(key, reply); });
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest(".answer-btn");
    if (button) {
      event.preventDefault();
      var el = button.closest("[data-item]");
      showResult(el, button.value);
      saveItem(el);
      return;
    }
    var step = event.target.closest("[data-step]");
    if (step) {
      var input = step.parentElement.querySelector("input");
      var value = parseInt(input.value, 10);
      if (isNaN(value)) value = 1;
      input.value = Math.max(1, Math.min(99, value + parseInt(step.dataset.step, 10)));
      saveItem(step.closest("[data-item]"));
    }
  });

  root.addEventListener("change", function (event) {
    var target = event.target;
    if (target.form && target.form.matches("form[data-count]")) { saveCount(target.form); return; }
    if (target.matches("input[type=file]")) { uploadPhotos(target.form); return; }
    var el = target.closest("[data-item]");
    if (el && target.getAttribute("form") && target.getAttribute("form").indexOf("answer-") === 0) saveItem(el);
  });

  // -- counts ---------------------------------------------------------------------------
  function showCount(form, reply) {
    var box = form.parentElement.querySelector(".count-error");
    if (!reply.ok) {
      if (box) { box.textContent = reply.body.error || msg("Error"); box.hidden = false; }
      form.classList.remove("is-match");
      form.classList.add("is-mismatch");
      return;
    }
    if (box) { box.textContent = ""; box.hidden = true; }
    var matches = reply.body.matches;
    form.classList.toggle("is-match", matches === true);
    form.classList.toggle("is-mismatch", matches === false);
  }

  function saveCount(form) {
    var fields = {
      position: form.elements.position.value,
      standard: form.elements.standard.value,
      counted: form.elements.counted.value.trim(),
    };
    var key = "count:" + fields.position + ":" + fields.standard;
    var quantity = parseInt(form.dataset.quantity, 10);
    var value = /^\d+$/.test(fields.counted) ? parseInt(fields.counted, 10) : null;
    form.classList.toggle("is-match", value !== null && value === quantity);
    form.classList.toggle("is-mismatch", value !== null && value !== quantity);
    return send(key, form.action, fields, function (reply) { showCount(form, reply); });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-count]")) { event.preventDefault(); saveCount(form); return; }
    if (form.matches("form[data-answer]")) { event.preventDefault(); return; }  // buttons handle it
    if (form.matches("form[data-photo-form]")) { event.preventDefault(); uploadPhotos(form); return; }
    if (form.matches("form[data-photo-delete]")) { event.preventDefault(); deletePhoto(form); return; }
    if (form.hasAttribute("data-submit-once")) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      if (pendingCount() > 0 || inFlight > 0) {
        event.preventDefault();
        window.alert(msg("PendingSubmit"));
        flush();
        return;
      }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }
  });

  // -- photos: they need a connection; a failed upload keeps the file selected -------------
  function photoTile(photo) {
    var figure = document.createElement("figure");
    figure.className = "photo-tile mb-0";
    figure.dataset.photo = photo.id;
    figure.setAttribute("data-testid", "item-photo");
    var link = document.createElement("a");
    link.href = photo.url; link.target = "_blank"; link.rel = "noopener";
    var img = document.createElement("img");
    img.src = photo.thumb; img.className = "rounded border"; img.alt = "";
    link.appendChild(img);
    figure.appendChild(link);
    var form = document.createElement("form");
    form.method = "post"; form.action = photo.delete;
    form.setAttribute("data-photo-delete", "");
    var button = document.createElement("button");
    button.type = "submit"; button.className = "btn btn-sm btn-link text-danger p-0 small";
    button.textContent = msg("Delete");
    form.appendChild(button);
    figure.appendChild(form);
    return figure;
  }

  function showPhotos(el, photos) {
    var strip = el.querySelector("[data-photo-strip]");
    if (!strip || !photos) return;
    strip.replaceChildren.apply(strip, photos.map(photoTile));
  }

  function uploadPhotos(form) {
    var input = form.querySelector("input[type=file]");
    var line = form.querySelector("[data-photo-status]");
    var el = form.closest("[data-item]");
    if (!input.files.length) return;
    var data = new FormData();
    Array.prototype.forEach.call(input.files, function (file) { data.append("photos", file); });
    line.className = "small mt-1 text-muted";
    line.textContent = msg("Uploading");
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    post(form.action, data).then(function (reply) {
      showPhotos(el, reply.body && reply.body.photos);
      if (reply.ok) {
        input.value = "";
        line.className = "small mt-1 text-success";
        line.textContent = msg("Uploaded");
      } else {
        line.className = "small mt-1 text-danger";
        line.textContent = msg("PhotoFailed") + " " + (reply.body.error || msg("Error"));
      }
    }, function () {
      line.className = "small mt-1 text-danger fw-semibold";
      line.textContent = msg("PhotoOffline");
    }).finally(function () {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
    });
  }

  function deletePhoto(form) {
    if (!window.confirm(msg("ConfirmDelete"))) return;
    var el = form.closest("[data-item]");
    post(form.action, new FormData()).then(function (reply) {
      if (reply.ok) { form.closest("[data-photo]").remove(); showItemError(el, ""); }
      else showItemError(el, reply.body.error || msg("Error"));
    }, function () { showItemError(el, msg("PhotoOffline")); });
  }

  // -- start: flush what waited, and whenever the connection comes back -------------------
  window.addEventListener("online", flush);
  window.addEventListener("offline", showStatus);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) flush(); });
  showStatus();
  flush();
})();
