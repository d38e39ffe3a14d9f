/* The dossier's search box: Pagefind's index (SITE/pagefind/), read with Pagefind's own small library.

Nothing is fetched before the reader goes to the box: then pagefind.js, its WebAssembly and the index's
table of contents; each query fetches the chunks of the index that hold its words, and the results shown.
Keys as in Material: "/" or "s" goes to the box, arrows move through results, Enter opens one, Escape leaves.
Every text shown is set as text: nothing from the index becomes markup but Pagefind's <mark> highlights. */
(() => {
  "use strict";
  const script = document.currentScript;
  const root = new URL("..", script ? script.src : location.href); // this file is at SITE/assets/
  const SHOWN = 10; // results per page of results
  const EXCERPT = 24; // words of an excerpt
  const FACETS = [
    ["kind", "Kind"],
    ["status", "Claim status"],
    ["outlet", "Outlet"],
    ["year", "Year"],
  ];
  const NAMED = 12; // actors looked at for one the query names (Pagefind also ranks names the query begins)
  const MOST_VALUES = 8; // values shown per facet, the most frequent first (all of those chosen are kept)
  const KIND = { actor: "Actor", event: "Event", claim: "Claim", source: "Source", page: "Page" };
  const VALUE = { kind: KIND };
  // The commonest English words: each is in nearly every record, so that its part of the index is the largest
  // (hundreds of KB in a large dossier) and narrows nothing. They are never looked up: outside quotes they are
  // left out of a query (as is a word being typed that is one of them: "of" on the way to "official"); in a
  // quoted phrase, the phrase's other words find where it may be, and each of these is then checked in the text
  // at its place. Typed in capitals ("IS", "US") a word is a name, and is looked up.
  const STOP = new Set(
    "a an and are as at be but by for from had has have he her his in is it its of on or she that the their they this to was were which with".split(" "),
  );

  let pagefind = null; // the library, once loaded
  let loading = null;
  let asked = 0; // queries sent; a late answer to an older one is dropped
  let results = [];
  let shownCount = 0; // results (pages) shown
  let rowCount = 0; // rows shown: a group gives one per entity found in it
  let pinned = new Set(); // pages of the actors shown first
  let shownPhrase = null; // the phrase whose common words are checked in each record shown (phraseOf)
  let active = -1;
  let lastInput = 0;
  const chosen = {}; // facet -> values chosen
  const timings = (window.__dossierSearch = { shown: [] }); // for the benchmark: keystroke -> results shown
  // For the benchmark's comparison: every page the box finds for a query (all results, not those shown first).
  timings.find = async (typed) => {
    const library = await load();
    const { found, phrase } = await lookup(library, terms(typed), {});
    const items = await Promise.all(found.results.map((result) => itemOf(result, phrase)));
    return items.filter(Boolean).flatMap((item) => rows(item).map((option) => option.querySelector("a").getAttribute("href")));
  };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    node.append(...children.filter(Boolean));
    return node;
  }

  // Pagefind's excerpts are text with <mark> around the words found: keep exactly that, as text and marks.
  function excerpt(html) {
    const parsed = document.createElement("template");
    parsed.innerHTML = html; // a template's content is inert: nothing in it runs or loads
    const out = document.createDocumentFragment();
    for (const node of parsed.content.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") out.append(el("mark", { text: node.textContent }));
      else out.append(document.createTextNode(node.textContent));
    }
    return out;
  }

  const box = el("input", {
    id: "dossier-search-input",
    class: "dossier-search__input",
    type: "search",
    placeholder: "Search",
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    role: "combobox",
    "aria-label": "Search the dossier",
    "aria-expanded": "false",
    "aria-controls": "dossier-search-results",
    "aria-autocomplete": "list",
    "aria-keyshortcuts": "/ s",
  });
  const facets = el("div", { class: "dossier-search__facets" });
  const meta = el("p", { class: "dossier-search__meta", "aria-live": "polite" });
  const list = el("ol", { id: "dossier-search-results", class: "dossier-search__results", role: "listbox", "aria-label": "Results" });
  const more = el("button", { type: "button", class: "dossier-search__more", hidden: true, text: "More results" });
  const narrow = el("button", { type: "button", class: "dossier-search__narrow", "aria-expanded": "false", text: "Narrow by kind, status, outlet, year" });
  const panel = el("div", { class: "dossier-search__panel", hidden: true }, narrow, facets, meta, list, more);
  const form = el("div", { class: "dossier-search", role: "search" }, box, panel);

  function place() {
    const header = document.querySelector(".md-header__inner");
    if (header) header.insertBefore(form, header.querySelector(".md-header__source"));
    else document.body.prepend(form); // another theme: at the top of the page
  }

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(async (library) => {
        await library.options({ baseUrl: root.pathname, excerptLength: EXCERPT, noWorker: true });
        await library.init();
        pagefind = library;
        return library;
      });
      loading.catch(() => {
        loading = null;
        meta.textContent = "Search is not available: its index could not be loaded.";
        open(true);
      });
    }
    return loading;
  }

  function open(yes) {
    panel.hidden = !yes;
    box.setAttribute("aria-expanded", String(yes));
    form.classList.toggle("dossier-search--open", yes);
  }

  function filters() {
    const out = {};
    for (const [name, values] of Object.entries(chosen)) if (values.size) out[name] = { any: [...values] };
    return out;
  }

  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const bare = (word) => fold(word).replace(/[^\p{L}\p{N}]/gu, ""); // a word as the index holds it
  const common = (word) => STOP.has(bare(word)) && word !== word.toUpperCase();
  const stemmed = (word) => (/^\p{N}+$/u.test(word) ? word : word.replace(/(?:ing|ed|es|s)$/u, ""));

  // Actors the query names: shown first, from a second search among actors only (it fetches no more of the
  // index; a common name such as "Cuba" is in many records, which Pagefind may rank above the actor's own).
  // Not for a figure or a quoted phrase, which name no one.
  async function namedActors(library, query, mine) {
    const kinds = chosen.kind;
    if (!/\p{L}/u.test(query) || query.includes('"') || (kinds && kinds.size && !kinds.has("actor"))) return [];
    const wanted = fold(query.replace(/["“”]/g, "")).trim();
    const found = await library.search(query, { filters: { ...filters(), kind: { any: ["actor"] } } });
    if (mine !== asked || !found) return [];
    const data = await Promise.all(found.results.slice(0, NAMED).map((result) => result.data()));
    const named = (item, exact) =>
      (item.meta.names || "").split(" | ").some((name) => (exact ? fold(name) === wanted : fold(name).split(/\s+/).includes(wanted)));
    return [...data.filter((item) => named(item, true)), ...data.filter((item) => !named(item, true) && named(item, false))];
  }

  // The query as the index reads it: apostrophes straight (as builder/search/records.py writes them), and
  // outside closed quotes no single letters (an initial would fetch every chunk of the index for words it
  // begins) and no common word (STOP).
  function terms(text) {
    const parts = text.replace(/’/g, "'").split(/("[^"]*")/);
    return parts
      .map((part, i) =>
        i % 2
          ? part
          : part
              .split(/\s+/)
              .filter((word) => !/^"?\p{L}\.?$/u.test(word) && !common(word.replace(/^"/, "")))
              .join(" "),
      )
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
  }

  // A query that is one quoted phrase with common words in it: looked up by its other words (in any order,
  // anywhere in a record), then kept where those stand at their places in the phrase, and the common words
  // between them are checked in the record's text when it is shown (`placed`, `phraseItem`). Null for any
  // other query, which Pagefind reads as it is (a phrase without common words, or of common words only).
  function phraseOf(query) {
    const quoted = /^"([^"]+)"$/.exec(query);
    if (!quoted) return null;
    const words = quoted[1].split(/\s+/).map(bare).filter(Boolean);
    const stop = quoted[1].split(/\s+/).filter((w) => bare(w)).map(common);
    if (!stop.some(Boolean) || stop.every(Boolean)) return null;
    const kept = words.filter((_, j) => !stop[j]);
    return { words, stop, kept, at: words.map((_, j) => j).filter((j) => !stop[j]) };
  }

  // Where the phrase may start, from the places of its uncommon words in a record.
  function placed(locations, phrase) {
    const at = new Set(locations);
    const starts = new Set();
    for (const location of locations) {
      const start = location - phrase.at[0];
      if (start >= 0 && phrase.at.every((j) => at.has(start + j))) starts.add(start);
    }
    return [...starts].sort((a, b) => a - b);
  }

  // A record's data with the phrase's places checked word by word, and a section for each passage that holds
  // it (as Pagefind's own sections, with the phrase marked); null if the phrase is not in it.
  function phraseItem(item, phrase, locations) {
    const words = item.content.split(/[\r\n\s]+/g);
    const raw = item.raw_content.split(/[\r\n\s]+/g);
    const same = (j, word) => {
      const found = bare(word || "");
      const wanted = phrase.words[j];
      // Pagefind found the other words by their beginnings ("83" finds "830"): each is checked too, allowing
      // a plural or a tense ("murders" finds "murder"), as Pagefind's own phrases do by their stems.
      return found === wanted || (!phrase.stop[j] && stemmed(found) === stemmed(wanted));
    };
    const starts = placed(locations, phrase).filter((start) => phrase.words.every((_, j) => same(j, words[start + j])));
    if (!starts.length) return null;
    const anchors = (item.anchors || [])
      .filter((a) => /h\d/i.test(a.element) && a.text && /\S/.test(a.text))
      .sort((a, b) => a.location - b.location);
    const sections = new Map();
    const length = phrase.words.length;
    for (const start of starts) {
      const index = anchors.findLastIndex((a) => a.location <= start);
      const anchor = anchors[index];
      const end = index + 1 < anchors.length ? anchors[index + 1].location : raw.length;
      const key = anchor ? anchor.id : "";
      const marked = Array.from({ length }, (_, j) => start + j);
      const section = sections.get(key);
      if (section) {
        section.locations.push(...marked);
        continue;
      }
      const from = Math.max(anchor ? anchor.location : 0, Math.min(start - Math.floor((EXCERPT - length) / 2), end - EXCERPT));
      const excerpt = raw
        .slice(from, Math.min(end, from + EXCERPT))
        .map((word, i) => (marked.includes(from + i) ? `<mark>${word}</mark>` : word))
        .join(" ");
      const url = anchor ? `${item.url.split("#")[0]}#${encodeURIComponent(anchor.id)}` : item.url;
      sections.set(key, { url, title: anchor ? anchor.text : item.meta.title, excerpt, locations: marked });
    }
    const subResults = [...sections.values()];
    return { ...item, sub_results: subResults, excerpt: subResults[0].excerpt };
  }

  // The query as sent to Pagefind, with what to check in what it finds.
  async function lookup(library, query, options) {
    const phrase = phraseOf(query);
    const found = await library.search(phrase ? phrase.kept.join(" ") : query || null, options);
    if (found && phrase) found.results = found.results.filter((result) => placed(result.words, phrase).length);
    return { found, phrase };
  }

  async function itemOf(result, phrase) {
    const item = await result.data();
    return phrase ? phraseItem(item, phrase, result.words) : item;
  }

  async function run() {
    const typed = box.value.trim();
    const query = terms(typed);
    const chosenAny = Object.values(chosen).some((values) => values.size);
    const mine = ++asked;
    if (!query && !chosenAny) {
      results = [];
      list.replaceChildren();
      facets.replaceChildren();
      meta.textContent = "";
      more.hidden = true;
      open(false);
      return;
    }
    if (!query) {
      // only common words or single letters: nothing that narrows the search is typed yet
      results = [];
      list.replaceChildren();
      more.hidden = true;
      meta.textContent = "Keep typing: single letters and the commonest words are not looked up";
      open(true);
      return;
    }
    const library = await load();
    const [{ found, phrase }, actors] = await Promise.all([
      lookup(library, query, { filters: filters() }),
      namedActors(library, query, mine),
    ]);
    if (mine !== asked || !found) return; // the reader typed on: a newer query is under way
    results = found.results;
    shownPhrase = phrase;
    shownCount = 0;
    rowCount = 0;
    active = -1;
    list.replaceChildren();
    box.removeAttribute("aria-activedescendant");
    drawFacets(found.filters || {});
    pinned = new Set();
    for (const item of actors.slice(0, 3)) {
      for (const option of rows(item)) {
        pinned.add(option.querySelector("a").getAttribute("href"));
        list.append(option);
      }
    }
    await showMore(mine);
    if (mine !== asked) return;
    const n = list.childElementCount ? results.length : 0;
    meta.textContent = n ? "" : "Nothing found";
    open(true);
    requestAnimationFrame(() => timings.shown.push({ query: typed, ms: performance.now() - lastInput, results: n }));
  }

  // The facets' tables are as large as the index's table of contents: fetched when the reader asks for them.
  let facetsLoaded = false;
  async function loadFacets() {
    facetsLoaded = true;
    narrow.setAttribute("aria-expanded", "true");
    narrow.hidden = true;
    const library = await load();
    await library.filters();
    lastInput = performance.now();
    await run();
  }

  async function showMore(mine) {
    const before = list.childElementCount;
    do {
      const next = results.slice(shownCount, shownCount + SHOWN);
      const data = await Promise.all(next.map((result) => itemOf(result, shownPhrase)));
      if (mine !== undefined && mine !== asked) return;
      for (const item of data) {
        shownCount++;
        if (!item) continue; // a common word of the phrase is not at its place
        list.append(...rows(item).filter((option) => !pinned.has(option.querySelector("a").getAttribute("href"))));
      }
    } while (list.childElementCount === before && shownCount < results.length);
    more.hidden = shownCount >= results.length;
  }

  // A result is a page of the site, or a record of a few entities (builder/search/records.py): each entity
  // found in it is shown as a result of its own that opens its page, a source with the passages that matched.
  function rows(item) {
    const kind = (item.meta && item.meta.kind) || "page";
    const at = item.meta && item.meta.at;
    if (!at) return [row(kind, item.url, (item.meta && item.meta.title) || item.url, item.excerpt, [])];
    const titles = {}; // entity id -> its heading (a source's passages are headed by their numbers)
    let facetsOf = null; // entity id -> its facets, when the entities' facets differ (records.facet_anchor)
    for (const anchor of item.anchors || []) {
      const query = anchor.id.indexOf("?");
      if (query >= 0) (facetsOf ||= {})[anchor.id.slice(0, query)] = facetValues(anchor.id.slice(query + 1));
      else if (/^h[12]$/i.test(anchor.element)) titles[anchor.id] = anchor.text;
    }
    const entities = new Map(); // id -> {best sub-result, passages}
    for (const sub of item.sub_results || []) {
      const hash = sub.url.indexOf("#");
      if (hash < 0) continue;
      const [id, passage] = decodeURIComponent(sub.url.slice(hash + 1)).split("/");
      if (facetsOf && !matches(facetsOf[id] || {})) continue; // in the record for another entity's facets
      const found = entities.get(id) || { id, hits: 0, best: null, passages: [] };
      const hits = (sub.locations || []).length;
      found.hits += hits;
      if (passage) found.passages.push({ sub, passage, hits });
      if (!found.best || hits > found.best.hits) found.best = { sub, hits };
      entities.set(id, found);
    }
    return [...entities.values()]
      .sort((a, b) => b.hits - a.hits)
      .map((found) => {
        const page = new URL(at.replace("#", found.id), root).pathname;
        const title = titles[found.id] || found.best.sub.title;
        const passages = found.passages
          .sort((a, b) => b.hits - a.hits)
          .slice(0, 2)
          .map(({ sub, passage }) => ({ url: `${page}#${passage}`, title: sub.title, excerpt: sub.excerpt }));
        return row(kind, page, title, found.best.sub.excerpt, passages);
      });
  }

  function facetValues(encoded) {
    const values = {};
    for (const pair of encoded.split(";")) {
      const [name, value] = pair.split("=").map(decodeURIComponent);
      (values[name] ||= []).push(value);
    }
    return values;
  }

  function matches(entityValues) {
    return Object.entries(chosen).every(([name, values]) => !values.size || (entityValues[name] || []).some((v) => values.has(v)));
  }

  function row(kind, href, title, text, passages) {
    const link = el(
      "a",
      { href, class: "dossier-search__link", tabindex: "-1" },
      el("span", { class: `dossier-search__kind dossier-search__kind--${kind}`, text: KIND[kind] || kind }),
      el("span", { class: "dossier-search__title", text: title }),
      el("span", { class: "dossier-search__excerpt" }, excerpt(text || "")),
    );
    const option = el("li", { id: `dossier-search-r${rowCount++}`, role: "option", "aria-selected": "false", class: "dossier-search__result" }, link);
    for (const sub of passages) {
      option.append(
        el(
          "a",
          { href: sub.url, class: "dossier-search__passage", tabindex: "-1" },
          el("span", { class: "dossier-search__title", text: sub.title }),
          el("span", { class: "dossier-search__excerpt" }, excerpt(sub.excerpt || "")),
        ),
      );
    }
    return option;
  }

  function drawFacets(counts) {
    if (!facetsLoaded) return;
    const groups = [];
    for (const [name, label] of FACETS) {
      const values = Object.entries(counts[name] || {});
      const picked = chosen[name] || new Set();
      // Pagefind counts a group of entities once: the counts order the values, and are not shown.
      const top = values
        .filter(([value, count]) => count > 0 || picked.has(value))
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .filter(([value], i) => i < MOST_VALUES || picked.has(value));
      if (!top.length) continue;
      if (name === "year") top.sort((a, b) => b[0].localeCompare(a[0]));
      const buttons = top.map(([value]) =>
        el("button", {
          type: "button",
          class: "dossier-search__facet",
          "data-facet": name,
          "data-value": value,
          "aria-pressed": String(picked.has(value)),
          text: (VALUE[name] && VALUE[name][value]) || value,
        }),
      );
      groups.push(el("div", { class: "dossier-search__group", role: "group", "aria-label": label }, el("span", { text: label }), ...buttons));
    }
    facets.replaceChildren(...groups);
  }

  function move(step) {
    const options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = Math.max(0, Math.min(options.length - 1, active + step));
    const option = options[active];
    option.setAttribute("aria-selected", "true");
    box.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }

  function go() {
    const option = list.querySelectorAll("[role=option]")[Math.max(active, 0)];
    const link = option && option.querySelector("a");
    if (link) location.href = link.href;
  }

  box.addEventListener("focus", () => {
    load();
    if (list.childElementCount || facets.childElementCount) open(true);
  });
  box.addEventListener("input", () => {
    lastInput = performance.now();
    run();
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      go();
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (box.value) {
        box.value = "";
        run();
      } else {
        open(false);
        box.blur();
      }
    }
  });
  facets.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-facet]");
    if (!button) return;
    const values = (chosen[button.dataset.facet] ||= new Set());
    if (values.has(button.dataset.value)) values.delete(button.dataset.value);
    else values.add(button.dataset.value);
    lastInput = performance.now();
    run();
  });
  more.addEventListener("click", () => showMore());
  narrow.addEventListener("click", () => loadFacets());
  document.addEventListener("click", (event) => {
    if (!event.composedPath().includes(form)) open(false); // (a facet's button is redrawn as it is clicked)
  });
  // Before Material's own keyboard handling (which would look for its search box): "/" and "s" focus ours.
  window.addEventListener(
    "keydown",
    (event) => {
      if (event.target === box || event.ctrlKey || event.metaKey || event.altKey) return;
      const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "S")) {
        event.preventDefault();
        event.stopImmediatePropagation();
        box.focus();
        box.select();
      }
    },
    true,
  );

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", place);
  else place();
})();
