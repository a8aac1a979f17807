"""Lists as GitHub shows them, written the way Python-Markdown reads them.

Editors preview the policy on GitHub, which follows CommonMark for lists: an item's content (and
a nested list) starts where the item's text starts (two columns after `- `, three after `1. `),
a line that is not indented continues the paragraph above it ("lazy" continuation), a list may
follow a paragraph without a blank line, `1)` numbers an item. Python-Markdown, which renders the
site under both generators (MkDocs/ProperDocs and Zensical), nests only at four columns and needs
the blank line. So the engine stages each text with its lists rewritten from a CommonMark parse
(markdown-it-py): every nested block four columns deeper than its item, lazy lines indented,
a blank line before and after each list, markers `-`/`*`/`+` and `N.` (the numbers from the
first one on, which the `sane_lists` extension honours), an empty comment between two lists. Nothing else of the text
changes, and the file itself is never rewritten (it is the record).

What still renders otherwise (a list in a quote, a fenced block, an empty item) is named by
`list_difference`, which compares the site's lists with CommonMark's, for `policy check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import html_scan

# A line that may start a list item in CommonMark: texts without one are returned as they are.
_MAY_LIST = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)
_MARKER = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( *)")
_SEPARATOR = "<!-- -->"  # an empty comment: two lists stay two
_INDENT = "    "  # Python-Markdown's tab_length: one nesting level

_parser: Any = None
_block_parser: Any = None


def _commonmark():
    """markdown-it-py with GitHub's tables, made on first use."""
    global _parser
    if _parser is None:
        _parser = _new_commonmark()
    return _parser


def _commonmark_blocks():
    """markdown-it-py reading block structure only: the inline tokens keep their text unparsed."""
    global _block_parser
    if _block_parser is None:
        _block_parser = _new_commonmark().disable("inline")
    return _block_parser


def _new_commonmark():
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark").enable("table")


@lru_cache(maxsize=256)
def github_html(text: str) -> str:
    """The HTML of `text` as CommonMark (GitHub, for lists) renders it."""
    return _commonmark().render(text)


@lru_cache(maxsize=512)
def for_python_markdown(text: str) -> str:
    """`text` with every top-level list rewritten so that Python-Markdown shows the lists
    CommonMark shows (module docstring)."""
    if not _MAY_LIST.search(text):
        return text
    from markdown_it.tree import SyntaxTreeNode
    lines = text.split("\n")
    tree = SyntaxTreeNode(_commonmark_blocks().parse(text))
    out: list[str] = []
    position = 0
    previous = None
    for node in tree.children:
        if node.type not in ("bullet_list", "ordered_list") or node.map is None:
            previous = node
            continue
        start, end = node.map
        out += lines[position:start]
        if previous is not None and previous.type in ("bullet_list", "ordered_list"):
            # Two lists (another marker): Python-Markdown would join them without something between.
            out += ["", _SEPARATOR]
        if out and out[-1].strip():
            out.append("")  # a list that interrupts a paragraph: Python-Markdown needs the blank line
        out += _list(node, lines, "")
        position = end
        while out and not out[-1].strip():
            out.pop()
        if position < len(lines) and lines[position].strip():
            out.append("")  # what follows without a blank line is no part of the list
        previous = node
    out += lines[position:]
    return "\n".join(out)


def _content_column(line: str) -> int:
    """Where an item's content starts on its marker line (CommonMark: 1 to 4 spaces after the
    marker; 5 or more mean one, the rest being indented code)."""
    match = _MARKER.match(line.expandtabs(4))
    if not match:
        return 0
    spaces = len(match.group(3))
    return len(match.group(1)) + len(match.group(2)) + (spaces if 1 <= spaces <= 4 else 1)


def _list(node, lines: list[str], indent: str) -> list[str]:
    ordered = node.type == "ordered_list"
    number = int(node.attrs.get("start", 1)) if ordered else 0
    loose = any(not child.hidden for item in node.children for child in item.children
                if child.type == "paragraph")
    out: list[str] = []
    spaced = False  # the item before holds a blank line: Python-Markdown then needs one before the next
    for position, item in enumerate(node.children):
        marker = f"{number + position}." if ordered else (item.markup or "-")
        if position and (loose or spaced):
            out.append("")
        body = _blocks(item, lines, indent + _INDENT)
        spaced = any(not line.strip() for line in body)
        if body and body[0].startswith(indent + _INDENT) and body[0].strip():
            out.append(f"{indent}{marker} {body[0][len(indent) + len(_INDENT):]}")
            out += body[1:]
        else:
            out.append(f"{indent}{marker}")
            out += body
    return out


def _blocks(item, lines: list[str], indent: str) -> list[str]:
    """An item's blocks, each written at `indent`."""
    column = _content_column(lines[item.map[0]]) if item.map else 0
    out: list[str] = []
    previous_end: int | None = None
    previous_type = ""
    for child in item.children:
        is_list = child.type in ("bullet_list", "ordered_list")
        if previous_type in ("bullet_list", "ordered_list") and is_list:
            out += ["", indent + _SEPARATOR, ""]  # two lists (another marker) stay two
        elif previous_end is not None and child.map and (child.map[0] > previous_end or not is_list):
            out.append("")  # a blank line where the source has one, and before any block but a list
        previous_type = child.type
        if is_list:
            out += _list(child, lines, indent)
        elif child.type == "paragraph":
            inline = child.children[0] if child.children else None
            content = inline.content if inline is not None else ""
            out += [indent + line.lstrip() for line in content.split("\n")]
        elif child.map:
            for raw in lines[child.map[0]:child.map[1]]:
                expanded = raw.expandtabs(4)
                lead = len(expanded) - len(expanded.lstrip(" "))
                out.append(indent + expanded[min(lead, column):] if expanded.strip() else "")
        previous_end = child.map[1] if child.map else previous_end
    return out


