"""Measure the builder and the full MkDocs build on generated dossiers; write bench/RESULTS.md.

Run it as `bench/run` (which picks the project's virtualenv). It generates dossiers of 100, 1,000 and
10,000 sources with bench/generate.py, times `python -m builder build` at every size and `mkdocs build`
at the two small ones, and reports medians, peak memory, throughput and how time grows with size, so
that "linear time" is a number anyone can re-check on their machine rather than a claim.

Each measured command runs as its own child process: wall time is taken around it and peak memory is
that child's own ru_maxrss (from os.wait4), so runs do not contaminate each other. CPU time (user +
system) is reported beside wall time because on a shared machine it is the steadier of the two. The
memory of all of a build's processes together is sampled in one more run of its own, so that sampling
(which reads /proc) takes no time from the timed runs.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SIZES = (100, 1_000, 10_000)
MKDOCS_SIZES = (100, 1_000)
PROFILE_SIZE = 1_000
LIVE_SIZE = 1_000  # `mkdocs serve` edits are measured on this size (bench/live_edit.py)
SEED = 1
# Issue 6's targets
TARGET_SECONDS, TARGET_MB, TARGET_RATIO, TARGET_SHARE, TARGET_LIVE = 10.0, 1024, 11.0, 0.05, 0.5


class Failed(Exception):
    """A measured command exited non-zero: reported in RESULTS.md, and the other sizes still run."""


@dataclass
class Run:
    seconds: float  # wall
    cpu: float  # user + system: less disturbed than wall time by other work on a shared machine
    peak_mb: float  # the largest RSS of one process (the command or a process it forked)
    tree_mb: float = 0.0  # the largest PSS of the command and its children together, where sampled (Linux)
    builder_seconds: float | None = None  # in `mkdocs build`: the dossier plugin's own time, from its log line
    beside_cpu: float = 0.0  # in `mkdocs build`: the CPU time of the plugin's second process, from that line


@dataclass
class Measure:
    """The median of several runs of one command, and what it produced."""

    runs: list[Run]
    pages: int = 0
    mean_kb: float = 0.0
    max_kb: float = 0.0
    sampled: Run | None = None  # one more run, untimed, in which the memory of all processes was sampled
    search_mb: float = 0.0  # a site's search index, as written and gzipped (as a server would send it)
    search_gz_mb: float = 0.0

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def builder_seconds(self) -> float | None:
        found = [r.builder_seconds for r in self.runs if r.builder_seconds is not None]
        return statistics.median(found) if len(found) == len(self.runs) else None

    @property
    def beside_cpu(self) -> float:
        return statistics.median(r.beside_cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in [*self.runs, *([self.sampled] if self.sampled else [])])

    @property
    def tree_mb(self) -> float:
        return self.sampled.tree_mb if self.sampled else 0.0

    @property
    def memory_mb(self) -> float:
        """What the target is checked against: all processes together where that was sampled."""
        return max(self.peak_mb, self.tree_mb)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def timed(cmd: list[str], log: Path, env: dict[str, str] | None = None, sample: bool = False) -> Run:
    """Run cmd to completion; its own wall time and peak RSS, and with `sample` the peak PSS of it and its
    children together (which costs the run some time). Output goes to log, shown on failure."""
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=REPO, env=env)
        sampler = PeakPss(proc.pid) if sample else None
        _, status, usage = os.wait4(proc.pid, 0)  # blocks: the time ends when the command does
        seconds = time.perf_counter() - start
        tree_mb = sampler.stop() if sampler else 0.0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        lines = log.read_text(errors="replace").strip().splitlines() or ["(no output)"]
        print(f"failed ({proc.returncode}): {' '.join(cmd)}\n" + "\n".join(lines[-30:]), file=sys.stderr)
        raise Failed(f"exit {proc.returncode}: {lines[-1][:200]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tree_mb)  # maxrss: KiB on Linux


class PeakPss:
    """The largest PSS of a process and its children, sampled every SAMPLE_SECONDS by a thread until `stop`."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, tree_pss_mb(self.pid))

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        return self.peak


