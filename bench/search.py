"""Benchmark the search (builder/search, assets/dossier-search.js): index build and what a reader's browser fetches.

Usage: bench/search.py [--sources 1000 10000] [--seed-site DIR --before-site DIR] [--out FILE]

For each size, a dossier from bench/generate.py (seed 1) is checked and indexed as `python -m builder
search-index` does (timed; resident memory of the builder and of Pagefind's indexer sampled every 50 ms). The
index is put into a copy of the seed site as `mkdocs build` made it (same pages, theme, scripts and search
box), served on 127.0.0.1 with gzip for text files as static hosts serve them, and read in Chromium: the bytes
the home page fetches, the bytes of a first query (library, index table of contents, chunks, results, facets)
and of each later query, and the time from the last keystroke to the results shown. The pages themselves
are the seed's: only the index is the large dossier's, so that the 10,000-source site need not be built.

With --before-site (a build with Material's search) and --seed-site (a build with this search), the seed
query set is run on both, and what each found is compared.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO / "tests" / "browser")]

from site_reader import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SEED_QUERIES = [
    "Maduro",
    "Nicolás Maduro",
    "Nicolas Maduro",
    "nicolas",
    "Chávez",
    "Chavez",
    "Díaz-Canel",
    "Diaz-Canel",
    "Padrino",
    "G2",
    "DSE",
    "the U.S.",
    "Cilia Flores",
    "Southern Spear",
    "83",
    '"cold-blooded murder"',
    '"Cuba was his guardian"',
    '"at least 83"',
]


# Serving ------------------------------------------------------------------------------------------------


class Served(http.server.SimpleHTTPRequestHandler):
    """The site, with gzip for text files (as GitHub Pages, Netlify and nginx serve them); counts bytes sent."""

    sent: list[tuple[float, str, int]]
    TEXT = (".html", ".js", ".css", ".json", ".svg", ".xml")

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if path.endswith(self.TEXT) and "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path):
            body = gzip.compress(Path(path).read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self._count(len(body))
            return _Bytes(body)
        head = super().send_head()
        if head is not None and os.path.isfile(path):
            self._count(os.path.getsize(path))
        return head

    def _count(self, size: int) -> None:
        self.sent.append((time.perf_counter(), self.path.split("?")[0], size))

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, list[tuple[float, str, int]]]:
    sent: list[tuple[float, str, int]] = []
    handler = type("Handler", (Served,), {"sent": sent})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, sent


# Indexing -----------------------------------------------------------------------------------------------


def _tree_rss(pid: int) -> dict[int, int]:
    """Resident KB of a process and its descendants."""
    found: dict[int, int] = {}
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            found[current] = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            pass
    return found


def index(dossier: Path, site: Path) -> dict[str, float]:
    """`python -m builder search-index` on `site`, timed, with peak memory of the builder and of Pagefind."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "builder", "search-index", "--root", str(dossier), str(site)]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak_builder = peak_pagefind = peak_sum = 0
    while process.poll() is None:
        rss = _tree_rss(process.pid)
        builder = rss.get(process.pid, 0)
        peak_builder = max(peak_builder, builder)
        peak_pagefind = max(peak_pagefind, sum(rss.values()) - builder)
        peak_sum = max(peak_sum, sum(rss.values()))
        time.sleep(0.05)
    output = process.stdout.read() if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"search-index failed:\n{output}")
    said = re.search(r"indexed (\d+) entities \(in (\d+) records\).* in ([\d.]+) s", output)
    assert said, output
    bundle = site / "pagefind"
    meta = next(bundle.glob("*.pf_meta")).stat().st_size
    chunks = sorted(p.stat().st_size for p in (bundle / "index").iterdir())
    return {
        "wall": time.perf_counter() - start,
        "indexing": float(said.group(3)),
        "entities": int(said.group(1)),
        "records": int(said.group(2)),
        "builder_mb": peak_builder / 1024,
        "pagefind_mb": peak_pagefind / 1024,
        "sum_mb": peak_sum / 1024,
        "meta_kb": meta / 1000,
        "chunks": len(chunks),
        "chunk_median_kb": statistics.median(chunks) / 1000,
        "chunk_max_kb": chunks[-1] / 1000,
        "bundle_mb": sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()) / 1e6,
        "files": sum(1 for p in bundle.rglob("*") if p.is_file()),
    }


# Reading ------------------------------------------------------------------------------------------------


def unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def generated_queries(dossier: Path) -> list[str]:
    """The query set for a generated dossier: an accented name with and without accents, an alias, a quoted
    phrase and a figure from a quote, a word of a claim."""
    from builder.pipeline import check

    checked = check(dossier)
    actors = sorted(checked.dossier.actors.values(), key=lambda a: a.id)
    accented = next(a for a in actors if a.kind == "person" and a.name != unaccented(a.name))
    aliased = next(a for a in actors if a.aliases and a.kind != "person")
    quote = next(e.quote for c in checked.dossier.claims.values() for e in c.evidence if len(e.quote.split()) > 8)
    words = [w.strip(',.;:"“”') for w in quote.split()]
    figure = next((w for w in words if re.fullmatch(r"\d[\d,]*", w)), "83")
    phrase = " ".join(w for w in words[:5] if "'" not in w and "’" not in w)
    return [accented.name, unaccented(accented.name), aliased.aliases[0], f'"{phrase}"', figure, words[-1]]


def read(site: Path, queries: list[str]) -> dict[str, Any]:
    """Open the home page, then type each query as a reader does; what was fetched, and how long results took."""
    from playwright.sync_api import sync_playwright

    server, sent = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    def since(start: float) -> list[tuple[str, int]]:
        return [(path, size) for at, path, size in sent if at >= start]

    def idle(page: Any, quiet: float = 0.5) -> None:
        while True:
            last = sent[-1][0] if sent else 0
            page.wait_for_timeout(quiet * 1000)
            if (sent[-1][0] if sent else 0) == last:
                return

    result: dict[str, Any] = {"queries": []}
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(base, wait_until="load")
            idle(page)
            opened = since(start)
            result["open_total"] = sum(size for _, size in opened)
            result["open_search"] = sum(size for path, size in opened if "dossier-search" in path or "pagefind" in path)
            for number, query in enumerate(queries):
                page.keyboard.press("/")
                page.fill("#dossier-search-input", "")
                page.wait_for_timeout(100)
                start = time.perf_counter()
                page.keyboard.type(query, delay=40)
                page.wait_for_function(
                    "q => window.__dossierSearch.shown.some(s => s.query === q)", arg=query.strip(), timeout=60_000
                )
                idle(page)
                fetched = since(start)
                shown = page.evaluate("q => window.__dossierSearch.shown.filter(s => s.query === q).at(-1)", query)
                rows = page.eval_on_selector_all(".dossier-search__link", "links => links.length")
                result["queries"].append(
                    {
                        "query": query,
                        "first": number == 0,
                        "bytes": sum(size for _, size in fetched),
                        "files": len(fetched),
                        "ms": shown["ms"],
                        "records": shown["results"],
                        "rows": rows,
                    }
                )
            browser.close()
    finally:
        server.shutdown()
    return result


def found_after(query: str, page: Any) -> list[str]:
    """Every entity or page the search box finds for `query` (all results, not only those shown first), as
    the box finds them (assets/dossier-search.js: common words left out, a phrase's checked in the text)."""
    hrefs = page.evaluate("q => window.__dossierSearch.find(q)", query)
    return sorted({unquote(h.split("#")[0]).lstrip("/") for h in hrefs})


