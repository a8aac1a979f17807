"""`mkdocs serve --dirty` (make serve) as an editor needs it: an edit shows in about a second.

A rebuild renders only the pages the edit changed (staging.py), with --strict still in force;
it computes comparisons for a moment only and renders a few changed pages, and what is left
follows in the rebuilds after it, which the server starts at once (a watched file is touched).
The log says what each rebuild rendered and what is still to come.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands import build as mkdocs_build  # properdocs.commands.build under ProperDocs
from mkdocs.config.defaults import MkDocsConfig

from policy_engine.reading.settings import LANGUAGES
from policy_engine.publishing.site import Site

from policy_engine.publishing.stage import nav_pages

from .staging import Staging

# (seconds of comparisons, changed pages rendered) in a rebuild an edit starts: the least, so
# that the edit shows first; and in the follow-ups, which catch up.
EDIT_BUDGET = (0.05, 8)
FOLLOW_UP_BUDGET = (0.5, 12)
_DIRTY_WARNING = "A 'dirty' build is being performed"


def site_wide_fingerprint(site: Site, config: MkDocsConfig) -> str:
    """Everything a page shows besides its own Markdown: the contact details of the footer, the
    navigation's titles, the day (a preview's banner), the settings and the theme. When it
    changes, every page is rendered again."""
    digest = hashlib.sha256()
    for lang in LANGUAGES:
        digest.update(site.contact.html(lang).encode() + json.dumps(site.contact.json_ld(lang)).encode())
    digest.update(site.timeline.today.isoformat().encode() + os.environ.get("POLICY_PREVIEW", "").encode())
    digest.update(b"draft" if site.draft else b"")  # every page's banner
    digest.update("\0".join(p.markdown.split("\n", 3)[1] for p in site.pages if p.src in nav_pages(site)).encode())
    theme = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    for path in [Path(config.config_file_path), *(sorted(theme.rglob("*")) if theme else [])]:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Serving:
    def __init__(self) -> None:
        self.serving = False
        self.site_wide: str | None = None  # of the last build
        self.waiting = 0  # changed pages left for the next rebuild
        self.following_up = False  # this rebuild was asked for by the last one
        self.follow_up: Path | None = None  # the watched file touched to ask for it

    def start(self, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if dirty:
            # MkDocs warns on every dirty build, which --strict would refuse: the staging folder
            # makes the dirty build exact (a page is rendered again whenever what it shows changed).
            logging.getLogger(mkdocs_build.__name__).addFilter(
                lambda record: not record.getMessage().startswith(_DIRTY_WARNING))

    @property
    def rebuilding(self) -> bool:
        """A rebuild of `serve`, after its first build."""
        return self.serving and self.site_wide is not None

    def budget(self) -> tuple[float | None, int | None]:
        if not self.rebuilding:
            return None, None
        budget = FOLLOW_UP_BUDGET if self.following_up else EDIT_BUDGET
        self.following_up = False
        return budget

    def watch(self, server) -> None:
        folder = Path(tempfile.mkdtemp(prefix="policy-site-follow-up-"))
        atexit.register(shutil.rmtree, folder, True)
        self.follow_up = folder / "rebuild"
        self.follow_up.write_text("", encoding="utf-8")
        server.watch(str(self.follow_up))

    def ask_again(self) -> None:
        """After a build: if pages are waiting, the server is to rebuild at once."""
        if self.waiting and self.follow_up is not None:
            self.following_up = True
            self.follow_up.write_text(str(self.waiting), encoding="utf-8")

    def report(self, staging: Staging, written: list[Path], everything: bool) -> str:
        if everything:
            return "the footer, navigation or theme changed: every page is rebuilt"
        pages = sorted(path.relative_to(staging.folder).as_posix() for path in written if path.suffix == ".md")
        shown = ", ".join(pages[:12]) + (f" and {len(pages) - 12} more" if len(pages) > 12 else "")
        return (f"rebuilt {len(pages)} changed page(s)" + (f": {shown}" if pages else "")
                + " (and the searchable ones, whose index is rebuilt each time)"
                + (f"; {self.waiting} more follow in the next rebuild" if self.waiting else ""))
