// Annotate from the page: on a source's page, select words of a paragraph, press "Annotate", and get the YAML
// of a new claim, event or relationship (or of one more quote for an existing one) with the quote exactly as
// the builder will find it; then copy it, or propose it on GitHub when the site names its repository.
//
// How the builder matches a quote (builder/anchor/match.py): exactly, forgiving only runs of white space,
// typographic versus straight quote marks and the kind of dash; within one paragraph of article body; and
// it must occur once there, or `prefix`/`suffix` must say which occurrence is meant. The form works this out
// from the paragraphs on the page, which are the source's text. The actor list and the vocabularies come
// from data/annotate.json, fetched when the form first opens. Nothing is sent anywhere: "Propose on GitHub"
// is a link the reader follows.
(function () {
  "use strict";
  var marker = document.getElementById("dossier-annotate");
  var script = document.currentScript;
  if (!marker || !script) return;
  var SOURCE = marker.getAttribute("data-source");
  var DATA_URL = new URL("../data/annotate.json", script.src);
  var MAX_URL = 8000; // GitHub refuses longer addresses
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var FOLDERS = { claim: "claims", event: "events", relationship: "relationships", actor: "actors" };
  var EQUIVALENT = {
    '"': "\u201c\u201d\u201e\u201f\u2033",
    "'": "\u2018\u2019\u201a\u201b\u2032",
    "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212",
  };
  var PLAIN = {};
  Object.keys(EQUIVALENT).forEach(function (plain) {
    EQUIVALENT[plain].split("").forEach(function (c) { PLAIN[c] = plain; });
  });
  marker.textContent = "Select words in a paragraph to quote them in a new annotation: an Annotate button appears.";
  marker.className = "dossier-annotate-hint";
  marker.hidden = false;
  var data = null;
  var button = null;
  var dialog = null;
  var current = null; // {quote, prefix, suffix, paragraph, problem}

  // ---- the text as the builder reads it --------------------------------------------------------------
  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += PLAIN[text[i]] || text[i];
    return out.replace(/\s+/g, " ");
  }

  function skipped(node) { // the paragraph number, cite links and labels are the page's, not the source's
    for (var el = node.parentElement; el && !el.classList.contains("dossier-para"); el = el.parentElement) {
      if (el.matches(".dossier-pn, .dossier-cites, .dossier-nonbody-kind, .headerlink")) return true;
    }
    return false;
  }

  function textNodes(p) {
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    var nodes = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) if (!skipped(n)) nodes.push(n);
    return nodes;
  }

  function plainText(p) { return textNodes(p).map(function (n) { return n.data; }).join(""); }

  function offsetIn(p, container, offset) { // a boundary point as an offset into plainText(p)
    var range = document.createRange();
    range.setStart(p, 0);
    range.setEnd(container, offset);
    var total = 0;
    textNodes(p).forEach(function (node) {
      if (!range.intersectsNode(node)) return;
      total += node === range.endContainer ? range.endOffset : node.data.length;
    });
    return total;
  }

  function paragraphs() {
    return Array.prototype.slice.call(document.querySelectorAll(".dossier-para[id]"));
  }

  // ---- the quote, and what tells it apart ----------------------------------------------------------------
  function fromSelection(selection) {
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    var range = selection.getRangeAt(0);
    var start = range.startContainer;
    var p = (start.nodeType === 1 ? start : start.parentElement).closest(".dossier-para");
    if (!p) return null;
    var text = plainText(p);
    var s = offsetIn(p, range.startContainer, range.startOffset);
    var endP = (range.endContainer.nodeType === 1 ? range.endContainer : range.endContainer.parentElement)
      .closest(".dossier-para");
    var cut = endP !== p;
    var e = cut ? text.length : offsetIn(p, range.endContainer, range.endOffset);
    while (s > 0 && /\w/.test(text[s - 1]) && /\w/.test(text[s] || "")) s--; // whole words
    while (e < text.length && /\w/.test(text[e]) && /\w/.test(text[e - 1] || "")) e++;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e <= s) return null;
    var found = {
      paragraph: Number(p.id.slice(1)),
      quote: text.slice(s, e).replace(/\s+/g, " "),
      prefix: "",
      suffix: "",
      problem: "",
      cut: cut,
    };
    if (p.classList.contains("dossier-nonbody")) {
      found.problem = "This paragraph is marked as not article body: it cannot be quoted.";
      return found;
    }
    distinguish(found, p, text, s, e);
    return found;
  }

  function distinguish(found, p, text, s, e) {
    var paras = paragraphs();
    var folded = paras.map(function (el) { return fold(plainText(el)).trim(); });
    var joined = folded.join(" ");
    var base = [];
    var at = 0;
    folded.forEach(function (t) { base.push(at); at += t.length + 1; });
    var quote = fold(found.quote).trim();
    var occurrences = []; // start and end in `joined`, body paragraphs only, overlapping ones too
    folded.forEach(function (t, i) {
      if (paras[i].classList.contains("dossier-nonbody")) return;
      for (var k = t.indexOf(quote); k !== -1; k = t.indexOf(quote, k + 1)) {
        occurrences.push({ para: paras[i], start: base[i] + k, end: base[i] + k + quote.length });
      }
    });
    if (occurrences.length <= 1) return;
    var index = paras.indexOf(p);
    var before = fold(text.slice(0, s)).replace(/^ /, "");
    var mine = base[index] + before.length; // where this occurrence starts in `joined`
    var own = occurrences.filter(function (o) { return o.start === mine; })[0];
    if (!own) { found.problem = "The quote occurs more than once; add `prefix:` to say which."; return; }
    var words = text.slice(0, s).trim().split(/\s+/).filter(Boolean);
    for (var n = 1; n <= Math.min(words.length, 12); n++) {
      var prefix = words.slice(words.length - n).join(" ");
      var p2 = fold(prefix).trim();
      var left = occurrences.filter(function (o) { return hasPrefix(joined, o.start, p2); });
      if (left.length === 1 && left[0] === own) { found.prefix = prefix; return; }
    }
    var after = text.slice(e).trim().split(/\s+/).filter(Boolean);
    for (var m = 1; m <= Math.min(after.length, 12); m++) {
      var suffix = after.slice(0, m).join(" ");
      var s2 = fold(suffix).trim();
      var right = occurrences.filter(function (o) { return hasSuffix(joined, o.end, s2); });
      if (right.length === 1 && right[0] === own) { found.suffix = suffix; return; }
    }
    found.problem = "These words occur " + occurrences.length + " times in the article body: select a longer passage.";
  }

  function hasPrefix(joined, start, prefix) {
    return joined.slice(0, start).replace(/ +/g, " ").replace(/\s+$/, "").endsWith(prefix.replace(/\s+$/, ""));
  }

  function hasSuffix(joined, end, suffix) {
    return joined.slice(end).replace(/ +/g, " ").replace(/^\s+/, "").startsWith(suffix.replace(/^\s+/, ""));
  }

  // ---- the floating button ---------------------------------------------------------------------------------
  function place() {
    var selection = window.getSelection();
    var inText = selection && !selection.isCollapsed && selection.rangeCount &&
      closestPara(selection.getRangeAt(0).startContainer);
    if (!inText) { if (button) button.hidden = true; return; }
    if (!button) {
      button = el("button", "dossier-annotate-button md-button md-button--primary", "Annotate");
      button.type = "button";
      button.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the selection
      button.addEventListener("click", function () { open(fromSelection(window.getSelection())); });
      document.body.appendChild(button);
    }
    var rect = selection.getRangeAt(0).getBoundingClientRect();
    button.style.top = window.scrollY + rect.bottom + 6 + "px";
    button.style.left = Math.max(8, window.scrollX + rect.left) + "px";
    button.hidden = false;
  }

  function closestPara(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    return element && element.closest(".dossier-para");
  }

  var pending = 0;
  document.addEventListener("selectionchange", function () {
    clearTimeout(pending);
    pending = setTimeout(place, 150);
  });

  // ---- the form ----------------------------------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function load() {
    if (data) return Promise.resolve(data);
    return fetch(DATA_URL).then(function (r) {
      if (!r.ok) throw new Error("data/annotate.json: " + r.status);
      return r.json();
    }).then(function (d) {
      d.taken = {};
      ["actors", "claims", "events", "relationships", "sources"].forEach(function (k) {
        d[k].forEach(function (item) { d.taken[item[0]] = k; });
      });
      data = d;
      return d;
    });
  }

  function open(found) {
    if (!found) return;
    current = found;
    if (button) button.hidden = true;
    load().then(build).catch(function (error) {
      console.error(error);
      window.alert("The Annotate form could not load its data: " + error.message);
    });
  }

  function field(form, label, input, help) {
    var row = el("label", "dossier-annotate-row");
    row.appendChild(el("span", "dossier-annotate-label", label));
    row.appendChild(input);
    if (help) input.help = row.appendChild(el("small", "", help));
    form.appendChild(row);
    return input;
  }

  function input(name, placeholder) {
    var box = el("input");
    box.name = name;
    box.type = "text";
    box.autocomplete = "off";
    if (placeholder) box.placeholder = placeholder;
    return box;
  }

  function select(name, options) {
    var box = el("select");
    box.name = name;
    Object.keys(options).forEach(function (key) {
      var option = el("option", "", key + (options[key] ? ": " + options[key] : ""));
      option.value = key;
      box.appendChild(option);
    });
    return box;
  }

  function datalist(id, items) {
    var list = el("datalist");
    list.id = id;
    items.forEach(function (item) {
      var option = el("option");
      option.value = item[0];
      option.textContent = item[1] + (item[2] && item[2].length ? " (" + item[2].join(", ") + ")" : "");
      list.appendChild(option);
    });
    return list;
  }

  // An actor picker: type a name or an alias, pick from the list; several with `many`. What is typed counts
  // at once, resolved to an id as it is typed: the YAML never waits for the field to lose focus, and a name
  // that is no actor's stays in it as typed, shown as a problem (never dropped).
  function picker(name, listId, many) {
    var wrap = el("span", "dossier-annotate-picker");
    var box = input(name, "type a name or an id");
    box.setAttribute("list", listId);
    wrap.appendChild(box);
    var chosen = [];
    var chips = el("span", "dossier-annotate-chips");
    wrap.appendChild(chips);
    wrap.values = function () {
      var typed = box.value.trim() ? [resolve(box.value)] : [];
      return many ? chosen.concat(typed) : typed;
    };
    if (many) {
      box.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") return;
        event.preventDefault();
        box.dispatchEvent(new Event("change"));
      });
      box.addEventListener("change", function () {
        var id = resolve(box.value);
        if (!id) return;
        chosen.push(id);
        box.value = "";
        var chip = el("button", "dossier-annotate-chip", id + " \u00d7");
        chip.type = "button";
        chip.title = "Remove";
        chip.addEventListener("click", function () {
          chosen.splice(chosen.indexOf(id), 1);
          chip.remove();
          update();
        });
        chips.appendChild(chip);
        update();
      });
    } else {
      box.addEventListener("change", function () { var id = resolve(box.value); if (id) box.value = id; update(); });
    }
    return wrap;
  }

  function resolve(text) { // an id, or the actor whose name or alias this is
    var t = text.trim();
    if (data.taken[t]) return t;
    var wanted = t.toLowerCase();
    for (var i = 0; i < data.actors.length; i++) {
      var a = data.actors[i];
      if ([a[1]].concat(a[2]).some(function (n) { return n.toLowerCase() === wanted; })) return a[0];
    }
    return t;
  }

  var form = null;
  var formParts = {}; // the form's fields by name (not properties of the form: its fields' names shadow them)
  var formKind = null;
  var output = null;
  var status = null;
  var propose = null;

  function build() {
    if (!dialog) {
      dialog = el("dialog", "dossier-annotate-dialog");
      dialog.setAttribute("aria-label", "Annotate a passage");
      document.body.appendChild(dialog);
    }
    dialog.textContent = "";
    dialog.appendChild(datalist("dossier-annotate-actors", data.actors));
    dialog.appendChild(datalist("dossier-annotate-entities", [].concat(
      data.claims.map(function (c) { return [c[0], "claim: " + c[1]]; }),
      data.events.map(function (e) { return [e[0], "event: " + e[1]]; }),
      data.relationships.map(function (r) { return [r[0], "relationship: " + r[1]]; }))));
    dialog.appendChild(datalist("dossier-annotate-actors-events", data.actors.concat(
      data.events.map(function (e) { return [e[0], "event: " + e[1]]; }))));
    var close = el("button", "dossier-annotate-close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", function () { dialog.close(); });
    dialog.appendChild(close);
    dialog.appendChild(el("h2", "", "Annotate paragraph " + current.paragraph));
    var quoted = el("blockquote", "dossier-annotate-quote", current.quote);
    dialog.appendChild(quoted);
    if (current.cut) dialog.appendChild(el("p", "dossier-annotate-note",
      "A quote stays within one paragraph: the selection is cut at the end of paragraph " + current.paragraph + "."));
    if (current.problem) {
      dialog.appendChild(el("p", "dossier-annotate-problem", current.problem));
      dialog.showModal();
      return;
    }
    form = el("form", "dossier-annotate-form");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var kind = field(form, "This passage is", select("kind", {
      claim: "a claim someone makes (new)",
      event: "an event that happened (new)",
      relationship: "a relationship between two actors (new)",
      evidence: "more evidence for an existing claim, event or relationship",
    }));
    var parts = {};
    parts.target = field(form, "Existing claim, event or relationship", input("target", "type words of it, or its id"),
      "the quote is added to its file's `evidence` list");
    parts.target.setAttribute("list", "dossier-annotate-entities");
    parts.id = field(form, "Id (file name)", input("id", "lower-case-words-with-hyphens"));
    parts.statement = field(form, "Statement", el("textarea"),
      "one neutral sentence saying what is claimed, never as fact");
    parts.statement.name = "statement";
    parts.title = field(form, "Title", input("title", "what happened, in a few words"));
    parts.claimant = field(form, "Claimant", picker("claimant", "dossier-annotate-actors", false),
      "who makes the claim: the original speaker");
    parts.subject = field(form, "Subject", picker("subject", "dossier-annotate-actors", false));
    parts.type = field(form, "Type", select("type", data.vocabularies.relationship_type));
    parts.object = field(form, "Object", picker("object", "dossier-annotate-actors", false));
    parts.about = field(form, "About", picker("about", "dossier-annotate-actors-events", true),
      "actors and events the claim is about (optional)");
    parts.date = field(form, "Date", input("date", "2026-01-03, 2026-01, or 2026-01-03/2026-01-04"),
      "when it happened or was said, no more precise than the source (optional)");
    parts.stance = field(form, "Stance", select("stance", data.vocabularies.stance), "how the source presents it");
    parts.stance.value = "reports";
    parts.via = field(form, "Via", picker("via", "dossier-annotate-actors", true), "(optional)");
    dialog.appendChild(form);
    output = el("textarea", "dossier-annotate-yaml");
    output.readOnly = true;
    output.rows = 12;
    output.setAttribute("aria-label", "The annotation as YAML");
    dialog.appendChild(output);
    status = el("p", "dossier-annotate-status");
    status.setAttribute("role", "status");
    dialog.appendChild(status);
    var actions = el("p", "dossier-annotate-actions");
    var copy = el("button", "md-button md-button--primary", "Copy");
    copy.type = "button";
    copy.addEventListener("click", function () { copyText(output.value); });
    actions.appendChild(copy);
    var repository = repositoryOf();
    if (repository) {
      propose = el("a", "md-button", "Propose on GitHub");
      propose.target = "_blank";
      propose.rel = "noopener";
      actions.appendChild(propose);
    } else {
      propose = null;
    }
    dialog.appendChild(actions);
    var shown = {
      claim: ["id", "statement", "claimant", "about", "date", "stance", "via"],
      event: ["id", "title", "date", "stance", "via"],
      relationship: ["id", "subject", "type", "object", "date", "stance", "via"],
      evidence: ["target", "stance", "via"],
    };
    function show() {
      Object.keys(parts).forEach(function (name) {
        parts[name].closest(".dossier-annotate-row").hidden = shown[kind.value].indexOf(name) === -1;
      });
      var what = { claim: "the claim", event: "the event", relationship: "the relationship" }[kind.value] ||
        "the claim, event or relationship";
      parts.stance.help.textContent = "how the source presents " + what + " (\u201cit\u201d in the terms above)";
      parts.via.help.textContent = (data.via[kind.value] || "the attribution chain: for a claim, " + data.via.claim +
        "; for an event or a relationship, " + data.via.event) + " (optional)";
      update();
    }
    kind.addEventListener("change", show);
    form.addEventListener("input", update);
    formParts = parts;
    formKind = kind;
    show();
    dialog.showModal();
  }

  function value(name) {
    var part = formParts[name];
    if (part.values) return part.values();
    return part.value.trim();
  }

  function q(text) { return JSON.stringify(text); } // a YAML double-quoted scalar

  function ids(list) { // a YAML flow list; what is not an id (a name no actor has) stays as typed, quoted
    return "[" + list.map(function (v) { return ID.test(v) ? v : q(v); }).join(", ") + "]";
  }

  function ref(id) { return id ? (ID.test(id) ? id : q(id)) : q(""); }

  function slug(text) {
    var plain = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    var stop = { a: 1, an: 1, the: 1, of: 1, and: 1, or: 1, to: 1, "in": 1, on: 1, "for": 1, by: 1, is: 1, was: 1 };
    return (plain.match(/[a-z0-9]+/g) || []).filter(function (w) { return !stop[w]; }).slice(0, 6).join("-");
  }

  function evidenceLines(indent) {
    var lines = [indent + "- source: " + SOURCE,
      indent + "  # paragraph " + current.paragraph,
      indent + "  quote: " + q(current.quote)];
    if (current.prefix) lines.push(indent + "  prefix: " + q(current.prefix));
    if (current.suffix) lines.push(indent + "  suffix: " + q(current.suffix));
    lines.push(indent + "  stance: " + value("stance"));
    var via = value("via");
    if (via.length) lines.push(indent + "  via: " + ids(via));
    return lines;
  }

  function update() {
    if (!form) return;
    var kind = formKind.value;
    var problems = [];
    var known = function (id, what, kinds) {
      if (!id) { problems.push(what + " is missing"); return; }
      if (kinds.indexOf(data.taken[id]) !== -1) return;
      var noun = kinds.join(" or ").replace(/s\b/g, "");
      problems.push(what + ": " + q(id) + " is no " + noun + " of the dossier (pick one from the list" +
        (kinds.indexOf("actors") !== -1 ? ", or add the actor first with `python -m builder new actor`)" : ")"));
    };
    var lines;
    var path;
    if (kind === "evidence") {
      var target = value("target");
      known(target, "the claim, event or relationship", ["claims", "events", "relationships"]);
      path = target ? "annotations/" + (data.taken[target] || "claims") + "/" + target + ".yaml" : "";
      lines = ["# Add under `evidence:` in " + (path || "the file of the claim, event or relationship") + ":"]
        .concat(evidenceLines("  "));
    } else {
      var id = value("id");
      if (!id) {
        var from = kind === "claim" ? value("statement") : kind === "event" ? value("title")
          : [value("subject")[0], value("type"), value("object")[0]].filter(Boolean).join(" ");
        formParts.id.placeholder = slug(from) || "lower-case-words-with-hyphens";
        id = slug(from);
      }
      if (!id) problems.push("the id is missing (type one, or a statement or title to suggest one)");
      else if (!ID.test(id)) problems.push("the id must be lower-case letters, digits and hyphens");
      else if (data.taken[id]) problems.push("the id " + q(id) + " is taken by one of the " + data.taken[id]);
      path = "annotations/" + FOLDERS[kind] + "/" + (id || "<id>") + ".yaml";
      lines = ["# yaml-language-server: $schema=../../schema/" + kind + ".schema.json", "id: " + id];
      var date = value("date");
      if (kind === "claim") {
        if (!value("statement")) problems.push("the statement is missing");
        lines.push("statement: " + q(value("statement")));
        var claimant = value("claimant")[0];
        known(claimant, "the claimant", ["actors"]);
        lines.push("claimant: " + ref(claimant));
        if (date) lines.push("made: " + q(date));
        var about = value("about");
        if (about.length) lines.push("about: " + ids(about));
        about.forEach(function (a) { known(a, "about", ["actors", "events"]); });
      } else if (kind === "event") {
        if (!value("title")) problems.push("the title is missing");
        lines.push("title: " + q(value("title")));
        if (date) lines.push("date: " + q(date));
      } else {
        var subject = value("subject")[0];
        var object = value("object")[0];
        known(subject, "the subject", ["actors"]);
        known(object, "the object", ["actors"]);
        lines.push("subject: " + ref(subject), "type: " + value("type"), "object: " + ref(object));
        if (date) lines.push("date: " + q(date));
      }
      lines.push("evidence:");
      lines = lines.concat(evidenceLines("  "));
    }
    value("via").forEach(function (v) { known(v, "via", ["actors"]); });
    if (formParts.date && value("date") && !/^[0-9?~%.\/X-]+$/.test(value("date"))) {
      problems.push("the date must be written like 2026-01-03 (year-month-day)");
    }
    output.value = lines.join("\n") + "\n";
    output.dataset.path = path;
    var where = kind === "evidence" ? "add it to " + (path || "the file of the claim, event or relationship")
      : "save it as " + path + (id ? "" : " (the id names the file)");
    status.textContent = problems.length ? "Still to do: " + problems.join("; ") + ". Then " + where + "." :
      "Ready: " + where + ", then run `python -m builder check`.";
    status.className = "dossier-annotate-status" + (problems.length ? " dossier-annotate-todo" : "");
    if (propose) propose.href = proposal(kind, path, output.value);
  }

  function repositoryOf() {
    var link = document.querySelector("[data-dossier-repository]");
    var url = link && link.getAttribute("data-dossier-repository");
    var match = url && url.match(/^https:\/\/github\.com\/[^\/]+\/[^\/#?]+/);
    if (!match) return null;
    var edit = link.getAttribute("data-dossier-edit-uri") || "";
    var branch = (edit.match(/^\/?(?:edit|blob|tree)\/([^\/]+)/) || [])[1] || "main";
    return { url: match[0].replace(/\.git$/, ""), branch: branch };
  }

  function proposal(kind, path, yaml) {
    var repository = repositoryOf();
    var title = (kind === "evidence" ? "More evidence for " : "New " + kind + " ") + path.split("/").pop();
    if (kind !== "evidence") {
      var file = repository.url + "/new/" + encodeURIComponent(repository.branch) + "?filename=" +
        encodeURIComponent(path) + "&value=" + encodeURIComponent(yaml) + "&message=" + encodeURIComponent(title);
      if (file.length <= MAX_URL) return file;
    }
    var body = "From " + location.href.split("#")[0] + "#p" + current.paragraph + "\n\n```yaml\n" + yaml + "```\n";
    return repository.url + "/issues/new?title=" + encodeURIComponent(title) + "&body=" +
      encodeURIComponent(body.slice(0, MAX_URL / 3));
  }

  function copyText(text) {
    var done = function () { status.textContent = "Copied. Save it as " + output.dataset.path + "."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
    function fallback() {
      output.select();
      if (document.execCommand("copy")) done();
      else status.textContent = "Select the text above and copy it.";
    }
  }

  window.dossierAnnotate = { quoteOf: fromSelection }; // for the browser tests
})();
