"""The tags of rendered HTML read by one regular expression, where that reads them exactly as
html.parser.HTMLParser does (which is pure Python, and costs a cold build a second).

Both renderers escape `<` in text, code and attribute values, so their own output is plain tags.
What the author writes as raw HTML passes through: the moment anything is not a plain tag or a
plain comment (a stray `<`, `<!DOCTYPE`, an unquoted attribute, `<script>`, a comment holding
`--`), `scan` answers False and the caller reads the HTML with HTMLParser instead.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Protocol

# A start or end tag with double-quoted attributes, or a comment without "--", "<" or ">" in it
# (which every HTMLParser version ends at the first "-->").
_TOKEN = re.compile(
    r'<(?:(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[ \t\n]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?)*)[ \t\n]*(/?)>'
    r'|!--(?:[^-<>]|-(?!-))*-->)')
_ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"<>]*)")?')
# Elements whose content HTMLParser reads as text (by version): left to HTMLParser.
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript",
                       "textarea", "title", "plaintext"}) | frozenset(HTMLParser.CDATA_CONTENT_ELEMENTS)


class Reader(Protocol):
    wants_data: bool  # whether `data` is to be called now (text is read only inside headings)

    def starttag(self, tag: str, attrs: dict[str, str | None]) -> None: ...

    def endtag(self, tag: str) -> None: ...

    def data(self, text: str) -> None: ...


def attributes(text: str) -> dict[str, str | None]:
    """`name="value"` pairs as HTMLParser gives them to dict(): lower-cased, unescaped, the last wins."""
    found: dict[str, str | None] = {}
    for match in _ATTR.finditer(text):
        value = match.group(2)
        found[match.group(1).lower()] = unescape(value) if value else value
    return found


def scan(html: str, reader: Reader) -> bool:
    """Feed `html`'s tags (and, when wanted, its text) to `reader` as HTMLParser would; False,
    having fed part of it, where the HTML is not plain tags and comments."""
    position = 0
    find = html.find
    match_token = _TOKEN.match
    while True:
        start = find("<", position)
        if start < 0:
            if reader.wants_data and position < len(html):
                reader.data(unescape(html[position:]))
            return True
        if reader.wants_data and start > position:
            reader.data(unescape(html[position:start]))
        token = match_token(html, start)
        if token is None:
            return False
        position = token.end()
        tag = token.group(2)
        if tag is None:
            continue  # a comment
        tag = tag.lower()
        if token.group(1):
            if token.group(3) or token.group(4):
                return False  # an end tag with attributes or "/": left to HTMLParser
            reader.endtag(tag)
            continue
        if tag in _RAW_TEXT:
            return False
        reader.starttag(tag, attributes(token.group(3)) if token.group(3) else {})
        if token.group(4):
            reader.endtag(tag)  # <x/>: HTMLParser's handle_startendtag


class _Parser(HTMLParser):
    """HTMLParser feeding a Reader: for HTML that `scan` does not read."""

    def __init__(self, reader: Reader) -> None:
        super().__init__(convert_charrefs=True)
        self.reader = reader

    def handle_starttag(self, tag, attrs):
        self.reader.starttag(tag, dict(attrs))

    def handle_endtag(self, tag):
        self.reader.endtag(tag)

    def handle_data(self, data):
        if self.reader.wants_data:
            self.reader.data(data)


def parse(html: str, reader: Reader) -> None:
    """Feed all of `html` to `reader` with HTMLParser."""
    parser = _Parser(reader)
    parser.feed(html)
    parser.close()
