"""bench/speed.py's pure parts: the Hugo project it lays out, its tables, and its verdicts on issue 23's targets."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO


def _speed() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_speed", REPO / "bench" / "speed.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


speed = _speed()
Run, Timing, SizeResult = speed.Run, speed.Timing, speed.SizeResult


def test_a_python_markdown_attribute_list_on_a_line_of_its_own_loses_its_colon_for_goldmark() -> None:
    page = "Text {: kept }\n{: .dossier-cite }\n> quote\n> {: data-search-exclude }\n> > {:#p3 .x}\n"
    assert (
        speed.hugo_page(page)
        == "Text {: kept }\n{ .dossier-cite }\n> quote\n> { data-search-exclude }\n> > { #p3 .x}\n"
    )
    assert speed.hugo_page("[a](b.md){ .dossier-pn }\n") == "[a](b.md){ .dossier-pn }\n"


def test_the_hugo_project_holds_the_tree_s_pages_and_docs_own_with_every_other_file_static(tmp_path: Path) -> None:
    tree, docs, site = tmp_path / "tree", tmp_path / "docs", tmp_path / "site"
    for path, text in {
        tree / "index.md": "---\ntitle: Home\n---\n# Built home\n",
        tree / "claims" / "index.md": "# Claims\n",
        tree / "claims" / "c1.md": "Said.\n{: .dossier-cite }\n",
        tree / "data" / "graph.json": "{}",
        docs / "index.md": "# Hand-written home <!-- dossier:at-a-glance -->\n",
        docs / "method.md": "# Method\n",
        docs / "assets" / "extra.css": "p {}",
    }.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert speed.hugo_site(tree, docs, site) == 4  # home, claims list, one claim, method
    content = site / "content"
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*")) == [
        "_index.md",
        "claims",
        "claims/_index.md",
        "claims/c1.md",
        "method.md",
    ]
    assert (content / "_index.md").read_text() == "---\ntitle: Home\n---\n# Built home\n"  # the tree's, not docs'
    assert (content / "claims" / "c1.md").read_text() == "Said.\n{ .dossier-cite }\n"
    assert (site / "static" / "data" / "graph.json").read_text() == "{}"
    assert (site / "static" / "assets" / "extra.css").read_text() == "p {}"
    config = tomllib.loads((site / "config.toml").read_text())
    goldmark = config["markup"]["goldmark"]
    assert goldmark["renderer"]["unsafe"] is True
    assert goldmark["parser"]["attribute"] == {"block": True, "title": True}
    assert {"taxonomy", "term", "RSS"} <= set(config["disableKinds"])  # pages' `tags:` make no pages of their own
    for name in ("single.html", "list.html"):
        layout = (site / "layouts" / "_default" / name).read_text()
        assert "{{ .Content }}" in layout and "{{ .Title }}" in layout and len(layout.splitlines()) < 10
    assert speed.hugo_site(tree, None, tmp_path / "site2") == 3


def test_hugo_is_installed_only_where_missing_and_this_is_root_with_apt_get() -> None:
    assert speed.hugo_install_plan(None, 0, "/usr/bin/apt-get") == ["apt-get", "install", "-y", "hugo"]
    assert speed.hugo_install_plan("/usr/bin/hugo", 0, "/usr/bin/apt-get") is None
    assert speed.hugo_install_plan(None, 1000, "/usr/bin/apt-get") is None
    assert speed.hugo_install_plan(None, 0, None) is None


def test_a_timing_is_the_median_of_its_runs_and_the_largest_memory_of_any() -> None:
    t = Timing([Run(1.0, 2.0, 100.0, 150.0), Run(5.0, 4.0, 300.0, 120.0), Run(3.0, 3.0, 200.0, 90.0)])
    assert (t.seconds, t.cpu, t.peak_mb, t.pss_mb, t.memory_mb) == (3.0, 3.0, 300.0, 150.0, 300.0)


def _result(n: int, hugo: float, cold: float, second: float, edit: float, cold_cpu: float | None = None) -> object:
    return SizeResult(
        n,
        hugo=Timing([Run(hugo, hugo * 2, 100.0)], pages=10),
        cold=Timing([Run(cold, cold if cold_cpu is None else cold_cpu, 500.0, 700.0)], pages=11),
        second=Timing([Run(second, second, 400.0)], pages=11),
        serve=[
            ("cold (first build)", cold),
            ("after editing one claim statement", edit / 2),
            ("after editing x", edit),
        ],
    )


def test_the_table_gives_each_build_beside_hugo_s() -> None:
    rows = speed.speed_table(_result(1_000, 4.0, 30.0, 6.0, 0.8))
    assert rows[2] == "| Hugo, minimal theme | 4.00 | 8.00 | 100 | 0 | 10 | 1.0× | 1.0× |"
    assert rows[3].endswith("| 30.00 | 30.00 | 500 | 700 | 11 | 7.5× | 3.8× |")
    assert rows[4].endswith("| 6.00 | 6.00 | 400 | 0 | 11 | 1.5× | 0.8× |")
    assert rows[5] == "| `mkdocs serve --dirty`: first build | 30.00 | – | – | – | – | 7.5× | – |"
    assert rows[7].startswith("| `mkdocs serve --dirty`: after editing x | 0.80 |")
    alone = speed.speed_table(SizeResult(1_000, cold=Timing([Run(9.0, 8.0, 1.0)])))
    assert alone[2:] == ["| `mkdocs build`, cold (no site folder, no `.cache/`) | 9.00 | 8.00 | 1 | 0 | 0 | – | – |"]


def _verdicts(**change: float) -> dict[str, tuple[str, str]]:
    """(met by wall, met by CPU) for each target, by a word of it, for made-up measurements that meet them all
    unless changed."""
    small = dict(hugo=4.0, cold=30.0, second=9.0, edit=0.8)
    big = dict(hugo=40.0, cold=290.0, second=90.0, edit=9.0)
    small.update({k.removesuffix("_1k"): v for k, v in change.items() if k.endswith("_1k")})
    big.update({k.removesuffix("_10k"): v for k, v in change.items() if k.endswith("_10k")})
    results = {1_000: _result(1_000, **small), 10_000: _result(10_000, **big)}
    if "pss" in change:
        results[10_000].cold.runs[0].tree_mb = change["pss"]  # type: ignore[attr-defined]
    words = {
        "<= 35 s": "cold",
        "1,000 sources within": "hugo",
        "10,000 sources within": "hugo10k",
        "second": "second",
        "edit": "edit",
        "10,000 sources: whole": "edit10k",
        "< 300 s": "cold10k",
        "GB": "memory",
        "against 1,000": "growth",
    }
    found = {}
    for v in speed.verdicts(results):
        word = [w for key, w in words.items() if key in v.target][-1]
        found[word] = (speed._met(v.met_wall), speed._met(v.met_cpu))
    return found


def test_each_target_is_met_only_when_the_measurement_meets_it() -> None:
    everything = _verdicts()
    assert sorted(everything) == sorted(
        ["cold", "hugo", "hugo10k", "second", "edit", "edit10k", "cold10k", "memory", "growth"]
    )
    assert {met for met, _ in everything.values()} == {"yes"}
    assert everything["edit"][1] == everything["memory"][1] == "–"  # measured as wall time, and memory
    for change, target in [
        ({"cold_1k": 36.0, "hugo_1k": 5.0, "second_1k": 8.0}, "cold"),  # growth: 290 / 36 is still within 11×
        ({"hugo_1k": 3.0}, "hugo"),
        ({"second_1k": 10.5}, "second"),
        ({"edit_1k": 1.0}, "edit"),
        ({"edit_10k": 10.0}, "edit10k"),
        ({"cold_10k": 310.0, "hugo_10k": 45.0}, "cold10k"),
        ({"pss": 4_200.0}, "memory"),
        ({"cold_1k": 25.0, "hugo_1k": 3.2}, "growth"),  # 290 / 25 = 11.6×
    ]:
        verdicts = _verdicts(**change)
        assert [t for t, (wall, _) in verdicts.items() if wall == "no"] == [target], change
    assert _verdicts(cold_1k=36.0, hugo_1k=5.0, cold_cpu_1k=30.0)["cold"] == ("no", "yes")


def test_cpu_time_gives_its_own_verdict_beside_wall_time() -> None:
    busy = {1_000: _result(1_000, 4.0, 50.0, 9.0, 0.8, cold_cpu=30.0)}
    cold = next(v for v in speed.verdicts(busy) if "<= 35 s" in v.target)
    assert (cold.met_wall, cold.met_cpu) == (False, True)
    assert cold.measured == "50.0 s wall, 30.0 s CPU"
    second = next(v for v in speed.verdicts(busy) if "second" in v.target)
    assert "11.3× faster than 102 s" in second.measured and "5.6× faster than this run's cold build" in second.measured
    assert speed.verdicts({100: SizeResult(100)}) == []  # nothing measured, nothing judged


def test_growth_is_given_for_each_build_measured_at_both_sizes() -> None:
    results = {1_000: _result(1_000, 4.0, 30.0, 9.0, 0.8), 10_000: _result(10_000, 40.0, 290.0, 90.0, 9.0)}
    results[10_000].second = None
    lines = speed.growth_table(results)
    assert "| Hugo | 10.0× | 10.0× |" in lines and "| `mkdocs build`, cold | 9.7× | 9.7× |" in lines
    assert not any("again" in line for line in lines)
    assert speed.growth_table({1_000: results[1_000]}) == []


RESULTS = """# Benchmark results

