"""The whole site staged as files, for any generator to render and theme (`policy stage DIR`).

    DIR/docs/<lang>/...    every page, Markdown with front matter (the default language's at the
                           site root, the others under /<lang>/), beside the hand-written docs/
                           (stylesheets), copied as they are at DIR/docs/
    DIR/files/...          every derived file at its address in the site: versions.json, the Atom
                           feeds, the JSON Schemas
    DIR/site.json          what a generator's theme shows beside a page: per language, the
                           navigation (titles and addresses, in order) and the page furniture
                           (footer, feed link, JSON-LD, preview banner, 404 texts)

A file is rewritten only when its content changed: a generator that renders what is newer than
its output (MkDocs's --dirty) renders only what an edit changed, and a server watching DIR never
loops. Nothing here knows a generator.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
from pathlib import Path

from . import urls
from ..core.cache import KeptFile
from ..core.dates import format_date
from ..core.errors import PolicyError, Problem
from ..core.labels import label
from .manifest import MANIFEST_FILE
from .publication_pages import PUBLICATIONS_FILE
from ..core.messages import Text
from ..reading.settings import DEFAULT_LANGUAGE, LANGUAGES
from .site import Site
from .sitemap import SITEMAP, gzipped, sitemap_xml

DOCS = "docs"  # in DIR: the pages; in the repository: the hand-written assets
FILES = "files"
SITE_FILE = "site.json"
STAGE_VERSION = 1  # of site.json's shape, for the adapters

Content = str | bytes | KeptFile  # of a staged file: a kept file (a PDF) is linked, not read

# The pages every page's navigation names, in order: the privacy policy's; then each other
# document's text in effect (`nav_pages`).
NAV_PAGES = (urls.POLICY, urls.HISTORY, urls.ANNOUNCEMENTS, urls.CONTACT, urls.RETAINED_DATA, urls.PUBLICATIONS)


def nav_pages(site: Site) -> tuple[str, ...]:
    return NAV_PAGES + tuple(history.document.prefix + urls.POLICY for history in site.others)

# Material's script fetches a sitemap.xml beside every <link rel="alternate"> of a page, the
# feed's included: a small one beside the feeds keeps every page's first view the same size
# however long the history (the site's own sitemap.xml grows with it, for crawlers).
EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')




def page_title(markdown: str) -> str:
    """A staged page's title, from its front matter (as pages.py writes it, HTML-escaped)."""
    line = markdown.split("\n", 3)[1]
    return json.loads(line[len("title: "):]) if line.startswith("title: ") else ""


def draft_banner(lang: str) -> str:
    """The draft notice of every page: both languages, the page's own first, each marked with its
    language; a note for assistive technology; printed (policy.css)."""
    order = [lang] + [other for other in LANGUAGES if other != lang]
    lines = "".join(f'<p lang="{each}"><strong>{html.escape(label(each, "draft_banner"))}</strong></p>'
                    for each in order)
    return f'<div class="policy-draft" role="note" aria-label="{html.escape(label(lang, "draft_title"))}">{lines}</div>'


def furniture(site: Site, lang: str, base: str, preview: bool) -> dict[str, str]:
    """What the theme shows on every page of a language besides the page itself."""
    contact = site.contact
    return {
        "feed_url": urls.feed_path(lang, base),
        "feed_title": label(lang, "feed"),
        # A pull request's preview says which day it shows (the Makefile's `preview` sets it).
        "preview": label(lang, "preview_banner", date=format_date(site.timeline.today, lang)) if preview else "",
        # A draft says so on every page, in both languages (the reader's first), whatever the page.
        "draft_html": draft_banner(lang) if site.draft else "",
        "footer_html": contact.html(lang),
        "page_address": label(lang, "page_address"),
        "not_found_title": label(lang, "not_found_title"),
        "not_found_text": label(lang, "not_found_text"),
        "permalink_title": label(lang, "permalink"),  # the headings' ¶ links
        # No "<", ">" or "&" in the script element: "</script>" or "<!--" in a contact field cannot
        # end or bend it (the JSON means the same with \\u escapes).
        "json_ld": json.dumps(contact.json_ld(lang), ensure_ascii=False)
                   .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"),
    }


def site_description(site: Site, site_url: str, preview: bool) -> dict:
    base = urls.base_path(site_url)
    nav = nav_pages(site)
    titles = {(page.lang, page.src): page_title(page.markdown) for page in site.pages if page.src in nav}
    return {
        "stage": STAGE_VERSION,
        "site_url": site_url,
        "today": site.timeline.today.isoformat(),
        "current": site.timeline.current.id,
        "default_language": DEFAULT_LANGUAGE,
        "languages": {
            lang: {
                "prefix": "" if lang == DEFAULT_LANGUAGE else f"{lang}/",
                # titles as the pages' front matter has them: HTML, escaped
                "nav": [{"src": src, "title_html": titles[lang, src], "url": urls.site_path(src, lang, base)}
                        for src in nav],
                "furniture": furniture(site, lang, base, preview),
            }
            for lang in LANGUAGES
        },
    }


