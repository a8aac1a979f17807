"""Any two versions compared on the site, without a server (issue 22, item 3).

The browser runs the engine's comparison ported to JavaScript (docs/assets/compare/compare.js) on
what the build precomputed for each version (compare_data.py: SudachiPy's words, sentences, the
purposes' items). Held to the engine: the port gives the Python's ops and moves on every pair of
the sample history and on 120 generated pairs (hypothesis; one node process on the exported data); in headless
Chromium, choosing two non-adjacent versions shows the insertions and deletions, section by
section, of `policy diff A B --format json`, in both languages, with the words screen readers
say, announced, by keyboard too; without JavaScript the page lists the comparison pages, which
it reaches; the code and data load on that page only, the data when chosen; axe-core and the Nu
checker find nothing on the page with a redline shown.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SAMPLES, build_ok, copy_project, policy
from policy_engine.publishing.compare_data import document_data
from policy_engine.changes.comparison import compare
from policy_engine.reading.document import parse_document
from policy_engine.changes.redline import _BLOCK_MARK, _HEADING, _lines, _split_attribute_list
from policy_engine.reading.settings import load_settings
from policy_engine.reading.versions import versions_of
from test_browser import FIRST_VIEW_REQUESTS, VNU_JAR, Served, kind_of, page_paths, tools  # noqa: F401

DIFF_SCRIPT = ROOT / "tests" / "browser" / "compare_diff.cjs"
PAGE_SCRIPT = ROOT / "tests" / "browser" / "compare_any.mjs"
TODAY = "2027-07-02"  # every sample version public, 2027-07-01 current: most pairs have no page
# Two non-adjacent versions per language, neither pair with a page of its own (and one backwards).
# (page, from, to, by keyboard, opened at the address a comparison leaves instead of chosen)
CHOSEN = [("/compare/", "2025-04-01", "2027-01-10", True, False), ("/en/compare/", "2025-04-01", "2026-04-01", False, False),
          ("/compare/", "2027-07-01", "2025-10-01", False, False), ("/en/compare/", "2025-10-01", "2027-07-01", True, False),
          ("/compare/", "2025-10-01", "2027-01-10", False, True)]
SPOKEN = {"ja": ("［追加］", "［追加ここまで］", "［削除］", "［削除ここまで］"),
          "en": ("[inserted]", "[end of insertion]", "[deleted]", "[end of deletion]")}


def _node(tmp_path: Path, cases: list) -> list:
    cases_file, result_file = tmp_path / "cases.json", tmp_path / "result.json"
    cases_file.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(["node", str(DIFF_SCRIPT), str(cases_file), str(result_file)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result_file.read_text(encoding="utf-8"))


def _python(old, new) -> list[dict]:
    return [{"id": s.id, "status": s.status, "ops": [list(op) for op in s.ops],
             "moves": [[m.old, m.new, m.old_line, m.new_line] for m in s.moves]} for s in compare(old, new).sections]


def _differences(pairs: list, got: list) -> list[str]:
    problems = []
    for (old, new), found in zip(pairs, got):
        expected = _python(old, new)
        if found != expected:
            if isinstance(found, dict):
                problems.append(f"{old.path} -> {new.path}: {found['error'][:300]}")
                continue
            wrong = next((e, f) for e, f in itertools.zip_longest(expected, found) if e != f)
            problems.append(f"{old.path} -> {new.path} ({old.lang}):\n  python {json.dumps(wrong[0], ensure_ascii=False)[:600]}"
                            f"\n  js     {json.dumps(wrong[1], ensure_ascii=False)[:600]}")
    return problems


# ---------------------------------------------------------------------------------------------
# The port against the engine


def _sample_versions():
    return versions_of(load_settings(ROOT, {"POLICY_VERSIONS_DIR": str(SAMPLES)}))


def test_the_data_joins_back_to_each_section_exactly():
    for version in _sample_versions():
        for lang, doc in version.docs.items():
            data = document_data(doc)
            for section, source in [(data["preamble"], None), *zip(data["sections"], doc.sections)]:
                text = "".join("".join("".join(tokens) for tokens in line[1:]) + line[0] for line in section["lines"])
                if source is not None:
                    assert text == source.source
            if lang == "ja":  # Japanese is cut into words, not characters or whole sentences
                tokens = [t for s in data["sections"] for line in s["lines"] for t in sum(line[1:], [])]
                assert {"個人", "情報", "利用", "お客様"} <= set(tokens) and len(tokens) > 500
            purposes = next(s for s in data["sections"] if s["id"] == "purposes-of-use")
            assert sum(unit[0] for unit in purposes["units"]) == len(purposes["lines"])
            assert any(len(unit) == 3 and unit[2] for unit in purposes["units"])


def test_the_browser_diff_equals_the_engine_on_every_pair_of_the_sample(tmp_path):
    versions = _sample_versions()
    pairs = [(a.docs[lang], b.docs[lang]) for lang in ("ja", "en") for a, b in itertools.permutations(versions, 2)]
    got = _node(tmp_path, [[document_data(a), document_data(b)] for a, b in pairs])
    assert len(got) == len(pairs) == 40
    assert not _differences(pairs, got)
    # Not a vacuous match: the sample's pairs move, add, remove and reword.
    statuses = {s["status"] for found in got for s in found}
    assert statuses >= {"changed", "added", "removed", "unchanged"}
    assert any(s["moves"] for found in got for s in found)


# Generated histories: sentences of the sample's own text, cut, edited, reordered.
def _sample_pieces(lang: str) -> tuple[list[str], list[str]]:
    text = (SAMPLES / "2026-04-01" / f"{lang}.md").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith(("#", "---", "title:"))]
    items = [line[2:] for line in lines if line.startswith("- ")]
    prose = [line for line in lines if not line.startswith(("- ", "{{")) and "|" not in line]
    cut = re.compile(r"(?<=[。．.;；])\s*")
    sentences = [s for line in prose for s in cut.split(line) if len(s) > 3]
    return sentences, items


PIECES = {lang: _sample_pieces(lang) for lang in ("ja", "en")}
IDS = ["definitions", "handling", "purposes-of-use", "security", "third-parties", "inquiries", "cookies"]


@st.composite
def _edited(draw, text: str, pool: list[str]) -> str:
    """A sentence or item with one edit: a stretch deleted, replaced or inserted, words of the
    sample's own (so Japanese stays Japanese for the segmenter)."""
    kind = draw(st.sampled_from(["same", "same", "delete", "replace", "insert", "other"]))
    if kind == "same" or not text:
        return text
    if kind == "other":
        return draw(st.sampled_from(pool))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start, min(len(text), start + 12)))
    donor = draw(st.sampled_from(pool))
    at = draw(st.integers(0, max(0, len(donor) - 1)))
    snippet = donor[at:at + draw(st.integers(1, 10))]
    if kind == "delete":
        return text[:start] + text[end:]
    if kind == "insert":
        return text[:start] + snippet + text[start:]
    return text[:start] + snippet + text[end:]


