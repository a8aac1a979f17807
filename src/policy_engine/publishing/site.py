"""Everything one build publishes, computed from the repository in one pass."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .announcements import Announcement, announcement_problems, make_announcements
from ..core.cache import NO_CACHE, Cache, KeptFile
from ..reading.contact import Contact
from ..reading.contact_history import ContactHistory, load_contacts
from .feeds import atom_feed
from ..core.errors import PolicyError
from .manifest import MANIFEST_FILE, manifest_json
from .compare_data import version_data_json
from .compare_any import compare_any_page, data_path
from .pages import SitePage, contact_shown, document_pages, site_pages
from ..reading.retained_data import RetainedHistory, load_retained_data
from ..reading.publications import Register, load_register
from .publication_pages import publications_json, register_pages
from ..reading.settings import DEFAULT_LANGUAGE, LANGUAGES, DocumentSettings, Settings, build_day, load_settings
from ..reading.summaries import summary_problems
from ..reading.timeline import Timeline, make_timeline
from ..reading.versions import versions_of


@dataclass(frozen=True)
class History:
    """One versioned document as published on the day built for: its public versions and their notices."""

    document: DocumentSettings
    timeline: Timeline
    announcements: dict[str, Announcement]  # of the public versions


@dataclass(frozen=True)
class Site:
    settings: Settings
    timeline: Timeline  # the privacy policy's
    contacts: ContactHistory
    announcements: dict[str, Announcement]  # of the public versions of the privacy policy
    pages: list[SitePage]
    retained: RetainedHistory | None = None  # the APPI Art. 32 matters, dated
    cache: Cache = field(default_factory=lambda: NO_CACHE)  # what it kept and reused: the build log counts it
    others: tuple[History, ...] = ()  # the documents besides the privacy policy (policy.yml `documents:`)
    register: Register | None = None  # the dated 公表 records (publication_pages.py)

    @property
    def histories(self) -> tuple[History, ...]:
        """Every document's, the privacy policy first."""
        return (History(self.settings.documents[0], self.timeline, self.announcements), *self.others)

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

    def manifest_json(self, base: str = "/", pdfs: dict[tuple[str, str], KeptFile] | None = None) -> str:
        hashes = _hashes(pdfs)
        return manifest_json(self.timeline, self.announcements, self.contacts, base, self.retained, hashes)

    def document_manifests(self, base: str = "/", pdfs: dict[tuple[str, str], KeptFile] | None = None) -> dict[str, str]:
        """The manifest of every other document, by its path in the site (terms/versions.json)."""
        hashes = _hashes(pdfs)
        return {history.document.prefix + MANIFEST_FILE: manifest_json(
                    history.timeline, history.announcements, self.contacts, base, pdfs=hashes, document=history.document)
                for history in self.others}

    def pdfs(self, site_url: str) -> dict[tuple[str, str], KeptFile]:
        """Every public version's PDF per language, {(version key, language): PDF}: from the cache
        but for the new ones. The contact details are those the version's page shows. A version's
        key is its id under its document's prefix (urls.version_key): its id for the privacy policy."""
        from .version_pdf import version_pdf  # WeasyPrint is loaded only when a PDF is rendered
        cache = self.settings.cache()
        return {(urls.version_key(version), lang): version_pdf(
                    version, lang, contact_shown(history.timeline, self.contacts, version), site_url, cache)
                for history in self.histories for version in history.timeline.versions for lang in LANGUAGES}

    def compare_data(self) -> dict[str, str]:
        """The files the pages comparing any two versions fetch: path from the site root -> JSON."""
        cache = self.settings.cache()
        return {data_path(v.id, lang, history.document.prefix): version_data_json(v, lang, cache)
                for history in self.histories if compare_any_page(history.timeline, DEFAULT_LANGUAGE) is not None
                for v in history.timeline.versions for lang in LANGUAGES}

    def feed(self, lang: str, site_url: str) -> str:
        """`site_url` "" (no SITE_URL): links are root-relative paths, never a made-up address.
        One feed per language for the site: the notices of every document, each naming its own,
        and the register's records."""
        notices = [a for history in self.histories for a in history.announcements.values()]
        return atom_feed(self.timeline, notices, self.contacts, lang, site_url, self.retained, self.register)

    def publications_json(self, base: str = "/") -> str:
        """publications.json: the register for machines (schemas/publications.schema.json)."""
        return publications_json(self.register or Register((), self.settings.root), self.timeline.today, base)


def _hashes(pdfs: dict[tuple[str, str], KeptFile] | None) -> dict[tuple[str, str], str] | None:
    """The sha256 of every rendered PDF, as the manifests give them (None: no PDFs rendered)."""
    return None if pdfs is None else {key: pdf.sha256 for key, pdf in pdfs.items()}


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
    histories = []
    for document in settings.documents:
        try:
            histories.append(_history(settings, document, environ, cache))
        except PolicyError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PolicyError(problems)
    if time_budget is not None:
        cache.deadline = time.monotonic() + time_budget
    # Where the site is served, from the one address the generators are given too (SITE_URL).
    base = urls.base_path(environ.get(urls.SITE_URL_VARIABLE, ""))
    policy, *others = histories
    timeline, announcements = policy.timeline, policy.announcements
    pages = site_pages(timeline, contacts, announcements, cache, retained, settings.draft, base)
    pages += [page for lang in LANGUAGES if (page := compare_any_page(timeline, lang)) is not None]
    for history in others:
        pages += document_pages(history.timeline, contacts, history.announcements, cache, base)
        pages += [page for lang in LANGUAGES if (page := compare_any_page(history.timeline, lang)) is not None]
    pages += register_pages(register, timeline.today)
    return Site(settings, timeline, contacts, announcements, pages, retained, cache, others=tuple(others),
                register=register)


def _history(settings: Settings, document: DocumentSettings, environ: dict[str, str], cache: Cache) -> History:
    """A document's public versions and notices, checked: PolicyError naming every problem."""
    problems = []
    versions = versions_of(settings, document=document)
    every_announcement = make_announcements(versions, cache)
    problems.extend(announcement_problems(every_announcement, settings.notice_period_days))
    try:
        timeline = make_timeline(versions, build_day(settings, environ), settings.go_live)
    except PolicyError as exc:
        raise PolicyError(problems + exc.problems) from None
    # A TODO summary of a version public today would reach the history and the notice.
    problems.extend(p for p in summary_problems(versions, timeline.today) if p.severity == "error")
    if problems:
        raise PolicyError(problems)
    announcements = {v.id: every_announcement[v.id] for v in timeline.versions if v.id in every_announcement}
    return History(document, timeline, announcements)