def derived_files(site: Site, site_url: str, pdfs: bool = True) -> dict[str, Content]:
    """Every file the site publishes besides its pages, by its path in the site. Without `pdfs`
    (a development server), no PDFs, and versions.json lists none."""
    base = urls.base_path(site_url)
    rendered = site.pdfs(site_url) if pdfs else None
    files: dict[str, Content] = {MANIFEST_FILE: site.manifest_json(base, rendered)}
    files.update(site.document_manifests(base, rendered))
    files[PUBLICATIONS_FILE] = site.publications_json(base)  # the register's own manifest, beside it
    for history in site.histories:
        prefix = history.document.prefix
        for version in history.timeline.versions:
            for lang in LANGUAGES:
                # The text as published: the bytes whose sha256 versions.json gives.
                files[urls.version_file(version.id, lang, "txt", prefix)] = version.docs[lang].text
                if rendered is not None:
                    files[urls.version_file(version.id, lang, "pdf", prefix)] = rendered[urls.version_key(version), lang]
    for lang in LANGUAGES:
        feed = urls.feed_path(lang).lstrip("/")
        files[feed] = site.feed(lang, site_url or "/")
        files[str(Path(feed).parent / "sitemap.xml")] = EMPTY_SITEMAP
    sources = sorted({page.src for page in site.pages})
    # A sitemap needs absolute addresses, and a local preview has none: it lists nothing rather
    # than an address the site is not published at.
    files[SITEMAP] = sitemap_xml(sources, site_url, site.timeline.today) if site_url else EMPTY_SITEMAP
    files[SITEMAP + ".gz"] = gzipped(files[SITEMAP], site.timeline.today)
    # What the page comparing any two versions fetches, one file per version and language.
    files.update(site.compare_data())
    # The contracts of versions.json and of the CLI's JSON, where versions.json's $schema points.
    for schema in sorted((site.settings.root / urls.SCHEMAS_DIR).glob("*.schema.json")):
        files[f"{urls.SCHEMAS_DIR}/{schema.name}"] = schema.read_bytes()
    return files


def _bytes(content: Content) -> bytes:
    if isinstance(content, KeptFile):
        return content.read_bytes()
    return content.encode("utf-8") if isinstance(content, str) else content


def _same(staged: Content | None, wanted: Content) -> bool:
    """Whether what a file holds is what is wanted there (a kept file by its hash: not read)."""
    if staged is None or isinstance(staged, KeptFile):
        return staged == wanted
    if isinstance(wanted, KeptFile):  # bytes read back from disk
        return hashlib.sha256(_bytes(staged)).hexdigest() == wanted.sha256
    return staged == wanted or _bytes(staged) == _bytes(wanted)


class _Folders:
    """Makes each folder once per writing: not a system call for every file."""

    def __init__(self) -> None:
        self.made: set[Path] = set()

    def of(self, path: Path) -> Path:
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        return path


def write_content(path: Path, content: Content) -> None:
    """A staged file written out: a kept file placed (a link where the disk allows), text as UTF-8."""
    if isinstance(content, KeptFile):
        content.place(path)
    else:
        path.write_bytes(_bytes(content))


def hand_written(docs: Path) -> dict[str, bytes]:
    """docs/, as it is: its own files only."""
    found: dict[str, bytes] = {}
    if not docs.is_dir():
        return found
    for path in sorted(docs.rglob("*")):
        if path.is_symlink():
            # A link would publish a file from outside the repository, unreviewed.
            raise PolicyError([Problem(path, Text("is a symbolic link: docs/ publishes only its own files",
                                                  "シンボリックリンクです。docs/ からはその中のファイルのみを公開します"))])
        if path.is_file():
            found[path.relative_to(docs).as_posix()] = path.read_bytes()
    return found