Generated tables.

<!-- written by hand: bench/run keeps what follows -->

## A large legal seed (issue 22)

Hand-written.

## Speed against Hugo (issue 23): before

old figures

## Search (`bench/search.py`)

Hand-written too.
"""


def test_the_section_replaces_its_own_label_and_keeps_everything_else() -> None:
    replaced = speed.place_section(RESULTS, speed.heading("before") + "\n\nnew figures\n", "before")
    assert replaced == RESULTS.replace("old figures", "new figures")
    added = speed.place_section(replaced, speed.heading("after") + "\n\nlater\n", "after")
    assert added == replaced + "\n## Speed against Hugo (issue 23): after\n\nlater\n"
    last = speed.place_section(added, speed.heading("after") + "\n\nlater again\n", "after")
    assert last == added.replace("later\n", "later again\n")
    bare = speed.place_section("# Benchmark results\n", "## S\n", "x")
    assert bare == "# Benchmark results\n\n<!-- written by hand: bench/run keeps what follows -->\n\n## S\n"


def test_builds_can_be_left_out_everywhere_or_at_one_size() -> None:
    skip = speed._skips("serve, second:10_000")
    assert skip == ("serve", "second:10000")
    assert speed.skipped(skip, "serve", 1_000) and speed.skipped(skip, "second", 10_000)
    assert not speed.skipped(skip, "second", 1_000) and not speed.skipped(skip, "hugo", 10_000)


@pytest.mark.parametrize("args", [["--skip", "mkdocs"], ["--skip", "second:many"], ["--runs", "0"], ["--sizes", "5"]])
def test_bad_arguments_are_refused_with_a_message(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        speed.main(args)
    assert exit_.value.code == 2 and "Traceback" not in capsys.readouterr().err
