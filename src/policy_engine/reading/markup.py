"""Which HTML the policy text may hold: what Markdown makes, and a few harmless elements.

The text is judged as the site renders it (rendering.py), so raw HTML, attributes added with
`{: ...}` and link addresses are all seen, while code shows as code and is not judged.
Refused, with the file and line: any element not in ALLOWED_ELEMENTS (<script>, <iframe>,
<style>, <img>, forms...), event-handler attributes (onclick=...), any attribute not listed, and
links other than https:, http:, mailto:, tel: and #id. A relative link would point elsewhere on
each page the text appears on (the policy page, the version's page), and javascript: runs code.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .document import Document, iter_headings, staged_markdown
from ..core.errors import Problem
from ..core.messages import Text
from .rendering import TooDeep, render

ALLOWED_ELEMENTS = frozenset("""
    p br hr h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre code kbd samp var
    em strong b i u s small sub sup mark abbr dfn q cite del ins ruby rt rp time span div
    table caption thead tbody tfoot tr th td colgroup col details summary address section a
""".split())
_GLOBAL_ATTRIBUTES = frozenset({"class", "id", "lang", "title"})
_ATTRIBUTES = {
    "a": {"href"}, "time": {"datetime"}, "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"}, "ol": {"start", "type", "reversed"}, "details": {"open"},
    "abbr": set(), "col": {"span"}, "colgroup": {"span"},
}
_SCHEMES = ("https:", "http:", "mailto:", "tel:")
# The only style Markdown writes itself: a table column's alignment.
_TEXT_ALIGN = re.compile(r"^text-align: ?(left|right|center);?$")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.found.append((tag, attrs))


def markup_problems(doc: Document) -> list[Problem]:
    """Every element, attribute and link of `doc`'s text that the site does not publish."""
    lines = doc.text.split("\n")
    body_lines = "\n".join(lines[doc.body_line - 1:]).splitlines(keepends=True)
    try:
        # As the site renders it, and as parse_document's checks rendered it just before: the
        # renderer's memo answers (one rendering of each text less in a cold build).
        html = render(staged_markdown(body_lines, iter_headings(body_lines, doc.body_line)))
    except TooDeep:
        return []  # parse_document reports it
    parser = _Elements()
    parser.feed(html)
    parser.close()
    problems: dict[tuple[str, int], Problem] = {}

    def refuse(message: Text, *needles: str) -> None:
        line = _line_of(lines, doc.body_line, needles)
        problems.setdefault((message.en, line), Problem(doc.path, message, line))

    for tag, attrs in parser.found:
        if tag not in ALLOWED_ELEMENTS:
            refuse(Text(f"the HTML element <{tag}> is not accepted in the policy text "
                        "(see README: HTML in the policy text)",
                        f"HTML 要素 <{tag}> はポリシー本文に使えません（README の「本文の HTML」を参照）"),
                   f"<{tag}")
            continue
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                refuse(Text(f"the event handler {name}= on <{tag}> is not accepted: the policy text "
                            "runs no scripts",
                            f"<{tag}> のイベントハンドラ {name}= は使えません。ポリシー本文ではスクリプトを実行しません"),
                       f"{name}=", name)
            elif name not in _GLOBAL_ATTRIBUTES | _ATTRIBUTES.get(tag, set()):
                refuse(Text(f"the attribute {name}= on <{tag}> is not accepted in the policy text",
                            f"<{tag}> の属性 {name}= はポリシー本文に使えません"), f"{name}=", name)
            elif name == "style" and not _TEXT_ALIGN.match(value.strip()):
                refuse(Text(f"the style '{value}' is not accepted", f"スタイル '{value}' は使えません"),
                       "style")
            elif name == "href":
                link_problem = _link_problem(value)
                if link_problem:
                    # The source may spell it otherwise (&#106;avascript:): its tail finds the line.
                    refuse(link_problem, value, value.split(":", 1)[-1], "href")
    return sorted(problems.values(), key=lambda p: p.line or 0)


def _link_problem(href: str) -> Text | None:
    target = "".join(href.split()).lower()  # browsers ignore the whitespace in "java script:"
    if target.startswith("#") or target.startswith(_SCHEMES):
        if target.startswith(("https:", "http:")) and not target.startswith(("https://", "http://")):
            return Text(f"the link '{href}' is not a full address: write https://...",
                        f"リンク '{href}' は完全なアドレスではありません。https://... と書いてください")
        return None
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", target)
    if scheme:
        return Text(f"the link '{href}' is not accepted: only https:, http:, mailto:, tel: and #id links",
                    f"リンク '{href}' は使えません。使えるのは https:、http:、mailto:、tel: と #id のリンクだけです")
    return Text(f"the link '{href}' points into the site: the policy text is shown on several pages, "
                "so write the full address (https://...) or an #id of this text",
                f"リンク '{href}' はサイト内を指しています。本文は複数のページに表示されるため、"
                "完全なアドレス（https://...）か本文内の #id を書いてください")


def _line_of(lines: list[str], first: int, needles: tuple[str, ...]) -> int:
    """The first line of the body that holds one of `needles` (case-insensitively)."""
    for needle in needles:
        wanted = needle.lower()
        for number in range(first, len(lines) + 1):
            if wanted and wanted in lines[number - 1].lower():
                return number
    return first


_MARKDOWN_MARKS = re.compile(r"([\\`*_{}\[\]#!])")


def plain_markdown(text: str) -> str:
    """Plain text (a title, a summary) written into Markdown so that it shows exactly as typed:
    HTML-escaped (so `<script>` is text) and with Markdown's marks escaped (so `*`, `[..](..)`,
    `{#id}` do nothing). A table cell escapes `|` itself (table_cell)."""
    return _MARKDOWN_MARKS.sub(r"\\\1", html.escape(text, quote=False))


def table_cell(text: str) -> str:
    """Markdown (plain_markdown's, say) safe inside one cell of a Markdown table."""
    return " ".join(text.split()).replace("|", "\\|")
