"""The checks' fast readings equal the readings they replaced (issue 20 item 5).

parse_document's rendering checks read the page's headings and lists with one scan
(html_scan.scan, with HTMLParser only where raw HTML is not plain tags) and GitHub's lists from
markdown-it's block tokens, without rendering. The reference here is the former reading:
HTMLParser over the whole HTML, GitHub's HTML rendered and parsed again, markdown-it with inline
parsing on. Every check's result and message depend on these readings only.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_engine.reading import github_lists
from policy_engine.reading.github_lists import (ListShape, for_python_markdown, github_html, github_shapes_by_part,
                                                read_html)
from policy_engine.reading.html_scan import parse, scan
from policy_engine.reading.rendering import TooDeep, render


# --- the former readings, kept here as the reference -------------------------------------------

class _OldOutline(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str | None, str]] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((int(tag[1]), dict(attrs).get("id"), ""))
            self._heading = []

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            level, anchor, _ = self.headings[-1]
            self.headings[-1] = (level, anchor, " ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


class _OldLists(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[list[ListShape]] = [[]]
        self._stack: list[tuple[str, list[list[ListShape]]]] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag) and not self._stack:
            self.parts.append([])
        elif tag in ("ul", "ol"):
            start = dict(attrs).get("start") or "1"
            self._stack.append((tag if tag == "ul" else f"ol start={start}", []))
        elif tag == "li" and self._stack:
            self._stack[-1][1].append([])

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self._stack:
            kind, items = self._stack.pop()
            shape = ListShape(kind, tuple(tuple(lists) for lists in items))
            if self._stack and self._stack[-1][1]:
                self._stack[-1][1][-1].append(shape)
            elif not self._stack:
                self.parts[-1].append(shape)


def _old_headings(html: str) -> list[tuple[int, str | None, str]]:
    parser = _OldOutline()
    parser.feed(html)
    parser.close()
    return parser.headings


def _old_parts(html: str) -> list[tuple[ListShape, ...]]:
    parser = _OldLists()
    parser.feed(html)
    parser.close()
    return [tuple(part) for part in parser.parts]


def _old_for_python_markdown(text: str) -> str:
    """for_python_markdown with the inline parse on, as before."""
    saved = github_lists._block_parser
    github_lists._block_parser = github_lists._commonmark()
    try:
        return for_python_markdown.__wrapped__(text)
    finally:
        github_lists._block_parser = saved


# --- generated Markdown: what editors write, and what they should not --------------------------

_WORDS = st.sampled_from([
    "氏名", "住所", "電子メールアドレス", "個人データの第三者提供", "the name", "an address", "e-mail",
    "A &amp; B", "&lt;h2&gt;", "`<ul>`", "a < b", "x > y", "*強調*", "[link](https://example.com)",
    "<em>raw</em>", "<br/>", "<!-- note -->", "1) not one", "T {#tid}",
])
_HTML_BLOCKS = st.sampled_from([
    "<!-- 法務確認待ち -->", "<!--\n## Hidden {#hidden}\n- item\n-->", "<!-- open", "-->",
    "<div>\n\n- inside\n\n</div>", '<div markdown="1">\n\n- inside\n\n</div>',
    "<ul><li>raw</li></ul>", "</ul>", "</li>", "<ol start=\"3\"><li>x</li></ol>", "<ol start=2>",
    "<h2 id=\"raw\">Raw</h2>", "<h3>Raw &amp; more</h3>", "<p>a < b</p>", "<script>\n<ul>\n</script>",
    "<style>li{}</style>", "<!DOCTYPE html>", "<?php echo 1; ?>", "<![CDATA[<ul>]]>",
    "<details><summary>詳細</summary>\n\n- 一\n\n</details>", "<UL><LI>upper</LI></UL>",
    "<ul\nclass=\"x\"><li/></ul>", "<!-- a -- b -->", "<!--->", "<h2/>", "<table><tr><td>1</td></tr></table>",
])
_HEADINGS = st.sampled_from([
    "## 1. 利用目的 {#purposes}", "## Title {#title}", "### (1) 詳細 {#detail}", "# 題名",
    "## Glued{#glued}", "#NoSpace", "  ## Indented {#indented}", "## `code` &amp; <em>x</em> {#mixed}",
    "Setext\n---", "## Closing ## {#closing}",
])


@st.composite
def _list(draw) -> str:
    step = draw(st.sampled_from([2, 4]))
    ordered = draw(st.booleans())
    delimiter = draw(st.sampled_from([".", ")"]))
    first = draw(st.sampled_from([1, 1, 0, 3]))
    lines: list[str] = []
    depth = 0
    for position in range(draw(st.integers(1, 6))):
        depth = draw(st.integers(0, min(depth + 1, 3)))
        marker = f"{first + position}{delimiter}" if ordered and draw(st.booleans()) else draw(
            st.sampled_from(["-", "*", "+"]))
        indent = " " * (depth * draw(st.sampled_from([step, step, 3])))
        lines.append(f"{indent}{marker} {draw(_WORDS)}")
        extra = draw(st.integers(0, 7))
        if extra == 0:
            lines.append(draw(_WORDS))  # a lazy continuation line
        elif extra == 1:
            lines.append(indent + " " * (len(marker) + 1) + draw(_WORDS))
        elif extra == 2:
            lines += ["", indent + " " * (len(marker) + 1) + draw(_WORDS)]  # a loose item
        elif extra == 3:
            lines.append(indent + "    " + draw(_HTML_BLOCKS).split("\n")[0])
        elif extra == 4:
            lines.append(indent + "  " + draw(_HEADINGS).split("\n")[0])
    return "\n".join(lines)


_BLOCK = st.one_of(
    _list(),
    _WORDS.map(lambda w: f"{w}。本文です。"),
    _HTML_BLOCKS,
    _HEADINGS,
    st.tuples(st.sampled_from(["> ", "> > ", ">"]), _list()).map(
        lambda p: "\n".join(p[0] + line for line in p[1].split("\n"))),
    _WORDS.map(lambda w: f"    code {w}\n    - not a list"),
    _list().map(lambda lst: f"```\n{lst}\n```"),
    st.just("| a | b |\n|---|---|\n| - x | <ul> |"),
)


@st.composite
def markdown_texts(draw) -> str:
    blocks = draw(st.lists(_BLOCK, min_size=1, max_size=7))
    joins = [draw(st.sampled_from(["\n\n", "\n", "\n\n\n"])) for _ in blocks]
    return "".join(block + join for block, join in zip(blocks, joins))


_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(markdown_texts())
def test_githubs_lists_from_block_tokens_are_those_of_its_html(text):
    assert github_shapes_by_part(text) == _old_parts(github_html(text)), text


@_SETTINGS
@given(markdown_texts())
def test_the_rewriting_for_python_markdown_needs_no_inline_parse(text):
    assert for_python_markdown.__wrapped__(text) == _old_for_python_markdown(text), text


@_SETTINGS
@given(markdown_texts(), st.booleans())
def test_the_pages_headings_and_lists_are_read_as_htmlparser_reads_them(text, staged):
    try:
        html = render(for_python_markdown(text) if staged else text)
    except TooDeep:
        return
    outline = read_html(html)
    assert outline.headings == _old_headings(html), html
    assert [tuple(part) for part in outline.parts] == _old_parts(html), html


# --- the scan itself, on HTML soup: where it reads, it reads as HTMLParser ------------------------

_PIECES = st.sampled_from([
    "<h2>", "</h2>", '<h2 id="a">', "<h3 id='b'>", '<h1 id="">', "<h4 id>", '<h2 ID="c" id="d">', "</h3>",
    "<ul>", "</ul>", "<ol>", '<ol start="5">', '<ol start="">', "<ol start>", "<OL START=\"2\">", "</ol>",
    "<li>", "</li>", "<li/>", "<ul/>", "<h2/>", "<p>", "</p>", "<em>", "</em>", "<br/>", "<br />",
    "<!-- c -->", "<!--", "-->", "<!---->", "<!-- - -->", "--", "<", ">", "/", "\"", "=", "&amp;", "&",
    "&lt;", "&#x3C;", "&copy", ";", "amp", "text", "見出し", " ", "\n", "\t", "\r", "<script>", "</script>",
    "<style>", "<!DOCTYPE x>", "<?x?>", "</ul class=\"x\">", "</ li>", "<a href=\"x&amp;y\">", "</a>",
    "<ul\n>", "<h2\tid=\"t\">", "<x-y>", "<h2:x>", "<ul class=x>", '<ul a="1"b="2">',
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_scan_reads_any_html_as_htmlparser_or_leaves_it_to_it(html):
    scanned = github_lists.Outline()
    parsed = github_lists.Outline()
    parse(html, parsed)
    if scan(html, scanned):
        assert scanned.headings == parsed.headings == _old_headings(html), html
        assert scanned.parts == parsed.parts, html
    assert read_html(html).headings == _old_headings(html), html
    assert [tuple(p) for p in read_html(html).parts] == _old_parts(html), html


def test_the_scan_reads_what_the_renderers_write():
    """The fast path is the usual one: plain tags and comments are scanned, not parsed."""
    html = render("## 1. 目的 {#purposes}\n\n- 一\n- 二\n\n<!-- 注記 -->\n\n1. a\n2. b\n")
    outline = github_lists.Outline()
    assert scan(html, outline)
    assert outline.headings == [(2, "purposes", "1. 目的")]
    assert scan(github_html("3. x\n   - y\n"), github_lists.Outline())
    assert not scan("<p>a < b</p>", github_lists.Outline())
    assert not scan("<script><ul></script>", github_lists.Outline())