SAMPLE_SECONDS = 0.05


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and its children, in MB: pages a forked child shares with its
    parent are counted once between them (RSS would count them twice). 0 where /proc cannot tell."""
    total = 0
    for member in (pid, *_children(pid)):
        try:
            rollup = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total / 1024


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def repeat(
    cmd: list[str], runs: int, log: Path, out: Path, env: dict[str, str] | None = None, memory: bool = False
) -> Measure:
    """Run cmd `runs` times, each into a fresh output folder, so every run does the full work; with `memory`,
    once more with the memory of all its processes sampled (`Measure.sampled`).

    Each run writes a folder of its own (`out` is renamed in cmd), and the folders are deleted only after
    the last run, with the disk synced before each: deleting tens of thousands of files just before a run
    made the file system's work land in that run (seconds of system time, at random).
    """
    results, folders = [], []
    try:
        for run in range(runs + 1 if memory else runs):
            folder = out.with_name(f"{out.name}-run{run}")
            shutil.rmtree(folder, ignore_errors=True)
            folders.append(folder)
            os.sync()
            cmd_here = [folder.as_posix() if part == out.as_posix() else part for part in cmd]
            results.append(timed(cmd_here, log, env, sample=run == runs))
            said = log.read_text(errors="replace")
            results[-1].builder_seconds, results[-1].beside_cpu = plugin_seconds(said), beside_seconds(said)
        if out != folders[-1]:
            shutil.rmtree(out, ignore_errors=True)
            folders[-1].rename(out)  # page_sizes reads `out`
    finally:
        for folder in folders[:-1]:
            shutil.rmtree(folder, ignore_errors=True)
    return Measure(results[:runs], sampled=results[runs] if memory else None)


def page_sizes(folder: Path, suffix: str, measure: Measure) -> Measure:
    sizes = [p.stat().st_size for p in folder.rglob(f"*{suffix}")]
    measure.pages = len(sizes)
    if sizes:
        measure.mean_kb = sum(sizes) / len(sizes) / 1024
        measure.max_kb = max(sizes) / 1024
    return measure


def search_index(site: Path, measure: Measure) -> Measure:
    """The size of the site's search index: every reader's browser fetches it whole, with the first page opened."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        data = index.read_bytes()
        measure.search_mb, measure.search_gz_mb = len(data) / 1e6, len(gzip.compress(data, 6)) / 1e6
    return measure


def machine(python: str) -> list[str]:
    """What the numbers were measured on: they mean little without it."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    version = subprocess.run(
        [python, "-c", "import sys, mkdocs; print(sys.version.split()[0], mkdocs.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- CPU: {cpu}; {os.cpu_count()} logical CPUs (nproc {len(os.sched_getaffinity(0))})",
        f"- Memory: {mem_kb / 1024 / 1024:.1f} GiB",
        f"- OS: {platform.platform()}",
        f"- Python {version[0] if version else '?'}, MkDocs {version[1] if len(version) > 1 else '?'}",
        f"- Commit: {commit.stdout.strip() or 'none yet'} (plus the working tree as it was)",
        f"- Load average at start: {load} (a shared machine: compare ratios more than absolute times)",
    ]


BY_HAND = "<!-- written by hand: bench/run keeps what follows -->"


def compiled(python: str, env: dict[str, str]) -> str:
    """Compile the builder's modules as `make install` does (`make compile`), so that runs measure builds, not
    compiling: where PYTHONDONTWRITEBYTECODE is set, Python would compile them again in every run."""
    step = ["-m", "compileall", "-q", str(REPO / "builder")]
    subprocess.run([python, *step], check=True, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
    return "- The builder's modules compiled beforehand, as `make install` does"


def output_folder(work: Path) -> Path:
    """A fresh folder for the builds' output: in RAM (/dev/shm) where there is one with room, else in `work`.

    What is measured is the builder, not the disk of the machine it runs on. On this project's CI
    machine (ext4 without a journal) creating a file costs up to ten times more for minutes after many
    files were deleted in the same place, as a benchmark must do between runs: `perf` put a third of a
    build's time in the kernel's `recently_deleted` check of `ext4_create`. Pass --out-dir to measure a disk.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 4 << 30:
        return Path(tempfile.mkdtemp(prefix="dossier-bench-out-", dir=shm))
    return work / "out"


def file_system(folder: Path) -> str:
    """The type of file system `folder` is on (Linux), for the report."""
    best, kind = "", "file system unknown"
    mounts = Path("/proc/mounts")
    for line in mounts.read_text().splitlines() if mounts.exists() else []:
        fields = line.split()
        if len(fields) > 2 and folder.resolve().is_relative_to(fields[1]) and len(fields[1]) > len(best):
            best, kind = fields[1], fields[2]
    return kind


