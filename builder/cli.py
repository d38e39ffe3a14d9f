"""Command line: `python -m builder check | build | stats | schema | new-source | zensical-config | search-index`.

Exit codes: 0 the dossier is sound (and, for build, was written); 1 problems were
found (nothing was written); 2 the command was called wrongly or the output
folder cannot be used safely.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

from builder import scaffold
from builder.model import jsonschema
from builder.pipeline import Checked, check, publish
from builder.problems import Problems
from builder.publish import zensical
from builder.search import command as search_command

OK, PROBLEMS, USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # a file name that is not UTF-8 must not crash the report
            stream.reconfigure(errors="backslashreplace")
    parser = argparse.ArgumentParser(prog="python -m builder", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    check_cmd = commands.add_parser("check", help="validate annotations and quotes without building")
    _root(check_cmd)
    check_cmd.add_argument("--format", choices=["text", "github", "json"], default="text")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")

    build_cmd = commands.add_parser("build", help="write the generated Markdown tree to a folder")
    _root(build_cmd)
    build_cmd.add_argument(
        "--out", required=True, type=Path, help="output folder (created; only builder files are replaced)"
    )
    build_cmd.add_argument("--format", choices=["text", "github", "json"], default="text")
    build_cmd.add_argument("--quiet", action="store_true", help="no progress output")

    stats_cmd = commands.add_parser("stats", help="coverage of each source's article body")
    _root(stats_cmd)
    stats_cmd.add_argument("--format", choices=["text", "json"], default="text")

    for extra in (jsonschema, scaffold, zensical, search_command):  # commands that do not build: each runs its own
        extra.add_command(commands)

    args = parser.parse_args(argv)
    if hasattr(args, "run"):
        return int(args.run(args))
    root: Path = args.root
    if not root.is_dir():
        print(f"error: {root} is not a folder", file=sys.stderr)
        return USAGE
    progress = _progress if args.command == "build" and not args.quiet else lambda _: None
    checked = check(root, progress)
    if args.command == "check":
        return _report(checked.problems, args.format, args.strict)
    if args.command == "stats":
        code = _report(checked.problems, "text", False, quiet_ok=True)
        _stats(checked, args.format)
        return code
    code = _report(checked.problems, args.format, False, quiet_ok=True)
    if code != OK:
        return code
    from builder.publish.output import OutputError

    try:
        written = publish(checked, root.resolve(), args.out.resolve(), progress)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE
    if not args.quiet:
        print(f"wrote {written} files to {args.out}", file=sys.stderr)
    return OK


_START = time.perf_counter()


def _progress(message: str) -> None:
    """One line per stage of a build, on stderr, with the time since start (--quiet silences it)."""
    print(f"[{time.perf_counter() - _START:6.1f}s] {message}", file=sys.stderr, flush=True)


def _root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="the dossier's root folder (default: here)")


def _report(problems: Problems, style: str, strict: bool, quiet_ok: bool = False) -> int:
    ordered = problems.sorted()
    if ordered:
        print(problems.format(style, ordered), file=sys.stdout if style != "text" else sys.stderr)
    errors, warnings = len(problems.errors), len(problems.warnings)
    failed = errors or (strict and warnings)
    if style == "text" and (failed or not quiet_ok):
        summary = f"{errors} error(s), {warnings} warning(s)" if ordered else "no problems found"
        following = sum(1 for p in ordered if p.cause)
        if following:
            summary += f"; {following} of them follow from others (shown under them): fix those first"
        print(summary, file=sys.stderr)
    return PROBLEMS if failed else OK


def _stats(checked: Checked, style: str) -> None:
    coverage = checked.analysis.coverage
    if style == "json":
        data = {sid: {"body": c.body, "cited": c.cited, "uncited": list(c.uncited)} for sid, c in coverage.items()}
        print(json.dumps({"counts": checked.dossier.counts(), "coverage": data}, indent=2))
        return
    counts = ", ".join(f"{n} {kind}" for kind, n in checked.dossier.counts().items())
    print(f"dossier: {counts}")
    width = max((len(s) for s in coverage), default=10)
    total_body = total_cited = 0
    for source_id, cov in sorted(coverage.items()):
        total_body += cov.body
        total_cited += cov.cited
        missing = f"  uncited: {', '.join(map(str, cov.uncited))}" if cov.uncited else ""
        print(f"{source_id:<{width}}  {cov.cited:>3}/{cov.body:<3} {cov.ratio:6.0%}{missing}")
    if total_body:
        print(f"{'total':<{width}}  {total_cited:>3}/{total_body:<3} {total_cited / total_body:6.0%}")
