"""Rendered pages, reused: Python-Markdown is most of a build, and the same Markdown at the same
address renders to the same HTML. The HTML (with its table of contents and anchors) is kept in the
engine's cache, keyed by the page's Markdown, address and language and by mkdocs.yml (its
extensions); the cache adds the engine's code and the libraries' versions to every key.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.toc import get_toc

from policy_engine import urls
from policy_engine.cache import Cache, text_hash

_KIND = "page-html"


def _tokens(items) -> list[dict]:
    return [{"level": item.level, "id": item.id, "name": item.title, "children": _tokens(item.children)}
            for item in items]


@lru_cache(maxsize=8)  # read once a build, not once a page (the time says it is the same file)
def _settings_hash(settings: Path | None, modified: int) -> str:
    """mkdocs.yml (its Markdown extensions) and this module, which decide what a page renders to."""
    return hashlib.sha256((settings.read_bytes() if settings else b"") + Path(__file__).read_bytes()).hexdigest()


class RenderedPages:
    def __init__(self) -> None:
        # per language, for the log: mkdocs-static-i18n builds the other languages inside the
        # first one's post-build event, so the counts of two builds are open at once
        self.rendered: dict[str, int] = {}
        self.reused: dict[str, int] = {}

    def count(self, lang: str) -> str:
        return (f"{self.rendered.pop(lang, 0)} pages rendered, {self.reused.pop(lang, 0)} reused "
                f"from the cache ({lang})")

    @staticmethod
    def _key(markdown: str, page, config: MkDocsConfig, lang: str) -> tuple[str, ...]:
        settings = Path(config.config_file_path) if config.config_file_path else None
        return (page.file.src_uri, lang, text_hash(markdown),
                _settings_hash(settings, settings.stat().st_mtime_ns if settings else 0))

    @staticmethod
    def _links_resolve(markdown: str, page, files) -> bool:
        """MkDocs checks the links of a page it renders; a reused page's are checked here: every
        page it links to still exists (else it is rendered, and MkDocs names the broken link)."""
        return all(files.get_file_from_path(target) is not None
                   for target in urls.linked_sources(page.file.src_uri, markdown))

    def before(self, markdown: str, page, config: MkDocsConfig, files, cache: Cache, lang: str) -> str:
        """The Markdown to render: none when the page's HTML is stored (`after` puts it back)."""
        page.policy_lang = lang
        page.policy_key = self._key(markdown, page, config, lang)
        page.policy_stored = cache.get(_KIND, *page.policy_key)
        if page.policy_stored is not None and self._links_resolve(markdown, page, files):
            return ""
        page.policy_stored = None
        return markdown

    def after(self, html: str, page, cache: Cache) -> str:
        """The page's HTML: the stored one, or the one just rendered, then stored."""
        stored = getattr(page, "policy_stored", None)
        lang = getattr(page, "policy_lang", "")
        if stored is not None:
            self.reused[lang] = self.reused.get(lang, 0) + 1
            page.toc = get_toc(stored["toc"])
            page.present_anchor_ids = set(stored["anchors"])
            return stored["html"]
        self.rendered[lang] = self.rendered.get(lang, 0) + 1
        key = getattr(page, "policy_key", None)
        if key is not None:
            cache.put(_KIND, *key, value={"html": html, "toc": _tokens(page.toc),
                                          "anchors": sorted(page.present_anchor_ids or ())})
        return html