def ratio(times: dict[int, float], n: int) -> str:
    """Time at n over time at n/10: 10 means linear, 100 quadratic."""
    return f"{times[n] / times[n // 10]:.1f}×" if n // 10 in times and times[n // 10] else "–"


def profile(python: str, root: Path, work: Path, top: int = 25) -> list[str]:
    """cProfile the builder once; the top functions, and the time by package, as Markdown."""
    stats_file = work / "builder.prof"
    out = work / "profile-out"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [python, "-m", "cProfile", "-o", str(stats_file), "-m", "builder", "build", "--root", str(root)]
    one_process = {**os.environ, "DOSSIER_PROCESSES": "1"}  # a profiler sees only its own process
    run = timed([*cmd, "--out", str(out), "--quiet"], work / "profile.log", one_process)
    stats = pstats.Stats(str(stats_file))
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    by_area: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_area[area(filename)] = by_area.get(area(filename), 0.0) + tottime
    lines = [
        f"`python -m builder build` on N = {PROFILE_SIZE:,} under cProfile, in one process: {run.seconds:.1f} s "
        f"wall ({total:.1f} s of profiled time; cProfile itself slows pure-Python code down).",
        "",
        "Own time (tottime) by area:",
        "",
        "| Area | Seconds | Share |",
        "| --- | ---: | ---: |",
    ]
    for name, seconds in sorted(by_area.items(), key=lambda kv: -kv[1])[:15]:
        lines.append(f"| {name} | {seconds:.2f} | {seconds / total:.0%} |")
    for key, title in (("cumulative", "cumulative time"), ("tottime", "own time")):
        buffer = io.StringIO()
        pstats.Stats(str(stats_file), stream=buffer).strip_dirs().sort_stats(key).print_stats(top)
        body = buffer.getvalue()
        body = body[body.find("   ncalls") :].rstrip()
        lines += ["", f"Top {top} functions by {title}:", "", "```text", body, "```"]
    return lines


def stages(python: str, root: Path, out: Path, env: dict[str, str], n: int) -> list[str]:
    """One more build at size n with its progress lines, which say when each stage ended: where the time
    goes at full size, in both processes, without a profiler's distortion."""
    shutil.rmtree(out, ignore_errors=True)
    log = out.with_name(f"{out.name}.log")
    cmd = [python, "-m", "builder", "build", "--root", str(root), "--out", str(out)]
    try:
        run = timed(cmd, log, env)
        floor = subprocess.run(
            [python, str(BENCH / "floor.py"), str(root), str(out)],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            check=True,
        )
    finally:
        shutil.rmtree(out, ignore_errors=True)
    progress = [line for line in log.read_text(errors="replace").splitlines() if line.startswith("[")]
    return [
        f"One build at N = {n:,} with its progress lines ({run.seconds:.1f} s wall, {run.cpu:.1f} s CPU): each",
        "line is printed when that step ends; lines marked (second process) come from the forked child.",
        "",
        "```text",
        *progress,
        "```",
        "",
        *floor_lines(json.loads(floor.stdout), run),
    ]


def floor_lines(floor: dict[str, float], run: Run) -> list[str]:
    """What bench/floor.py measured under the same build, in words."""
    least = floor["read"] + floor["parse"] + floor["write"]
    return [
        f"The files alone (bench/floor.py, one process): listing, reading and decoding the {floor['files_in']:,.0f} "
        f"input files takes {floor['read']:.1f} s of CPU, parsing the annotations' YAML {floor['parse']:.1f} s, and "
        f"writing the {floor['files_out']:,.0f} output files ({floor['mb_out']:,.0f} MB) {floor['write']:.1f} s: "
        f"{least:.1f} s in all, {least / 2:.1f} s on two cores. The build took {run.cpu:.1f} s of CPU, so the rest "
        f"(starting Python and importing, validating into the model, anchoring, analysis, rendering, exports, and "
        f"the second process's overhead) is {run.cpu - least:.1f} s of CPU.",
    ]


