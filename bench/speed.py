"""Issue 23's benchmark: the whole site's build against Hugo on the same pages, in one run, side by side.

Usage: .venv/bin/python bench/speed.py [--sizes 1000,10000] [--runs 3] [--label before] [--skip second,serve]
(or `bench/run speed ...`)

For each size, a dossier from `bench/generate.py --seed 1` is built once with `python -m builder build --out`
(untimed), and that Markdown tree (with the dossier's hand-written docs/ pages it does not replace) is laid out
as a Hugo project with a minimal theme, so that Hugo, which converts the same Markdown with goldmark and a
two-line template, anchors the figures: what any static-site build of these pages costs on this machine. Then,
in turn, each run of:

- Hugo on those pages (a fresh output folder: Hugo keeps nothing between builds);
- a cold `mkdocs build` (a fresh site folder, the dossier's `.cache/` deleted) and a second `mkdocs build`
  right after it, with nothing changed and that cache kept;

and once per run bench/serve_dirty.py (`mkdocs serve --dirty`: its first build, then whole rebuilds after a
one-file edit). Medians of the runs; CPU time (user + system of the command and the processes it waited for)
beside wall time, since the machine may be shared; peak RSS of one process, and peak PSS of all the build's
processes together sampled every 50 ms from this process (which takes no CPU time from the build's). Writes
its section into bench/RESULTS.md below the hand-written marker, replacing an earlier section of the same label.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))  # measure.py and serve_dirty.py beside this file

import measure
from measure import BY_HAND, Failed, Run, timed

BENCH = measure.BENCH
REPO = measure.REPO
SIZES = (1_000,)
SKIPPABLE = ("hugo", "second", "serve")
HUGO_INSTALL = ["apt-get", "install", "-y", "hugo"]

# Issue 23's targets
ISSUE_COLD_SECONDS = 102.0  # the cold `mkdocs build` at 1,000 sources the issue measured (wall, a quiet machine)
TARGET_COLD_1K = 35.0
TARGET_HUGO_RATIO = 8.0
TARGET_SECOND_SPEEDUP = 10.0  # the second build against ISSUE_COLD_SECONDS
TARGET_EDIT = {1_000: 1.0, 10_000: 10.0}
TARGET_COLD_10K = 300.0
TARGET_MEMORY_MB = 4_096.0
TARGET_GROWTH = 11.0


@dataclass
class Timing(measure.Measure):
    """Several runs of one build (`measure.Measure`: medians of time), whose memory is the largest of any
    run: each run's PSS of all processes is sampled here, not in one more run."""

    @property
    def tree_mb(self) -> float:
        return max(r.tree_mb for r in self.runs)

    @property
    def pss_mb(self) -> float:
        return self.tree_mb


@dataclass
class SizeResult:
    """What was measured at one size; None (or empty) where it was skipped or failed."""

    n: int
    hugo: Timing | None = None
    cold: Timing | None = None
    second: Timing | None = None
    serve: list[tuple[str, float]] = field(default_factory=list)  # (build, median wall seconds), first build first

    @property
    def edits(self) -> list[tuple[str, float]]:
        """The whole rebuilds after a one-file edit (the serve rows after its first build)."""
        return self.serve[1:]


# ------------------------------------------------------------------------------------------------------------
# Hugo: installed where it can be, and a project of the same pages with a minimal theme.

