/* The timeline widget: draws data/timeline.json with vis-timeline, each event at the precision its sources give.
   A day is a point; a month or a year spans the month or the year; a range spans its range; an open range
   ("no later than ...") fades out on its open side; an approximate or uncertain date is drawn dashed and marked
   "?". Coloured by the kind of the first participant, optionally grouped by it. Opens on the latest events.
   The page holds only an empty <div class="dossier-timeline"> and the text lists; the data is the export. */
(function () {
  "use strict";

  var KIND_COLOURS = window.dossierPictures.colours, el = window.dossierPictures.el; // from pictures.js
  var OPENING = 10; // events in the opening window: those that began last

  // The export escapes text for TimelineJS with Python's html.escape: its five entities, read back as plain text
  // (shown with textContent, never as HTML).
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };
  function decoded(text) {
    return text.replace(/&(?:amp|lt|gt|quot|#x27);/g, function (entity) { return ENTITIES[entity]; });
  }

  // An EDTF point ("2025", "2025-11~", "2025-11-26?") as its first and last instant (end exclusive).
  function point(text) {
    var mark = /[~?%]$/.test(text) ? text.slice(-1) : "";
    var bare = mark ? text.slice(0, -1) : text;
    var parts = bare.split("-").map(function (p) { return parseInt(p, 10); });
    var y = parts[0], m = parts.length > 1 ? parts[1] - 1 : null, d = parts.length > 2 ? parts[2] : null;
    var start = new Date(Date.UTC(y, m === null ? 0 : m, d === null ? 1 : d));
    var end = d !== null ? new Date(Date.UTC(y, m, d + 1)) : m !== null ? new Date(Date.UTC(y, m + 1, 1)) : new Date(Date.UTC(y + 1, 0, 1));
    return { start: start, end: end, day: d !== null, unsure: mark !== "" };
  }

  // The event's span on the axis and how it is drawn. "[A..B]" (one day between A and B, EDTF's "one of") is
  // drawn as its bounds and marked unsure; "[..B]", a day on or before B, also fades out on its open side.
  function span(edtf, asOf) {
    if (asOf) edtf = "[.." + edtf + "]"; // placed only as of a date: it was under way by then, since when unknown
    var oneOf = /^\[.*\]$/.test(edtf);
    if (oneOf) edtf = edtf.slice(1, -1).replace("..", "/");
    var drawn = range(edtf);
    if (oneOf) drawn.unsure = true;
    return drawn;
  }

  function range(edtf) {
    var halves = edtf.split("/");
    if (halves.length === 1) {
      var p = point(edtf);
      return { start: p.start, end: p.day ? null : p.end, unsure: p.unsure, open: "" };
    }
    var a = halves[0] && halves[0] !== ".." ? point(halves[0]) : null;
    var b = halves[1] && halves[1] !== ".." ? point(halves[1]) : null;
    var month = 31 * 24 * 3600 * 1000;
    if (a && b) return { start: a.start, end: b.end, unsure: a.unsure || b.unsure, open: "" };
    if (b) return { start: new Date(b.end - 3 * month), end: b.end, unsure: b.unsure, open: "start" };
    return { start: a.start, end: new Date(+a.start + 3 * month), unsure: a.unsure, open: "end" };
  }

  function Widget(box) {
    this.box = box;
    this.root = box.getAttribute("data-root") || "";
  }

  Widget.prototype.start = function () {
    var self = this;
    fetch(this.root + this.box.getAttribute("data-src")).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) { self.draw(data.events || []); }).catch(function (error) {
      self.box.textContent = "The timeline could not be loaded (" + error.message + "). The lists below say the same.";
    });
  };

  Widget.prototype.draw = function (events) {
    var self = this, box = this.box;
    box.textContent = "";
    var form = el("form", { class: "dossier-timeline-controls", "aria-label": "Timeline controls" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var actor = el("input", { type: "search", placeholder: "actor name", id: "dossier-timeline-actor",
      "aria-label": "Only events with a participant whose name contains" });
    var grouped = el("input", { type: "checkbox", id: "dossier-timeline-grouped" });
    var groupLabel = el("label", { for: "dossier-timeline-grouped" }, " Group by the kind of the first participant");
    var latest = el("button", { type: "button" }, "Latest events");
    var all = el("button", { type: "button" }, "Whole period");
    [actor, grouped, groupLabel, latest, all].forEach(function (c) { form.appendChild(c); });
    box.appendChild(form);
    this.status = el("p", { class: "dossier-timeline-status", "aria-live": "polite" });
    box.appendChild(this.status);
    var canvas = el("div", { class: "dossier-timeline-canvas", tabindex: "0", role: "region",
      "aria-label": "Timeline of events; the same events are listed as text below. Arrow keys move, + and - zoom." });
    box.appendChild(canvas);
    this.panel = el("section", { class: "dossier-network-panel", "aria-live": "polite", tabindex: "-1", hidden: "" });
    box.appendChild(this.panel);

    this.events = {};
    var items = [];
    var kinds = {};
    events.forEach(function (e) {
      if (!e.edtf) return;
      var s = span(e.edtf, e.as_of);
      var first = (e.participants || [])[0];
      var kind = first ? first.kind : "";
      kinds[kind] = true;
      var title = decoded(e.text.headline);
      var content = el("span", {}, (s.unsure ? "? " : "") + title);
      var classes = ["dossier-kind"];
      if (s.unsure) classes.push("dossier-unsure");
      if (s.open) classes.push("dossier-open-" + s.open);
      var item = { id: e.unique_id, content: content, start: s.start, group: kind || "none",
        title: (e.display_date || "") + " — " + title, className: classes.join(" "),
        style: "border-color: " + (KIND_COLOURS[kind] || "#607d8b") + ";" };
      if (s.end) { item.end = s.end; item.type = "range"; } else { item.type = "box"; }
      items.push(item);
      self.events[e.unique_id] = e;
    });
    this.items = new vis.DataSet(items);
    this.all = items;
    var groups = new vis.DataSet(Object.keys(kinds).sort().map(function (k) {
      return { id: k || "none", content: k ? k.replace(/-/g, " ") : "no participant" };
    }));
    var options = {
      stack: true, zoomMin: 24 * 3600 * 1000, orientation: { axis: "top" }, margin: { item: 4 },
      tooltip: { followMouse: false }, selectable: true, showCurrentTime: false, maxHeight: "600px",
      verticalScroll: true, zoomKey: "ctrlKey",
      xss: { disabled: false }, dataAttributes: ["id"]
    };
    var opening = this.opening(); // given to the constructor, so that only the events in it are first drawn
    if (opening) { options.start = opening.start; options.end = opening.end; }
    var started = performance.now();
    this.timeline = box.timeline = new vis.Timeline(canvas, this.items, options);
    this.timeline.on("changed", function once() {
      self.timeline.off("changed", once);
      box.setAttribute("data-drawn", String(Math.round(performance.now() - started)));
      box.setAttribute("data-drawn-at", String(Math.round(performance.now())));
    });
    this.status.textContent = items.length + " dated events; showing the latest. Drag or scroll to move, pinch or Ctrl+scroll to zoom.";
    this.timeline.on("select", function (props) { if (props.items.length) self.show(props.items[0]); });
    latest.addEventListener("click", function () { self.latest(); });
    all.addEventListener("click", function () { self.timeline.fit(); });
    grouped.addEventListener("change", function () { self.timeline.setGroups(grouped.checked ? groups : null); });
    actor.addEventListener("change", function () {
      var needle = actor.value.trim().toLowerCase();
      var kept = self.all.filter(function (item) {
        return !needle || (self.events[item.id].participants || []).some(function (p) { return p.name.toLowerCase().indexOf(needle) >= 0; });
      });
      self.items.clear();
      self.items.add(kept);
      self.status.textContent = kept.length + " of " + self.all.length + " dated events shown.";
      if (kept.length) self.timeline.fit();
    });
    canvas.addEventListener("keydown", function (e) { self.key(e); });
  };

  // The opening window: the OPENING events that began last, with room on the right for the label of the latest
  // (drawn centred on its day).
  Widget.prototype.opening = function () {
    var starts = this.all.map(function (i) { return +i.start; }).sort(function (a, b) { return b - a; });
    if (!starts.length) return null;
    var end = starts[0], start = starts[Math.min(OPENING, starts.length) - 1];
    var margin = Math.max((end - start) * 0.1, 7 * 24 * 3600 * 1000);
    return { start: new Date(start - margin), end: new Date(end + 4 * margin) };
  };

  Widget.prototype.latest = function () {
    var span = this.opening();
    if (span) this.timeline.setWindow(span.start, span.end, { animation: false });
  };

  Widget.prototype.show = function (id) {
    var e = this.events[id], self = this, panel = this.panel;
    if (!e) return;
    panel.hidden = false;
    panel.textContent = "";
    var heading = el("h3", {});
    heading.appendChild(el("a", { href: this.root + e.page }, decoded(e.text.headline)));
    panel.appendChild(heading);
    panel.appendChild(el("p", {}, "When: " + (e.display_date || "") + " (as annotated: " + e.edtf + ")"));
    if ((e.participants || []).length) {
      var who = el("p", {}, "Participants: ");
      e.participants.forEach(function (p, n) {
        if (n) who.appendChild(document.createTextNode(", "));
        who.appendChild(el("a", { href: self.root + "actors/" + p.id + "/" }, p.name));
      });
      panel.appendChild(who);
    }
    var quotes = el("p", {});
    quotes.appendChild(el("a", { href: this.root + e.page + "#what-the-sources-say" }, "The quotes it rests on, with their sources"));
    panel.appendChild(quotes);
    var close = el("button", { type: "button" }, "Close");
    close.addEventListener("click", function () { panel.hidden = true; });
    panel.appendChild(close);
  };

  Widget.prototype.key = function (event) {
    var range = this.timeline.getWindow(), width = range.end - range.start;
    var moves = { ArrowLeft: -0.2, ArrowRight: 0.2 };
    if (moves[event.key] !== undefined) {
      var shift = width * moves[event.key];
      this.timeline.setWindow(new Date(+range.start + shift), new Date(+range.end + shift), { animation: false });
    } else if (event.key === "+" || event.key === "=") {
      this.timeline.zoomIn(0.5, { animation: false });
    } else if (event.key === "-") {
      this.timeline.zoomOut(0.5, { animation: false });
    } else {
      return;
    }
    event.preventDefault();
  };

  // pictures.js loads this script once the page is read
  document.querySelectorAll(".dossier-timeline").forEach(function (box) { new Widget(box).start(); });
})();
