"""Rendered pages, reused: Python-Markdown is most of a build, and the same Markdown at the same
address renders to the same HTML. The HTML (with its table of contents and anchors) is kept in the
engine's cache, keyed by the page's Markdown, address and language and by mkdocs.yml (its
extensions); the cache adds the engine's code and the libraries' versions to every key.

A page the engine cut into fragments (SitePage.fragments: runs of whole blocks that render alone
as in the page) that is not stored whole is rendered fragment by fragment: MkDocs renders only the
fragments not stored yet, separated by an HTML comment, and the page is put together from the
stored and the new ones, its table of contents nested again from theirs. A fragment's HTML is kept
by its Markdown and by what its relative links become on the page, so a passage is rendered once
for all the pages that show it: a version page whose header changed, or a comparison with a new
current version, renders only the paragraphs of the sections that changed.
"""

from __future__ import annotations

import hashlib
import html as html_text
import posixpath
import re
from functools import lru_cache
from pathlib import Path

from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import get_toc

from policy_engine.publishing import urls
from policy_engine.core.cache import Cache, text_hash

_KIND = "page-html"
_FRAGMENT_KIND = "fragment-html"
# Between two fragments rendered in one page: a comment block, which Python-Markdown passes on
# as it is, on its own line, and which no generated Markdown contains.
_SEPARATOR = "<!--policy-fragment-boundary-->"
_HEADING_ID = re.compile(r"<h[1-6][^>]*?\sid=\"([^\"]*)\"")
_ANY_ID = re.compile(r"\s(?:id|name)=\"([^\"]*)\"")
# A Markdown link or image whose target MkDocs resolves against the page (not a URL with a
# scheme, not an anchor of the page itself): the fragment's HTML then depends on where it is.
_RELATIVE_LINK = re.compile(r"\]\(\s*<?(?![a-zA-Z][a-zA-Z0-9+.-]*:|#)")
# A link to a page as the engine writes it (urls.link: "../versions/2026-11-24.md#section"),
# and the address a fragment is rendered with in its place: an absolute URL, which MkDocs leaves
# as it is, replaced in the HTML by what MkDocs makes of the link on the page that shows it.
_PAGE_LINK = re.compile(r"\]\(([^()\s<>]+?\.md)((?:#[^()\s]*)?)\)")
_PLACEHOLDER = "https://policy-fragment-link.invalid/"
_PLACEHOLDER_HREF = re.compile(r'href="' + re.escape(_PLACEHOLDER) + r'(\d+)(?=[#"])')
# Every page rendered whole, as MkDocs alone would: the reference that the fragments' reuse is
# tested against (tests/test_reuse.py), and a way round it should a fragment ever render otherwise.
WHOLE_PAGES = "POLICY_WHOLE_PAGES"


