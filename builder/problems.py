"""Problems found in the input, collected so that all are reported at once.

Bad input never raises: every stage adds a `Problem` with a location and a plain
fix, and the caller decides what to do with the whole list.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Location(NamedTuple):
    """A place in a file, 1-based like editors and GitHub annotations.

    A named tuple, not a dataclass: one is made for every YAML value, millions in a large dossier.
    """

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

    def text(self) -> str:
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{self.location}: {self.severity.value}: {self.message}{fix}"

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
        }


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Problems:
    """An append-only list of problems, sorted for output."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str, fix: str = "") -> None:
        self.items.append(Problem(location, message, fix, Severity.ERROR))

    def warning(self, location: Location, message: str, fix: str = "") -> None:
        self.items.append(Problem(location, message, fix, Severity.WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.location, p.message))

    def format(self, style: str = "text") -> str:
        items = self.sorted()
        if style == "github":
            return "\n".join(p.github() for p in items)
        if style == "json":
            return json.dumps([p.as_dict() for p in items], indent=2, ensure_ascii=False)
        return "\n".join(p.text() for p in items)


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """' Did you mean …?' for the nearest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""