class StagedSite:
    """DIR, kept up to date build after build: what it holds is remembered (never read back while
    this object lives; read once from disk when it starts on a folder already staged).

    With `files_on_disk` False (a generator's adapter that publishes them itself), the derived
    files are only remembered, never written to DIR/files: `publish_files` writes them from
    memory straight into the built site, and the versions' PDFs are links to the cache's."""

    def __init__(self, folder: Path, files_on_disk: bool = True) -> None:
        self.folder = folder
        self.docs = folder / DOCS
        self.files = folder / FILES
        self.files_on_disk = files_on_disk
        self.staged: dict[Path, Content] | None = None

    def _read_back(self) -> dict[Path, Content]:
        if not self.files_on_disk and self.files.is_dir():
            shutil.rmtree(self.files, ignore_errors=True)  # an earlier writer's: published from memory now
        return {path: path.read_bytes() for path in self.folder.rglob("*") if path.is_file() and not path.is_symlink()}

    def page_path(self, lang: str, src: str) -> Path:
        return self.docs / lang / src

    def source(self, path: Path) -> tuple[str, str]:
        """(language, page source) of a staged page."""
        lang, src = path.relative_to(self.docs).as_posix().split("/", 1)
        return lang, src

    def stage(self, site: Site, site_url: str, docs: Path | None = None, preview: bool = False,
              limit: int | None = None, pdfs: bool = True) -> tuple[list[Path], int]:
        """Write the site; return the files written (changed or new), and how many changed pages
        wait for a later call. A page whose comparison is not computed yet (`deferred`) keeps
        what it showed; with `limit`, at most that many changed pages are written, comparisons
        last, so that a development server's rebuild stays short."""
        if self.staged is None:
            self.staged = self._read_back() if self.folder.is_dir() else {}
        docs = site.settings.root / DOCS if docs is None else docs
        wanted: dict[Path, Content] = {self.docs / name: content for name, content in hand_written(docs).items()}
        waiting = 0
        pages = set()
        for page in site.pages:
            path = self.page_path(page.lang, page.src)
            pages.add(path)
            if page.deferred and path in self.staged:
                wanted[path] = self.staged[path]
                waiting += 1
            else:
                wanted[path] = page.markdown
        wanted.update({self.files / name: content for name, content in derived_files(site, site_url, pdfs).items()})
        wanted[self.folder / SITE_FILE] = json.dumps(site_description(site, site_url, preview),
                                                     ensure_ascii=False, indent=1) + "\n"
        for gone in [path for path in self.staged if path not in wanted]:
            gone.unlink(missing_ok=True)
            del self.staged[gone]
        changed = sorted((path for path, content in wanted.items() if not self._unchanged(path, content)),
                         key=lambda path: (path in pages, "/compare/" in path.as_posix(), path))
        if limit is not None:
            changed_pages = [path for path in changed if path in pages]
            if len(changed_pages) > limit:
                waiting += len(changed_pages) - limit
                held = set(changed_pages[limit:])
                changed = [path for path in changed if path not in held]
        folders = _Folders()
        for path in changed:
            if self.files_on_disk or not path.is_relative_to(self.files):
                write_content(folders.of(path), wanted[path])
            self.staged[path] = wanted[path]
        return changed, waiting

    def _unchanged(self, path: Path, content: Content) -> bool:
        """Whether `path` holds `content` already; if so it is remembered as `content` (not as the
        bytes read back from disk)."""
        if _same(self.staged.get(path), content):
            self.staged[path] = content
            return True
        return False

    def publish_files(self, site_dir: Path, skip: tuple[str, ...] = ()) -> None:
        """Put the derived files into a built site (but those in `skip`, which the generator wrote)."""
        folders = _Folders()
        for path, content in (self.staged or {}).items():
            if path.is_relative_to(self.files) and (name := path.relative_to(self.files).as_posix()) not in skip:
                write_content(folders.of(site_dir / name), content)


def _refuse_foreign(root: Path, folder: Path) -> None:
    """Staging removes what it did not write: only into an empty folder, or one it staged before,
    and never over the repository."""
    folder = folder.resolve()
    if folder.is_file() or folder in (root.resolve(), *root.resolve().parents) or (
            folder.is_dir() and any(folder.iterdir()) and not (folder / SITE_FILE).is_file()):
        raise PolicyError([Problem(folder, Text(
            f"is not an empty folder nor one that `policy stage` wrote ({SITE_FILE} is missing): "
            "staging would remove its files; give a new or empty folder",
            f"空のフォルダでも `policy stage` が書き出したフォルダでもありません（{SITE_FILE} がありません）。"
            "中のファイルが削除されるため、新しいフォルダか空のフォルダを指定してください"))])


def stage_site(root: Path, folder: Path, site_url: str, environ: dict[str, str] | None = None) -> tuple[Site, list[Path]]:
    """`policy stage`: load and check the repository, then stage it into `folder`."""
    from .site import build_site
    environ = os.environ if environ is None else environ
    _refuse_foreign(root, folder)
    site = build_site(root, environ)
    staged = StagedSite(folder)
    written, _ = staged.stage(site, site_url, preview=bool(environ.get("POLICY_PREVIEW")))
    return site, written
