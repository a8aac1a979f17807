"""Markdown as editors see it on GitHub (issue 20, item 4): lists written for GitHub's preview
(CommonMark) are the same lists on the site, and `policy check` names what still differs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, build_ok, copy_project, policy, write_version
from policy_engine.reading.frontmatter import split_front_matter
from policy_engine.reading.github_lists import for_python_markdown, github_html, list_shapes
from policy_engine.reading.rendering import render

GITHUB_HISTORY = ROOT / "tests" / "fixtures" / "github-history" / "policy_versions"
TODAY = "2027-03-01"


def _github_lists(source: Path):
    """The lists GitHub shows for a version's file (front matter and title aside)."""
    _, body, _ = split_front_matter(source.read_text(encoding="utf-8"), source)
    body = "\n".join(line for line in body.split("\n") if not line.startswith("# "))
    return list_shapes(github_html(body))


@pytest.fixture(scope="module")
def github_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("github") / "repo", GITHUB_HISTORY)
    return build_ok(root, today=TODAY)


def test_the_fixture_is_a_long_history_in_both_languages():
    folders = sorted(p for p in GITHUB_HISTORY.iterdir() if p.is_dir())
    assert len(folders) >= 25
    for folder in folders:
        text = (folder / "ja.md").read_text(encoding="utf-8")
        assert "\n  - " in text and "<a id=" in text and "_(law)" in text and "\n1) " in text


def test_policy_check_passes_on_the_github_history(github_site):
    checked = policy(github_site.root, "check", POLICY_TODAY=TODAY)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert " error: " not in checked.stdout


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_version_shows_the_lists_github_shows(github_site, lang):
    prefix = "" if lang == "ja" else "en/"
    compared = 0
    for folder in sorted(p for p in GITHUB_HISTORY.iterdir() if p.is_dir()):
        article = github_site.html(f"{prefix}versions/{folder.name}/").find("article")
        shown = list_shapes(str(article))
        assert shown == _github_lists(folder / f"{lang}.md"), folder.name
        assert any(shape.nested for shape in shown)  # the two-space nesting is nesting on the site
        compared += 1
    assert compared >= 25
    current = sorted(p for p in GITHUB_HISTORY.iterdir() if p.is_dir())[-1]
    assert list_shapes(str(github_site.html(prefix).find("article"))) == _github_lists(current / f"{lang}.md")


def test_the_links_with_parentheses_and_the_anchor_survive(github_site):
    article = github_site.html("en/").find("article")
    assert article.find("a", href="https://example.com/wiki/Term_(law)") is not None
    assert article.find("a", id="top") is not None
    assert article.find("table") is not None


# --- what still differs is named, with the fix ------------------------------------------------

def _one_version(tmp_path: Path, ja_extra: str, en_extra: str) -> Path:
    root = copy_project(tmp_path / "repo")
    for lang, extra in (("ja", ja_extra), ("en", en_extra)):
        path = root / "policy_versions" / "2026-11-24" / f"{lang}.md"
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + extra, encoding="utf-8")
    return root


def test_a_list_in_a_quote_is_named_with_its_line_and_fix(tmp_path):
    quote = "> 注記：\n>\n> - 一\n>   - 二\n"
    root = _one_version(tmp_path, quote, quote.replace("注記", "Note"))
    lines = (root / "policy_versions/2026-11-24/ja.md").read_text(encoding="utf-8").split("\n")
    line = lines.index("> - 一") + 1
    checked = policy(root, "check", POLICY_TODAY="2026-11-25")
    assert checked.returncode == 1
    assert (f"policy_versions/2026-11-24/ja.md:{line}: error: GitHub shows a bulleted list of 1 items with 1 "
            "nested lists here, but the site shows a bulleted list of 2 items: a list in a quote is shown as "
            "written: indent each nested item four spaces more") in checked.stdout, checked.stdout
    japanese = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert (f"policy_versions/2026-11-24/ja.md:{line}: エラー: GitHub ではここに1項目の箇条書き（入れ子の箇条書き 1 個を含む）"
            "が表示されますが、サイトでは2項目の箇条書きが表示されます。引用の中の箇条書きは") in japanese.stdout


def test_the_message_no_longer_blames_comments_for_two_space_nesting(tmp_path):
    root = copy_project(tmp_path / "repo")
    nested = "- first\n  - nested\ncontinued lazily\n- second\n"
    write_version(root / "policy_versions", "2027-01-15",
                  (root / "policy_versions/2026-11-24/ja.md").read_text(encoding="utf-8") + "\n" + nested,
                  (root / "policy_versions/2026-11-24/en.md").read_text(encoding="utf-8") + "\n" + nested,
                  "summary: {ja: 改定, en: Revised}\n")
    checked = policy(root, "check", POLICY_TODAY="2027-01-15")
    assert "list items are written here" not in checked.stdout
    assert checked.returncode == 0, checked.stdout + checked.stderr


# --- property: any nested list written for GitHub is the same list on the site ---------------

_WORDS = st.sampled_from(["氏名", "住所", "電子メールアドレス", "the name", "an address", "利用目的の通知", "e-mail"])


@st.composite
def github_lists(draw) -> str:
    """A list as an editor writes it for GitHub: 2- or 4-space nesting, lazy lines, either marker."""
    step = draw(st.sampled_from([2, 4]))
    ordered = draw(st.booleans())
    lines: list[str] = []
    depth = 0
    for position in range(draw(st.integers(1, 8))):
        depth = draw(st.integers(0, min(depth + 1, 3)))
        if ordered and depth == 0:
            marker, width = f"{position + 1}.", step if step == 4 else 3
        else:
            marker, width = draw(st.sampled_from(["-", "*"])) if depth else "-", step
        width = 4 if ordered and step == 4 else width
        indent = " " * (depth * (3 if ordered and step == 2 else width))
        lines.append(f"{indent}{marker} {draw(_WORDS)}")
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(_WORDS))  # a lazy continuation line
        elif draw(st.integers(0, 4)) == 0:
            lines.append(indent + " " * (len(marker) + 1) + draw(_WORDS))  # an indented one
    intro = draw(st.sampled_from(["", "次のとおりです。\n", "As follows:\n\n"]))
    return intro + "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(github_lists())
def test_the_site_shows_the_lists_commonmark_shows(text):
    assert list_shapes(render(for_python_markdown(text))) == list_shapes(github_html(text)), text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" -*+1.)>\n\tab氏名")), max_size=80))
def test_the_rewriting_never_fails_and_leaves_text_without_lists_alone(text):
    rewritten = for_python_markdown(text)
    if not list_shapes(github_html(text)):
        assert rewritten.split() == text.split() or "<!-- -->" not in rewritten
