"""The site's address scheme: page sources per language and the URLs they are served at.

Addresses of versions are permanent: a version's page never moves once published.
Pages are sources relative to a language folder ("versions/2026-11-24.md"); the default language
is served at the site root and the others under /<lang>/ (directory URLs).
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from .settings import DEFAULT_LANGUAGE

POLICY = "index.md"
HISTORY = "history.md"
CONTACT = "contact.md"
ANNOUNCEMENTS = "announcements/index.md"
FEEDS_DIR = "feeds"  # the Atom feeds, feeds/ja.xml and feeds/en.xml
COMPARE_ANY = "compare/index.md"  # any two versions compared in the browser (comparepage.py)
COMPARE_DATA_DIR = "compare/data"  # at the site root: what the browser compares (comparedata.py)
SCHEMAS_DIR = "schemas"  # the JSON Schemas of what the site and the CLI publish, as in the repository


def schema_path(name: str, base: str = "/") -> str:
    """Where the schema `name` (e.g. "versions.schema.json") is published."""
    return f"{base.rstrip('/')}/{SCHEMAS_DIR}/{name}"


def version_page(version_id: str) -> str:
    return f"versions/{version_id}.md"


def compare_page(old_id: str, new_id: str) -> str:
    return f"compare/{old_id}/{new_id}.md"


def announcement_page(version_id: str) -> str:
    return f"announcements/{version_id}.md"


def feed_path(lang: str, base: str = "/") -> str:
    """Site-absolute path of a language's Atom feed."""
    return "/" + posixpath.join(base.strip("/"), FEEDS_DIR, f"{lang}.xml").lstrip("/")


def page_url(src: str) -> str:
    """The directory URL of a page source, relative to its language root."""
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def site_path(src: str, lang: str, base: str = "/") -> str:
    """Site-absolute path of a page; `base` is the path the site is served under."""
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    return "/" + posixpath.join(base.strip("/"), prefix, page_url(src)).lstrip("/")


# A Markdown link to another page source, as `link` writes them.
_LINKED = re.compile(r"\]\(([^()\s]+?\.md)(?:#[^()\s]*)?\)")


def linked_sources(src: str, markdown: str) -> list[str]:
    """The page sources (of the same language) that the page `src` links to."""
    folder = posixpath.dirname(src)
    return [posixpath.normpath(posixpath.join(folder, target)) for target in _LINKED.findall(markdown)
            if "://" not in target]


@lru_cache(maxsize=65536)  # the same links are written on every build
def link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A relative Markdown link between two page sources of one language."""
    target = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return target + (f"#{anchor}" if anchor else "")
