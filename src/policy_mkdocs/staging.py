"""The generated pages as files: MkDocs (and mkdocs-static-i18n, which reads only docs_dir)
builds from a staging folder that holds the hand-written docs/ and every page the engine makes.

A file is rewritten only when its content changed, so it is then newer than its page in site_dir:
that is how `mkdocs serve --dirty` knows what to render again, and why serve never loops.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from policy_engine import urls
from policy_engine.pages import SitePage
from policy_engine.settings import LANGUAGES

# The pages every page's navigation names.
NAV_PAGES = (urls.POLICY, urls.HISTORY, urls.ANNOUNCEMENTS, urls.CONTACT, urls.RETAINED_DATA)
# The searchable pages (pages.py): a dirty build indexes only the pages it renders, and the search
# index must hold these whatever changed, so they are rendered on every build.
_SEARCHABLE = (urls.POLICY, urls.CONTACT)
_LONG_AGO = (1, 1)  # a modification time older than anything built: read, never rendered again


def _bytes(content: bytes | str) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


class Staging:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="policy-site-docs-"))
        atexit.register(shutil.rmtree, self.folder, True)
        self.staged: dict[Path, bytes | str] = {}  # what the folder holds: never read back
        self.view: Path | None = None

    def source(self, path: Path) -> tuple[str, str]:
        """(language, page source) of a staged file."""
        lang, src = path.relative_to(self.folder).as_posix().split("/", 1)
        return lang, src

    def searchable(self, path: Path) -> bool:
        return path.suffix == ".md" and self.source(path)[1] in _SEARCHABLE

    def stage(self, docs: Path, pages: list[SitePage], rebuild_all: bool,
              limit: int | None = None) -> tuple[list[Path], int]:
        """Write docs/ and the pages; return the files written (changed or new) and how many
        changed pages wait for a later rebuild. A page whose comparison is not computed yet
        (`deferred`) keeps what it showed; with `limit`, at most that many changed pages are
        written, comparisons last, so that a rebuild stays short."""
        wanted: dict[Path, bytes | str] = {}
        for path in docs.rglob("*"):
            if path.is_symlink():
                # A link would publish a file from outside the repository, unreviewed.
                raise PluginError(f"{path}: is a symbolic link: docs/ publishes only its own files")
            if path.is_file():
                wanted[self.folder / path.relative_to(docs)] = path.read_bytes()
        waiting = 0
        for page in pages:
            path = self.folder / page.lang / page.src
            if page.deferred and path in self.staged:
                wanted[path] = self.staged[path]
                waiting += 1
            else:
                wanted[path] = page.markdown
        for gone in [path for path in self.staged if path not in wanted]:
            gone.unlink(missing_ok=True)
            del self.staged[gone]
        changed = sorted((path for path, content in wanted.items() if self.staged.get(path) != content),
                         key=lambda path: ("/compare/" in path.as_posix(), path))
        if limit is not None and len(changed) > limit:
            waiting += len(changed) - limit
            changed = changed[:limit]
        for path in changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_bytes(wanted[path]))
            self.staged[path] = wanted[path]
        for path in self.staged:
            if rebuild_all or self.searchable(path):
                os.utime(path)
        return changed, waiting

    def view_of(self, written: list[Path]) -> Path:
        """What a `serve` rebuild gives MkDocs to read: the pages that changed (and the searchable
        ones), and, dated long ago so that `--dirty` does not render them again, the pages those
        link to, their translations (the language switcher) and the navigation's. MkDocs then
        goes through a few files instead of the whole history; what it skips stays as served."""
        fresh = {path for path in written if path.suffix == ".md"} | {p for p in self.staged if self.searchable(p)}
        context = {self.folder / lang / page for lang in LANGUAGES for page in NAV_PAGES}
        for path in fresh:
            lang, src = self.source(path)
            context.update(self.folder / other / src for other in LANGUAGES)
            context.update(self.folder / lang / target for target in urls.linked_sources(src, str(self.staged[path])))
        if self.view is not None:
            shutil.rmtree(self.view, ignore_errors=True)
        self.view = Path(tempfile.mkdtemp(prefix="policy-site-rebuild-"))
        atexit.register(shutil.rmtree, self.view, True)
        for path in (fresh | context) & self.staged.keys():
            target = self.view / path.relative_to(self.folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_bytes(self.staged[path]))
            if path not in fresh:
                os.utime(target, _LONG_AGO)
        return self.view
