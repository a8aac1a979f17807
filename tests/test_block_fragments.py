"""A page cut into fragments before its blocks (pages.cut_fragments) renders, fragment by
fragment, to the HTML of the whole page: on generated redline-like Markdown (changed paragraphs
with <ins>/<del> and their spoken words, headings with ids, status and 「（略）」 lines, lists loose
and tight and nested, folded lists and sections in block HTML, admonitions, tables) rendered with
the site's Markdown extensions; and a new version taking effect on a drifting history renders
fewer fragments than whole changed sections, for the very same site."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_ok
from policy_engine.publishing import pages
from policy_engine.publishing.pages import cut_fragments
from policy_mkdocs.rendered import _SEPARATOR  # how the adapter separates the fragments it renders at once
from policy_zensical.settings import read_mkdocs_config
from test_reuse import files, fragments

ROOT = Path(__file__).parents[1]


def _extensions() -> tuple[list, dict]:
    """mkdocs.yml's markdown_extensions, as MkDocs passes them to Python-Markdown."""
    names, options = [], {}
    for entry in read_mkdocs_config(ROOT)["markdown_extensions"]:
        if isinstance(entry, dict):
            (name, value), = entry.items()
            names.append(name)
            options[name] = value or {}
        else:
            names.append(entry)
    return names, options


EXTENSIONS, OPTIONS = _extensions()


def render(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=OPTIONS).convert(text)


def test_the_site_extensions_are_read():
    assert {"attr_list", "admonition", "tables", "md_in_html", "sane_lists", "toc"} <= set(EXTENSIONS)
    assert OPTIONS["toc"]["permalink"] is True


# --- generated redline-like Markdown -------------------------------------------------------

_WORDS = st.sampled_from(["個人情報", "利用目的", "当社は", "第三者に提供します", "安全管理措置", "お問い合わせ",
                          "personal data", "the Company", "purposes of use", "may", "shall", "request",
                          "（注）", "、", "。", "Art. 27", "APPI", "\\*", "\\_", "`code`", "&", "a < b",
                          "[link](https://example.com/x)", "**要配慮個人情報**"])


def _marked(tag: str, words: str) -> str:
    spoken = {"ins": ("［追加］", "［追加終わり］"), "del": ("［削除］", "［削除終わり］")}[tag]
    return (f'<{tag}><span class="visually-hidden">{spoken[0]}</span>{words}'
            f'<span class="visually-hidden">{spoken[1]}</span></{tag}>')


# Emphasis marks come paired or escaped, as the redline writes changed text (_escape_changed):
# Python-Markdown leaks a placeholder numbered by what precedes it on the page for some unpaired
# ones ("**a**_ b[link](x)**c**"), a page rendered wrong whole or cut.
@st.composite
def inline(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        words = " ".join(draw(st.lists(_WORDS, min_size=1, max_size=5)))
        kind = draw(st.sampled_from(["plain", "plain", "ins", "del"]))
        parts.append(words if kind == "plain" else _marked(kind, words))
    return "".join(parts)


@st.composite
def paragraph(draw) -> str:
    lines = [draw(inline()) for _ in range(draw(st.integers(1, 3)))]
    lines[0] = lines[0].lstrip() or "本文"
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["{ .policy-status }", "{ .policy-meta }"])))
    return "\n".join(lines)


@st.composite
def list_blocks(draw) -> list[str]:
    """A list, tight or loose, nested or not; a loose list as the redline writes it: one piece
    per item, as the blank lines between them are shared by both texts."""
    ordered = draw(st.booleans())
    items = []
    for index in range(draw(st.integers(1, 4))):
        item = (f"{index + 1}. " if ordered else "- ") + draw(inline()).strip()
        for sub in range(draw(st.integers(0, 2))):
            item += f"\n    {'- ' if draw(st.booleans()) else f'{sub + 1}. '}{draw(inline()).strip()}"
        items.append(item)
    if draw(st.booleans()):
        return ["\n".join(items)]
    return items if draw(st.booleans()) else ["\n\n".join(items)]


