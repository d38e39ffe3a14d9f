"""Errors a newcomer understands (issue 21, friction items 3, 7 and 10): root causes first with what follows
from them folded under them, no suggestion that would duplicate an actor or change a word's meaning, dates
written the way people write them explained, and a duplicate id blamed on the file that is new."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from builder.load.duplicates import newer
from tests.conftest import Write, checked, messages


def test_a_yaml_typo_in_an_actor_file_is_the_root_cause_listed_first(mini: Path, write: Write) -> None:
    actor = mini / "annotations/actors/ana-lopez.yaml"
    write("annotations/actors/ana-lopez.yaml", actor.read_text().replace("kind: person", "kind person: ?"))
    found = messages(checked(mini))
    assert found[0].startswith("annotations/actors/ana-lopez.yaml:")
    followers = [m for m in found if "'ana-lopez'" in m and "refers to" in m]
    assert followers, found
    for message in followers:  # folded under the cause, and no advice to add a file that exists
        assert message.startswith("  -> ")
        assert "fix annotations/actors/ana-lopez.yaml first" in message
        assert "add annotations" not in message
    first_follower = found.index(followers[0])
    assert all(m.startswith("annotations/actors/ana-lopez.yaml") for m in found[:first_follower])


def test_a_missing_event_is_not_offered_as_an_actor_file(mini: Path, write: Write) -> None:
    claim = mini / "annotations/claims/bridge-is-safe.yaml"
    write("annotations/claims/bridge-is-safe.yaml", claim.read_text().replace("[bridge-closed]", "[bridge-fell]"))
    [message] = [m for m in messages(checked(mini)) if "bridge-fell" in m]
    assert "annotations/actors/bridge-fell.yaml or annotations/events/bridge-fell.yaml" in message


def test_an_alias_is_never_proposed_as_a_new_actor(mini: Path, write: Write) -> None:
    # "Ana Lopez" is an alias of ana-lopez; a newcomer writes it as an id the way they read it
    claim = (mini / "annotations/claims/bridge-is-safe.yaml").read_text()
    write("annotations/claims/bridge-is-safe.yaml", claim.replace("claimant: ana-lopez", "claimant: lopez"))
    write(
        "annotations/actors/ana-lopez.yaml",
        (mini / "annotations/actors/ana-lopez.yaml")
        .read_text()
        .replace("aliases: [Ana Lopez]", "aliases: [Ana Lopez, Lopez]"),
    )
    [message] = [m for m in messages(checked(mini)) if "'lopez'" in m]
    assert "write ana-lopez" in message and "add annotations/actors/lopez.yaml" not in message, message


def test_the_seed_dossier_trump_alias_points_at_donald_trump(tmp_path: Path) -> None:
    import shutil

    from tests.conftest import REPO

    root = tmp_path / "dossier"
    shutil.copytree(REPO / "annotations", root / "annotations")
    shutil.copytree(REPO / "seeds", root / "seeds")
    claim = root / "annotations/claims/trump-many-cubans-died-protecting-maduro.yaml"
    claim.write_text(claim.read_text().replace("claimant: donald-trump", "claimant: trump"))
    [message] = [m for m in messages(checked(root)) if "'trump'" in m]
    assert "write donald-trump" in message
    assert "actors/trump.yaml" not in message


def test_a_relationship_type_is_suggested_only_when_it_is_a_near_spelling(mini: Path, write: Write) -> None:
    rel = (mini / "annotations/relationships/lopez-opposes-engineer.yaml").read_text()
    write("annotations/relationships/lopez-opposes-engineer.yaml", rel.replace("type: opposes", "type: warns"))
    [message] = [m for m in messages(checked(mini)) if "'warns'" in m]
    assert "Did you mean" not in message and "fears" not in message.split("Fix:")[0]
    assert "use one of:" in message  # the whole vocabulary is still listed in the fix
    write("annotations/relationships/lopez-opposes-engineer.yaml", rel.replace("type: opposes", "type: opose"))
    [message] = [m for m in messages(checked(mini)) if "'opose'" in m]
    assert "Did you mean 'opposes'?" in message


def test_a_date_written_with_slashes_is_explained(mini: Path, write: Write) -> None:
    event = (mini / "annotations/events/bridge-closed.yaml").read_text()
    write(
        "annotations/events/bridge-closed.yaml",
        event.replace("id: bridge-closed", "id: bridge-closed\ndate: 11/01/2026", 1),
    )
    [message] = [m for m in messages(checked(mini)) if "11/01/2026" in m]
    assert "2026-11-01" in message and "2026-01-11" in message and "is not a date" not in message
    write(
        "annotations/events/bridge-closed.yaml",
        event.replace("id: bridge-closed", "id: bridge-closed\ndate: 25/12/2025", 1),
    )
    [message] = [m for m in messages(checked(mini)) if "25/12/2025" in m]
    assert "can only be 2025-12-25" in message


def test_a_duplicate_id_blames_the_new_file_and_names_both(mini: Path, write: Write) -> None:
    # An event file added later with the id of an existing actor: the actor is loaded first (actors/ before
    # events/), but it is the event's author who must rename.
    old = mini / "annotations/actors/ana-lopez.yaml"
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    write(
        "annotations/events/ana-lopez.yaml",
        "id: ana-lopez\ntitle: T\nevidence:\n  - source: planet-bridge\n    quote: The mayor, Ana López\n",
    )
    [message] = [m for m in messages(checked(mini)) if "already used" in m]
    assert message.startswith("annotations/events/ana-lopez.yaml:")
    assert "annotations/actors/ana-lopez.yaml" in message
    assert "leave annotations/actors/ana-lopez.yaml as it is" in message


def test_git_decides_which_file_is_new(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "a.yaml").write_text("a")
    git("add", "a.yaml")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a")
    (tmp_path / "b.yaml").write_text("b")
    os.utime(tmp_path / "a.yaml")  # touched after b: the time alone would pick a.yaml
    assert newer(tmp_path, "a.yaml", "b.yaml") == "b.yaml"
    assert newer(tmp_path, "b.yaml", "a.yaml") == "b.yaml"
