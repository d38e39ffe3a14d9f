"""The browser libraries shipped with the package are exactly the npm packages pinned in package.json.

The site serves its copies (builder/render/assets/vendor/<package>/, each file at its path in the package) so that
a fresh clone builds a site that loads nothing from another origin, without npm. These tests hold the copies to the
pins: package.json pins an exact version, package-lock.json locks it, and every vendored file is byte for byte the
file `npm ci` installs from that version (which npm checks against the lock's integrity hash)."""

from __future__ import annotations

import json

import pytest

from builder.publish.assets import ASSET_DIR, VENDORED, WIDGETS, asset_files, vendored_paths
from tests.conftest import REPO

NODE_MODULES = REPO / "node_modules"


@pytest.mark.parametrize("package", sorted(VENDORED))
def test_a_vendored_library_is_its_pinned_npm_package(package: str) -> None:
    version, files = VENDORED[package]
    pins = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    pinned = {**pins.get("dependencies", {}), **pins.get("devDependencies", {})}
    assert pinned.get(package) == version, f"package.json must pin {package} to exactly {version}"
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][f"node_modules/{package}"]["version"] == version
    installed = NODE_MODULES / package
    if not (installed / "package.json").is_file():
        pytest.fail(f"node_modules/{package} is missing: run `npm ci` (`make install-dev`)", pytrace=False)
    assert json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"] == version
    for file in files:
        vendored = ASSET_DIR / "vendor" / package / file
        assert vendored.read_bytes() == (installed / file).read_bytes(), f"{vendored} differs from npm's {file}"


def test_every_vendored_library_ships_its_licence_and_is_served() -> None:
    for package, (_, files) in VENDORED.items():
        assert any("LICENSE" in f for f in files), f"{package}: no licence file shipped"
    on_disk = {p.relative_to(ASSET_DIR).as_posix() for p in (ASSET_DIR / "vendor").rglob("*") if p.is_file()}
    served = set(vendored_paths())
    assert {f"assets/{p}" for p in on_disk} == served, "vendor/ holds exactly the files VENDORED lists"
    files = asset_files()
    loader = files["assets/pictures.js"]  # it names each script it loads by its path in the site
    for path in [*WIDGETS, *(p for p in served if p.endswith(".js"))]:
        assert f'"{path}"' in loader, f"pictures.js does not load {path}"
    for path in served:
        assert files[path].encode("utf-8") == (ASSET_DIR / path.removeprefix("assets/")).read_bytes()
