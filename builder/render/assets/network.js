/* The network widget: draws data/network.json (the network page) or data/network/<actor>.json (an actor's
   neighbourhood) with Cytoscape.js. The page holds only an empty <div class="dossier-network"> and the text
   equivalent; everything drawn comes from the data file, the same file the data exports publish.
   Click an actor: its page. Click a relationship: the quotes behind it and their sources. */
(function () {
  "use strict";

  var KIND_COLOURS = window.dossierPictures.colours, el = window.dossierPictures.el; // from pictures.js
  // How a relationship is drawn by what it rests on: a reader must never take "reported" for "stated".
  var STATUS_LINES = { stated: "solid", reported: "dashed", unnamed: "dotted", disputed: "dashed" };
  var STARTING_ACTORS = 150; // the network page opens on this many best-connected actors

  function label(type) { return type.replace(/-/g, " "); }

  function month(iso) { // "2025-11-26" -> months since year 0, for the date slider
    if (!iso) return null;
    var parts = iso.split("-");
    return parseInt(parts[0], 10) * 12 + (parts[1] ? parseInt(parts[1], 10) - 1 : 0);
  }

  function monthText(value) {
    var names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return names[value % 12] + " " + Math.floor(value / 12);
  }

  function untilMonth(iso) { // the last month an "until" bound can mean ("2025" means up to December)
    if (!iso) return null;
    var parts = iso.split("-");
    return parseInt(parts[0], 10) * 12 + (parts[1] ? parseInt(parts[1], 10) - 1 : 11);
  }

  function dateText(edtf) { // "../2013" -> "no later than 2013", "2025-11/.." -> "from 2025-11"
    var halves = edtf.split("/");
    if (halves.length === 1) return edtf;
    if (!halves[0] || halves[0] === "..") return "no later than " + halves[1];
    if (!halves[1] || halves[1] === "..") return "from " + halves[0];
    return halves[0] + " to " + halves[1];
  }

  function Widget(box) {
    this.box = box;
    this.root = box.getAttribute("data-root") || "";
    this.focus = box.getAttribute("data-focus") || "";
    this.files = {};
    this.box.classList.add("dossier-network-loading");
  }

  Widget.prototype.fetch = function (path) {
    if (!this.files[path]) {
      this.files[path] = fetch(this.root + path).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + path);
        return response.json();
      });
    }
    return this.files[path];
  };

  Widget.prototype.start = function () {
    var self = this;
    this.fetch(this.box.getAttribute("data-src")).then(function (data) {
      self.data = data;
      self.nodes = {};
      data.nodes.forEach(function (n) { self.nodes[n.id] = n; });
      self.maxDegree = data.nodes.reduce(function (m, n) { return Math.max(m, n.degree); }, 1);
      self.build();
      self.draw();
    }).catch(function (error) {
      self.box.textContent = "The network could not be loaded (" + error.message + "). The lists below say the same.";
      self.box.classList.add("dossier-network-failed");
    });
  };

  Widget.prototype.build = function () {
    var self = this, box = this.box;
    box.classList.remove("dossier-network-loading");
    box.textContent = "";
    this.status = el("p", { class: "dossier-network-status", "aria-live": "polite" });
    box.appendChild(this.status);
    this.canvas = el("div", {
      class: "dossier-network-canvas", role: "img", tabindex: "0",
      "aria-label": "Network diagram; the same relationships are listed as text below. Arrow keys pan, + and - zoom."
    });
    box.appendChild(this.canvas);
    this.panel = el("section", { class: "dossier-network-panel", "aria-live": "polite", tabindex: "-1", hidden: "" });
    box.appendChild(this.panel);
    box.appendChild(this.legend());
    if (!this.focus) {
      var controls = el("form", { class: "dossier-network-controls", role: "search", "aria-label": "Network filters" });
      controls.addEventListener("submit", function (e) { e.preventDefault(); });
      this.buildFilters(controls);
      box.appendChild(controls);
    }
    this.canvas.addEventListener("keydown", function (e) { self.key(e); });
    if (window.ResizeObserver) { // a phone turned, a window narrowed: draw to the new size
      new ResizeObserver(function () { if (self.cy) self.cy.resize(); }).observe(this.canvas);
    }
  };

  Widget.prototype.buildFilters = function (form) {
    var self = this, data = this.data;
    var redraw = function () { self.draw(); };
    // Search a name: focus its neighbourhood.
    var names = el("datalist", { id: "dossier-network-names" });
    data.nodes.forEach(function (n) { names.appendChild(el("option", { value: n.name })); });
    form.appendChild(names);
    var search = el("input", { type: "search", list: "dossier-network-names", id: "dossier-network-search",
      placeholder: "Find an actor", "aria-label": "Find an actor and show its neighbourhood" });
    var find = el("button", { type: "button" }, "Show neighbourhood");
    var all = el("button", { type: "button" }, "Show the best-connected");
    find.addEventListener("click", function () { self.find(search.value); });
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); self.find(search.value); } });
    all.addEventListener("click", function () { self.centre = ""; search.value = ""; self.draw(); });
    form.appendChild(this.group("Find", [search, find, all]));
    // Relationship types and statuses present in the data.
    var present = function (key) {
      var seen = {};
      data.edges.forEach(function (e) { seen[e[key]] = (seen[e[key]] || 0) + 1; });
      return seen;
    };
    this.typeBoxes = this.checkboxes(form, "Relationship type", present("type"), function (t) { return label(t); }, redraw);
    this.statusBoxes = this.checkboxes(form, "Rests on", present("status"), function (s) { return data.statuses[s] || s; }, redraw);
    // The network as of a period.
    var months = data.edges.map(function (e) { return month(e.from); }).filter(function (m) { return m !== null; });
    if (months.length) {
      var low = Math.min.apply(null, months), high = Math.max.apply(null, months);
      this.from = el("input", { type: "range", min: String(low), max: String(high), value: String(low), step: "1",
        id: "dossier-network-from", "aria-label": "From" });
      this.to = el("input", { type: "range", min: String(low), max: String(high), value: String(high), step: "1",
        id: "dossier-network-to", "aria-label": "To" });
      this.period = el("output", { for: "dossier-network-from dossier-network-to" });
      var showPeriod = function () {
        if (+self.from.value > +self.to.value) self.to.value = self.from.value;
        self.period.textContent = monthText(+self.from.value) + " – " + monthText(+self.to.value);
      };
      showPeriod();
      [this.from, this.to].forEach(function (input) {
        input.addEventListener("input", showPeriod);
        input.addEventListener("change", redraw);
      });
      form.appendChild(this.group("Period (relationships dated or first reported in it)",
        [el("span", {}, "from"), this.from, el("span", {}, "to"), this.to, this.period]));
    }
    this.source = el("input", { type: "search", id: "dossier-network-source", placeholder: "title or publisher",
      "aria-label": "Only relationships quoted from a source whose title or publisher contains" });
    this.source.addEventListener("change", redraw);
    this.limit = el("input", { type: "number", min: "10", max: "2000", step: "10", value: String(STARTING_ACTORS),
      id: "dossier-network-limit", "aria-label": "Most actors drawn" });
    this.limit.addEventListener("change", redraw);
    form.appendChild(this.group("Source", [this.source]));
    form.appendChild(this.group("Most actors drawn", [this.limit]));
  };

  Widget.prototype.group = function (legend, children) {
    var set = el("fieldset", {});
    set.appendChild(el("legend", {}, legend));
    children.forEach(function (child) { set.appendChild(child); });
    return set;
  };

  Widget.prototype.checkboxes = function (form, legend, counts, name, changed) {
    var boxes = {};
    var set = el("fieldset", { class: "dossier-network-checks" });
    set.appendChild(el("legend", {}, legend));
    Object.keys(counts).sort().forEach(function (key) {
      var box = el("input", { type: "checkbox", value: key });
      box.checked = true;
      box.addEventListener("change", changed);
      var item = el("label", {});
      item.appendChild(box);
      item.appendChild(document.createTextNode(" " + name(key) + " (" + counts[key] + ")"));
      set.appendChild(item);
      boxes[key] = box;
    });
    form.appendChild(set);
    return boxes;
  };

  Widget.prototype.legend = function () {
    var list = el("ul", { class: "dossier-network-legend", "aria-label": "Legend" });
    var kinds = {};
    this.data.nodes.forEach(function (n) { kinds[n.kind] = true; });
    Object.keys(kinds).sort().forEach(function (kind) {
      var item = el("li", {});
      var swatch = el("span", { class: "dossier-swatch", "aria-hidden": "true" });
      swatch.style.backgroundColor = KIND_COLOURS[kind] || "#607d8b";
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(label(kind)));
      list.appendChild(item);
    });
    var statuses = this.data.statuses;
    Object.keys(STATUS_LINES).forEach(function (status) {
      var item = el("li", {});
      item.appendChild(el("span", { class: "dossier-line dossier-line-" + status, "aria-hidden": "true" }));
      item.appendChild(document.createTextNode(statuses[status] || status));
      list.appendChild(item);
    });
    return list;
  };

  // Which relationships pass the filters.
  Widget.prototype.kept = function () {
    var self = this, data = this.data;
    if (this.focus) return data.edges;
    var from = this.from ? +this.from.value : null, to = this.to ? +this.to.value : null;
    var needle = (this.source.value || "").trim().toLowerCase();
    return data.edges.filter(function (e) {
      if (!self.typeBoxes[e.type].checked || !self.statusBoxes[e.status].checked) return false;
      if (from !== null) {
        var start = month(e.from), end = untilMonth(e.until);
        if (start !== null && start > to) return false;
        if (end !== null && end < from) return false;
      }
      if (needle) {
        return e.sources.some(function (id) {
          var s = data.sources[id];
          return s && (s.title.toLowerCase().indexOf(needle) >= 0 || s.publisher.toLowerCase().indexOf(needle) >= 0);
        });
      }
      return true;
    });
  };

  // Of the kept relationships, those to draw: around the actor searched for, or among the best-connected.
  Widget.prototype.chosen = function (edges) {
    var self = this;
    if (this.focus) return { edges: edges, note: "" };
    if (this.centre) {
      var near = edges.filter(function (e) { return e.source === self.centre || e.target === self.centre; });
      var ring = {};
      ring[this.centre] = true;
      near.forEach(function (e) { ring[e.source] = true; ring[e.target] = true; });
      var among = edges.filter(function (e) { return ring[e.source] && ring[e.target]; });
      return { edges: among, note: "The neighbourhood of " + this.nodes[this.centre].name + ": " };
    }
    // The most connected part: relationships taken best-connected first (by the degrees of their two actors),
    // as long as at most `limit` actors are drawn.
    var limit = Math.max(10, +this.limit.value || STARTING_ACTORS);
    var degree = {};
    edges.forEach(function (e) { degree[e.source] = (degree[e.source] || 0) + 1; degree[e.target] = (degree[e.target] || 0) + 1; });
    var ranked = edges.slice().sort(function (a, b) {
      return (degree[b.source] + degree[b.target]) - (degree[a.source] + degree[a.target]) || (a.id < b.id ? -1 : 1);
    });
    var drawn = [], shown = {}, count = 0;
    ranked.forEach(function (e) {
      var fresh = (shown[e.source] ? 0 : 1) + (shown[e.target] || e.target === e.source ? 0 : 1);
      if (count + fresh > limit) return;
      if (!shown[e.source]) { shown[e.source] = true; count += 1; }
      if (!shown[e.target]) { shown[e.target] = true; count += 1; }
      drawn.push(e);
    });
    var total = Object.keys(degree).length;
    var cut = total > count ? "the most connected " + count + " of " + total + " actors: " : "";
    return { edges: drawn, note: cut };
  };

  Widget.prototype.draw = function () {
    var self = this;
    var kept = this.kept();
    var chosen = this.chosen(kept);
    var ids = {};
    chosen.edges.forEach(function (e) { ids[e.source] = true; ids[e.target] = true; });
    if (this.focus) ids[this.focus] = true;
    var elements = Object.keys(ids).map(function (id) {
      var n = self.nodes[id] || { id: id, name: id, kind: "", degree: 0, page: "" };
      var size = 18 + 42 * Math.sqrt(n.degree / self.maxDegree);
      return { group: "nodes", data: { id: id, name: n.name, kind: n.kind, page: n.page, size: size,
        colour: KIND_COLOURS[n.kind] || "#607d8b" }, classes: id === self.focus || id === self.centre ? "focus" : "" };
    });
    chosen.edges.forEach(function (e) {
      elements.push({ group: "edges", data: { id: "r:" + e.id, rel: e.id, source: e.source, target: e.target,
        label: label(e.type), status: e.status }, classes: e.status });
    });
    this.status.textContent = chosen.note + Object.keys(ids).length + " actors and " + chosen.edges.length +
      " relationships drawn (" + kept.length + " of " + this.data.edges.length + " relationships pass the filters).";
    if (this.cy) this.cy.destroy();
    var started = performance.now();
    this.cy = this.box.cy = cytoscape({
      container: this.canvas,
      elements: elements,
      style: this.style(),
      layout: this.layout(Object.keys(ids).length),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autoungrabify: false
    });
    this.readable();
    this.cy.one("render", function () {
      // how long drawing took, and when it was done after the page began loading (read by bench/pictures.py)
      self.box.setAttribute("data-drawn", String(Math.round(performance.now() - started)));
      self.box.setAttribute("data-drawn-at", String(Math.round(performance.now())));
    });
    this.cy.on("tap", "node", function (event) {
      var page = event.target.data("page");
      if (page) window.location.href = self.root + page;
    });
    this.cy.on("tap", "edge", function (event) { self.quotes(event.target.data("rel")); });
    this.cy.on("mouseover", "node, edge", function () { self.canvas.style.cursor = "pointer"; });
    this.cy.on("mouseout", "node, edge", function () { self.canvas.style.cursor = ""; });
  };

  // Fitted whole, a large picture draws its names too small to read: then open on the actor in focus (or the
  // best-connected) at the smallest zoom where names can be read (0, or scrolling out, shows it whole).
  Widget.prototype.readable = function () {
    var cy = this.cy, least = 0.6;
    if (!cy || cy.zoom() >= least || !cy.nodes().length) return;
    var chosen = this.focus || this.centre;
    var target = chosen ? cy.getElementById(chosen) : cy.nodes().max(function (n) { return n.degree(false); }).ele;
    cy.zoom(least);
    cy.center(target);
    this.status.textContent += " Zoomed on " + (chosen ? target.data("name") : "the best-connected actor") +
      ": press 0, or scroll, to see it whole.";
  };

  Widget.prototype.layout = function (count) {
    if (this.focus) {
      var focus = this.focus, first = {};
      this.data.edges.forEach(function (e) {
        if (e.source === focus) first[e.target] = true;
        if (e.target === focus) first[e.source] = true;
      });
      return { name: "concentric", animate: false, minNodeSpacing: 30, avoidOverlap: true,
        concentric: function (node) { return node.id() === focus ? 3 : first[node.id()] ? 2 : 1; },
        levelWidth: function () { return 1; } };
    }
    return { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: count < 300,
      numIter: count > 100 ? 250 : 1000, idealEdgeLength: function () { return 40; },
      nodeRepulsion: function () { return 2500; }, componentSpacing: 20, gravity: 3, padding: 10 };
  };

  Widget.prototype.style = function () {
    var dark = document.body && document.body.getAttribute("data-md-color-scheme") === "slate";
    var ink = dark ? "#e0e0e0" : "#212121", paper = dark ? "#1e2129" : "#ffffff", line = dark ? "#9aa4b2" : "#6b7785";
    return [
      { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
        label: "data(name)", "font-size": 22, color: ink, "text-valign": "bottom", "text-margin-y": 3,
        "text-outline-color": paper, "text-outline-width": 2, "min-zoomed-font-size": 6,
        "text-wrap": "ellipsis", "text-max-width": "180px" } },
      { selector: "node.focus", style: { "border-width": 4, "border-color": ink, "font-weight": "bold" } },
      { selector: "edge", style: { width: 1.5, "line-color": line, "target-arrow-color": line,
        "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": 15,
        color: ink, "text-rotation": "autorotate", "text-background-color": paper, "text-background-opacity": 0.85,
        "text-background-padding": "1px", "min-zoomed-font-size": 6 } },
      { selector: "edge.reported", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
      { selector: "edge.unnamed", style: { "line-style": "dotted", "line-color": "#9e9e9e",
        "target-arrow-color": "#9e9e9e" } },
      { selector: "edge.disputed", style: { "line-style": "dashed", "line-dash-pattern": [2, 3, 8, 3],
        "line-color": "#c62828", "target-arrow-color": "#c62828" } },
      { selector: "edge.selected", style: { width: 4 } }
    ];
  };

  Widget.prototype.find = function (name) {
    var wanted = (name || "").trim().toLowerCase();
    if (!wanted) return;
    var found = this.data.nodes.filter(function (n) { return n.name.toLowerCase() === wanted; })[0] ||
      this.data.nodes.filter(function (n) { return n.name.toLowerCase().indexOf(wanted) >= 0; })[0];
    if (!found) { this.status.textContent = "No actor named “" + name + "” has a relationship."; return; }
    this.centre = found.id;
    this.draw();
  };

  // The quotes behind a relationship: they are in its subject's file, with their sources.
  Widget.prototype.quotes = function (relId) {
    var self = this;
    var edge = this.data.edges.filter(function (e) { return e.id === relId; })[0];
    if (!edge) return;
    if (this.cy) { this.cy.edges().removeClass("selected"); this.cy.getElementById("r:" + relId).addClass("selected"); }
    var panel = this.panel;
    panel.hidden = false;
    panel.textContent = "Loading the quotes…";
    this.fetch("data/network/" + edge.source + ".json").then(function (file) {
      panel.textContent = "";
      var subject = self.nodes[edge.source], object = self.nodes[edge.target];
      var heading = el("h3", {});
      heading.appendChild(el("a", { href: self.root + edge.page }, (subject ? subject.name : edge.source) + " " +
        label(edge.type) + " " + (object ? object.name : edge.target)));
      panel.appendChild(heading);
      var standing = edge.standing || {}, lines = (standing.lines || []).length;
      var support = standing.support ? " · " + standing.support.replace("-", " ") + " (" + lines + " independent line" +
        (lines === 1 ? "" : "s") + " of reporting)" : "";
      panel.appendChild(el("p", { class: "dossier-network-rests" }, "Rests on: " +
        (self.data.statuses[edge.status] || edge.status) + support + (edge.date ? " · dated " + dateText(edge.date) : "")));
      var quotes = (file.quotes || {})[relId] || [];
      var sources = file.sources || {};
      quotes.forEach(function (q) {
        var figure = el("div", { class: "dossier-network-quote" });
        figure.appendChild(el("blockquote", {}, q.quote));
        var caption = el("p", { class: "dossier-network-cite" });
        var source = sources[q.source];
        caption.appendChild(document.createTextNode("— " + q.stance + ", in "));
        caption.appendChild(el("a", { href: self.root + (source ? source.page : "sources/" + q.source + "/") },
          source ? source.title : q.source));
        if (source && source.publisher) caption.appendChild(document.createTextNode(" (" + source.publisher + ")"));
        if (q.via) caption.appendChild(document.createTextNode(", through " + q.via.join(" → ")));
        figure.appendChild(caption);
        panel.appendChild(figure);
      });
      var close = el("button", { type: "button" }, "Close");
      close.addEventListener("click", function () { panel.hidden = true; self.canvas.focus(); });
      panel.appendChild(close);
      panel.focus();
    }).catch(function (error) { panel.textContent = "The quotes could not be loaded (" + error.message + ")."; });
  };

  Widget.prototype.key = function (event) {
    if (!this.cy) return;
    var step = 60, moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[event.key]) {
      this.cy.panBy({ x: moves[event.key][0], y: moves[event.key][1] });
    } else if (event.key === "+" || event.key === "=") {
      this.cy.zoom({ level: this.cy.zoom() * 1.25, renderedPosition: { x: this.canvas.clientWidth / 2, y: this.canvas.clientHeight / 2 } });
    } else if (event.key === "-") {
      this.cy.zoom({ level: this.cy.zoom() / 1.25, renderedPosition: { x: this.canvas.clientWidth / 2, y: this.canvas.clientHeight / 2 } });
    } else if (event.key === "0") {
      this.cy.fit(undefined, 10);
    } else {
      return;
    }
    event.preventDefault();
  };

  // pictures.js loads this script once the page is read
  document.querySelectorAll(".dossier-network").forEach(function (box) { new Widget(box).start(); });
})();
