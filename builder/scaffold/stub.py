"""Writing the stub annotation of a new source: the proposal as YAML that loads and checks cleanly,
every guess marked TODO."""

from __future__ import annotations

import json
import re

from builder.anchor.match import fold, fold_quote, occurrences
from builder.model.entities import Actor
from builder.model.jsonschema import schema_line
from builder.model.text import SourceText
from builder.scaffold.reading import NewActor, Passage, Proposal

_PLAIN = re.compile(r"[A-Za-z0-9À-ÿ’“”][^:#\n\"'\\]*")  # text YAML reads back as the same string, unquoted
_YAML_WORDS = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}


def _quote(text: str) -> str:
    """A YAML scalar for any text: plain when that is unambiguous, else double-quoted (JSON style)."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _passage_yaml(passage: Passage, paragraphs: list[str], folded: str) -> list[str]:
    def start_of(line: str) -> str:
        if len(line) <= 60:
            return line
        cut = line[:60].rsplit(" ", 1)[0]
        return cut or line[:60]

    def unique(snippet: str) -> bool:
        return len(occurrences(folded, fold_quote(snippet))) == 1

    start = start_of(paragraphs[passage.first - 1])
    end = start_of(paragraphs[passage.last - 1])
    lines = [f"  - kind: {passage.kind}"]
    if unique(start) and (passage.first == passage.last or unique(end)):
        lines.append(f"    start: {_quote(start)}")
        if passage.last != passage.first:
            lines.append(f"    end: {_quote(end)}")
    else:
        span = str(passage.first) if passage.first == passage.last else f"{passage.first}-{passage.last}"
        lines.append(f"    paragraphs: '{span}'  # the start text occurs more than once")
    lines.append(f"    note: {_quote('Proposed by new-source: ' + passage.note + '. TODO: check.')}")
    return lines


def render_stub(source_id: str, seed: str, text: str, proposal: Proposal, actors: list[Actor]) -> str:
    """The annotation file: the proposal as YAML, every guess marked TODO."""
    names = {a.id: a.name for a in actors} | {a.id: f"{a.name}, added as a new actor" for a in proposal.new_actors}
    st = SourceText.parse(text)
    paragraphs = [st.paragraph(n) for n in range(1, len(st) + 1)]
    out = [schema_line("source"), "# Written by `python -m builder new-source`: check every value against the text."]
    out.append(f"id: {source_id}")
    out.append(f"file: {seed}")
    if proposal.title:
        checked = "" if proposal.title_given else "  # TODO: check (the headline, as read from the text)"
        out.append(f"title: {_quote(proposal.title)}{checked}")
    else:
        out.append('title: "TODO: the headline, or a short descriptive title in the text\'s own words"')
    if proposal.publisher:
        out.append(f"publisher: {proposal.publisher}  # TODO: check ({names.get(proposal.publisher, '')})")
    else:
        out.append("# publisher: TODO, the id of a media-outlet actor, only if the text names the outlet")
    if proposal.authors:
        out.append(f"authors: [{', '.join(proposal.authors)}]  # TODO: check (from the byline)")
    if proposal.published:
        out.append(f"published: '{proposal.published}'  # TODO: check")
    else:
        out.append("# published: TODO, an EDTF date at the precision the text gives; leave out if unknown")
    out.append(f"language: {proposal.language}  # TODO: check")
    out.append("# url: only when known; never guessed")
    if proposal.cites:
        out.append(f"cites: [{', '.join(proposal.cites)}]  # TODO: add everyone the text attributes information to")
    else:
        out.append("# cites: [TODO: outlets, documents and people the text attributes information to]")
    if proposal.mentions:
        out.append("# Known actors the text names (by name or alias), with how often:")
        for actor, n in sorted(proposal.mentions.items(), key=lambda item: (-item[1], item[0])):
            out.append(f"#   {actor} ({names.get(actor, actor)}): {n}")
    if proposal.passages:
        out.append("non_body:  # proposed: check each passage; remove any that is article body")
        folded = fold(text)
        for passage in proposal.passages:
            out.extend(_passage_yaml(passage, paragraphs, folded))
    else:
        out.append("# non_body: TODO, mark mastheads, bylines, captions, lists of other articles, FAQ blocks")
    findings = [*proposal.findings, *(f"TODO: {t}" for t in proposal.todo)]
    notes = " ".join(f"{f[0].upper()}{f[1:]}." for f in findings) or "TODO: how the metadata was worked out."
    out.append(f"notes: {_quote(notes)}")
    return "\n".join(out) + "\n"


def render_actor(actor: NewActor, source_id: str) -> str:
    """The file of an actor `new-source` adds because the text credits it (an outlet, an author)."""
    what = "a journalist" if actor.kind == "person" else "an outlet"
    return "\n".join(
        [
            schema_line("actor"),
            f"# Added by `python -m builder new-source` for {source_id}: {actor.why} credits {what}.",
            f"id: {actor.id}",
            f"name: {_quote(actor.name)}  # TODO: check the spelling against the text",
            f"kind: {actor.kind}",
            "",
        ]
    )