@st.composite
def _block(draw, lang: str):
    sentences, items = PIECES[lang]
    if draw(st.booleans()):
        return ("ul", draw(st.lists(st.sampled_from(items), min_size=1, max_size=6, unique=True)))
    return ("p", draw(st.lists(st.sampled_from(sentences), min_size=1, max_size=3)))


@st.composite
def _edited_block(draw, block, lang: str):
    sentences, items = PIECES[lang]
    kind, parts = block
    pool = items if kind == "ul" else sentences
    parts = [draw(_edited(part, pool)) for part in parts]
    parts = [p for p in parts if p.strip()] or [pool[0]]
    if draw(st.booleans()):
        parts = draw(st.permutations(parts))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), draw(st.sampled_from(pool)))
    return (kind, list(parts))


def _markdown(preamble: str, sections: list, lang: str) -> str:
    join = " " if lang == "en" else ""
    out = ["---\ntitle: Sample\n---\n\n" + (preamble + "\n\n" if preamble else "")]
    for number, (section_id, level, title, blocks) in enumerate(sections, 1):
        mark = f"{number}." if level == 2 else f"({number})"
        out.append(f"{'#' * level} {mark} {title} {{#{section_id}}}\n\n")
        for kind, parts in blocks:
            out.append("".join(f"- {p}\n" for p in parts) if kind == "ul" else join.join(parts) + "\n")
            out.append("\n")
    return "".join(out).rstrip("\n") + "\n"


