/* The agents' inbox in the browser: keyboard shortcuts, live refresh of the queue,
 * alerts for new emergencies, bulk selection, "typing" presence, and the maps.
 * No inline scripts and no eval: settings come from data- attributes. */
(function () {
  "use strict";
  var REFRESH_MS = 10000;
  var cursor = null; // the number of the row the keyboard is on

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  // Fields that take typed letters. A ticked box or a clicked button keeps the focus but
  // takes no letters: after "select all" the shortcuts must still work ("e" asked for the
  // note; ignored, the note went nowhere and Enter ran the default bulk action instead).
  var NO_TEXT = /^(checkbox|radio|button|submit|reset|image|file|color|range)$/;
  function typingInField(event) {
    var el = event.target;
    if (!el) return false;
    if (el.tagName === "INPUT") return !NO_TEXT.test(el.type);
    return el.isContentEditable || /^(TEXTAREA|SELECT)$/.test(el.tagName);
  }

  /* ---- queue: rows, selection, refresh ---------------------------------------- */
  function rows() { return $all("#queue tr[data-number]"); }
  function mark() {
    rows().forEach(function (row) { row.classList.toggle("cursor", row.dataset.number === cursor); });
    var picked = $all("#queue input.pick:checked").length;
    var counter = $("[data-picked]");
    if (counter) counter.textContent = String(picked);
  }
  function move(step) {
    var list = rows();
    if (!list.length) return;
    var at = list.findIndex(function (row) { return row.dataset.number === cursor; });
    at = Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + step));
    cursor = list[at].dataset.number;
    mark();
    list[at].scrollIntoView({ block: "nearest" });
  }
  function current() { return rows().find(function (row) { return row.dataset.number === cursor; }); }
  function canRefresh() {
    var busy = $all("#queue input.pick:checked").length > 0;
    var active = document.activeElement;
    var editing = active && $("#bulk") && $("#bulk").contains(active) && active.tagName !== "BUTTON";
    return !busy && !editing && !document.hidden;
  }
  function refresh() {
    var queue = $("#queue");
    if (!queue || !window.htmx || !canRefresh()) return;
    window.htmx.ajax("GET", queue.dataset.refresh, { target: "#queue", swap: "outerHTML" });
  }
  function bulk(action, numbers) {
    var form = $("#bulk");
    if (!form || !numbers.length) return;
    form.querySelector("select[name=action]").value = action;
    $all("input.pick", form).forEach(function (box) { box.checked = numbers.indexOf(box.value) >= 0; });
    form.requestSubmit();
  }
  function prepare(action, numbers) {
    var form = $("#bulk");
    if (!form || !numbers.length) return;
    form.querySelector("select[name=action]").value = action;
    $all("input.pick", form).forEach(function (box) { box.checked = numbers.indexOf(box.value) >= 0; });
    mark();
    form.querySelector("input[name=note]").focus();
  }
  function chosen() {
    var picked = $all("#queue input.pick:checked").map(function (box) { return box.value; });
    return picked.length ? picked : (cursor ? [cursor] : []);
  }

  /* ---- alerts for new emergencies ------------------------------------------------ */
  // One audio context, unlocked by the agent's first click or key: browsers keep sound
  // blocked until then, so an alert before it says how to turn the sound on.
  var audio = null;
  function sound() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    try {
      if (!audio) audio = new Context();
      if (audio.state === "suspended") audio.resume();
    } catch (e) { return null; }
    return audio;
  }
  function beep() {
    var ctx = sound();
    if (!ctx || ctx.state !== "running") return false;
    try {
      var tone = ctx.createOscillator();
      var gain = ctx.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.15;
      tone.connect(gain);
      gain.connect(ctx.destination);
      tone.start();
      tone.stop(ctx.currentTime + 0.6);
    } catch (e) { return false; /* no audio: the banner still shows */ }
    return true;
  }
  function soundBlocked() { // once per page, until the agent turns the sound on
    if ($("#sound-off")) return;
    var line = document.createElement("p");
    line.id = "sound-off";
    line.className = "flash info";
    line.appendChild(document.createTextNode((document.body.dataset.soundBlocked || "") + " "));
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = document.body.dataset.soundOn || "Sound on";
    button.addEventListener("click", function () {
      var ctx = sound();
      var done = function () { line.remove(); beep(); };
      if (ctx && ctx.state !== "running") ctx.resume().then(done, function () {});
      else done();
    });
    line.appendChild(button);
    $("#alerts").appendChild(line);
  }
  function alertEmergency(item) {
    var title = document.body.dataset.emergencyTitle || "Emergency";
    var box = $("#alerts");
    if (!box) {
      box = document.createElement("div");
      box.id = "alerts";
      box.setAttribute("role", "alert");
      $("main").prepend(box);
    }
    var line = document.createElement("p");
    line.className = "flash error emergency-alert";
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = title + ": " + item.number;
    line.appendChild(link);
    line.appendChild(document.createTextNode(" " + item.summary));
    box.appendChild(line);
    if (window.Notification && Notification.permission === "granted") {
      var note = new Notification(title + ": " + item.number, { body: item.summary, tag: item.number });
      note.onclick = function () { window.location = item.url; };
    }
  }
  // The newest ticket id this tab has seen (0: learn it first). Kept across pages of the
  // tab, so an emergency that arrives while the agent is on a ticket page, or between two
  // pages, still alerts on the next page instead of being learnt silently.
  var LATEST_KEY = "aduan.latest";
  function stored() {
    try { return Number(window.sessionStorage.getItem(LATEST_KEY)) || 0; } catch (e) { return 0; }
  }
  var remembered = stored();
  function remember(latest) {
    remembered = Math.max(remembered, stored(), latest);
    try { window.sessionStorage.setItem(LATEST_KEY, String(remembered)); } catch (e) { /* private mode */ }
  }
  function liveUrl() { // every staff page polls (an agent spends the shift on ticket pages)
    var queue = $("#queue");
    return document.body.dataset.live || (queue && queue.dataset.live) || "";
  }
  function live() {
    var url = liveUrl();
    if (!url) return;
    fetch(url + "?since=" + remembered, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        remember(Number(data.latest));
        if (data.emergencies && data.emergencies.length) {
          var heard = beep();
          data.emergencies.forEach(alertEmergency);
          if (!heard) soundBlocked();
        }
      })
      .catch(function () { /* offline for a moment: next round */ });
  }

  /* ---- canned replies: never lose what the agent wrote ------------------------------ */
  // The server swaps in a new reply box holding the canned text. What the agent had typed
  // stays in front of it; a canned text chosen before (untouched) is replaced.
  var written = null; // the box's text when a canned reply was chosen
  var lastCanned = ""; // the box's text right after the last canned reply went in
  var own = ""; // what the agent wrote themselves, kept in front of the canned text
  function beforeCanned(event) {
    var target = event.detail.target;
    if (target && target.id === "reply-text") written = target.value;
  }
  function afterCanned() {
    if (written === null) return;
    if (written !== lastCanned) own = written.replace(/\s+$/, ""); // edited since: all theirs
    written = null;
    var box = $("#reply-text");
    if (!box) return;
    if (own) box.value = box.value ? own + "\n\n" + box.value : own;
    lastCanned = box.value;
    keepDraft();
    box.focus();
  }

  /* ---- the reply's draft outlives leaving the page ---------------------------------- */
  // The box has autocomplete off (a sent reply must never come back after Back), so the
  // browser no longer keeps an unsent one: this tab keeps it until it is sent.
  function draftKey() { return "aduan.draft:" + window.location.pathname; }
  function keepDraft() {
    var box = $("#reply-text");
    if (!box) return;
    try {
      if (box.value.trim()) window.sessionStorage.setItem(draftKey(), box.value);
      else window.sessionStorage.removeItem(draftKey());
    } catch (e) { /* private mode */ }
  }
  // Sent, it is dropped only once the page says it was taken: a refused reply ("no
  // number left"), an expired form or a server error must not lose what was typed.
  function restoreDraft() {
    var box = $("#reply-text");
    try {
      var store = window.sessionStorage;
      if (store.getItem(draftKey() + ":sent")) {
        store.removeItem(draftKey() + ":sent");
        if ($(".flash.ok") && !$(".flash.error")) store.removeItem(draftKey());
      }
      if (box && !box.value) box.value = store.getItem(draftKey()) || "";
    } catch (e) { /* private mode */ }
  }
  function dropDraft(event) {
    if (event.target.matches && event.target.matches("form.who")) return forgetDrafts();
    if (!event.target.querySelector || !event.target.querySelector("#reply-text")) return;
    try { window.sessionStorage.setItem(draftKey() + ":sent", "1"); } catch (e) { /* private mode */ }
  }

  function forgetDrafts() { // signing out: the next agent at this screen gets none of them
    try {
      var store = window.sessionStorage;
      for (var i = store.length - 1; i >= 0; i--) {
        if ((store.key(i) || "").indexOf("aduan.draft:") === 0) store.removeItem(store.key(i));
      }
    } catch (e) { /* private mode */ }
  }

  /* ---- presence: tell the others I am typing -------------------------------------- */
  var typingTimer = null;
  var lastTyping = 0;
  function typing() {
    var form = $("#presence");
    if (!form || !window.htmx) return;
    var flag = form.querySelector("input[name=typing]");
    flag.value = "1";
    if (Date.now() - lastTyping > 3000) {
      lastTyping = Date.now();
      window.htmx.trigger(form, "typing");
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { flag.value = "0"; window.htmx.trigger(form, "typing"); }, 8000);
  }

  /* ---- maps (Leaflet, vendored) ---------------------------------------------------- */
  function map() {
    var el = $("#map");
    if (!el || !window.L) return;
    var view = window.L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tiles) {
      window.L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(view);
    }
    function marker(lat, lng, label, url) {
      var pin = window.L.marker([lat, lng], { title: label, alt: label }).addTo(view);
      var text = document.createElement("a");
      text.textContent = label;
      if (url) text.href = url;
      pin.bindPopup(text);
      return pin;
    }
    if (el.dataset.points) {
      fetch(el.dataset.points, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var bounds = [];
          data.points.forEach(function (p) {
            marker(p.lat, p.lng, p.number + " · " + p.summary, p.url);
            bounds.push([p.lat, p.lng]);
          });
          if (bounds.length) view.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] });
          else view.setView([-7.2575, 112.7521], 12); // Surabaya
          var count = $("[data-map-count]");
          var label = bounds.length === 1 ? el.dataset.labelCountOne : el.dataset.labelCount;
          if (count) count.textContent = (label || "{n}").replace("{n}", String(bounds.length));
          el.dataset.ready = String(bounds.length);
        });
    } else {
      var lat = Number(el.dataset.lat), lng = Number(el.dataset.lng);
      view.setView([lat, lng], 16);
      marker(lat, lng, el.dataset.label || "");
      el.dataset.ready = "1";
    }
  }

  /* ---- keyboard --------------------------------------------------------------------- */
  function openDialog() {
    var dialog = $("#shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }
  function key(event) {
    var viaE = event.target.dataset && event.target.dataset.enterSubmits; // note opened by "e"
    if ((event.ctrlKey || (viaE && !event.shiftKey)) && event.key === "Enter" && event.target.form) {
      event.preventDefault();
      event.target.form.requestSubmit();
      return;
    }
    if (event.key === "Escape" && typingInField(event)) { event.target.blur(); return; } // text kept
    if (typingInField(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    var onTicket = !!$("[data-ticket]");
    var handled = true;
    switch (event.key) {
      case "?": openDialog(); break;
      case "/": var search = $("#search"); if (search) search.focus(); else window.location = "/inbox#search"; break;
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o":
      case "Enter":
        if (event.key === "Enter" && event.target !== document.body) { handled = false; break; }
        var row = current(); if (row) row.querySelector("a").click(); else handled = false; break;
      case "x": var r = current(); if (r) { var box = r.querySelector("input.pick"); box.checked = !box.checked; mark(); } break;
      case "r": var reply = $("#reply-text"); if (reply) reply.focus(); else handled = false; break;
      case "n": var note = $("#note-form textarea"); if (note) note.focus(); else handled = false; break;
      case "a":
        if (onTicket) {
          var assign = $("#assign-form"), held = $("#assign-held");
          if (held) { held.hidden = false; assign.querySelector("select").focus(); } // a colleague's: never at one keystroke
          else if (assign) { assign.querySelector("select").value = "me"; assign.requestSubmit(); }
        }
        else bulk("assign", chosen());
        break;
      case "e": // resolve: never at one keystroke (the citizen is told); Enter confirms
        if (onTicket) { var resolve = $("#resolve-form textarea"); if (resolve) { resolve.dataset.enterSubmits = "1"; resolve.focus(); } }
        else prepare("resolve", chosen());
        break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  }

  function askForNotifications() {
    if (window.Notification && Notification.permission === "default") Notification.requestPermission();
  }

  document.addEventListener("keydown", key);
  document.addEventListener("click", function (event) {
    var t = event.target;
    if (t.matches && t.matches("[data-shortcuts]")) openDialog();
    if (t.matches && t.matches("[data-pick-all]")) {
      $all("#queue input.pick").forEach(function (box) { box.checked = t.checked; });
    }
    if (t.matches && t.matches("#queue input.pick, [data-pick-all]")) mark();
  }, true);
  document.addEventListener("click", askForNotifications, { once: true });
  document.addEventListener("click", sound, { once: true }); // unlocks the alert's sound
  document.addEventListener("keydown", sound, { once: true });
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-typing]")) typing();
    if (event.target.id === "reply-text") keepDraft();
  });
  document.addEventListener("submit", dropDraft, true);
  document.addEventListener("change", function (event) { // filters that apply at once
    var t = event.target;
    if (t.matches && t.matches("select[data-autosubmit]") && t.form) t.form.requestSubmit();
  });
  document.addEventListener("htmx:afterSwap", mark);
  document.addEventListener("htmx:beforeSwap", beforeCanned);
  document.addEventListener("htmx:afterSwap", afterCanned); // at once: never the bare canned text
  document.addEventListener("DOMContentLoaded", function () {
    restoreDraft();
    map();
    if ($("#queue")) setInterval(refresh, REFRESH_MS);
    if (liveUrl()) {
      live();
      setInterval(live, REFRESH_MS);
    }
  });
  window.aduan = {
    refresh: refresh,
    live: live,
    latest: function () { return remembered; },
    sound: function () { return audio ? audio.state : "none"; },
  };
})();
