"""The site's address scheme: page sources per language and the URLs they are served at.

Addresses of versions are permanent: a version's page never moves once published.
Pages are sources relative to a language folder ("versions/2026-11-24.md"); the default language
is served at the site root and the others under /<lang>/ (directory URLs). The privacy policy's
pages are at the top of each language folder; another versioned document's (settings.py
`documents:`) have the same names under its prefix ("terms/versions/2026-11-24.md"): `prefix`.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urlsplit

from ..reading.settings import DEFAULT_LANGUAGE

POLICY = "index.md"
HISTORY = "history.md"
CONTACT = "contact.md"
RETAINED_DATA = "retained-data.md"  # 保有個人データに関する事項の公表 (APPI Art. 32)
PUBLICATIONS = "publications/index.md"  # 匿名加工情報に関する公表事項 (APPI Art. 43, 44): the register
ANNOUNCEMENTS = "announcements/index.md"
FEEDS_DIR = "feeds"  # the Atom feeds, feeds/ja.xml and feeds/en.xml
COMPARE_ANY = "compare/index.md"  # any two versions compared in the browser (compare_any.py)
COMPARE_DATA_DIR = "compare/data"  # at the site root: what the browser compares (compare_data.py)
SCHEMAS_DIR = "schemas"  # the JSON Schemas of what the site and the CLI publish, as in the repository


def schema_path(name: str, base: str = "/") -> str:
    """Where the schema `name` (e.g. "versions.schema.json") is published."""
    return f"{base.rstrip('/')}/{SCHEMAS_DIR}/{name}"


SITE_URL_VARIABLE = "SITE_URL"  # the address the site is published at; unset: a local preview


def base_path(site_url: str) -> str:
    """The path the site is served under, from its address."""
    return urlsplit(site_url or "/").path or "/"


def version_page(version_id: str, prefix: str = "") -> str:
    return f"{prefix}versions/{version_id}.md"


def version_key(version) -> str:
    """A version's key among every document's: its id under its document's prefix ("terms/2026-04-01")."""
    return version.document.prefix + version.id


def version_file(version_id: str, lang: str, suffix: str, prefix: str = "") -> str:
    """A version's text ("txt": its Markdown file as published) or its PDF ("pdf") in one language,
    by its path in the site: beside the version's page, the same for every language
    (versions/<id>/ja.pdf). The text is .txt, not .md: served as plain text, a browser shows it,
    and no generator takes a link to it for a link to a page (Zensical refuses those)."""
    return f"{prefix}versions/{version_id}/{lang}.{suffix}"


def file_path(path: str, base: str = "/") -> str:
    """Site-absolute path of a file published at `path` in the site."""
    return "/" + posixpath.join(base.strip("/"), path).lstrip("/")


def file_href(path: str, base: str) -> str:
    """A link to a file of the site, for raw HTML: by its path under the site's base path, which
    no generator rewrites (a relative one, each reads from where it stands: ProperDocs from the
    page's address, Zensical from its source file's)."""
    return f"{base.rstrip('/')}/{path}"


def compare_page(old_id: str, new_id: str, prefix: str = "") -> str:
    return f"{prefix}compare/{old_id}/{new_id}.md"


def announcement_page(version_id: str, prefix: str = "") -> str:
    return f"{prefix}announcements/{version_id}.md"


def publication_page(record_id: str) -> str:
    """A dated 公表 record's permanent page (reading/publications.py): its id never changes."""
    return f"publications/{record_id}.md"


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
