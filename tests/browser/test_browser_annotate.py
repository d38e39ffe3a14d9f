"""Annotate from the page (issue 21): on a source's page a reader selects a passage, presses "Annotate", fills
in the form, and takes the YAML; written into a copy of the dossier, it passes `builder check`. Also: a quote
that occurs more than once gets the `prefix` the builder needs, a paragraph that is not article body is
refused, and with a repository configured "Propose on GitHub" is a prefilled new-file link, while the
repository link in the header asks nothing of api.github.com."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import BrowserContext, Page
from site_reader import REPO, Reader, SiteHandler

from builder.export.annotate_index import via_doc
from builder.model.schema import load_schema
from builder.pipeline import check

pytestmark = pytest.mark.browser

SOURCE = "cubaheadlines-2026-01-04-padrino-cold-blooded-murder"

SELECT = """([id, words, nth]) => {
  // Select `words` (its nth occurrence) in paragraph `id`, across highlighted and plain text, as a drag would.
  const p = document.getElementById(id);
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    if (!n.parentElement.closest('.dossier-pn, .dossier-cites, .dossier-nonbody-kind')) nodes.push(n);
  const text = nodes.map(n => n.data).join('');
  let at = -1;
  for (let i = 0; i <= nth; i++) { at = text.indexOf(words, at + 1); if (at === -1) return false; }
  const point = (offset) => {
    for (const n of nodes) { if (offset <= n.data.length) return [n, offset]; offset -= n.data.length; }
  };
  const range = document.createRange();
  range.setStart(...point(at));
  range.setEnd(...point(at + words.length));
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  return true;
}"""

PLAIN = """(id) => {
  const w = document.createTreeWalker(document.getElementById(id), NodeFilter.SHOW_TEXT);
  let t = ''; for (let n = w.nextNode(); n; n = w.nextNode())
    if (!n.parentElement.closest('.dossier-pn, .dossier-cites, .dossier-nonbody-kind')) t += n.data;
  return t; }"""


@pytest.fixture
def dossier_copy(tmp_path: Path) -> Path:
    root = tmp_path / "dossier"
    shutil.copytree(REPO / "annotations", root / "annotations")
    shutil.copytree(REPO / "seeds", root / "seeds")
    return root


def body_paragraph(page: Page, nth: int = 0, longer_than: int = 120) -> str:
    """The id of the nth long body paragraph of the open source page."""
    return page.evaluate(
        """([nth, length]) => [...document.querySelectorAll('.dossier-para:not(.dossier-nonbody)')]
             .filter(p => p.textContent.length > length)[nth].id""",
        [nth, longer_than],
    )


def annotate(page: Page) -> None:
    page.locator(".dossier-annotate-button").click()
    page.locator("dialog.dossier-annotate-dialog[open]").wait_for()


def yaml_of(page: Page) -> tuple[str, str]:
    box = page.locator(".dossier-annotate-yaml")
    return box.input_value(), box.get_attribute("data-path") or ""


def pick(page: Page, name: str, typed: str) -> None:
    box = page.locator(f"dialog input[name={name}]")
    box.fill(typed)
    box.dispatch_event("change")


def assert_checks(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    result = check(root)
    assert [p.text() for p in result.problems.errors] == []
    assert not [p.text() for p in result.problems.warnings if p.location.path == path]


def test_a_selected_passage_becomes_a_claim_that_checks(reader: Reader, dossier_copy: Path) -> None:
    reader.open(f"sources/{SOURCE}/")
    page = reader.page
    paragraph = body_paragraph(page)
    words = page.evaluate(PLAIN, paragraph).split()
    passage = " ".join(words[3:14])
    assert page.evaluate(SELECT, [paragraph, passage, 0])
    annotate(page)
    page.select_option("dialog select[name=kind]", "claim")
    page.fill("dialog textarea[name=statement]", "A neutral sentence about what is claimed.")
    pick(page, "claimant", "Padrino")  # an alias: resolved to the actor's id
    page.select_option("dialog select[name=stance]", "reports")
    pick(page, "via", "New York Post")  # a name: resolved to the id, listed under `cites` of the source
    text, path = yaml_of(page)
    data = yaml.safe_load(text)
    assert data["claimant"] == "vladimir-padrino"
    assert data["evidence"][0]["source"] == SOURCE and data["evidence"][0]["via"] == ["new-york-post"]
    assert data["evidence"][0]["quote"].split() == passage.split()
    assert path == f"annotations/claims/{data['id']}.yaml"
    assert "Ready" in page.locator(".dossier-annotate-status").inner_text()
    assert_checks(dossier_copy, path, text)
    assert reader.take_problems() == []


def open_form(reader: Reader, kind: str = "claim", words: slice = slice(3, 14)) -> Page:
    """The form open on some words of the first long body paragraph, for a new `kind`."""
    reader.open(f"sources/{SOURCE}/")
    page = reader.page
    paragraph = body_paragraph(page)
    assert page.evaluate(SELECT, [paragraph, " ".join(page.evaluate(PLAIN, paragraph).split()[words]), 0])
    annotate(page)
    page.select_option("dialog select[name=kind]", kind)
    return page


def status_of(page: Page) -> str:
    return page.locator(".dossier-annotate-status").inner_text()


def test_via_and_about_typed_last_count_without_leaving_the_field(reader: Reader, dossier_copy: Path) -> None:
    """The newcomer's trial: `via` typed last, the YAML copied at once, the field never left. The YAML must
    have it (resolved from the name), and Enter makes it a chip without changing the YAML."""
    page = open_form(reader)
    page.fill("dialog textarea[name=statement]", "A neutral sentence about what is claimed.")
    pick(page, "claimant", "Padrino")
    page.fill("dialog input[name=about]", "Padrino")  # typed only: no change event, no chip
    page.fill("dialog input[name=via]", "New York Post")
    text, path = yaml_of(page)
    data = yaml.safe_load(text)
    assert data["about"] == ["vladimir-padrino"]
    assert data["evidence"][0]["via"] == ["new-york-post"], text
    assert status_of(page).startswith("Ready")
    page.press("dialog input[name=via]", "Enter")
    assert page.locator("dialog input[name=via]").input_value() == ""
    assert page.locator(".dossier-annotate-chip", has_text="new-york-post").count() == 1
    assert yaml_of(page) == (text, path)
    assert_checks(dossier_copy, path, text)
    assert reader.take_problems() == []


def test_a_name_that_is_no_actor_stays_in_the_yaml_as_a_problem(reader: Reader) -> None:
    page = open_form(reader)
    page.fill("dialog textarea[name=statement]", "A neutral sentence about what is claimed.")
    pick(page, "claimant", "Padrino")
    page.fill("dialog input[name=via]", "Someone Nobody Knows")
    data = yaml.safe_load(yaml_of(page)[0])
    assert data["evidence"][0]["via"] == ["Someone Nobody Knows"]
    status = status_of(page)
    assert status.startswith("Still to do") and '"Someone Nobody Knows" is no actor' in status
    pick(page, "via", "Someone Nobody Knows")  # leaving the field does not drop it either
    assert yaml.safe_load(yaml_of(page)[0])["evidence"][0]["via"] == ["Someone Nobody Knows"]
    assert "Someone Nobody Knows" in status_of(page)


def test_the_path_to_save_under_is_shown_before_an_id_is_typed(reader: Reader) -> None:
    page = open_form(reader)
    status = status_of(page)
    assert "the id is missing" in status and "annotations/claims/<id>.yaml (the id names the file)" in status
    page.fill("dialog input[name=id]", "a-new-claim")
    assert "annotations/claims/a-new-claim.yaml" in status_of(page)


def test_stance_and_via_help_fit_the_kind(reader: Reader) -> None:
    """The form's help says what the stubs say (schema.yaml's words): a claim's `via` ends before the
    claimant, an event's or a relationship's with the original speaker; stance speaks of the kind chosen."""
    page = open_form(reader)
    help_of = (
        "(name) => document.querySelector(`dialog [name=${name}]`).closest('label').querySelector('small').textContent"
    )
    for kind in ("claim", "event", "relationship"):
        page.select_option("dialog select[name=kind]", kind)
        assert page.evaluate(help_of, "via") == via_doc(load_schema(), kind) + " (optional)"
        assert f"the {kind}" in page.evaluate(help_of, "stance")
        terms = page.locator("dialog select[name=stance] option").all_inner_texts()
        assert terms and not [term for term in terms if "claim" in term]
    assert "ends with the original speaker" in page.evaluate(help_of, "via")


def test_a_whole_paragraph_by_triple_click_becomes_an_event(reader: Reader, dossier_copy: Path) -> None:
    reader.open(f"sources/{SOURCE}/")
    page = reader.page
    paragraph = body_paragraph(page, 1)
    page.locator(f"#{paragraph}").click(click_count=3)
    annotate(page)
    page.select_option("dialog select[name=kind]", "event")
    page.fill("dialog input[name=title]", "Something happened")
    page.fill("dialog input[name=date]", "2026-01-03")
    text, path = yaml_of(page)
    assert path == "annotations/events/something-happened.yaml"
    assert_checks(dossier_copy, path, text)


def test_words_that_occur_twice_get_a_prefix_that_the_builder_accepts(reader: Reader, dossier_copy: Path) -> None:
    reader.open(f"sources/{SOURCE}/")
    page = reader.page
    # a word that several body paragraphs use: its second occurrence in the first paragraph that has two
    found = page.evaluate(
        """() => { for (const p of document.querySelectorAll('.dossier-para:not(.dossier-nonbody)')) {
              const t = p.textContent; const i = t.indexOf('Maduro'); if (i !== -1 && t.indexOf('Maduro', i + 1) !== -1)
              return p.id; } return null; }"""
    )
    assert found
    assert page.evaluate(SELECT, [found, "Maduro", 1])
    annotate(page)
    page.select_option("dialog select[name=kind]", "relationship")
    pick(page, "subject", "vladimir-padrino")
    page.select_option("dialog select[name=type]", "accuses")
    pick(page, "object", "United States")
    page.fill("dialog input[name=id]", "padrino-accuses-us-again")
    text, path = yaml_of(page)
    evidence = yaml.safe_load(text)["evidence"][0]
    assert evidence["quote"] == "Maduro" and (evidence.get("prefix") or evidence.get("suffix"))
    assert_checks(dossier_copy, path, text)


def test_more_evidence_for_an_existing_claim(reader: Reader, dossier_copy: Path) -> None:
    page = open_form(reader, "evidence", slice(2, 9))
    page.fill("dialog input[name=target]", "us-murdered-maduro-security-team")
    page.select_option("dialog select[name=stance]", "supports")
    text, path = yaml_of(page)
    assert path == "annotations/claims/us-murdered-maduro-security-team.yaml"
    snippet = "\n".join(line for line in text.splitlines() if not line.startswith("# Add under"))
    existing = (dossier_copy / path).read_text(encoding="utf-8")
    assert "\nevidence:\n" in existing
    assert_checks(dossier_copy, path, existing.replace("\nevidence:\n", "\nevidence:\n" + snippet + "\n", 1))


def test_a_paragraph_that_is_not_article_body_is_refused(reader: Reader) -> None:
    reader.open(f"sources/{SOURCE}/")
    page = reader.page
    paragraph = page.evaluate("() => document.querySelector('.dossier-para.dossier-nonbody').id")
    words = page.evaluate(
        "(id) => document.getElementById(id).querySelector('.dossier-nonbody-kind').nextSibling.textContent",
        paragraph,
    ).split()
    assert page.evaluate(SELECT, [paragraph, " ".join(words[:2]), 0])
    annotate(page)
    assert "not article body" in page.locator(".dossier-annotate-problem").inner_text()


# ---- with a repository: "Propose on GitHub", and no request to api.github.com ------------------------------
@pytest.fixture(scope="module")
def with_repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini fixture with `repo_url` and `edit_uri`, built and served."""
    root = tmp_path_factory.mktemp("repo") / "mini"
    shutil.copytree(REPO / "tests/fixtures/mini", root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nrepo_url: https://github.com/example/dossier\n"
        "edit_uri: edit/trunk/docs/\n",
        encoding="utf-8",
    )
    out = root.parent / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(out)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    handler = functools.partial(SiteHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_propose_on_github_is_a_prefilled_new_file_and_the_header_asks_no_other_origin(
    browser: BrowserContext, with_repository: str
) -> None:
    page = browser.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(with_repository) else None)
    try:
        page.goto(with_repository + "sources/planet-bridge/", wait_until="networkidle")
        assert page.locator("a.md-source[href='https://github.com/example/dossier']").count() >= 1  # header, drawer
        assert page.locator("[data-md-component=source]").count() == 0  # Material's fetch of stars and forks
        paragraph = body_paragraph(page, 0, 40)
        text = page.evaluate(PLAIN, paragraph)
        assert page.evaluate(SELECT, [paragraph, " ".join(text.split()[2:6]), 0])
        annotate(page)
        page.fill("dialog textarea[name=statement]", "A statement.")
        pick(page, "claimant", "Ana Lopez")
        yaml_text, path = yaml_of(page)
        href = page.locator("dialog a", has_text="Propose on GitHub").get_attribute("href") or ""
        parts = urlsplit(href)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/example/dossier/new/trunk"
        query = parse_qs(parts.query)
        assert query["filename"] == [path] and query["value"] == [yaml_text]
        page.wait_for_timeout(500)
        # (the mini fixture leaves Material's Google Fonts on; the seed site's privacy test covers those)
        assert [url for url in foreign if "github" in url] == []
    finally:
        page.close()


def test_the_open_form_is_accessible(reader: Reader, axe_source: str) -> None:
    """axe-core on the page with the form open (the page sweep sees it closed), light and dark."""
    from test_browser_pages import AXE

    reader.open(f"sources/{SOURCE}/")
    page = reader.page
    paragraph = body_paragraph(page)
    assert page.evaluate(SELECT, [paragraph, " ".join(page.evaluate(PLAIN, paragraph).split()[1:6]), 0])
    annotate(page)
    page.add_script_tag(content=axe_source)
    for scheme in ("light", "dark"):
        if scheme == "dark":
            page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
        for kind in ("claim", "relationship", "evidence"):
            page.select_option("dialog select[name=kind]", kind)
            assert page.evaluate(AXE, {}) == [], (scheme, kind)
    reader.page.screenshot(path=str(REPO / "test-artifacts" / "annotate-form.png"))
    assert reader.take_problems() == []
