"""How news articles credit themselves: bylines, datelines, date lines and credit lines of the major wires
and outlets, as `new-source` reads them.

Real copies of an article carry these in many house styles: "By Stefano Pozzebon and Tara John, CNN",
"Caracas, Venezuela (CNN) —", "CARACAS (Reuters) -", "Caracas, 9 ene (EFE).-", "Updated 6:12 AM EST, Sat
January 10, 2026", "10 January 2026", "09 ene 2026 - 15:30 CET", "The-CNN-Wire™ & © 2026 Cable News
Network, Inc.". Each reading is a proposal the contributor checks; nothing here is taken as fact.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Outlet(NamedTuple):
    id: str  # the id proposed for its actor when the dossier has none
    name: str
    names: tuple[str, ...]  # as texts print it


OUTLETS = [
    Outlet("cnn", "CNN", ("CNN", "Cable News Network", "CNN en Español", "CNN Wire", "The-CNN-Wire")),
    Outlet("reuters", "Reuters", ("Reuters", "Thomson Reuters")),
    Outlet("associated-press", "The Associated Press", ("AP", "Associated Press", "The Associated Press")),
    Outlet("afp", "Agence France-Presse", ("AFP", "Agence France-Presse", "Agence France Presse")),
    Outlet("bbc-news", "BBC News", ("BBC", "BBC News", "BBC Mundo")),
    Outlet("new-york-times", "The New York Times", ("The New York Times", "New York Times", "NYT", "NY Times")),
    Outlet("el-pais", "El País", ("El País", "EL PAÍS", "El Pais", "EL PAIS")),
    Outlet("efe", "EFE", ("EFE", "Agencia EFE")),
    Outlet("europa-press", "Europa Press", ("Europa Press",)),
    Outlet("bloomberg", "Bloomberg", ("Bloomberg", "Bloomberg News")),
    Outlet("washington-post", "The Washington Post", ("The Washington Post", "Washington Post")),
    Outlet("the-guardian", "The Guardian", ("The Guardian", "Guardian")),
    Outlet("al-jazeera", "Al Jazeera", ("Al Jazeera",)),
    Outlet("dpa", "dpa", ("dpa", "DPA")),
    Outlet("ansa", "ANSA", ("ANSA",)),
    Outlet("axios", "Axios", ("Axios",)),
    Outlet("miami-herald", "Miami Herald", ("Miami Herald", "el Nuevo Herald")),
]
_BY_NAME = {name.casefold(): outlet for outlet in OUTLETS for name in outlet.names}
_AGENCY = "|".join(sorted((re.escape(n) for o in OUTLETS for n in o.names if len(n) <= 16), key=len, reverse=True))


def outlet_named(text: str) -> Outlet | None:
    """The outlet a credit names exactly ("CNN", "The Associated Press"), or None."""
    return _BY_NAME.get(" ".join(text.split()).strip(" .,").casefold())


def _numbered(names: str) -> dict[str, int]:
    return {name: number for number, name in enumerate(names.split(), start=1)}


MONTHS = {
    **_numbered("january february march april may june july august september october november december"),
    **_numbered("jan feb mar apr may jun jul aug sep oct nov dec"),
    **_numbered("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"),
    **_numbered("ene feb mar abr may jun jul ago sep oct nov dic"),
    "sept": 9,
    "setiembre": 9,
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# "January 10, 2026", "Jan. 9, 2026" / "10 January 2026", "9 de enero de 2026", "09 ene 2026"
_MDY = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),\s*(?P<year>\d{{4}})", re.I)
_DMY = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?:de\s+)?(?P<month>{_MONTH})\s+(?:de\s+)?(?P<year>\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(?P<year>20\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")


def date_in(line: str) -> tuple[str, int] | None:
    """The first calendar date a short line states, as ISO, and where it starts; or None."""
    found = []
    for pattern in (_MDY, _DMY, _ISO):
        match = pattern.search(line)
        if match is None:
            continue
        month = match["month"]
        number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
        day, year = int(match["day"]), int(match["year"])
        if 1 <= number <= 12 and 1 <= day <= 31:
            found.append((f"{year:04d}-{number:02d}-{day:02d}", match.start()))
    return min(found, key=lambda f: f[1]) if found else None


# A line that is only a date, maybe with a time, a place and "Published"/"Updated" (no sentence).
DATE_LINE = re.compile(r"^(?:(?:published|updated|posted|actualizado|publicado)\b:?\s*)?[\w ,.:|/()+\-–—]*$", re.I)


def is_date_line(line: str) -> bool:
    return len(line) <= 120 and date_in(line) is not None and bool(DATE_LINE.match(line)) and line.count(" ") <= 16


# "By Stefano Pozzebon, Osmary Hernandez and Tara John, CNN" / "By REGINA GARCIA CANO" / "Por Juan Diego Quesada"
BY = re.compile(r"^(?:by|por)\s+(?P<names>[^\d]+?)\s*(?:[|,]\s*(?P<credit>[^,|]+?))?\s*$", re.I)
_NAME = re.compile(r"^[A-ZÀ-Ý][\w'’.\-]*(?:\s+(?:de|del|la|van|von|da|dos)?\s*[A-ZÀ-Ý][\w'’.\-]*){1,4}$")


def byline(line: str) -> tuple[list[str], Outlet | None] | None:
    """The people and the outlet a "By …" line credits, or None if the line is not one."""
    match = BY.match(line.strip())
    if match is None or len(line) > 160:
        return None
    names, credit = match["names"], match["credit"]
    outlet = outlet_named(credit) if credit else None
    if credit and outlet is None:  # "By A, B and C": the last comma part is a person, not an outlet
        names = f"{names}, {credit}"
    people = [_title(n) for n in re.split(r"\s*,\s*|\s+(?:and|y|&)\s+", names) if n.strip()]
    if not people or not all(_NAME.match(p) for p in people):
        return None
    return people, outlet


def _title(name: str) -> str:
    """ "REGINA GARCIA CANO" -> "Regina Garcia Cano"; names already in mixed case are kept."""
    name = " ".join(name.split())
    return name.title() if name.isupper() else name


# "(CNN) —", "Caracas, Venezuela (CNN) —", "CARACAS (Reuters) -", "WASHINGTON, Dec 5 (Reuters) –",
# "Caracas, 9 ene (EFE).-", "MIAMI (AP) —"
DATELINE = re.compile(rf"^(?P<place>[A-ZÀ-Ý][\w .,'’\-]{{0,60}}?)?\s*\((?P<agency>{_AGENCY})\)\s*\.?\s*[—–\-]", re.I)

# Credit lines at the foot of wire copy.
CREDITS = [
    re.compile(r"^The-CNN-Wire|Cable News Network, Inc", re.I),  # CNN's syndication notice
    re.compile(r"^(?:\(?Reporting by|Additional reporting by|Writing by|Editing by)", re.I),  # Reuters
    re.compile(
        r"^(?:Associated Press (?:writers?|journalists?) .+ contributed|Copyright \d{4} The Associated Press)", re.I
    ),
    re.compile(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?:AFP|Agence France-Presse|EFE|Agencia EFE)", re.I),
    re.compile(r"^(?:\(?con información de|con (?:agencias|EFE|AFP)\)?|with AFP|with Reuters)", re.I),
]


def credit_outlet(line: str) -> Outlet | None:
    """The outlet a credit line at the head or foot of a story names (wire notices, "Reporting by")."""
    if not any(pattern.search(line) for pattern in CREDITS):
        return None
    if "reporting by" in line.lower() or "editing by" in line.lower():
        return _BY_NAME["reuters"]
    for outlet in OUTLETS:
        if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", line) for name in outlet.names if len(name) > 2):
            return outlet
    return None


def is_credit_line(line: str) -> bool:
    return len(line) <= 300 and any(pattern.search(line) for pattern in CREDITS)
