/* Linked from every page, and tiny: on a page with a network or timeline box, it loads the vendored library and
   the widget that draws the box's data file. Pages carry no script of their own, and pages without a picture
   load nothing more. */
(function () {
  "use strict";
  // What the widgets share. One colour per kind of actor; unnamed sources are grey, never like a named actor.
  window.dossierPictures = {
    colours: {
      person: "#1f77b4", government: "#d62728", "government-body": "#e377c2", agency: "#8c564b",
      "armed-force": "#7f3f00", "military-unit": "#bc6f2f", "political-group": "#9467bd", organisation: "#17becf",
      "criminal-organisation": "#000000", "media-outlet": "#2ca02c", publication: "#98df8a", country: "#ff7f0e",
      "international-body": "#3c5a99", operation: "#b5a000", "unnamed-source": "#9e9e9e"
    },
    el: function (tag, attrs, text) { // an element with attributes and text: never HTML from the data
      var node = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
      if (text !== undefined) node.textContent = text;
      return node;
    }
  };
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
