/* Hallkeeper inspection capture: every tap is saved at once; what fails to send (no connection)
   waits in localStorage, keyed by inspection, and is sent again when the connection is back or
   the page is opened again. The server's state is the truth: each answer updates the page from
   the server's reply. Photos taken without a connection wait in IndexedDB and are sent when it is
   back; one the server refuses is reported on its item. A bar at the bottom jumps to the next
   unanswered item and passes the rest in place (no reload). No framework, no build step. */
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
    showCounts();
  }

  /* The answered/total badges of each part and section, from the cards on the page. */
  function showCounts() {
    [["details.part-group", "[data-part-count]"], ["details[data-section]", "[data-section-count]"]].forEach(function (pair) {
      root.querySelectorAll(pair[0]).forEach(function (group) {
        var cards = group.querySelectorAll("[data-item]");
        var done = group.querySelectorAll('[data-item]:not([data-result=""])').length;
        var badge = group.querySelector(pair[1]);
        if (badge) badge.textContent = done + "/" + cards.length;
      });
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
      markCurrent(el);
      showCounts();
      saveItem(el);
      return;
    }
    if (event.target.closest("[data-next-unanswered]")) { event.preventDefault(); nextUnanswered(); return; }
    var unqueue = event.target.closest("[data-unqueue]");
    if (unqueue) { event.preventDefault(); removeWaitingPhoto(parseInt(unqueue.dataset.unqueue, 10)); return; }
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

  // -- finding the way: the current card, the next unanswered one ---------------------------
  var current = null;
  function markCurrent(el) {
    if (current && current !== el) current.classList.remove("is-current");
    current = el;
    if (el) el.classList.add("is-current");
    var anchor = root.querySelectorAll("[data-pass-rest] input[name=anchor][data-anchor]");
    anchor.forEach(function (input) { input.value = el ? el.id : "checklist"; });
  }

  function openAround(el) {
    for (var node = el.parentElement; node && node !== root; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) node.open = true;
    }
  }

  /* Jump to the first unanswered card after the current one (wrapping round to the top of the list);
     with none left, to the finish card. */
  function nextUnanswered() {
    var cards = Array.prototype.slice.call(root.querySelectorAll("[data-item]"));
    var start = current ? cards.indexOf(current) + 1 : 0;
    var target = null;
    for (var n = 0; n < cards.length && !target; n++) {
      var candidate = cards[(start + n) % cards.length];
      if (!candidate.dataset.result) target = candidate;
    }
    if (!target) {
      var finish = document.getElementById("finish");
      if (finish) finish.scrollIntoView({ block: "start" });
      flash(msg("AllAnswered"));
      return;
    }
    openAround(target);
    markCurrent(target);
    target.scrollIntoView({ block: "start" });
    var first = target.querySelector(".answer-btn");
    if (first) first.focus({ preventScroll: true });
  }

  function flash(text) {
    if (!text) return;
    var box = document.createElement("div");
    box.className = "capture-flash alert alert-success py-1 px-2 small mb-0 shadow";
    box.setAttribute("role", "status");
    box.setAttribute("data-testid", "capture-flash");
    box.textContent = text;
    var old = root.querySelector("[data-testid=capture-flash]");
    if (old) old.remove();
    root.appendChild(box);  // fixed above the bar: nothing on the page moves
    window.setTimeout(function () { box.remove(); }, 6000);
  }

  /* "Pass all unanswered" without leaving the page: the cards are updated where they are. The page-wide
     confirmation (hallkeeper.js, on document) runs first; a declined one has prevented the default. */
  function passRest(form) {
    var queue = readQueue();
    post(form.action, toForm({ anchor: form.elements.anchor ? form.elements.anchor.value : "" })).then(function (reply) {
      if (!reply.ok) { window.alert(reply.body.error || msg("Error")); return; }
      (reply.body.items || []).forEach(function (state) {
        if (!queue["item:" + state.id]) showItem(state);  // an answer still waiting to sync is kept
      });
      showProgress(reply.body.progress);
      flash(reply.body.message);
    }, function () { window.alert(msg("PassRestOffline")); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-pass-rest]") || !root.contains(form)) return;
    if (event.defaultPrevented) return;
    event.preventDefault();
    passRest(form);
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
      var photoQueue = root.querySelector("[data-photo-queue]");
      if (photoQueue && photoQueue.dataset.count !== "0") {
        event.preventDefault();
        window.alert(msg("PhotoPendingSubmit"));
        flushPhotos();
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

  function photoLine(form, cls, text) {
    var line = form.querySelector("[data-photo-status]");
    if (!line) return;
    line.className = "small mt-1 " + cls;
    line.textContent = text;
  }

  function uploadPhotos(form) {
    var input = form.querySelector("input[type=file]");
    var el = form.closest("[data-item]");
    if (!input.files.length) return;
    var files = Array.prototype.slice.call(input.files);
    var takenAt = new Date().toISOString();
    var keep = function () {
      return queuePhotos(el, form.action, files, takenAt).then(function () {
        input.value = "";
        photoLine(form, "text-warning-emphasis fw-semibold", msg("PhotoQueued"));
      }, function () {
        photoLine(form, "text-danger fw-semibold", msg("PhotoOffline"));  // no IndexedDB: the file stays selected
      });
    };
    if (!navigator.onLine) { keep(); return; }
    var data = new FormData();
    files.forEach(function (file) { data.append("photos", file); });
    data.append("taken_at", takenAt);
    photoLine(form, "text-muted", msg("Uploading"));
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    post(form.action, data).then(function (reply) {
      if (reply.status >= 500) return keep();
      showPhotos(el, reply.body && reply.body.photos);
      if (reply.ok) {
        input.value = "";
        photoLine(form, "text-success", msg("Uploaded"));
      } else {
        photoLine(form, "text-danger", msg("PhotoFailed") + " " + (reply.body.error || msg("Error")));
      }
    }, keep).finally(function () {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
    });
  }

  // -- photos taken without a connection wait in IndexedDB, per inspection ------------------
  var DB_NAME = "hallkeeper-capture", STORE = "photos";
  var dbPromise = null;
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) { reject(new Error("IndexedDB is not available")); return; }
        var request = window.indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true })
            .createIndex("inspection", "inspection");
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
      dbPromise.catch(function () { dbPromise = null; });
    }
    return dbPromise;
  }
  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }
  function queuedPhotos() {
    return withStore("readonly", function (store) { return store.index("inspection").getAll(inspection); })
      .then(function (rows) { return (rows || []).sort(function (a, b) { return a.id - b.id; }); });
  }
  function unqueuePhoto(id) {
    return withStore("readwrite", function (store) { store.delete(id); });
  }

  function queuePhotos(el, url, files, takenAt) {
    return withStore("readwrite", function (store) {
      files.forEach(function (file) {
        store.add({
          inspection: inspection, item: el.dataset.item, url: url, takenAt: takenAt,
          name: file.name || "photo.jpg", type: file.type, blob: file,
        });
      });
    }).then(showQueue);
  }

  /* A small preview of a waiting photo as a data: address (the Content-Security-Policy allows no blob:). */
  function preview(blob) {
    var read = function () {
      return new Promise(function (resolve) {
        var reader = new FileReader();
        reader.onload = function () { resolve(String(reader.result)); };
        reader.onerror = function () { resolve(""); };
        reader.readAsDataURL(blob);
      });
    };
    if (!window.createImageBitmap) return read();
    return window.createImageBitmap(blob).then(function (bitmap) {
      var scale = Math.min(1, 176 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return canvas.toDataURL("image/jpeg", 0.7);
    }, function () { return ""; });  // not a picture the browser can read: the tile says so by its caption
  }

  function queuedTile(row) {
    var figure = document.createElement("figure");
    figure.className = "photo-tile is-queued mb-0";
    figure.dataset.queued = row.id;
    figure.setAttribute("data-testid", "queued-photo");
    var img = document.createElement("img");
    img.className = "rounded border"; img.alt = row.name || "";
    preview(row.blob).then(function (src) { if (src) img.src = src; });
    var caption = document.createElement("figcaption");
    caption.className = "text-warning-emphasis";
    caption.textContent = msg("PhotoWaiting");
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn btn-link btn-sm text-danger p-0 d-block";
    remove.dataset.unqueue = row.id;
    remove.setAttribute("data-testid", "unqueue-photo");
    remove.textContent = msg("Delete");
    figure.appendChild(img);
    figure.appendChild(caption);
    figure.appendChild(remove);
    return figure;
  }

  /* The count in the header and a dimmed tile on each item for every photo still waiting. */
  function showQueue() {
    return queuedPhotos().then(function (rows) {
      var box = root.querySelector("[data-photo-queue]");
      if (box) {
        box.hidden = rows.length === 0;
        box.dataset.count = String(rows.length);
        box.querySelector("[data-photo-queue-text]").textContent = msg("PhotoQueue").replace("{n}", rows.length);
      }
      var ids = {};
      rows.forEach(function (row) { ids[row.id] = true; });
      root.querySelectorAll("[data-queued]").forEach(function (tile) {
        if (!ids[tile.dataset.queued]) tile.remove();
      });
      rows.forEach(function (row) {
        var el = card(row.item);
        if (!el || el.querySelector('[data-queued="' + row.id + '"]')) return;
        var strip = el.querySelector("[data-photo-strip]");
        if (strip) strip.parentElement.appendChild(queuedTile(row));
      });
      if (rows.length) scheduleRetry();
      return rows;
    }, function () { return []; });
  }

  var retryTimer = null;
  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () { retryTimer = null; flushPhotos(); }, 20000);
  }

  /* Send the waiting photos one by one. Saved: gone from the queue, shown on the item. Refused by the
     server (a 4xx: not a picture, too large, the inspection already submitted…): gone from the queue and
     the reason shown on the item — never dropped without a word. No connection or a server error: they
     stay, and are tried again later. */
  var photoFlushing = false;
  function flushPhotos() {
    if (photoFlushing || !navigator.onLine) return Promise.resolve();
    photoFlushing = true;
    var sendNext = function (rows) {
      if (!rows.length) return null;
      var row = rows[0];
      var data = new FormData();
      data.append("photos", row.blob, row.name);
      data.append("taken_at", row.takenAt || "");
      return post(row.url, data).then(function (reply) {
        if (reply.status >= 500) { scheduleRetry(); return null; }
        var el = card(row.item);
        if (el) {
          if (reply.body && reply.body.photos) showPhotos(el, reply.body.photos);
          if (!reply.ok) {
            var text = msg("PhotoRejected") + " " + row.name + ": " + ((reply.body && reply.body.error) || msg("Error"));
            showItemError(el, text);
            var form = el.querySelector("form[data-photo-form]");
            if (form) photoLine(form, "text-danger", text);
          }
        } else if (!reply.ok) {
          window.alert(msg("PhotoRejected") + " " + row.name + ": " + ((reply.body && reply.body.error) || msg("Error")));
        }
        return unqueuePhoto(row.id).then(function () { return sendNext(rows.slice(1)); });
      }, function () { scheduleRetry(); return null; });
    };
    return queuedPhotos().then(sendNext).catch(function () { return null; }).then(function () {
      photoFlushing = false;
      return showQueue();
    });
  }

  /* A photo still waiting on this phone is removed from the queue; it never reached the server. While the
     queue is being sent the photo may already be on its way, so removal waits for the next tap. */
  function removeWaitingPhoto(id) {
    if (photoFlushing || !window.confirm(msg("ConfirmDelete"))) return;
    unqueuePhoto(id).then(showQueue, showQueue);
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
  window.addEventListener("online", function () { flush(); flushPhotos(); });
  window.addEventListener("offline", showStatus);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { flush(); flushPhotos(); } });
  showStatus();
  flush();
  showQueue().then(flushPhotos);
})();
