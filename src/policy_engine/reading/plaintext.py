"""Markdown read as the page shows it: blocks of plain text, without markup.

Changes of markup alone (a list marker, emphasis, a link target, line wrapping, numbering, the
punctuation that only joins list items) must not count as changes of what the policy says: the
purposes of use and the comparison of the two languages read the text through `blocks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from .rendering import TooDeep, render

PARAGRAPH, ITEM, HEADING = "paragraph", "item", "heading"
_BLOCK_TAGS = {"p": PARAGRAPH, "td": PARAGRAPH, "th": PARAGRAPH, "pre": PARAGRAPH, "dt": PARAGRAPH, "dd": PARAGRAPH,
               **{f"h{n}": HEADING for n in range(1, 7)}}

_JOINING = re.compile(r"\s*(?:[;；,，、]\s*(?:(?:and|or)\s*)?|(?<![A-Za-z]{3}\.)[.。])\s*$")
_JOINING_AFTER_ABBREVIATION = re.compile(r"\s*[;；,，、]\s*(?:(?:and|or)\s*)?$")
_ABBREVIATED = re.compile(r"\b(?:etc|Inc|Ltd|Co|e\.g|i\.e)\.$")
# Numbering written into the text: "(1)", "（１）", "1.", "①", "(a)", "ア．" at the start of an item.
_NUMBERING = re.compile(r"^(?:[(（][0-9０-９a-zａ-ｚA-Zア-ン一二三四五六七八九十]{1,3}[)）]|[0-9０-９]{1,3}[.)．）]|"
                        r"[a-zア-ン][.)．）]|[①-⑳])\s*")
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


@dataclass(frozen=True)
class Block:
    kind: str  # PARAGRAPH, ITEM (a top-level list item, sub-lists included) or HEADING
    text: str  # plain text as read: see `plain`


def plain(text: str) -> str:
    """Text as read: spacing collapsed (none between Japanese characters), numbering written
    into the text and the punctuation that only joins list items ("; and", "、", a final "。")
    removed."""
    text = _SPACE_BETWEEN_CJK.sub("", " ".join(text.split()))
    text = _NUMBERING.sub("", text)
    if _ABBREVIATED.search(text):
        text = _JOINING_AFTER_ABBREVIATION.sub("", text)
    else:
        text = _JOINING.sub("", text)
    return text.strip()


def blocks(markdown_text: str) -> list[Block]:
    """The blocks of Markdown as a reader sees them once rendered."""
    return list(_blocks(markdown_text))


@lru_cache(maxsize=512)
def _blocks(markdown_text: str) -> tuple[Block, ...]:
    reader = _BlockReader()
    try:
        reader.feed(render(markdown_text))  # as the site renders it
    except TooDeep:
        return ()  # such a text never loads: parse_document refuses it
    reader.close()
    return tuple(Block(kind, plain(text)) for kind, text in reader.found if plain(text))


class _BlockReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.lists = 0  # depth of <ul>/<ol>
        self.current: list | None = None  # [kind, text, closing tag, list depth]

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("ul", "ol"):
            self.lists += 1
        if self.current is not None:
            if tag == "br":
                self.current[1] += " "
            return
        if tag == "li" and self.lists == 1:
            self.current = [ITEM, "", "li", self.lists]
        elif tag in _BLOCK_TAGS:
            self.current = [_BLOCK_TAGS[tag], "", tag, self.lists]

    def handle_endtag(self, tag: str) -> None:
        if self.current is not None and tag == self.current[2] and self.lists == self.current[3]:
            self.found.append((self.current[0], self.current[1]))
            self.current = None
        elif self.current is not None and tag in ("p", "li", "td", "th") :
            self.current[1] += " "  # blocks inside an item read apart
        if tag in ("ul", "ol"):
            self.lists -= 1

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current[1] += data
        elif data.strip():
            self.found.append((PARAGRAPH, data))  # text outside any block (raw HTML around it)
