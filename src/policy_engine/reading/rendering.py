"""The policy text as Python-Markdown renders it on the site, for the checks that must agree with
the page a reader sees (headings, lists, raw HTML, links) rather than guess it line by line."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# The site's markdown_extensions (mkdocs.yml); tests/test_hostile.py keeps the two lists equal.
SITE_EXTENSIONS = ("attr_list", "admonition", "tables", "md_in_html", "sane_lists", "toc")
# A fragment outside the site (a feed entry, `policy diff --format html`): no admonitions or ids.
FRAGMENT_EXTENSIONS = ["md_in_html", "tables", "attr_list", "sane_lists"]
MAX_QUOTE_DEPTH = 10  # "> > > ..." deeper than this is refused before rendering: Python-Markdown
MAX_INDENT = 40       # recurses once per level and would crash on a few hundred levels


class TooDeep(Exception):
    """The text nests deeper than the renderer can follow."""


_renderer: Any = None  # a markdown.Markdown, made on first use: commands that render nothing start faster


@lru_cache(maxsize=128)
def render(text: str) -> str:
    """HTML of `text`, as the site renders it (placeholders left as they are)."""
    global _renderer
    if _renderer is None:
        import markdown
        _renderer = markdown.Markdown(extensions=list(SITE_EXTENSIONS))
    _renderer.reset()
    try:
        return _renderer.convert(text)
    except RecursionError:
        _renderer = None  # its state is unknown after the error
        raise TooDeep() from None


_NESTING = frozenset(" \t>")


def nesting_depth(line: str) -> tuple[int, int]:
    """(blockquote markers, columns of indentation) at the start of a line."""
    if line[:1] not in _NESTING:
        return 0, 0  # most lines: called for every line of every text
    quotes = 0
    rest = line
    while True:
        stripped = rest.lstrip(" ")
        if stripped.startswith(">"):
            quotes += 1
            rest = stripped[1:]
        else:
            break
    indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" \t"))
    return quotes, indent
