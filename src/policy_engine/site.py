"""Everything one build publishes, computed from the repository in one pass."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .contact import Contact, load_contact
from .dates import today as today_in_japan
from .errors import PolicyError, Problem
from .manifest import manifest_json
from .pages import SitePage, site_pages
from .settings import Settings, load_settings
from .timeline import Timeline, make_timeline
from .versions import load_versions


@dataclass(frozen=True)
class Site:
    settings: Settings
    timeline: Timeline
    contact: Contact
    pages: list[SitePage]

    def manifest_json(self, base: str = "/") -> str:
        return manifest_json(self.timeline, base)


def load_timeline(settings: Settings, day: date | None = None) -> Timeline:
    return make_timeline(load_versions(settings.versions_dir), day or _today(settings))


def build_site(root: Path, environ: dict[str, str] | None = None) -> Site:
    """Load and check the whole repository; raise PolicyError before anything is written."""
    environ = os.environ if environ is None else environ
    settings = load_settings(root, environ)
    problems = []
    try:
        contact = load_contact(settings.contact_file)
    except PolicyError as exc:
        problems.extend(exc.problems)
    try:
        timeline = load_timeline(settings, _today(settings, environ))
    except PolicyError as exc:
        problems.extend(exc.problems)
    if problems:
        raise PolicyError(problems)
    return Site(settings, timeline, contact, site_pages(timeline, contact))


def _today(settings: Settings, environ: dict[str, str] | None = None) -> date:
    try:
        return today_in_japan(environ)
    except ValueError as exc:
        raise PolicyError([Problem(settings.source, str(exc))]) from None
