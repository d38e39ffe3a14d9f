/* Linked from every page, and tiny: on a page with a network or timeline box, it loads the vendored library and
   the widget that draws the box's data file. Pages carry no script of their own, and pages without a picture
   load nothing more. */
(function () {
  "use strict";
  var WIDGETS = {
    "dossier-network": ["assets/vendor/cytoscape/dist/cytoscape.min.js", "assets/network.js"],
    "dossier-timeline": ["assets/vendor/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js", "assets/timeline.js"]
  };

  function load(urls) {
    if (!urls.length) return;
    var script = document.createElement("script");
    script.src = urls[0];
    script.onload = function () { load(urls.slice(1)); };
    document.head.appendChild(script);
  }

  function start() {
    Object.keys(WIDGETS).forEach(function (name) {
      var box = document.querySelector("." + name + "[data-root]");
      if (box) load(WIDGETS[name].map(function (path) { return box.getAttribute("data-root") + path; }));
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