def found_before(page: Any, query: str, base: str) -> tuple[int, list[str]]:
    """What Material's search box shows for `query` (its first results; the number it says it matched)."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-search__icon[for='__search']").first.click()
    meta = "document.querySelector('.md-search-result__meta').textContent.trim()"
    box.fill("")
    box.press("End")
    page.wait_for_function(f"() => {meta} === 'Type to start searching'", timeout=60_000)
    box.fill(query)
    box.press("End")
    page.wait_for_function(f"() => {meta} !== 'Type to start searching'", timeout=60_000)
    said = page.evaluate(f"() => {meta}")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "links => links.map(a => a.getAttribute('href'))"
    )
    number = re.search(r"(\d+) matching", said)
    pages = sorted({h.removeprefix(base).split("#")[0].split("?")[0].lstrip("./").lstrip("/") for h in hrefs})
    return (int(number.group(1)) if number else len(pages)), pages


def compare(before_site: Path, seed_site: Path) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows = []
    before_server, _ = serve(before_site)
    after_server, _ = serve(seed_site)
    before_base = f"http://127.0.0.1:{before_server.server_address[1]}/"
    after_base = f"http://127.0.0.1:{after_server.server_address[1]}/"
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            before, after = browser.new_page(), browser.new_page()
            before.goto(before_base, wait_until="load")
            after.goto(after_base, wait_until="load")
            for query in SEED_QUERIES:
                matched, shown = found_before(before, query, before_base)
                now = found_after(query, after)
                lost = [p for p in shown if p not in now and p != ""]
                rows.append(
                    {"query": query, "before_matched": matched, "before_shown": shown, "after": now, "lost": lost}
                )
            browser.close()
    finally:
        before_server.shutdown()
        after_server.shutdown()
    return rows


# Report -------------------------------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1000:.1f}"


def _table(header: str, rows: list[str]) -> list[str]:
    columns = header.count("|") - 1
    return ["", header, "|" + " ---: |" * columns, *rows]


def report(runs: dict[int, dict[str, Any]], compared: list[dict[str, Any]] | None) -> str:
    lines = [
        "## Search (`bench/search.py`)",
        "",
        "Pagefind 1.5.2, records from the builder's data (builder/search). Each dossier from `bench/generate.py`",
        "(seed 1) is indexed by `python -m builder search-index`; its index is served in a copy of the seed site's",
        "pages (same theme, scripts and search box: only the index is the large dossier's), on 127.0.0.1 with gzip",
        "for text files as static hosts serve them, and read in Chromium. Bytes are those the server sent.",
    ]
    indexed = []
    for n, run in runs.items():
        i = run["index"]
        indexed.append(
            f"| {n:,} | {i['entities']:,} | {i['records']:,} | {i['indexing']:.1f} | "
            f"{i['builder_mb']:,.0f} / {i['pagefind_mb']:,.0f} / {i['sum_mb']:,.0f} | {i['meta_kb']:.1f} | "
            f"{i['chunk_median_kb']:.1f} / {i['chunk_max_kb']:.1f} | {i['bundle_mb']:.1f}, {i['files']:,} |"
        )
    lines += _table(
        "| Sources | Entities | Records | Index time (s) | Peak RSS: builder / Pagefind / both (MB) "
        "| Table of contents (KB) | Chunks (median / max KB) | Bundle (MB, files) |",
        indexed,
    )
    read = []
    for n, run in runs.items():
        r = run["read"]
        later = [q["bytes"] for q in r["queries"][1:]]
        ms = [q["ms"] for q in r["queries"]]
        read.append(
            f"| {n:,} | {kb(r['open_search'])} / {kb(r['open_total'])} | {kb(r['queries'][0]['bytes'])} | "
            f"{kb(statistics.median(later))} / {kb(max(later))} | {statistics.median(ms):.0f} / {max(ms):.0f} |"
        )
    lines += _table(
        "| Sources | Page open: search / all (KB) | First query (KB) | Later queries: median / max (KB) "
        "| Keystroke to results: median / max (ms) |",
        read,
    )
    lines += ["", "Targets: page open for search <= 50 KB, first query <= 300 KB, later <= 100 KB, <= 300 ms."]
    for n, run in runs.items():
        lines += [
            "",
            f"Queries at {n:,} sources (in order typed; the first also loads the library):",
            "",
        ]
        lines += [
            "| Query | KB fetched | Files | ms | Records found | Rows shown |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for q in run["read"]["queries"]:
            lines.append(
                f"| `{q['query']}` | {kb(q['bytes'])} | {q['files']} | {q['ms']:.0f} | {q['records']} | {q['rows']} |"
            )
    if compared:
        lines += [
            "",
            "Seed query set, before (Material's search, lunr, what its box shows first and the number it says matched)",
            'and after (this search: every entity and page found). "Lost": shown before, not found after.',
            "",
            "| Query | Before: matched / shown | After: found | Lost |",
            "| --- | ---: | ---: | --- |",
        ]
        for row in compared:
            lost = ", ".join(row["lost"]) or "none"
            before = f"{row['before_matched']} / {len(row['before_shown'])}"
            lines.append(f"| `{row['query']}` | {before} | {len(row['after'])} | {lost} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--seed-site", type=Path, required=True, help="the seed site built with this search")
    parser.add_argument("--before-site", type=Path, help="the seed site built with Material's search")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "dossier-search-bench")
    parser.add_argument("--out", type=Path, help="write the report here (default: print it)")
    args = parser.parse_args()
    runs: dict[int, dict[str, Any]] = {}
    for n in args.sources:
        dossier = args.work / f"dossier-{n}"
        if not (dossier / "annotations").is_dir():
            generate = [
                sys.executable,
                str(HERE / "generate.py"),
                "--sources",
                str(n),
                "--out",
                str(dossier),
                "--seed",
                "1",
            ]
            subprocess.run(generate, check=True, stdout=subprocess.DEVNULL)
        site = args.work / f"site-{n}"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(args.seed_site, site, ignore=shutil.ignore_patterns("pagefind"))
        print(f"indexing {n} sources", file=sys.stderr)
        runs[n] = {"index": index(dossier, site)}
        print(json.dumps(runs[n]["index"]), file=sys.stderr)
        runs[n]["read"] = read(site, generated_queries(dossier))
        print(json.dumps(runs[n]["read"]), file=sys.stderr)
    compared = compare(args.before_site, args.seed_site) if args.before_site else None
    text = report(runs, compared)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
