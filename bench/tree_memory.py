"""Run a command and follow the memory of all its processes: the peak of their PSS summed, and when it came.

    bench/tree_memory.py [--every 1] [--log FILE] -- python -m mkdocs build ...

Every `--every` seconds the PSS (proportional set size, /proc/PID/smaps_rollup) of the command and of all
its descendants is summed: a page a forked worker still shares with its parent counts once between them,
which RSS would count twice. Each line the command prints is kept with the second it came at, so the peak
can be placed in the build ("after `dossier: HTML of ...`"). The report (standard output, JSON with
`--json`) gives wall and CPU time (user + system of the command and the processes it waited for), the peak
of the sum, the largest process at that moment, and the last line printed before it. Linux only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sample:
    seconds: float
    total_mb: float
    processes: list[tuple[int, str, float]]  # pid, name, PSS in MB


@dataclass
class Followed:
    lines: list[tuple[float, str]] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc's parent links (grandchildren too: a forked worker's
    own children)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        member = todo.pop()
        found.append(member)
        todo.extend(children.get(member, ()))
    return found


def pss_mb(pid: int) -> float | None:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    return next((int(line.split()[1]) / 1024 for line in rollup.splitlines() if line.startswith("Pss:")), None)


def name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def sample(pid: int, start: float) -> Sample:
    processes = [(member, name(member), mb) for member in descendants(pid) if (mb := pss_mb(member)) is not None]
    return Sample(time.perf_counter() - start, sum(mb for _, _, mb in processes), processes)


def follow(cmd: list[str], every: float, log: Path | None) -> tuple[Followed, float, float, int]:
    """Run `cmd`: what was seen, its wall and CPU seconds and its exit code."""
    followed = Followed()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    done = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        with log.open("w") if log else open(os.devnull, "w") as out:
            for line in proc.stdout:
                at = time.perf_counter() - start
                followed.lines.append((at, line.rstrip("\n")))
                out.write(f"{at:8.1f} {line}")
                out.flush()

    def watch() -> None:
        while not done.wait(every):
            followed.samples.append(sample(proc.pid, start))

    threads = [threading.Thread(target=read, daemon=True), threading.Thread(target=watch, daemon=True)]
    for thread in threads:
        thread.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    for thread in threads:
        thread.join()
    return followed, wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def report(followed: Followed, wall: float, cpu: float, code: int) -> dict[str, object]:
    peak = max(followed.samples, key=lambda s: s.total_mb, default=None)
    said: dict[str, object] = {"exit": code, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}
    if peak is not None:
        before = [line for at, line in followed.lines if at <= peak.seconds]
        said |= {
            "peak_pss_mb": round(peak.total_mb),
            "peak_at_s": round(peak.seconds, 1),
            "processes_at_peak": [[n, round(mb)] for _, n, mb in sorted(peak.processes, key=lambda p: -p[2])],
            "largest_process_mb": round(max(mb for s in followed.samples for _, _, mb in s.processes)),
            "last_line_before_peak": before[-1][:200] if before else "",
        }
    return said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=float, default=1.0, help="seconds between samples")
    parser.add_argument("--log", type=Path, help="the command's output, each line with its second")
    parser.add_argument("--timeline", type=Path, help="every sample: seconds, total MB, then pid:name:MB")
    parser.add_argument("cmd", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("no command given")
    followed, wall, cpu, code = follow(cmd, args.every, args.log)
    if args.timeline:
        with args.timeline.open("w") as out:
            for s in followed.samples:
                members = " ".join(f"{pid}:{n}:{mb:.0f}" for pid, n, mb in s.processes)
                out.write(f"{s.seconds:.1f}\t{s.total_mb:.0f}\t{members}\n")
    print(json.dumps(report(followed, wall, cpu, code), indent=1))
    return code


if __name__ == "__main__":
    sys.exit(main())