def area(filename: str) -> str:
    """Group a profiled file: builder sub-package, third-party package, or the standard library."""
    path = filename.replace("\\", "/")
    if "/builder/" in path:
        rest = path.split("/builder/", 1)[1]
        return "builder/" + rest.split("/", 1)[0] if "/" in rest else "builder/" + rest
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if path.startswith("<") or path == "~":
        return "builtins (C)"
    return "stdlib/" + Path(path).stem


# The plugin's log line in `mkdocs build`: "dossier: 776 pages from ... in 0.31 s"; before the builder ran every
# stage in MkDocs' process, "(and 0.21 s of CPU in a second process, beside MkDocs)" could follow.
PLUGIN_LINE = re.compile(r"dossier: \d+ pages from .* in ([\d.]+) s")
BESIDE = re.compile(r"dossier: \d+ pages from .*\(and ([\d.]+) s of CPU in a second process, beside MkDocs\)")


def plugin_seconds(log: str) -> float | None:
    """The builder's own share of a `mkdocs build`: its plugin's work, as the plugin logs it (importing the
    builder's modules is not counted). None in other commands' logs."""
    found = PLUGIN_LINE.search(log)
    return float(found[1]) if found else None


def beside_seconds(log: str) -> float:
    """The CPU time of the plugin's second process in a `mkdocs build`, which ran beside MkDocs' own process
    (0 where there was none)."""
    found = BESIDE.search(log)
    return float(found[1]) if found else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run per measurement instead of three")
    parser.add_argument("--runs", type=_positive, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--sizes", type=_sizes, default=SIZES, help="builder sizes, comma-separated (at least 10)")
    parser.add_argument("--mkdocs-sizes", type=_sizes, default=MKDOCS_SIZES, help="mkdocs build sizes")
    parser.add_argument(
        "--profile",
        action="store_true",
        help=f"also time the stages of the largest build and cProfile the builder at N={PROFILE_SIZE}",
    )
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md", help="where to write the report")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one, deleted)")
    parser.add_argument(
        "--out-dir",
        type=Path,
        help="where builds write their output (default: a temporary folder in /dev/shm, a RAM file system, "
        "where there is one; see output_folder)",
    )
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    sizes, mk_sizes = list(args.sizes), list(args.mkdocs_sizes)
    venv = REPO / ".venv" / "bin" / "python"
    if not venv.exists():
        parser.error(f"{venv} not found: run `make install` first, so that the pinned packages are measured")
    python = str(venv)
    # This checkout's builder, even where the virtualenv's editable install points at another one.
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}
    work = args.keep or Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    outputs = args.out_dir or output_folder(work)
    outputs.mkdir(parents=True, exist_ok=True)
    header = [*machine(python), f"- Output written to: {outputs} ({file_system(outputs)})", compiled(python, env)]
    wanted = sorted(set(sizes) | set(mk_sizes) | ({PROFILE_SIZE} if args.profile else set()))
    generated: dict[int, Run] = {}
    builder: dict[int, Measure] = {}
    mkdocs: dict[int, Measure] = {}
    failures: list[str] = []
    profiled: list[str] = []
    live: list[tuple[str, dict[str, float]]] = []
    whole: list[tuple[str, float]] = []  # whole rebuilds under `mkdocs serve --dirty`
    try:
        for n in wanted:
            root = work / f"dossier-{n}"
            shutil.rmtree(root, ignore_errors=True)
            gen = [python, str(BENCH / "generate.py"), "--sources", str(n), "--out", str(root), "--seed", str(SEED)]
            try:
                generated[n] = timed(gen, work / f"generate-{n}.log")
                print(f"generated N={n:,} in {generated[n].seconds:.1f} s", file=sys.stderr)
            except Failed as exc:
                failures.append(f"- generating N = {n:,}: {exc}")
        sizes, mk_sizes = [n for n in sizes if n in generated], [n for n in mk_sizes if n in generated]
        for n in sizes:
            root, out = work / f"dossier-{n}", outputs / f"out-{n}"
            cmd = [python, "-m", "builder", "build", "--root", str(root), "--out", str(out), "--quiet"]
            try:
                measured = repeat(cmd, runs, work / f"build-{n}.log", out, env, memory=True)
                builder[n] = page_sizes(out, ".md", measured)
                print(f"builder N={n:,}: {builder[n].seconds:.1f} s", file=sys.stderr)
            except Failed as exc:
                failures.append(f"- `builder build` at N = {n:,}: {exc}")
        for n in mk_sizes:
            root, site = work / f"dossier-{n}", outputs / f"site-{n}"
            cmd = [python, "-m", "mkdocs", "build", "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site)]
            try:
                measured = repeat(cmd, runs, work / f"mkdocs-{n}.log", site, env)
                mkdocs[n] = search_index(site, page_sizes(site, ".html", measured))
                print(f"mkdocs N={n:,}: {mkdocs[n].seconds:.1f} s", file=sys.stderr)
            except Failed as exc:
                failures.append(f"- `mkdocs build` at N = {n:,}: {exc}")
        if LIVE_SIZE in generated:
            try:
                live = live_edit(python, work / f"dossier-{LIVE_SIZE}", work, env)
                if LIVE_SIZE in mk_sizes:  # a whole `mkdocs build` cold, then rebuilds
                    whole = served_dirty(python, work / f"dossier-{LIVE_SIZE}", work, env)
            except Failed as exc:
                failures.append(f"- live edit at N = {LIVE_SIZE:,}: {exc}")
        if args.profile and sizes:
            try:
                largest = max(sizes)
                profiled = stages(python, work / f"dossier-{largest}", outputs / "stages", env, largest)
            except Failed as exc:
                failures.append(f"- stages at N = {max(sizes):,}: {exc}")
        if args.profile and PROFILE_SIZE in generated:
            try:
                profiled += ["", *profile(python, work / f"dossier-{PROFILE_SIZE}", work)]
            except Failed as exc:
                failures.append(f"- profile at N = {PROFILE_SIZE:,}: {exc}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
        if args.out_dir is None:
            shutil.rmtree(outputs, ignore_errors=True)
    text = report(header, runs, generated, builder, mkdocs, live, whole, profiled, failures)
    if args.results.is_file():  # sections written by hand (comparisons across commits) are kept at the end
        kept = args.results.read_text(encoding="utf-8").partition(BY_HAND)[2]
        text += f"\n{BY_HAND}{kept}" if kept else ""
    args.results.write_text(text, encoding="utf-8")
    print(text)
    return 1 if failures else 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _sizes(text: str) -> tuple[int, ...]:
    """Comma-separated numbers of sources, as bench/generate.py takes them (at least 10 each); may be empty."""
    parts = [part.strip().replace("_", "") for part in text.split(",") if part.strip()]
    if not all(part.isdigit() and int(part) >= 10 for part in parts):
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers of at least 10")
    return tuple(int(part) for part in parts)


def report(
    header: list[str],
    runs: int,
    generated: dict[int, Run],
    builder: dict[int, Measure],
    mkdocs: dict[int, Measure],
    live: list[tuple[str, dict[str, float]]],
    whole: list[tuple[str, float]],
    profiled: list[str],
    failures: list[str],
) -> str:
    b_times, b_cpu = {n: m.seconds for n, m in builder.items()}, {n: m.cpu for n, m in builder.items()}
    m_times, m_cpu = {n: m.seconds for n, m in mkdocs.items()}, {n: m.cpu for n, m in mkdocs.items()}
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run` (see bench/measure.py); regenerate with `bench/run` or `bench/run --quick`.",
        f"Dossiers come from `bench/generate.py --seed {SEED}`: per N sources about N/2 actors, N events, 5N claims,",
        "N/2 relationships and 10N quotes, 3-5 KB per article.",
        f"Times are the median of {runs} run(s). Peak RSS is the largest resident size of one process in any run;",
        "the builder forks a second process to render on the other core, which shares most of its memory with",
        "the first, so peak PSS (proportional set size) of both together is also given and is what the memory",
        "target is checked against; it is sampled every 50 ms in one more run of its own, so that sampling takes",
        'no time from the timed runs. "vs N/10" is the time at N over the time at N/10: 10× is linear, 100×',
        "quadratic.",
        "",
        "## Machine",
        "",
        *header,
        "",
        "## `python -m builder build`",
        "",
        "| Sources | Generate (s) | Wall (s) | CPU (s) | Wall vs N/10 | CPU vs N/10 | Peak RSS (MB) "
        "| Peak PSS, all processes (MB) | Pages (.md) | Pages/s | KB/page mean | KB/page max |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, m in builder.items():
        gen = f"{generated[n].seconds:.1f}" if n in generated else "–"
        lines.append(
            f"| {n:,} | {gen} | {m.seconds:.2f} | {m.cpu:.2f} | {ratio(b_times, n)} | {ratio(b_cpu, n)} "
            f"| {m.peak_mb:.0f} | {m.tree_mb:.0f} | {m.pages:,} | {m.pages_per_second:,.0f} | {m.mean_kb:.1f} "
            f"| {m.max_kb:.1f} |"
        )
    if mkdocs:
        lines += [
            "",
            "## `mkdocs build` (the whole site, with the dossier plugin)",
            "",
            "| Sources | Wall (s) | CPU (s) | Wall vs N/10 | CPU vs N/10 | Peak RSS (MB) | Pages (.html) | Pages/s "
            "| HTML KB/page mean | HTML KB/page max | Builder inside it: s (% of wall) "
            "| Builder beside it: CPU s | `builder build` as % of it, wall (CPU) |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for n, m in mkdocs.items():
            share = f"{b_times[n] / m.seconds:.0%} ({b_cpu[n] / m.cpu:.0%})" if n in b_times and m.cpu else "–"
            inside = m.builder_seconds
            within = f"{inside:.2f} ({inside / m.seconds:.1%})" if inside is not None and m.seconds else "–"
            lines.append(
                f"| {n:,} | {m.seconds:.2f} | {m.cpu:.2f} | {ratio(m_times, n)} | {ratio(m_cpu, n)} "
                f"| {m.peak_mb:.0f} | {m.pages:,} | {m.pages_per_second:,.0f} | {m.mean_kb:.1f} | {m.max_kb:.1f} "
                f"| {within} | {m.beside_cpu:.2f} | {share} |"
            )
        lines += [
            "",
            '"Builder inside it" is the time the dossier plugin adds to that `mkdocs build`, as it logs it: importing '
            "the builder's",
            "modules, loading and checking the dossier, making the site-wide pages, and waiting for (or making) each "
            "page and export",
            "MkDocs reads. Pages with one per entity and the exports are made by a second process while MkDocs reads "
            "others",
            '(publish/streamed.py): "Builder beside it" is that process\'s CPU time, spent on the other core. '
            "`builder build`",
            "is the separate command, which also starts Python and writes every file to disk.",
        ]
        searched = {n: m for n, m in mkdocs.items() if m.search_mb}
        if searched:
            lines += [
                "",
                "The search index (`search/search_index.json`) is the one file of the site that grows with the",
                "dossier and that every reader fetches whole: Material's search requests it with every page opened",
                "and builds its index from it again in the browser. No target covers it; its size, as written and",
                "gzipped:",
                "",
                "| Sources | Search index (MB) | Gzipped (MB) | Per page (KB) |",
                "| ---: | ---: | ---: | ---: |",
                *(
                    f"| {n:,} | {m.search_mb:.1f} | {m.search_gz_mb:.1f} | {m.search_mb * 1e3 / max(m.pages, 1):.1f} |"
                    for n, m in searched.items()
                ),
            ]
    if live:
        from live_edit import table

        lines += [
            "",
            "## Live editing (`mkdocs serve`)",
            "",
            f"`bench/live_edit.py` on the N = {LIVE_SIZE:,} dossier: the dossier plugin's own time per rebuild,",
            "run as `mkdocs serve` runs it (one plugin object for every rebuild; rebuilds beside a running thread, as",
            "beside MkDocs' server, so that no second process is forked), cold (one run) and then after one-file",
            "edits (median of 3 each). MkDocs' own work on the pages comes on top and is the same without us.",
            "",
            *table(live),
        ]
    if whole:
        from serve_dirty import table as whole_table

        lines += [
            "",
            f"The whole rebuild, MkDocs' work included, under `mkdocs serve --dirty` on the N = {LIVE_SIZE:,} dossier",
            "(`bench/serve_dirty.py`, one run each): MkDocs builds again only the pages whose Markdown changed",
            "(publish/mkdocs_internals.py). Without `--dirty`, every rebuild builds every page, as a cold build does.",
            "",
            *whole_table(whole),
        ]
    lines += ["", "## Against the targets (issue 6)", "", *targets(builder, mkdocs, live)]
    if profiled:
        lines += ["", "## Where the builder's time goes", "", *profiled]
    if failures:
        lines += ["", "## Failed runs", "", *failures]
    return "\n".join(lines) + "\n"


def live_edit(python: str, root: Path, work: Path, env: dict[str, str]) -> list[tuple[str, dict[str, float]]]:
    return [(what, seconds) for what, seconds in _script_json(python, "live_edit.py", root, work, env)]


def served_dirty(python: str, root: Path, work: Path, env: dict[str, str]) -> list[tuple[str, float]]:
    return [(what, seconds) for what, seconds in _script_json(python, "serve_dirty.py", root, work, env)]


def _script_json(python: str, script: str, root: Path, work: Path, env: dict[str, str]) -> Any:
    """What a bench script run with `DIR --json` printed last, its errors logged in `work`."""
    log = work / f"{Path(script).stem}.log"
    cmd = [python, str(BENCH / script), str(root), "--json"]
    with log.open("w") as errors:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=errors, text=True, cwd=REPO, env=env, check=False)
    if proc.returncode != 0:
        raise Failed(f"exit {proc.returncode}; see {log.name}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def targets(
    builder: dict[int, Measure], mkdocs: dict[int, Measure], live: list[tuple[str, dict[str, float]]]
) -> list[str]:
    """Each target of issue 6 beside what was measured, and whether it is met."""
    rows = ["| Target | Measured | Met? |", "| --- | --- | --- |"]

    def row(target: str, measured: str, met: bool) -> None:
        rows.append(f"| {target} | {measured} | {'yes' if met else 'no'} |")

    big = builder.get(10_000)
    if big:
        row(f"N = 10,000 under {TARGET_SECONDS:.0f} s", f"{big.seconds:.1f} s", big.seconds < TARGET_SECONDS)
        row(
            f"N = 10,000 under {TARGET_MB:,} MB (PSS of all processes)",
            f"{big.memory_mb:,.0f} MB",
            big.memory_mb < TARGET_MB,
        )
    cpu = {n: m.cpu for n, m in builder.items()}
    ratios = {n: cpu[n] / cpu[n // 10] for n in cpu if n // 10 in cpu and cpu[n // 10]}
    if ratios:
        measured = ", ".join(f"{r:.1f}× ({n // 10:,} → {n:,})" for n, r in ratios.items())
        row(
            f"10× the corpus at most ~{TARGET_RATIO:.0f}× the time (CPU)",
            measured,
            max(ratios.values()) <= TARGET_RATIO,
        )
    inside = {n: m.builder_seconds / m.seconds for n, m in mkdocs.items() if m.builder_seconds is not None}
    apart = {n: builder[n].seconds / m.seconds for n, m in mkdocs.items() if n in builder and m.seconds}
    if mkdocs:
        measured = ", ".join(f"{share:.1%} at {n:,}" for n, share in inside.items()) or "not measured (no plugin line)"
        if apart:
            measured += "; the separate `builder build` as a share of it, as reported before: "
            measured += ", ".join(f"{share:.1%} at {n:,}" for n, share in apart.items())
        beside = {n: m.beside_cpu / m.seconds for n, m in mkdocs.items() if m.seconds and m.beside_cpu}
        if beside:
            measured += "; with the second process's CPU added: "
            measured += ", ".join(f"{inside[n] + share:.1%} at {n:,}" for n, share in beside.items() if n in inside)
        row(
            f"builder under {TARGET_SHARE:.0%} of `mkdocs build` (checked: the wall time the plugin adds to that "
            "build; the other readings are given beside it)",
            measured,
            bool(inside) and len(inside) == len(mkdocs) and max(inside.values()) < TARGET_SHARE,
        )
    html = {n: m.mean_kb for n, m in mkdocs.items() if m.pages}
    if len(html) > 1:
        first, last = min(html), max(html)
        measured = ", ".join(f"{kb:.1f} KB at {n:,}" for n, kb in html.items())
        row("HTML bytes per page do not grow", f"mean {measured}", html[last] <= html[first] * 1.1)
    edits = [sum(seconds.values()) for what, seconds in live[1:]]
    if edits:
        measured = f"{max(edits):.2f} s at most, over {len(edits)} kinds of edit"
        row(
            f"one-file edit at N = {LIVE_SIZE:,} under serve: builder under {TARGET_LIVE} s",
            measured,
            max(edits) < TARGET_LIVE,
        )
    return rows


if __name__ == "__main__":
    sys.exit(main())
