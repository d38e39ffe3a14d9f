"""Attribution chains (source → publisher → via … → claimant) and claims resting on unnamed sources."""

from __future__ import annotations

from pathlib import Path

from builder.analyse.attribution import evidence_chains
from tests.test_analysis_dossier import build, cross_of, quote

TEXT = "Officials said the port will close.\nThe minister denied it.\n"
ACTORS = [
    {"id": "paper", "kind": "media-outlet"},
    {"id": "wire", "kind": "media-outlet"},
    {"id": "minister"},
    {"id": "officials", "kind": "unnamed-source", "name": "Unnamed officials"},
    {"id": "aide", "kind": "unnamed-source", "name": "An aide"},
]


def test_a_chain_runs_from_the_publisher_through_via_to_the_claimant(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        sources=[{"id": "a", "text": TEXT, "publisher": "paper"}, {"id": "b", "text": TEXT}],
        actors=ACTORS,
        claims=[
            {
                "id": "port",
                "claimant": "minister",
                "evidence": [
                    quote("a", "the port will close", via=["wire"]),
                    quote("a", "Officials said"),
                    quote("b", "the port will close", via=["minister"]),
                ],
            }
        ],
    )
    port = result.dossier.claims["port"]
    found = [chain for ev in port.evidence for chain in evidence_chains(ev, port.claimant, result.dossier)]
    assert [(c.source, c.actors) for c in found] == [
        ("a", ("paper", "wire", "minister")),
        ("a", ("paper", "minister")),
        ("b", ("minister",)),  # the claimant named in `via` is not repeated
    ]


def test_claims_resting_only_on_unnamed_sources(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        sources=[{"id": "a", "text": TEXT, "publisher": "paper"}, {"id": "b", "text": TEXT}],
        actors=ACTORS,
        claims=[
            {"id": "said-by-officials", "claimant": "officials", "evidence": [quote("a", "Officials said")]},
            {
                "id": "through-aides",
                "claimant": "minister",
                "evidence": [quote("a", "the port will close", via=["aide"]), quote("b", "port", via=["officials"])],
            },
            {
                "id": "one-named-chain",
                "claimant": "minister",
                "evidence": [quote("a", "the port will close", via=["aide"]), quote("b", "The minister denied it")],
            },
            {
                "id": "disputes-do-not-count",
                "claimant": "minister",
                "evidence": [quote("a", "port", via=["aide"]), quote("b", "denied", stance="disputes")],
            },
        ],
    )
    unnamed = cross_of(result).unnamed
    assert set(unnamed) == {"said-by-officials", "through-aides", "disputes-do-not-count"}
    assert unnamed["said-by-officials"].claimant_unnamed
    assert unnamed["through-aides"].unnamed == ("aide", "officials")
