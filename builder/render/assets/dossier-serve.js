// Under `mkdocs serve` only: shows the dossier's problems on every page (builder/publish/served_problems.py).
// The data file is this build's; after the next save MkDocs reloads the page, and a sound dossier has none.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var url = new URL("dossier-problems.json", script.src);
  fetch(url, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) { if (data && (data.errors.length || data.warnings.length)) show(data); })
    .catch(function () {});

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function item(problem) {
    var li = el("li");
    li.appendChild(el("code", "", problem.where));
    li.appendChild(document.createTextNode(" " + problem.message));
    if (problem.fix) {
      var fix = el("div", "dossier-served-fix");
      fix.appendChild(el("strong", "", "Fix: "));
      fix.appendChild(document.createTextNode(problem.fix));
      li.appendChild(fix);
    }
    if (problem.follows && problem.follows.length) {
      var more = el("details");
      more.appendChild(el("summary", "", problem.follows.length + " more problem(s) that follow from this one"));
      var list = el("ul");
      problem.follows.forEach(function (p) { list.appendChild(item(p)); });
      more.appendChild(list);
      li.appendChild(more);
    }
    return li;
  }

  function show(data) {
    var style = el("style");
    style.textContent =
      ".dossier-served{position:fixed;z-index:1000;left:1rem;right:1rem;top:1rem;max-height:70vh;overflow:auto;" +
      "background:#fff;color:#222;border:3px solid #c62828;border-radius:6px;padding:1rem 1.2rem;" +
      "font:14px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.3)}" +
      ".dossier-served.dossier-served-warnings{border-color:#ef6c00;top:auto;bottom:1rem;left:auto;max-width:40rem}" +
      ".dossier-served h2{margin:0 0 .5rem;font-size:1.2em}.dossier-served li{margin:.4rem 0}" +
      ".dossier-served code{background:#f3f3f3;padding:0 .2em;word-break:break-all}" +
      ".dossier-served-fix{color:#1b5e20}.dossier-served button{float:right;font-size:1.2em;cursor:pointer;" +
      "border:0;background:none;color:inherit}";
    document.head.appendChild(style);
    var box = el("section", "dossier-served");
    box.setAttribute("role", "alert");
    box.id = "dossier-problems";
    var close = el("button", "", "\u00d7");
    close.setAttribute("aria-label", "Hide");
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    var errors = data.errors.length;
    if (errors) {
      box.appendChild(el("h2", "", "The dossier has " + errors + " error(s): " +
        (data.stale ? "the site shows the last version that built" : "")));
      box.appendChild(el("p", "", "Fix them and save: this page reloads by itself. Root causes come first; " +
        "what follows from one is folded under it. `python -m builder check` lists the same in the terminal."));
      var list = el("ol");
      data.errors.forEach(function (p) { list.appendChild(item(p)); });
      box.appendChild(list);
    } else {
      box.className += " dossier-served-warnings";
    }
    if (data.warnings.length) {
      var warned = el("details");
      if (!errors) warned.open = false;
      warned.appendChild(el("summary", "", data.warnings.length +
        " warning(s): the site builds, but `check --strict` and CI refuse them"));
      var wl = el("ol");
      data.warnings.forEach(function (p) { wl.appendChild(item(p)); });
      warned.appendChild(wl);
      box.appendChild(warned);
    }
    document.body.appendChild(box);
  }
})();
