"""Everything one build publishes, computed from the repository in one pass."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .announcements import Announcement, announcement_problems, make_announcements
from ..core.cache import NO_CACHE, Cache
from ..reading.contact import Contact
from ..reading.contact_history import ContactHistory, load_contacts
from .feeds import atom_feed
from ..core.errors import PolicyError
from .manifest import manifest_json
from .compare_data import version_data_json
from .compare_any import compare_any_page, data_path
from .pages import SitePage, contact_shown, site_pages
from ..reading.retained_data import RetainedHistory, load_retained_data
from ..reading.publications import Register, load_register
from .publication_pages import publications_json, register_pages
from ..reading.settings import DEFAULT_LANGUAGE, LANGUAGES, Settings, build_day, load_settings
from ..reading.summaries import summary_problems
from ..reading.timeline import Timeline, make_timeline
from ..reading.versions import versions_of


@dataclass(frozen=True)
class Site:
    settings: Settings
    timeline: Timeline
    contacts: ContactHistory
    announcements: dict[str, Announcement]  # of the public versions
    pages: list[SitePage]
    retained: RetainedHistory | None = None  # the APPI Art. 32 matters, dated
    cache: Cache = field(default_factory=lambda: NO_CACHE)  # what it kept and reused: the build log counts it
    register: Register | None = None  # the dated 公表 records (publication_pages.py)

    @property
    def draft(self) -> bool:
        return self.settings.draft

    def sections_note(self) -> str:
        """How many changed sections of the comparisons were rendered as Markdown and how many reused."""
        kinds = ("redline-section", "table-section")
        return (f"comparison sections: {sum(self.cache.computed[k] for k in kinds)} rendered, "
                f"{sum(self.cache.found[k] for k in kinds)} reused")

    @property
    def contact(self) -> Contact:
        """The contact details in effect on the day built for (the footer, the contact page)."""
        return self.contacts.on(self.timeline.today)

    def manifest_json(self, base: str = "/", pdfs: dict[tuple[str, str], bytes] | None = None) -> str:
        hashes = None if pdfs is None else {key: hashlib.sha256(pdf).hexdigest() for key, pdf in pdfs.items()}
        return manifest_json(self.timeline, self.announcements, self.contacts, base, self.retained, hashes)

    def pdfs(self, site_url: str) -> dict[tuple[str, str], bytes]:
        """Every public version's PDF per language, {(version id, language): PDF}: from the cache
        but for the new ones. The contact details are those the version's page shows."""
        from .version_pdf import version_pdf  # WeasyPrint is loaded only when a PDF is rendered
        cache = self.settings.cache()
        return {(version.id, lang): version_pdf(version, lang, contact_shown(self.timeline, self.contacts, version),
                                                site_url, cache)
                for version in self.timeline.versions for lang in LANGUAGES}

    def compare_data(self) -> dict[str, str]:
        """The files the page comparing any two versions fetches: path from the site root -> JSON."""
        if compare_any_page(self.timeline, DEFAULT_LANGUAGE) is None:
            return {}
        cache = self.settings.cache()
        return {data_path(v.id, lang): version_data_json(v, lang, cache)
                for v in self.timeline.versions for lang in LANGUAGES}

    def feed(self, lang: str, site_url: str) -> str:
        """`site_url` "" (no SITE_URL): links are root-relative paths, never a made-up address."""
        return atom_feed(self.timeline, list(self.announcements.values()), self.contacts, lang, site_url,
                         self.retained, self.register)

    def publications_json(self, base: str = "/") -> str:
        """publications.json: the register for machines (schemas/publications.schema.json)."""
        return publications_json(self.register or Register((), self.settings.root), self.timeline.today, base)


def build_site(root: Path, environ: dict[str, str] | None = None, time_budget: float | None = None) -> Site:
    """Load and check the whole repository; raise PolicyError before anything is written.
    With `time_budget` (seconds), comparisons not computed by then are left for a later build
    (their pages are `deferred`): a development server shows an edit at once."""
    environ = os.environ if environ is None else environ
    settings = load_settings(root, environ)
    problems = []
    try:
        contacts = load_contacts(settings.contact_file)
    except PolicyError as exc:
        problems.extend(exc.problems)
    retained = None
    try:
        retained = load_retained_data(settings.retained_data_file)
    except PolicyError as exc:
        problems.extend(exc.problems)
    register = None
    try:
        register = load_register(settings.publications_dir)
    except PolicyError as exc:
        problems.extend(exc.problems)
    cache = settings.cache()
    try:
        versions = versions_of(settings)
        every_announcement = make_announcements(versions, cache)
        problems.extend(announcement_problems(every_announcement, settings.notice_period_days))
        timeline = make_timeline(versions, build_day(settings, environ), settings.go_live)
        # A TODO summary of a version public today would reach the history and the notice.
        problems.extend(p for p in summary_problems(versions, timeline.today) if p.severity == "error")
    except PolicyError as exc:
        problems.extend(exc.problems)
    if problems:
        raise PolicyError(problems)
    announcements = {v.id: every_announcement[v.id] for v in timeline.versions if v.id in every_announcement}
    if time_budget is not None:
        cache.deadline = time.monotonic() + time_budget
    # Where the site is served, from the one address the generators are given too (SITE_URL).
    base = urls.base_path(environ.get(urls.SITE_URL_VARIABLE, ""))
    pages = site_pages(timeline, contacts, announcements, cache, retained, settings.draft, base)
    pages += [page for lang in LANGUAGES if (page := compare_any_page(timeline, lang)) is not None]
    pages += register_pages(register, timeline.today)
    return Site(settings, timeline, contacts, announcements, pages, retained, cache, register)