@st.composite
def _history_pair(draw, lang: str) -> tuple[str, str]:
    sentences, _ = PIECES[lang]
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=5, unique=True))
    old = [(i, draw(st.sampled_from([2, 2, 3])), draw(st.sampled_from(sentences))[:20].strip() or "T",
            draw(st.lists(_block(lang), min_size=1, max_size=3))) for i in ids]
    old[0] = (old[0][0], 2, *old[0][2:])
    new = []
    for section_id, level, title, blocks in old:
        fate = draw(st.sampled_from(["keep", "keep", "edit", "edit", "edit", "drop"]))
        if fate == "drop":
            continue
        if fate == "edit":
            blocks = [draw(_edited_block(b, lang)) for b in blocks]
            title = draw(_edited(title, sentences))[:30].strip() or title
        new.append((section_id, level, title, blocks))
    for section_id in draw(st.lists(st.sampled_from([i for i in IDS if i not in ids]), max_size=2, unique=True)):
        new.insert(draw(st.integers(0, len(new))), (section_id, 2, "New", draw(st.lists(_block(lang), min_size=1, max_size=2))))
    if len(new) > 1 and draw(st.booleans()):
        a, b = draw(st.integers(0, len(new) - 1)), draw(st.integers(0, len(new) - 1))
        new[a], new[b] = new[b], new[a]
    if not new or new[0][1] != 2:
        new.insert(0, ("opening", 2, "Opening", [("p", [sentences[0]])]))
    preamble = draw(st.sampled_from(["", sentences[1]]))
    new_preamble = draw(_edited(preamble, sentences))
    return _markdown(preamble, old, lang), _markdown(new_preamble, new, lang)


@pytest.fixture(scope="module")
def node_compare():
    """One node process for every generated pair: a case a line in, a result a line out."""
    process = subprocess.Popen(["node", str(DIFF_SCRIPT), "--lines"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, encoding="utf-8")

    def run(old, new) -> list | dict:
        process.stdin.write(json.dumps([document_data(old), document_data(new)], ensure_ascii=False) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    yield run
    process.stdin.close()
    process.wait(timeout=30)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["ja", "en"]).flatmap(lambda lang: st.tuples(st.just(lang), _history_pair(lang))))
def test_the_browser_diff_equals_the_engine_on_generated_pairs(node_compare, case):
    """Generated pairs of histories, in both languages: the same sections, statuses, ops and moves
    as the engine."""
    lang, (old_text, new_text) = case
    old = parse_document(old_text, Path(f"old.{lang}.md"), lang, render_checks=False)
    new = parse_document(new_text, Path(f"new.{lang}.md"), lang, render_checks=False)
    problems = _differences([(old, new)], [node_compare(old, new)])
    assert not problems, problems[0]


# ---------------------------------------------------------------------------------------------
# The page in Chromium


@pytest.fixture(scope="module")
def late_sample(tmp_path_factory):
    """The sample history when all five versions are public."""
    return build_ok(copy_project(tmp_path_factory.mktemp("sample-late"), SAMPLES), today=TODAY)


