"""Measure the network and timeline pictures at 100, 1,000 and 10,000 sources: page weight and time to first draw.

Usage: python bench/pictures.py [--sizes 100,1000,10000] [--runs 3] [--keep DIR] [--results bench/RESULTS.md]

For each size: a dossier from bench/generate.py, its docs tree from `python -m builder build --out` (the real
pages, exports and assets), then only the pages measured (the relationship graph, the timeline and the page of
the best-connected actor, whose neighbourhood file is the largest) built by MkDocs with Material, without the
dossier plugin or a nav: a full `mkdocs build` at 10,000 sources takes minutes and would change none of what is
measured. The pages are served on 127.0.0.1 and opened with Debian's Chromium, a fresh profile per run (nothing
cached): "first draw" is the time from navigation start to the widget's first drawing (`data-drawn-at`, set by
network.js and timeline.js), the median of the runs. Weight is what the page loads from the site, by kind.
The results replace the "Pictures" section of RESULTS.md (bench/run keeps that section when it rewrites the rest).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
SIZES = [100, 1000, 10_000]
MARK = "<!-- pictures: written by bench/pictures.py -->"
CHROMIUM = Path(os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium"))
PAGES = {"network": "analysis/relationships", "timeline": "analysis/timeline/index", "actor": ""}
CONFIG = """site_name: pictures benchmark
docs_dir: docs
theme:
  name: material
  font: false
markdown_extensions: [attr_list, md_in_html, admonition, tables, {toc: {permalink: true}}, pymdownx.superfences]
plugins: []
extra_css: [assets/dossier.css]
extra_javascript: [assets/pictures.js]
"""
RESOURCES = """() => {
  const kinds = {};
  for (const r of performance.getEntriesByType('resource')) {
    if (!r.name.startsWith(location.origin)) continue;
    const path = new URL(r.name).pathname;
    const kind = path.includes('/data/') ? 'data'
      : path.endsWith('.js') ? 'js' : path.endsWith('.css') ? 'css' : 'other';
    kinds[kind] = (kinds[kind] || 0) + r.decodedBodySize;
  }
  const nav = performance.getEntriesByType('navigation')[0];
  kinds.html = nav.decodedBodySize;
  return kinds;
}"""


def run(command: list[str], cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def prepare(size: int, work: Path) -> tuple[Path, dict[str, str], dict[str, int]]:
    """The measured pages built as a small site; their paths; the builder's Markdown bytes of each."""
    dossier, tree, site = work / f"dossier-{size}", work / f"docs-{size}", work / f"site-{size}"
    if not (tree / "data" / "network.json").is_file():
        shutil.rmtree(dossier, ignore_errors=True)
        run(
            [sys.executable, str(BENCH / "generate.py"), "--sources", str(size), "--out", str(dossier), "--seed", "1"],
            REPO,
        )
        run([sys.executable, "-m", "builder", "build", "--root", str(dossier), "--out", str(tree), "--quiet"], REPO)
    top = json.loads((tree / "data" / "network.json").read_text(encoding="utf-8"))["nodes"][0]["id"]
    pages = {**PAGES, "actor": f"actors/{top}"}
    small = work / f"small-{size}"
    shutil.rmtree(small, ignore_errors=True)
    docs = small / "docs"
    for page in pages.values():
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(tree / f"{page}.md", docs / f"{page}.md")
    for name in ("network.json", "timeline.json", f"network/{top}.json"):
        (docs / "data" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(tree / "data" / name, docs / "data" / name)
    from builder.publish.assets import asset_files  # the assets as they are now, also when --keep reuses a tree

    for path, text in asset_files().items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(text.encode("utf-8"))
    (small / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(site)], small)
    markdown = {kind: (tree / f"{page}.md").stat().st_size for kind, page in pages.items()}
    urls = {
        kind: (page.removesuffix("index") if page.endswith("index") else page + "/") for kind, page in pages.items()
    }
    return site, urls, markdown


def measure(site: Path, urls: dict[str, str], runs: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found: dict[str, list[dict[str, float]]] = {kind: [] for kind in urls}
    try:
        with sync_playwright() as driver:
            for _ in range(runs):
                for kind, url in urls.items():
                    with tempfile.TemporaryDirectory() as profile:
                        context = driver.chromium.launch_persistent_context(
                            profile,
                            executable_path=str(CHROMIUM),
                            headless=True,
                            args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
                            viewport={"width": 1280, "height": 800},
                        )
                        page = context.new_page()
                        page.goto(base + url, wait_until="load")
                        page.wait_for_selector("[data-drawn-at]", state="attached", timeout=60_000)
                        drawn = float(page.get_attribute("[data-drawn-at]", "data-drawn-at") or 0)
                        weights = page.evaluate(RESOURCES)
                        found[kind].append({"draw_ms": drawn, **weights})
                        context.close()
    finally:
        server.shutdown()
    return {
        kind: {key: statistics.median(r.get(key, 0) for r in rows) for key in rows[0]} for kind, rows in found.items()
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def section(rows: list[tuple[int, dict[str, dict[str, float]], dict[str, int]]], runs: int) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        MARK,
        "## Pictures (network and timeline)",
        "",
        "Written by `bench/pictures.py` (see its docstring for the method): the relationship graph, the timeline and",
        f"the best-connected actor's page, each opened cold in Chromium from a local server, median of {runs} run(s).",
        "First draw is from navigation start to the widget's first picture. HTML is the page as served (Material,",
        "without the nav of the full site), Markdown the builder's page; data is the export the widget reads, JS the",
        "theme's, the loader's, the widget's and its library's scripts (uncompressed: a server's gzip divides them",
        "by 3 to 8). The network page draws the best-connected actors first; its data file holds every actor and",
        f"relationship but no quotes. Load average at the end: {load} (a shared machine).",
        "",
        "| Sources | Page | First draw (ms) | Markdown (KB) | HTML (KB) | Data (KB) | JS (KB) | CSS (KB) "
        "| Total (KB) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, results, markdown in rows:
        for kind, r in results.items():
            total = sum(v for k, v in r.items() if k != "draw_ms")
            kb = {k: r.get(k, 0) / 1024 for k in ("html", "data", "js", "css")}
            lines.append(
                f"| {size:,} | {kind} | {r['draw_ms']:,.0f} | {markdown[kind] / 1024:,.1f} | {kb['html']:,.1f} | "
                f"{kb['data']:,.1f} | {kb['js']:,.1f} | {kb['css']:,.1f} | {total / 1024:,.1f} |"
            )
    return "\n".join(lines) + "\n"


def write(results: Path, text: str) -> None:
    """Replace the pictures' section, keeping what comes before it and the hand-written sections after it."""
    sys.path.insert(0, str(BENCH))
    from measure import BY_HAND

    old = results.read_text(encoding="utf-8") if results.is_file() else ""
    before = old.split(MARK)[0].partition(BY_HAND)[0].rstrip("\n")
    kept = old.partition(BY_HAND)[2]
    after = f"\n{BY_HAND}{kept}" if kept else ""
    results.write_text((before + "\n\n" if before else "") + text + after, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="numbers of sources, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work folder to keep and reuse (default: a temporary one)")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="dossier-pictures-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            site, urls, markdown = prepare(size, work)
            results = measure(site, urls, args.runs)
            rows.append((size, results, markdown))
            print(f"{size}: " + ", ".join(f"{k} {v['draw_ms']:.0f} ms" for k, v in results.items()), file=sys.stderr)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    write(args.results, section(rows, args.runs))


if __name__ == "__main__":
    main()
