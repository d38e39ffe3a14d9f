"""Problems found in the input, collected so that all are reported at once: bad input never raises.

One mistake can cause others: an actor file with a YAML typo is not loaded, so every claim naming that actor
refers to an id that "does not exist". Such a reference problem carries the id it names (`about`); when a file
of that name has errors of its own, the problem is shown under them, with "fix that file first" instead of a
misleading "add a file".
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

PLACEHOLDER = "a TODO placeholder is left"  # the message of load/placeholders.py


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Location(NamedTuple):
    """A place in a file, 1-based like editors and GitHub annotations (a named tuple: one per YAML value)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str
    fix: str = ""
    severity: Severity = Severity.ERROR
    about: str = ""  # the id a reference problem names but found no entity for
    cause: str = ""  # the file whose own errors explain this problem (set by `Problems.sorted`)

    def text(self) -> str:
        fix = f" Fix: {self.fix}" if self.fix else ""
        line = f"{self.location}: {self.severity.value}: {self.message}{fix}"
        return f"  -> {line}" if self.cause else line

    def github(self) -> str:
        """A GitHub Actions workflow command, shown on the pull request's diff line."""
        loc = self.location
        props = [f"file={_gh_property(loc.path)}"]
        if loc.line:
            props += [f"line={loc.line}", f"col={loc.column or 1}"]
        body = self.message + (f" Fix: {self.fix}" if self.fix else "")
        return f"::{self.severity.value} {','.join(props)}::{_gh_data(body)}"

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "severity": self.severity.value,
            "message": self.message,
            "fix": self.fix,
            "caused_by": self.cause,
        }


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Problems:
    """An append-only list of problems, sorted for output."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str, fix: str = "", about: str = "") -> None:
        self.items.append(Problem(location, message, fix, Severity.ERROR, about))

    def warning(self, location: Location, message: str, fix: str = "") -> None:
        self.items.append(Problem(location, message, fix, Severity.WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        """Root causes first: files whose errors explain problems elsewhere, each followed by those
        problems (rewritten to say so); then everything else, by place."""
        todo = {p.location[:2] for p in self.items if p.message.startswith(PLACEHOLDER)}
        ordered = sorted(self.items, key=lambda p: (p.location, p.message))
        if todo:  # what a placeholder's value causes comes right after it, said so
            ordered = [_on_placeholder(p) if p.location[:2] in todo else p for p in ordered]
            ordered.sort(key=lambda p: (p.location[:2], not p.message.startswith(PLACEHOLDER), p.location, p.message))
        broken = {_stem(p.location.path): p.location.path for p in ordered if p.severity is Severity.ERROR}
        broken.pop("", None)
        following: dict[str, list[Problem]] = {}
        rest: list[Problem] = []
        for problem in ordered:
            path = broken.get(problem.about) if problem.about else None
            if path is None or path == problem.location.path:
                rest.append(problem)
                continue
            following.setdefault(path, []).append(_consequence(problem, path))
        causes = [p for p in rest if p.location.path in following]
        out: list[Problem] = []
        for path in dict.fromkeys(p.location.path for p in causes):
            out += [p for p in causes if p.location.path == path]
            out += following[path]
        return out + [p for p in rest if p.location.path not in following]

    def format(self, style: str = "text", items: list[Problem] | None = None) -> str:
        """The problems as the command line shows them; `items`: `sorted()`, if the caller has it already."""
        items = self.sorted() if items is None else items
        if style == "github":
            return "\n".join(p.github() for p in items)
        if style == "json":
            return json.dumps([p.as_dict() for p in items], indent=2, ensure_ascii=False)
        return "\n".join(p.text() for p in items)


def _stem(path: str) -> str:
    """The id an annotation file defines by its name (annotations/actors/x.yaml -> x), or ''."""
    if not path.startswith("annotations/") or not path.endswith(".yaml"):
        return ""
    return path.rpartition("/")[2].removesuffix(".yaml")


def _consequence(problem: Problem, path: str) -> Problem:
    """A reference problem explained by the errors of the file that should define its target."""
    said = problem.message.partition(", but")[0]
    message = f"{said}, which {path} defines, but that file has errors (above), so it was not loaded"
    return Problem(problem.location, message, f"fix {path} first", problem.severity, problem.about, path)


def _on_placeholder(problem: Problem) -> Problem:
    """A problem on a line that still holds a TODO placeholder: the placeholder is its cause."""
    if problem.message.startswith(PLACEHOLDER) or problem.cause:
        return problem
    fix = "replace the TODO placeholder on this line"
    return Problem(problem.location, problem.message, fix, problem.severity, problem.about, problem.location.path)


def short(text: str, limit: int) -> str:
    """The text on one line, cut to `limit` characters, for a message or a label."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """' Did you mean …?' for a choice close enough to be a typo of `word`, or ''.

    Only a near-spelling is offered (0.75: `accuse` -> accuses, `warns` -> nothing, not `fears`): a
    suggestion that changes the meaning is worse than none, since a newcomer takes it."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" Did you mean {close[0]!r}?" if close else ""
