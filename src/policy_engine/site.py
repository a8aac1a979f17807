"""Everything one build publishes, computed from the repository in one pass."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from .announcements import Announcement, announcement_problems, make_announcements
from .contact import Contact
from .contacts import ContactHistory, load_contacts
from .feeds import atom_feed
from .errors import PolicyError
from .manifest import manifest_json
from .comparedata import version_data_json
from .comparepage import compare_any_page, data_path
from .pages import SitePage, site_pages
from .settings import DEFAULT_LANGUAGE, LANGUAGES, Settings, build_day, load_settings
from .summaries import summary_problems
from .timeline import Timeline, make_timeline
from .versions import versions_of


@dataclass(frozen=True)
class Site:
    settings: Settings
    timeline: Timeline
    contacts: ContactHistory
    announcements: dict[str, Announcement]  # of the public versions
    pages: list[SitePage]

    @property
    def contact(self) -> Contact:
        """The contact details in effect on the day built for (the footer, the contact page)."""
        return self.contacts.on(self.timeline.today)

    def manifest_json(self, base: str = "/") -> str:
        return manifest_json(self.timeline, self.announcements, self.contacts, base)

    def compare_data(self) -> dict[str, str]:
        """The files the page comparing any two versions fetches: path from the site root -> JSON."""
        if compare_any_page(self.timeline, DEFAULT_LANGUAGE) is None:
            return {}
        cache = self.settings.cache()
        return {data_path(v.id, lang): version_data_json(v, lang, cache)
                for v in self.timeline.versions for lang in LANGUAGES}

    def feed(self, lang: str, site_url: str) -> str:
        return atom_feed(self.timeline, list(self.announcements.values()), self.contacts, lang, site_url)


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
    cache = settings.cache()
    try:
        versions = versions_of(settings)
        every_announcement = make_announcements(versions, cache)
        problems.extend(announcement_problems(every_announcement, settings.notice_period_days))
        timeline = make_timeline(versions, build_day(settings, environ))
        # A TODO summary of a version public today would reach the history and the notice.
        problems.extend(p for p in summary_problems(versions, timeline.today) if p.severity == "error")
    except PolicyError as exc:
        problems.extend(exc.problems)
    if problems:
        raise PolicyError(problems)
    announcements = {v.id: every_announcement[v.id] for v in timeline.versions if v.id in every_announcement}
    if time_budget is not None:
        cache.deadline = time.monotonic() + time_budget
    pages = site_pages(timeline, contacts, announcements, cache)
    pages += [page for lang in LANGUAGES if (page := compare_any_page(timeline, lang)) is not None]
    return Site(settings, timeline, contacts, announcements, pages)