def _attribute(value: str) -> str:
    """An address as Python-Markdown writes it in an attribute."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _linked(html: str, addresses: list[str]) -> str:
    """A fragment's HTML with its placeholders replaced by the page's addresses."""
    if not addresses:
        return html
    return _PLACEHOLDER_HREF.sub(lambda match: 'href="' + addresses[int(match.group(1))], html)


def _tokens(items) -> list[dict]:
    return [{"level": item.level, "id": item.id, "name": item.title, "children": _tokens(item.children)}
            for item in items]


def _flat(items) -> list[dict]:
    """A table of contents as the headings in order, each with its level (as the toc extension
    lists them before it nests them)."""
    flat = []
    for item in items:
        flat.append({"level": item.level, "id": item.id, "name": item.title})
        flat += _flat(item.children)
    return flat


def _nested(flat: list[dict]) -> list[dict]:
    return nest_toc_tokens([dict(token) for token in flat])


@lru_cache(maxsize=8)  # read once a build, not once a page (the time says it is the same file)
def _settings_hash(settings: Path | None, modified: int) -> str:
    """mkdocs.yml (its Markdown extensions) and this module, which decide what a page renders to."""
    return hashlib.sha256((settings.read_bytes() if settings else b"") + Path(__file__).read_bytes()).hexdigest()


def render_only_what_is_not_stored(page_class) -> None:
    """MkDocs renders every page with a new Python-Markdown, its extensions loaded again, even a
    page whose HTML is stored (`before` gave it no Markdown): such a page is not rendered at all,
    and `after` gives its HTML, table of contents and anchors. Once per process."""
    render = page_class.render
    if getattr(render, "policy_skips_stored", False):
        return

    def rendered_unless_stored(page, config, files) -> None:
        if getattr(page, "policy_stored", None) is None:
            return render(page, config, files)
        # what rendering the empty Markdown gave, which `after` replaces
        page.content, page.toc, page._title_from_render = "", get_toc([]), None
        page.present_anchor_ids, page.links_to_anchors = set(), {}
    rendered_unless_stored.policy_skips_stored = True
    page_class.render = rendered_unless_stored


class RenderedPages:
    def __init__(self) -> None:
        # per language, for the log: mkdocs-static-i18n builds the other languages inside the
        # first one's post-build event, so the counts of two builds are open at once
        self.rendered: dict[str, int] = {}
        self.reused: dict[str, int] = {}
        self.fragments_rendered: dict[str, int] = {}
        self.fragments_reused: dict[str, int] = {}
        # files.get_file_from_path, memoised for one set of files: the files do not change while
        # pages are rendered, and mkdocs-static-i18n's lookup is slow (thousands a build)
        self._files = None
        self._found: dict = {}  # a path's file
        self._addresses: dict[tuple[str, str], str] = {}  # (target, page) -> the target's address there

    def _file(self, files, path: str):
        if files is not self._files:
            self._files, self._found, self._addresses = files, {}, {}
        try:
            return self._found[path]
        except KeyError:
            found = self._found[path] = files.get_file_from_path(path)
            return found

    def count(self, lang: str) -> str:
        return (f"{self.rendered.pop(lang, 0)} pages rendered, {self.reused.pop(lang, 0)} reused "
                f"from the cache ({lang}); of the pages' fragments, {self.fragments_rendered.pop(lang, 0)} "
                f"rendered, {self.fragments_reused.pop(lang, 0)} reused")

    @staticmethod
    def _add(counts: dict[str, int], lang: str, number: int = 1) -> None:
        counts[lang] = counts.get(lang, 0) + number

    @staticmethod
    def _key(markdown: str, page, config: MkDocsConfig, lang: str) -> tuple[str, ...]:
        settings = Path(config.config_file_path) if config.config_file_path else None
        return (page.file.src_uri, lang, text_hash(markdown),
                _settings_hash(settings, settings.stat().st_mtime_ns if settings else 0))

    def _address(self, target, page) -> str:
        """The address of `target` on `page`, as an attribute (memoised with the files)."""
        key = (target.src_uri, page.file.src_uri)
        found = self._addresses.get(key)
        if found is None:
            found = self._addresses[key] = _attribute(target.url_relative_to(page.file))
        return found

    def _links_resolve(self, markdown: str, page, files) -> bool:
        """MkDocs checks the links of a page it renders; a reused page's are checked here: every
        page it links to still exists (else it is rendered, and MkDocs names the broken link)."""
        return all(self._file(files, target) is not None
                   for target in urls.linked_sources(page.file.src_uri, markdown))

    def before(self, markdown: str, page, config: MkDocsConfig, files, cache: Cache, lang: str,
               fragments: tuple[str, ...] = ()) -> str:
        """The Markdown to render: none when the page's HTML is stored (`after` puts it back),
        only its fragments not stored yet when it has fragments."""
        page.policy_lang = lang
        page.policy_key = self._key(markdown, page, config, lang)
        page.policy_stored = cache.get(_KIND, *page.policy_key)
        page.policy_fragments = None
        if page.policy_stored is not None and self._links_resolve(markdown, page, files):
            return ""
        page.policy_stored = None
        body = self._body_fragments(markdown, fragments)
        if not body or not self._links_resolve(markdown, page, files):
            return markdown  # rendered whole: MkDocs names a broken link
        keys, shown, addresses = [], [], []
        for fragment in body:
            templated, targets = self._templated(fragment, page, files)
            context = "" if targets is not None else self._context(fragment, page, files)
            keys.append((context, lang, text_hash(templated), page.policy_key[-1]))
            shown.append(templated)
            addresses.append(targets or [])
        stored = [cache.get(_FRAGMENT_KIND, *key) for key in keys]
        page.policy_fragments = (keys, stored, addresses)
        return f"\n\n{_SEPARATOR}\n\n".join(fragment for fragment, found in zip(shown, stored) if found is None)

    def _templated(self, fragment: str, page, files) -> tuple[str, list[str] | None]:
        """The fragment with each link to a page written as a numbered placeholder, and the
        addresses (relative to this page) the placeholders stand for; (fragment, None) when a
        relative link is not one to a page that exists. So the fragment's HTML is the same
        whichever pages it links to: a version page's header, which links to its comparison
        with the current version, or a list of folded sections, which links to the current
        version's sections, is rendered once and reused when a new version takes effect."""
        if not _RELATIVE_LINK.search(fragment):
            return fragment, []
        if "`" in fragment:  # a link written in a code span is text: it stays as it is
            return fragment, None
        folder = posixpath.dirname(page.file.src_uri)
        addresses: list[str] = []

        def placeholder(match: re.Match) -> str:
            target = self._file(files, posixpath.normpath(posixpath.join(folder, match.group(1))))
            if target is None:
                raise LookupError(match.group(1))
            addresses.append(self._address(target, page))
            return f"]({_PLACEHOLDER}{len(addresses) - 1}{match.group(2)})"
        try:
            templated = _PAGE_LINK.sub(placeholder, fragment)
        except LookupError:
            return fragment, None
        if len(addresses) != len(_RELATIVE_LINK.findall(fragment)) or _RELATIVE_LINK.search(templated):
            return fragment, None  # another kind of relative link (an image, a file): keyed by the page
        return templated, addresses

    def _context(self, fragment: str, page, files) -> str:
        """What a fragment's HTML depends on besides its Markdown: what its relative links become
        on this page (MkDocs writes a page's address relative to the page's). Links to pages, as
        the engine writes them, are resolved here; any other relative link keys the fragment by
        the page's folder and depth."""
        relative = len(_RELATIVE_LINK.findall(fragment))
        if not relative:
            return ""
        targets = urls.linked_sources(page.file.src_uri, fragment)
        found = [self._file(files, target) for target in targets]
        if len(targets) != relative or None in found:
            return f"{posixpath.dirname(page.file.src_uri)}\0{page.url.count('/')}"
        return "\0".join(target.url_relative_to(page.file) for target in found)

    @staticmethod
    def _body_fragments(markdown: str, fragments: tuple[str, ...]) -> list[str] | None:
        """The fragments of what MkDocs renders (the page without its front matter, and without
        the newline that ends the file), or None when they do not make it (another plugin
        changed the Markdown)."""
        core = markdown.rstrip("\n")
        whole = "".join(fragments).rstrip("\n")
        cut = len(whole) - len(core)
        if len(fragments) < 2 or cut < 0 or cut >= len(fragments[0]) or not whole.endswith(core):
            return None
        body = [fragments[0][cut:], *fragments[1:]]
        body[-1] = body[-1].rstrip("\n") + markdown[len(core):]
        return body if "".join(body) == markdown else None

    def _assembled(self, rendered: str, page, cache: Cache, lang: str) -> str:
        """The page put together from its stored fragments and those just rendered (stored now)."""
        keys, stored, addresses = page.policy_fragments
        fresh_count = sum(found is None for found in stored)
        fresh = rendered.split(f"\n{_SEPARATOR}\n\n") if fresh_count else []
        if len(fresh) != fresh_count:
            raise PluginError(f"{page.file.src_uri}: its fragments did not render apart "
                              f"({len(fresh)} for {fresh_count}); delete the cache folder and report this")
        headings = _flat(page.toc)  # of the fresh fragments, in order
        anchors = set(page.present_anchor_ids or ())
        parts, toc, present = [], [], set()
        for key, found, links in zip(keys, stored, addresses):
            if found is None:
                text = fresh.pop(0)
                if len(_PLACEHOLDER_HREF.findall(text)) != len(links) or text.count(_PLACEHOLDER) != len(links):
                    raise PluginError(f"{page.file.src_uri}: a link of a fragment did not render as a link; "
                                      f"build with {WHOLE_PAGES}=1 and report this")
                ids = {html_text.unescape(i) for i in _HEADING_ID.findall(text)}
                own = []
                while headings and headings[0]["id"] in ids:
                    own.append(headings.pop(0))
                found = {"html": text, "toc": own,
                         "anchors": sorted(anchors & {html_text.unescape(i) for i in _ANY_ID.findall(text)})}
                cache.put(_FRAGMENT_KIND, *key, value=found)
            parts.append(_linked(found["html"], links))
            toc += found["toc"]
            present.update(found["anchors"])
        if headings:
            raise PluginError(f"{page.file.src_uri}: headings {[h['id'] for h in headings]} were not found in "
                              "its fragments; delete the cache folder and report this")
        self._add(self.fragments_rendered, lang, fresh_count)
        self._add(self.fragments_reused, lang, len(keys) - fresh_count)
        page.toc = get_toc(_nested(toc))
        page.present_anchor_ids = present | (anchors - present if fresh_count else set())
        return "\n".join(parts)

    def after(self, html: str, page, cache: Cache) -> str:
        """The page's HTML: the stored one, or the one just rendered, then stored."""
        stored = getattr(page, "policy_stored", None)
        lang = getattr(page, "policy_lang", "")
        if stored is not None:
            self._add(self.reused, lang)
            page.toc = get_toc(stored["toc"])
            page.present_anchor_ids = set(stored["anchors"])
            return stored["html"]
        if getattr(page, "policy_fragments", None) is not None:
            html = self._assembled(html, page, cache, lang)
            if all(found is not None for found in page.policy_fragments[1]):
                self._add(self.reused, lang)
                cache.put(_KIND, *page.policy_key, value={"html": html, "toc": _tokens(page.toc),
                                                          "anchors": sorted(page.present_anchor_ids or ())})
                return html
        self._add(self.rendered, lang)
        key = getattr(page, "policy_key", None)
        if key is not None:
            cache.put(_KIND, *key, value={"html": html, "toc": _tokens(page.toc),
                                          "anchors": sorted(page.present_anchor_ids or ())})
        return html
