"""The staged site (policy_engine.publishing.stage) as MkDocs reads it: mkdocs-static-i18n reads pages only
from docs_dir, so docs_dir is the staging folder's docs/, in a temporary folder of this process.

The engine rewrites a file only when its content changed, so it is then newer than its page in
site_dir: that is how `mkdocs serve --dirty` knows what to render again, and why serve never loops.
What is MkDocs's own here: the modification times a dirty build reads, and a rebuild's narrow view.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from policy_engine.publishing import urls
from policy_engine.reading.settings import LANGUAGES
from policy_engine.publishing.site import Site
from policy_engine.publishing.stage import NAV_PAGES, Content, StagedSite, nav_pages, write_content

# The searchable pages (pages.py): a dirty build indexes only the pages it renders, and the search
# index must hold these whatever changed, so they are rendered on every build.
_SEARCHABLE = (urls.POLICY, urls.CONTACT)
_LONG_AGO = (1, 1)  # a modification time older than anything built: read, never rendered again

__all__ = ["NAV_PAGES", "Staging"]


def _text(content: Content) -> str:
    """A staged page's Markdown (bytes where it was read back from a kept folder, unchanged since)."""
    return content.decode("utf-8") if isinstance(content, bytes) else str(content)


_locks: list = []  # the kept staging folders this process holds, for its whole life


def _kept_folder(cache: Path | None) -> Path | None:
    """The engine cache's staging folder, if no other process is staging into it (a `serve`
    beside a `build`): locked for the life of this process; else None."""
    if cache is None:
        return None
    try:
        import fcntl
        cache.mkdir(parents=True, exist_ok=True)
        lock = open(cache / "stage.lock", "a")
    except (ImportError, OSError):
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return None
    _locks.append(lock)
    return cache / "stage"


class Staging:
    def __init__(self) -> None:
        self._site: StagedSite | None = None
        self.view: Path | None = None
        self.nav: tuple[str, ...] = NAV_PAGES  # of the last site staged

    def open(self, cache: Path | None) -> None:
        """Where the site is staged, once per process: in the engine's cache folder, kept from
        build to build, so that a build rewrites only the pages that changed (creating hundreds
        of files is most of a build's system time); in a new temporary folder when there is no
        cache folder or another process is staging into it."""
        if self._site is not None:
            return
        kept = _kept_folder(cache)
        # The derived files are published from memory (publish_files), never written here.
        self._site = StagedSite(kept or Path(tempfile.mkdtemp(prefix="policy-site-stage-")), files_on_disk=False)
        if kept is None:
            atexit.register(shutil.rmtree, self._site.folder, True)
            self._site.staged = {}  # a new folder: nothing to read back

    @property
    def site(self) -> StagedSite:
        if self._site is None:
            raise RuntimeError("the site is not staged yet (Staging.open)")
        return self._site

    @property
    def folder(self) -> Path:
        return self.site.docs  # docs_dir

    @property
    def staged(self) -> dict[Path, Content]:
        return {path: content for path, content in self.site.staged.items() if path.is_relative_to(self.folder)}

    def source(self, path: Path) -> tuple[str, str]:
        return self.site.source(path)

    def searchable(self, path: Path) -> bool:
        return path.suffix == ".md" and self.source(path)[1] in _SEARCHABLE

    def stage(self, site: Site, site_url: str, docs: Path, rebuild_all: bool, preview: bool = False,
              limit: int | None = None, pdfs: bool = True) -> tuple[list[Path], int]:
        """The engine stages the site; the pages MkDocs is to render again are dated now: every
        one when something they all show changed, and the searchable ones always."""
        written, waiting = self.site.stage(site, site_url, docs, preview=preview, limit=limit, pdfs=pdfs)
        self.nav = nav_pages(site)
        written = [path for path in written if path.is_relative_to(self.folder)]
        for path in self.staged:
            if rebuild_all or self.searchable(path):
                os.utime(path)
        return written, waiting

    def view_of(self, written: list[Path]) -> Path:
        """What a `serve` rebuild gives MkDocs to read: the pages that changed (and the searchable
        ones), and, dated long ago so that `--dirty` does not render them again, the pages those
        link to, their translations (the language switcher) and the navigation's. MkDocs then
        goes through a few files instead of the whole history; what it skips stays as served."""
        staged = self.staged
        fresh = {path for path in written if path.suffix == ".md"} | {p for p in staged if self.searchable(p)}
        context = {self.folder / lang / page for lang in LANGUAGES for page in self.nav}
        for path in fresh:
            lang, src = self.source(path)
            context.update(self.folder / other / src for other in LANGUAGES)
            context.update(self.folder / lang / target for target in urls.linked_sources(src, _text(staged[path])))
        if self.view is not None:
            shutil.rmtree(self.view, ignore_errors=True)
        self.view = Path(tempfile.mkdtemp(prefix="policy-site-rebuild-"))
        atexit.register(shutil.rmtree, self.view, True)
        for path in (fresh | context) & staged.keys():
            target = self.view / path.relative_to(self.folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_content(target, staged[path])
            if path not in fresh:
                os.utime(target, _LONG_AGO)
        return self.view