# --- Lists compared, as the site shows them and as GitHub does ---------------------------------

@dataclass(frozen=True)
class ListShape:
    """One list: its kind ("ul", or "ol" with its first number) and, per item, the lists in it."""
    kind: str
    items: tuple[tuple["ListShape", ...], ...]

    def describe(self) -> str:
        kind = "a bulleted list" if self.kind == "ul" else f"a numbered list from {self.kind.split('=')[1]}"
        return f"{kind} of {len(self.items)} items" + (f" with {self.nested} nested lists" if self.nested else "")

    def describe_ja(self) -> str:
        kind = "箇条書き" if self.kind == "ul" else f"{self.kind.split('=')[1]}から始まる番号付きの箇条書き"
        return f"{len(self.items)}項目の{kind}" + (f"（入れ子の箇条書き {self.nested} 個を含む）" if self.nested else "")

    @property
    def nested(self) -> int:
        return sum(len(lists) + sum(inner.nested for inner in lists) for lists in self.items)


_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


class Outline:
    """What the checks read of rendered HTML (html_scan.Reader): its headings (level, id, text),
    and its lists before the first heading, then below each heading outside a list."""

    def __init__(self) -> None:
        self.headings: list[tuple[int, str | None, str]] = []
        self.parts: list[list[ListShape]] = [[]]
        self.wants_data = False  # inside a heading: its text is read
        self._heading: list[str] = []
        self._stack: list[tuple[str, list[list[ListShape]]]] = []

    @property
    def top(self) -> list[ListShape]:
        return [shape for part in self.parts for shape in part]

    def starttag(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in _HEADINGS:
            self.headings.append((int(tag[1]), attrs.get("id"), ""))
            self._heading = []
            self.wants_data = True
            if not self._stack:
                self.parts.append([])
        elif tag == "ul" or tag == "ol":
            start = attrs.get("start") or "1"
            self._stack.append((tag if tag == "ul" else f"ol start={start}", []))
        elif tag == "li" and self._stack:
            self._stack[-1][1].append([])

    def endtag(self, tag: str) -> None:
        if tag in _HEADINGS:
            if self.wants_data:
                level, anchor, _ = self.headings[-1]
                self.headings[-1] = (level, anchor, " ".join("".join(self._heading).split()))
                self.wants_data = False
        elif (tag == "ul" or tag == "ol") and self._stack:
            kind, items = self._stack.pop()
            shape = ListShape(kind, tuple(tuple(lists) for lists in items))
            if self._stack and self._stack[-1][1]:
                self._stack[-1][1][-1].append(shape)
            elif not self._stack:
                self.parts[-1].append(shape)

    def data(self, text: str) -> None:
        self._heading.append(text)


def read_html(html: str) -> Outline:
    """The headings and lists of `html`, read in one pass."""
    outline = Outline()
    if not html_scan.scan(html, outline):
        outline = Outline()
        html_scan.parse(html, outline)
    return outline


def list_shapes(html: str) -> tuple[ListShape, ...]:
    """The lists of `html` (outside any other list), each with its nested lists."""
    return tuple(read_html(html).top)


def list_shapes_by_part(html: str) -> list[tuple[ListShape, ...]]:
    """The lists of `html` before its first heading, then below each heading."""
    return [tuple(part) for part in read_html(html).parts]


_LIST_TAGS = {"bullet_list_open": "ul", "ordered_list_open": "ol", "list_item_open": "li"}
_LIST_ENDS = {"bullet_list_close": "ul", "ordered_list_close": "ol"}


def github_shapes_by_part(text: str) -> list[tuple[ListShape, ...]]:
    """list_shapes_by_part(github_html(text)), read from CommonMark's block tokens without
    rendering: the lists and headings are block tokens, and raw HTML (which may open or close a
    list too) is read from the html_block tokens. Inline raw HTML needs the inline parse: where
    a paragraph has a `<`, the text is rendered and read as before."""
    tokens = _commonmark_blocks().parse(text)
    outline = Outline()
    for token in tokens:
        kind = token.type
        if kind == "inline":
            if "<" in token.content:
                return list_shapes_by_part(github_html(text))
        elif kind in _LIST_TAGS:
            start = token.attrs.get("start")
            outline.starttag(_LIST_TAGS[kind], {} if start is None else {"start": str(start)})
        elif kind in _LIST_ENDS:
            outline.endtag(_LIST_ENDS[kind])
        elif kind == "heading_open":
            outline.starttag(token.tag, {})
        elif kind == "heading_close":
            outline.endtag(token.tag)  # its text, in the inline token between, is not read
        elif kind == "html_block":
            if not html_scan.scan(token.content, outline):
                return list_shapes_by_part(github_html(text))
    return [tuple(part) for part in outline.parts]


def github_list_lines(text: str) -> list[int]:
    """The 0-based line of each top-level list CommonMark finds in `text`."""
    return [token.map[0] for token in _commonmark_blocks().parse(text)
            if token.type in ("bullet_list_open", "ordered_list_open") and token.level == 0 and token.map]