@pytest.fixture(scope="module")
def used(tools, late_sample, tmp_path_factory):  # noqa: F811
    workdir = tmp_path_factory.mktemp("compare-any")
    runs = [{"path": path, "from": old, "to": new, "keyboard": keyboard, "bookmark": bookmark}
            for path, old, new, keyboard, bookmark in CHOSEN]
    job = {"chromium": tools.chromium, "runs": runs, "noScript": ["/compare/", "/en/compare/"],
           "firstView": ["/", "/en/", "/compare/"]}
    with Served(late_sample.site) as served:
        job["baseUrl"] = served.url
        (workdir / "job.json").write_text(json.dumps(job), encoding="utf-8")
        result = subprocess.run([tools.node, str(PAGE_SCRIPT), str(workdir / "job.json"), str(workdir / "result.json")],
                                cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads((workdir / "result.json").read_text(encoding="utf-8"))
    assert not report["errors"], report["errors"]
    report["workdir"] = workdir
    return report


def _lang(path: str) -> str:
    return "en" if path.startswith("/en/") else "ja"


def _expected_marks(section: dict) -> list[list[str]]:
    """The insertions and deletions a redline of `policy diff --format json`'s section shows, as
    redline.ops_markdown writes them: moved lines shown where they stand, unmarked; a line's
    block mark (list marker, heading marks) and a heading's {#id} outside the marks."""
    sources = {move["from"]["op"] for move in section["moves"]}
    destinations = {move["to"]["op"] for move in section["moves"]}
    shown = [("moved_to" if i in destinations else tag, text) for i, (tag, text) in enumerate(section["ops"])
             if i not in sources]
    marks = []
    for pieces in _lines(shown):
        if pieces and _HEADING.match(pieces[0][1]):
            pieces, _ = _split_attribute_list(pieces)
        for position, (tag, text) in enumerate(pieces):
            if position == 0:
                text = text[len(_BLOCK_MARK.match(text).group(1)):]
            if text and tag in ("insert", "delete"):
                marks.append([tag, text])
    return marks


def test_choosing_two_versions_shows_the_redline_of_policy_diff(used, late_sample):
    problems = []
    for run in used["runs"]:
        lang = _lang(run["path"])
        diff = policy(late_sample.root, "diff", run["from"], run["to"], "--lang", lang, "--format", "json")
        assert diff.returncode == 0, diff.stderr
        expected = json.loads(diff.stdout)["sections"]
        where = f"{run['path']} {run['from']} -> {run['to']}"
        assert [(s["id"], s["status"]) for s in run["sections"]] == [(s["id"], s["status"]) for s in expected], where
        for shown, section in zip(run["sections"], expected):
            if shown["marks"] != _expected_marks(section):
                problems.append(f"{where} §{section['id']}:\n  shown    {shown['marks']}\n"
                                f"  expected {_expected_marks(section)}")
        assert sum(len(s["marks"]) for s in run["sections"]) >= 4, f"{where}: hardly a change shown"
    assert not problems, "\n".join(problems)
    assert {_lang(run["path"]) for run in used["runs"]} == {"ja", "en"}


def test_the_result_is_labelled_announced_spoken_and_reached_by_keyboard(used):
    words = {"ja": (["比較元の版"], ["比較先の版"]), "en": (["From version"], ["To version"])}
    for run in used["runs"]:
        lang = _lang(run["path"])
        assert run["labels"] == list(words[lang])
        assert run["live"] == "polite"
        assert run["status"] and (run["from"][:4] in run["status"] or "年" in run["status"]), run["status"]
        assert run["focused"] == "policy-compare-title", "the focus goes to the result's heading"
        assert run["address"] == f"?from={run['from']}&to={run['to']}", "the address names the comparison shown"
        assert run["chosen"] == [run["from"], run["to"]]
        assert not run["consoleErrors"], run["consoleErrors"]
        ins_start, ins_end, del_start, del_end = SPOKEN[lang]
        assert run["spoken"], "no insertion or deletion in the accessibility tree"
        for item in run["spoken"]:
            start, end = (ins_start, ins_end) if item["role"] == "insertion" else (del_start, del_end)
            assert start in item["aria"] and end in item["aria"], item
        for mark in run["drawn"]:
            assert ("underline" if mark["tag"] == "ins" else "line-through") in mark["line"]
    assert {run["keyboard"] for run in used["runs"]} == {True, False}
    assert {run["bookmark"] for run in used["runs"]} == {True, False}


def test_the_code_loads_on_that_page_only_and_the_data_when_chosen(used):
    for path in ("/", "/en/"):
        first = used["firstView"][path]
        assert not [url for url in first if "/compare" in url], first
        assert len(first) <= FIRST_VIEW_REQUESTS, first
    assert not [url for url in used["firstView"]["/compare/"] if "/compare/data/" in url]
    for run in used["runs"]:
        lang = _lang(run["path"])
        assert run["bookmark"] or not [url for url in run["beforeChoice"] if "/compare/data/" in url]
        fetched = sorted(urlsplit(url).path for url in run["requests"] if "/compare/data/" in url)
        assert fetched == sorted(f"/compare/data/{v}.{lang}.json" for v in (run["from"], run["to"]))


def test_without_javascript_the_page_reaches_every_comparison_page(used, late_sample):
    pages = {p for p in page_paths(late_sample.site) if kind_of(p) == "comparison"}
    for visit in used["noScript"]:
        prefix = "/en/" if visit["path"].startswith("/en/") else "/"
        assert not visit["formVisible"], "the form needs the script: hidden without it"
        reached = {urlsplit(link["href"]).path for link in visit["links"]}
        assert reached == {p for p in pages if p.startswith(prefix) and (prefix == "/en/" or not p.startswith("/en/"))}
        for link in visit["links"]:
            assert link["status"] == 200 and link["visible"], link
            assert urlsplit(link["href"]).path == f"{prefix}compare/{link['from']}/{link['to']}/"


def test_axe_and_the_nu_checker_find_nothing_on_the_page_with_a_redline(used, tools):  # noqa: F811
    problems = [f"{run['path']}: {v}" for run in used["runs"] for v in run["axe"]]
    assert not problems, "\n".join(problems)
    files = []
    for n, run in enumerate(used["runs"]):
        file = used["workdir"] / f"shown{n}.html"
        file.write_text(run["html"], encoding="utf-8")
        files.append(str(file))
    result = subprocess.run([tools.java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *files],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stdout)["messages"]
    assert not messages, "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages)


def test_the_history_links_the_page_and_one_version_has_none(late_sample, real_site):
    for prefix in ("", "en/"):
        link = late_sample.html(f"/{prefix}history/").select_one('a[href$="compare/"]')
        assert link is not None
    assert not (real_site.site / "compare" / "index.html").exists()
    assert not (real_site.site / "compare" / "data").exists()
    assert real_site.html("/history/").select_one('a[href$="compare/"]') is None
