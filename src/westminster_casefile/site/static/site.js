/* Filters for the timeline and statements, and highlighting in the network. No libraries. */
(function () {
  "use strict";
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  // ---- timeline: status checkboxes and "about the case" ----
  var tl = $("#tl");
  if (tl) {
    var applyTimeline = function () {
      var on = {};
      $$("[data-filter-status]").forEach(function (c) { on[c.getAttribute("data-filter-status")] = c.checked; });
      var about = $("#about-only");
      var shown = 0;
      $$(".tl-row").forEach(function (row) {
        var ok = on[row.getAttribute("data-status")] !== false;
        if (about && about.checked && row.getAttribute("data-about-case") !== "true") { ok = false; }
        row.classList.toggle("is-hidden", !ok);
        if (ok && row.closest("#tl")) { shown += 1; }
      });
      $("#tl-count").textContent = String(shown);
    };
    $$("[data-filter-status], #about-only").forEach(function (c) { c.addEventListener("change", applyTimeline); });
    applyTimeline();
  }

  // ---- statements: words, speaker, source, kind, dates ----
  var list = $("#st-list");
  if (list) {
    var rows = $$("li.stmt", list).map(function (li) { return { li: li, text: li.textContent.toLowerCase() }; });
    var applyStatements = function () {
      var words = $("#st-q").value.toLowerCase().split(/\s+/).filter(Boolean);
      var speaker = $("#st-speaker").value, source = $("#st-source").value, kind = $("#st-kind").value;
      var from = $("#st-from").value, to = $("#st-to").value, about = $("#st-about");
      var shown = 0;
      rows.forEach(function (r) {
        var d = r.li.dataset, ok = words.every(function (w) { return r.text.indexOf(w) !== -1; });
        if (speaker && d.speaker !== speaker) { ok = false; }
        if (source && (" " + d.sources + " ").indexOf(" " + source + " ") === -1) { ok = false; }
        if (kind && d.kind !== kind) { ok = false; }
        if ((from || to) && !d.date) { ok = false; }
        if (from && d.date && d.date < from) { ok = false; }
        if (to && d.date && d.date > to) { ok = false; }
        if (about && about.checked && d.aboutCase !== "true") { ok = false; }
        r.li.classList.toggle("is-hidden", !ok);
        if (ok) { shown += 1; }
      });
      $("#st-count").textContent = String(shown);
    };
    $$("#st-filters input, #st-filters select").forEach(function (el) {
      el.addEventListener("input", applyStatements); el.addEventListener("change", applyStatements);
    });
    $("#st-filters").addEventListener("submit", function (e) { e.preventDefault(); });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { $("#st-q").value = q; }
    applyStatements();
  }

  // ---- network: view switch, centre-on, highlight neighbours on hover/focus ----
  $$("input[name=nw-view]").forEach(function (r) {
    r.addEventListener("change", function () {
      $("#nw-pi").hidden = r.value !== "pi" ? true : !r.checked;
      $("#nw-all").hidden = r.value !== "all" ? true : !r.checked;
    });
  });
  // choosing in the list does nothing until the button: arrow keys in a list must not navigate
  var form = $("#nw-form");
  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var v = $("#nw-centre").value;
      if (v) { window.location.href = v; }
    });
  }
  $$("svg.network").forEach(function (svg) {
    var lines = $$("line[data-a]", svg);
    var light = function (id) {
      svg.classList.add("dim");
      var near = {}; near[id] = true;
      lines.forEach(function (l) {
        var hot = l.getAttribute("data-a") === id || l.getAttribute("data-b") === id;
        l.classList.toggle("hot", hot);
        if (hot) { near[l.getAttribute("data-a")] = true; near[l.getAttribute("data-b")] = true; }
      });
      $$(".node", svg).forEach(function (n) { n.classList.toggle("hot", !!near[n.getAttribute("data-id")]); });
    };
    var clear = function () { svg.classList.remove("dim"); };
    if (!lines.length) { return; }
    $$(".node", svg).forEach(function (n) {
      var id = n.getAttribute("data-id");
      n.addEventListener("mouseenter", function () { light(id); });
      n.addEventListener("focus", function () { light(id); });
      n.addEventListener("mouseleave", clear);
      n.addEventListener("blur", clear);
    });
  });
}());