HUGO_CONFIG = """\
# Written by bench/speed.py: the builder's pages, as plain as a Hugo site gets.
baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableGitInfo = false

[markup.goldmark.renderer]
unsafe = true  # the pages carry HTML blocks (source paragraphs, widgets)

[markup.goldmark.parser]
autoHeadingID = true

[markup.goldmark.parser.attribute]
block = true  # `{ .cls #id }` on the line after a block
title = true  # `## Heading { #id }`
"""
HUGO_LAYOUT = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>
{{ .Content }}
</main></body>
</html>
"""
# Python-Markdown's attribute lists open with "{:"; goldmark's block attributes are the same without the colon.
KRAMDOWN_BLOCK_ATTRIBUTES = re.compile(r"^([ \t>]*)\{:[ \t]*", re.MULTILINE)


def hugo_page(text: str) -> str:
    """A builder page as goldmark reads its block attribute lists (`{: .cls }` on a line of its own becomes
    `{ .cls }`); attribute lists after inline links, which goldmark has not, stay as text."""
    return KRAMDOWN_BLOCK_ATTRIBUTES.sub(r"\1{ ", text)


def hugo_site(tree: Path, docs: Path | None, site: Path) -> int:
    """Lay out in `site` a Hugo project of the Markdown pages of `tree` (and of `docs`, those `tree` does not
    replace), other files as static files, with HUGO_CONFIG and HUGO_LAYOUT; the number of pages.

    A folder's `index.md` becomes `_index.md`: in Hugo an `index.md` would make its folder one page with the
    others as its attachments, not pages."""
    content, static = site / "content", site / "static"
    pages: set[Path] = set()
    for origin in [*([docs] if docs and docs.is_dir() else []), tree]:  # the tree's pages replace docs' own
        for path in sorted(origin.rglob("*")):
            if not path.is_file():
                continue
            relative = path.relative_to(origin)
            if path.suffix == ".md":
                if relative.name == "index.md":
                    relative = relative.with_name("_index.md")
                target = content / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(hugo_page(path.read_text(encoding="utf-8")), encoding="utf-8")
                pages.add(relative)
            else:
                target = static / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    (site / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name in ("single.html", "list.html"):
        layout = site / "layouts" / "_default" / name
        layout.parent.mkdir(parents=True, exist_ok=True)
        layout.write_text(HUGO_LAYOUT, encoding="utf-8")
    return len(pages)


def hugo_install_plan(found: str | None, euid: int, apt_get: str | None) -> list[str] | None:
    """The command that would install Hugo: none where it is there already, or where this is not root with
    apt-get (then the bench goes on without Hugo's row and says why)."""
    return HUGO_INSTALL if found is None and euid == 0 and apt_get else None


def ensure_hugo() -> tuple[str | None, str]:
    """Hugo's path (None without it) and a line for the report: its version and how it came to be there."""
    found = shutil.which("hugo")
    plan = hugo_install_plan(found, os.geteuid(), shutil.which("apt-get"))
    how = f"found at {found}" if found else ""
    if plan:
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        done = subprocess.run(plan, capture_output=True, text=True, env=quiet, check=False)
        if done.returncode != 0:  # the package lists may be missing or stale
            subprocess.run(["apt-get", "update"], capture_output=True, env=quiet, check=False)
            done = subprocess.run(plan, capture_output=True, text=True, env=quiet, check=False)
        found = shutil.which("hugo")
        how = f"installed by this run with `{' '.join(plan)}`" if found else f"`{' '.join(plan)}` failed"
    if not found:
        why = how or "not installed, and this is not root with apt-get"
        return None, f"- Hugo: could not be installed ({why}); its row and the ratios to it are left out"
    version = subprocess.run([found, "version"], capture_output=True, text=True, check=False).stdout.strip()
    return found, f"- Hugo: {version or 'version unknown'} ({how})"


# ------------------------------------------------------------------------------------------------------------
# The builds


def count_html(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def run_hugo(hugo: str, site: Path, outputs: Path, work: Path, runs: int) -> Timing:
    out = outputs / "hugo-site"
    found: list[Run] = []
    pages = 0
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        os.sync()  # the deletion's work is not to land in the timed run
        cmd = [hugo, "--source", str(site), "--destination", str(out), "--cacheDir", str(work / "hugo-cache")]
        found.append(timed([*cmd, "--quiet"], work / "hugo.log", sample=True))
        pages = count_html(out)
    shutil.rmtree(out, ignore_errors=True)
    return Timing(found, pages)


def run_mkdocs(
    python: str, root: Path, outputs: Path, work: Path, env: dict[str, str], runs: int, second: bool
) -> tuple[Timing, Timing | None]:
    """`runs` cold builds, each into a fresh site folder with the dossier's cache deleted, and (with `second`)
    each followed by a second build into the same folder with nothing changed."""
    cold: list[Run] = []
    again: list[Run] = []
    pages = [0, 0]
    for run in range(runs):
        site = outputs / f"mkdocs-site-{run}"
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        os.sync()
        cmd = [python, "-m", "mkdocs", "build", "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site)]
        cold.append(timed(cmd, work / "mkdocs-cold.log", env, sample=True))
        pages[0] = count_html(site)
        if second:
            os.sync()
            again.append(timed(cmd, work / "mkdocs-second.log", env, sample=True))
            pages[1] = count_html(site)
        shutil.rmtree(site, ignore_errors=True)
    return Timing(cold, pages[0]), Timing(again, pages[1]) if again else None


def run_serve(python: str, root: Path, work: Path, env: dict[str, str], runs: int) -> list[tuple[str, float]]:
    """bench/serve_dirty.py `runs` times (its first build with no cache); the median of each row."""
    found: list[list[tuple[str, float]]] = []
    for _ in range(runs):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        found.append([(what, float(s)) for what, s in measure._script_json(python, "serve_dirty.py", root, work, env)])
    return [(what, statistics.median(rows[i][1] for rows in found)) for i, (what, _) in enumerate(found[0])]


# ------------------------------------------------------------------------------------------------------------
# The report


def _times(t: float, of: float) -> str:
    return f"{t / of:.1f}×" if of else "–"


def speed_table(result: SizeResult) -> list[str]:
    """One size's builds as a Markdown table, with each build's ratio to Hugo's (wall and CPU)."""
    lines = [
        "| Build | Wall (s) | CPU (s) | Peak RSS (MB) | Peak PSS, all processes (MB) | Pages (.html) "
        "| × Hugo, wall | × Hugo, CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    hugo = result.hugo
    for name, timing in [
        ("Hugo, minimal theme", result.hugo),
        ("`mkdocs build`, cold (no site folder, no `.cache/`)", result.cold),
        ("`mkdocs build` again, nothing changed", result.second),
    ]:
        if timing is None:
            continue
        vs_wall = _times(timing.seconds, hugo.seconds) if hugo else "–"
        vs_cpu = _times(timing.cpu, hugo.cpu) if hugo else "–"
        lines.append(
            f"| {name} | {timing.seconds:.2f} | {timing.cpu:.2f} | {timing.peak_mb:,.0f} | {timing.pss_mb:,.0f} "
            f"| {timing.pages:,} | {vs_wall} | {vs_cpu} |"
        )
    for what, seconds in result.serve:
        name = "first build" if what.startswith("cold") else what
        vs_wall = _times(seconds, hugo.seconds) if hugo else "–"
        lines.append(f"| `mkdocs serve --dirty`: {name} | {seconds:.2f} | – | – | – | – | {vs_wall} | – |")
    return lines


@dataclass
class Verdict:
    target: str
    measured: str
    met_wall: bool | None  # None: not applicable
    met_cpu: bool | None = None


def verdicts(results: dict[int, SizeResult]) -> list[Verdict]:
    """Each of issue 23's targets that this run measured, beside what was measured: met by wall time (the
    targets' own measure) and, where it applies, by CPU time (steadier on a shared machine)."""
    found: list[Verdict] = []
    small, big = results.get(1_000), results.get(10_000)
    if small and small.cold:
        cold = small.cold
        found.append(
            Verdict(
                f"cold `mkdocs build` at 1,000 sources <= {TARGET_COLD_1K:.0f} s",
                f"{cold.seconds:.1f} s wall, {cold.cpu:.1f} s CPU",
                cold.seconds <= TARGET_COLD_1K,
                cold.cpu <= TARGET_COLD_1K,
            )
        )
    for n, result in results.items():
        if result.cold and result.hugo:
            wall, cpu = result.cold.seconds / result.hugo.seconds, result.cold.cpu / result.hugo.cpu
            found.append(
                Verdict(
                    f"cold `mkdocs build` at {n:,} sources within {TARGET_HUGO_RATIO:.0f}× of Hugo",
                    f"{wall:.1f}× wall, {cpu:.1f}× CPU",
                    wall <= TARGET_HUGO_RATIO,
                    cpu <= TARGET_HUGO_RATIO,
                )
            )
    if small and small.second:
        second, bound = small.second, ISSUE_COLD_SECONDS / TARGET_SECOND_SPEEDUP
        ratio = f"; {small.cold.seconds / second.seconds:.1f}× faster than this run's cold build" if small.cold else ""
        found.append(
            Verdict(
                f"second build at 1,000 sources {TARGET_SECOND_SPEEDUP:.0f}× faster than the issue's cold build "
                f"({ISSUE_COLD_SECONDS:.0f} s): <= {bound:.1f} s",
                f"{second.seconds:.1f} s wall, {second.cpu:.1f} s CPU ({ISSUE_COLD_SECONDS / second.seconds:.1f}× "
                f"faster than {ISSUE_COLD_SECONDS:.0f} s){ratio}",
                second.seconds <= bound,
                second.cpu <= bound,
            )
        )
    for n, result in results.items():
        if result.edits and n in TARGET_EDIT:
            worst = max(seconds for _, seconds in result.edits)
            found.append(
                Verdict(
                    f"one-file edit under `mkdocs serve --dirty` at {n:,} sources: whole rebuild < "
                    f"{TARGET_EDIT[n]:.0f} s",
                    f"{worst:.2f} s at most, over {len(result.edits)} kinds of edit",
                    worst < TARGET_EDIT[n],
                )
            )
    if big and big.cold:
        found.append(
            Verdict(
                f"cold `mkdocs build` at 10,000 sources < {TARGET_COLD_10K:.0f} s",
                f"{big.cold.seconds:.1f} s wall, {big.cold.cpu:.1f} s CPU",
                big.cold.seconds < TARGET_COLD_10K,
                big.cold.cpu < TARGET_COLD_10K,
            )
        )
        found.append(
            Verdict(
                f"cold `mkdocs build` at 10,000 sources < {TARGET_MEMORY_MB / 1024:.0f} GB",
                f"{big.cold.peak_mb:,.0f} MB RSS (one process), {big.cold.pss_mb:,.0f} MB PSS (all)",
                big.cold.memory_mb < TARGET_MEMORY_MB,
            )
        )
        if small and small.cold:
            wall, cpu = big.cold.seconds / small.cold.seconds, big.cold.cpu / small.cold.cpu
            found.append(
                Verdict(
                    f"cold build, 10,000 against 1,000 sources <= {TARGET_GROWTH:.0f}×",
                    f"{wall:.1f}× wall, {cpu:.1f}× CPU",
                    wall <= TARGET_GROWTH,
                    cpu <= TARGET_GROWTH,
                )
            )
    return found


def _met(met: bool | None) -> str:
    return "–" if met is None else ("yes" if met else "no")


def verdict_table(found: list[Verdict]) -> list[str]:
    rows = ["| Target | Measured | Met (wall) | Met (CPU) |", "| --- | --- | --- | --- |"]
    rows += [f"| {v.target} | {v.measured} | {_met(v.met_wall)} | {_met(v.met_cpu)} |" for v in found]
    return rows


def growth_table(results: dict[int, SizeResult]) -> list[str]:
    """Each build's time at 10× the sources over its time at the smaller size (10× is linear)."""
    pairs = [(n, n * 10) for n in sorted(results) if n * 10 in results]
    lines = []
    for small, big in pairs:
        lines += [
            "",
            f"Growth from {small:,} to {big:,} sources (10× is linear):",
            "",
            "| Build | Wall | CPU |",
            "| --- | ---: | ---: |",
        ]
        for name, get in [("Hugo", _hugo), ("`mkdocs build`, cold", _cold), ("`mkdocs build` again", _second)]:
            a, b = get(results[small]), get(results[big])
            if a and b:
                lines.append(f"| {name} | {_times(b.seconds, a.seconds)} | {_times(b.cpu, a.cpu)} |")
    return lines


def _hugo(r: SizeResult) -> Timing | None:
    return r.hugo


def _cold(r: SizeResult) -> Timing | None:
    return r.cold


def _second(r: SizeResult) -> Timing | None:
    return r.second


def section(
    label: str, header: list[str], runs: int, results: dict[int, SizeResult], failures: list[str], load_end: str
) -> str:
    """This run's section of RESULTS.md."""
    lines = [
        heading(label),
        "",
        "Written by `bench/speed.py` (see its docstring for the method; `bench/run speed` runs it). Median of "
        f"{runs} run(s) each; CPU is user + system time of the build and the processes it waited for. Hugo builds "
        "the builder's `--out` Markdown (plus the dossier's hand-written pages) with a template of a few lines; "
        "goldmark reads `{ .cls #id }` block attributes (the bench writes Python-Markdown's `{: ...}` without "
        "the colon) but not attribute lists after inline links, which it leaves as text. The `serve --dirty` "
        "rows are wall time (bench/serve_dirty.py: one process building as `mkdocs serve --dirty` does).",
        "",
        *header,
        f"- Load average at the end: {load_end}",
    ]
    for n, result in results.items():
        lines += ["", f"{n:,} sources:", "", *speed_table(result)]
    lines += growth_table(results)
    lines += ["", f"Against issue 23's targets ({label}):", "", *verdict_table(verdicts(results))]
    if failures:
        lines += ["", "Failed or skipped:", "", *failures]
    return "\n".join(lines) + "\n"


def heading(label: str) -> str:
    return f"## Speed against Hugo (issue 23): {label}"


def place_section(old: str, text: str, label: str) -> str:
    """RESULTS.md with this run's section below the hand-written marker: in place of an earlier section of the
    same label, else at the end; everything else is kept as it was."""
    if BY_HAND not in old:
        old = old.rstrip("\n") + f"\n\n{BY_HAND}\n"
    above, _, below = old.partition(BY_HAND)
    start = below.find(heading(label) + "\n")
    if start < 0:
        return f"{above}{BY_HAND}{below.rstrip(chr(10))}\n\n{text}"
    following = below.find("\n## ", start + 1)
    rest = below[following + 1 :] if following >= 0 else ""
    return f"{above}{BY_HAND}{below[:start]}{text}" + (f"\n{rest}" if rest else "")


# ------------------------------------------------------------------------------------------------------------


def _skips(text: str) -> tuple[str, ...]:
    """Builds to leave out, comma-separated: `second` at every size, `second:10000` at that size only."""
    parts = tuple(part.strip().replace("_", "") for part in text.split(",") if part.strip())
    wrong = [
        part
        for part in parts
        if part.partition(":")[0] not in SKIPPABLE or (":" in part and not part.partition(":")[2].isdigit())
    ]
    if wrong:
        raise argparse.ArgumentTypeError(
            f"cannot skip {', '.join(wrong)}: choose from {', '.join(SKIPPABLE)}, each alone or as NAME:SOURCES"
        )
    return parts


def skipped(skip: tuple[str, ...], what: str, n: int) -> bool:
    return what in skip or f"{what}:{n}" in skip


T = TypeVar("T")


def _attempt(failures: list[str], what: str, step: Callable[[], T]) -> T | None:
    """step(), or None with its failure recorded: the other builds and sizes still run."""
    try:
        return step()
    except (Failed, RuntimeError, subprocess.CalledProcessError, OSError, ValueError) as exc:
        failures.append(f"- {what}: {exc}")
        print(f"{what} failed: {exc}", file=sys.stderr)
        return None


@dataclass
class Setting:
    """What every size is measured with."""

    python: str
    env: dict[str, str]
    work: Path
    outputs: Path
    runs: int
    skip: tuple[str, ...]
    hugo: str | None


def measure_size(n: int, s: Setting, failures: list[str]) -> SizeResult:
    result = SizeResult(n)
    root, tree = s.work / f"dossier-{n}", s.work / f"tree-{n}"
    for folder in (root, tree):
        shutil.rmtree(folder, ignore_errors=True)
    gen = [s.python, str(BENCH / "generate.py"), "--sources", str(n), "--out", str(root), "--seed", "1"]
    build = [s.python, "-m", "builder", "build", "--root", str(root), "--out", str(tree), "--quiet"]
    if _attempt(failures, f"generating N = {n:,}", lambda: timed(gen, s.work / "generate.log")) is None:
        return result
    hugo = s.hugo
    if hugo and _attempt(failures, f"`builder build` at N = {n:,}", lambda: timed(build, s.work / "build.log", s.env)):
        site = s.work / f"hugo-{n}"
        shutil.rmtree(site, ignore_errors=True)
        hugo_site(tree, root / "docs", site)
        shutil.rmtree(tree, ignore_errors=True)
        result.hugo = _attempt(failures, f"Hugo at N = {n:,}", lambda: run_hugo(hugo, site, s.outputs, s.work, s.runs))
        shutil.rmtree(site, ignore_errors=True)
        if result.hugo:
            print(f"N={n:,} Hugo: {result.hugo.seconds:.1f} s", file=sys.stderr)
    built = _attempt(
        failures,
        f"`mkdocs build` at N = {n:,}",
        lambda: run_mkdocs(s.python, root, s.outputs, s.work, s.env, s.runs, not skipped(s.skip, "second", n)),
    )
    if built:
        result.cold, result.second = built
        print(f"N={n:,} mkdocs cold: {result.cold.seconds:.1f} s", file=sys.stderr)
    if not skipped(s.skip, "serve", n):
        served = _attempt(
            failures, f"`mkdocs serve --dirty` at N = {n:,}", lambda: run_serve(s.python, root, s.work, s.env, s.runs)
        )
        result.serve = served or []
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/speed.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=measure._sizes, default=SIZES, help="numbers of sources, comma-separated")
    parser.add_argument("--runs", type=measure._positive, default=3, help="runs per build; the median is reported")
    parser.add_argument("--label", default="", help="the section's name in RESULTS.md (default: the commit)")
    parser.add_argument(
        "--skip",
        type=_skips,
        default=(),
        help=f"builds to leave out: {', '.join(SKIPPABLE)}, or NAME:SOURCES at one size",
    )
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md", help="where to write the section")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one, deleted)")
    args = parser.parse_args(argv)
    python = sys.executable
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    label = args.label or f"at {commit.stdout.strip() or 'an uncommitted tree'}"
    header = measure.machine(python)
    hugo, said = (None, "- Hugo: left out (--skip hugo)") if "hugo" in args.skip else ensure_hugo()
    header.append(said)
    print(said.removeprefix("- "), file=sys.stderr)
    work = args.keep or Path(tempfile.mkdtemp(prefix="dossier-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    outputs = measure.output_folder(work)
    outputs.mkdir(parents=True, exist_ok=True)
    header += [f"- Output written to: {outputs} ({measure.file_system(outputs)})", measure.compiled(python, env)]
    setting = Setting(python, env, work, outputs, args.runs, args.skip, hugo)
    failures: list[str] = []
    results: dict[int, SizeResult] = {}
    try:
        for n in sorted(args.sizes):  # the section is written after each size: a long run keeps what it measured
            results[n] = measure_size(n, setting, failures)
            load_end = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            notes = failures + [f"- {what}: left out (--skip)" for what in args.skip]
            text = section(label, header, args.runs, results, notes, load_end)
            old = args.results.read_text(encoding="utf-8") if args.results.is_file() else "# Benchmark results\n"
            args.results.write_text(place_section(old, text, label), encoding="utf-8")
            print(text)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(outputs, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