@st.composite
def blocks(draw, ids) -> list[str]:
    kind = draw(st.sampled_from(["paragraph", "paragraph", "paragraph", "heading", "omitted", "status",
                                 "list", "folded", "details", "admonition", "table", "indented"]))
    if kind == "paragraph":
        return [draw(paragraph())]
    if kind == "heading":
        ids.append(len(ids))
        return [f"{'#' * draw(st.integers(2, 4))} {draw(inline()).strip() or '見出し'} {{#section-{len(ids)}}}"]
    if kind == "omitted":
        return ["（略）\n{ .policy-omitted }"]
    if kind == "status":
        return [f"{draw(inline()).strip() or '第1条'}（記載位置の変更）\n{{ .policy-status }}"]
    if kind == "list":
        return draw(list_blocks())
    if kind == "folded":
        items = "\n".join(f'<li markdown="span">[{draw(_WORDS)}](https://example.com/{i}#s)（変更なし）</li>'
                          for i in range(draw(st.integers(1, 3))))
        return [f'<ul class="policy-folded" markdown="1">\n{items}\n</ul>']
    if kind == "details":  # block HTML whose content is pieces of its own: no cut inside it
        inner = [draw(paragraph()) for _ in range(draw(st.integers(1, 3)))]
        return ['<details class="policy-unchanged" markdown="1">\n<summary>第2条（変更なし）</summary>',
                *inner, "</details>"]
    if kind == "admonition":
        body = f"    {draw(paragraph()).replace(chr(10), chr(10) + '    ')}"
        head = f'!!! info "{draw(_WORDS).replace(chr(34), "")}"'
        return [head, body] if draw(st.booleans()) else [f"{head}\n\n{body}"]
    if kind == "table":
        return ["| 改定前 | 改定後 |\n| --- | --- |\n" + f"| {draw(inline())} | {draw(inline())} |".replace("\n", " ")]
    return [f"    {draw(inline()).strip() or '続き'}"]  # indented: a list item's or a note's continuation


@st.composite
def redline(draw) -> list[str]:
    ids: list[int] = []
    result = []
    for _ in range(draw(st.integers(1, 12))):
        result += draw(blocks(ids))
    return result


def _pieces(blocks: list[str]) -> list[str]:
    """The blocks as redline.changes_redline_parts hands them to the page: joined by blank lines."""
    return [block + "\n" + ("\n" if index < len(blocks) - 1 else "") for index, block in enumerate(blocks)]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(redline())
def test_fragments_rendered_apart_are_the_page_rendered_whole(blocks):
    pieces = _pieces(blocks)
    whole = "".join(pieces)
    with mock.patch.object(pages, "_FRAGMENT_WORTH", 0):  # every cut the rule allows
        cut = cut_fragments(pieces, whole)
    if not cut:
        return
    assert "".join(cut) == whole
    expected = render(whole)
    # each fragment alone (as reused from the cache) ...
    assert "\n".join(render(fragment) for fragment in cut) == expected
    # ... and those not stored yet in one call, as rendered.py renders them
    together = render(f"\n\n{_SEPARATOR}\n\n".join(cut)).split(f"\n{_SEPARATOR}\n\n")
    assert "\n".join(together) == expected


def test_lists_quotes_and_block_html_are_never_cut():
    paragraph = "当社は、個人情報を適切に取り扱います。" * 20
    cases = [["- one", "- two"], ["1. one", "2. two"], ["- one", "    continued"], ["> quoted", "> again"],
             ['<details markdown="1">\n<summary>x</summary>', paragraph, "</details>"],
             ["{ .policy-status }"], ['!!! note "x"', "    text"], ["| a |\n| - |\n| b |", "| c |"]]
    for blocks in cases:
        pieces = _pieces([paragraph] + blocks)
        cut = cut_fragments(pieces, "".join(pieces))
        # at most before the block HTML itself, which opens a fragment; never inside it
        assert cut in ((), (pieces[0], "".join(pieces[1:]))) and (cut == ()) == (blocks[0][0] != "<"), blocks


def test_a_paragraph_is_cut_only_after_a_piece_worth_a_fragment():
    long = "当社は、個人情報を適切に取り扱います。" * 20
    pieces = _pieces(["### 3.(3) 匿名加工情報 {#s3-3}", long, "（略）\n{ .policy-omitted }", long, long])
    assert [len(fragment) for fragment in cut_fragments(pieces, "".join(pieces))] == [
        len(pieces[0]) + len(pieces[1]), len(pieces[2]) + len(pieces[3]), len(pieces[4])]


# --- the site -------------------------------------------------------------------------------

def test_a_new_version_taking_effect_renders_only_the_paragraphs_it_touched(tmp_path):
    """On a drifting history, the comparisons with a new current version re-render, of the
    sections the new version changed, only the paragraphs it touched (and what is too small to
    stand alone beside them); the site is byte for byte the one rendered from whole pages."""
    from histories import day_after, make_project
    root = make_project(tmp_path / "drifting", 8, drifting=True)
    build_ok(root, day_after(7))
    after = build_ok(root, day_after(8), site=tmp_path / "after")
    counts = fragments(after.output)
    whole = build_ok(root, day_after(8), site=tmp_path / "whole", POLICY_CACHE_DIR="off", POLICY_WHOLE_PAGES="1")
    assert files(after.site) == files(whole.site)
    # Per language; with whole changed sections as fragments (before): 68 rendered, 340 reused.
    assert counts == {"ja": (64, 549), "en": (64, 549)}
