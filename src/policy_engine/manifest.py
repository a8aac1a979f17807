"""versions.json: every public version for machines (schema: schemas/versions.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from . import urls
from .announcements import Announcement
from .contactnotes import change_anchor
from .contacts import ContactChange, ContactHistory
from .settings import LANGUAGES
from .timeline import Timeline
from .versions import Version

MANIFEST_FILE = "versions.json"
MANIFEST_SCHEMA = "versions.schema.json"


# The sha256 of each version's PDF per language, {(version id, language): hash}; None where the
# PDFs are not made (a development server's rebuilds): versions.json then lists none.
PdfHashes = dict[tuple[str, str], str] | None


def manifest(timeline: Timeline, announcements: dict[str, Announcement], contacts: ContactHistory,
             base: str = "/", pdfs: PdfHashes = None) -> dict[str, Any]:
    return {
        "$schema": urls.schema_path(MANIFEST_SCHEMA, base),
        "languages": list(LANGUAGES),
        "current": timeline.current.id,
        "feeds": {lang: urls.feed_path(lang, base) for lang in LANGUAGES},
        "versions": [_entry(timeline, version, announcements.get(version.id), base, pdfs)
                     for version in timeline.versions],
        "contact_changes": [_contact_change(change, base) for change in contacts.changes(until=timeline.today)],
    }


def _contact_change(change: ContactChange, base: str) -> dict[str, Any]:
    """A dated change of the contact details: each changed field, before and after, per language."""
    history = _per_language(urls.HISTORY, base)
    return {
        "date": change.day.isoformat(),
        "changes": [{"field": f.key, "before": f.old, "after": f.new} for f in change.fields],
        "url": {lang: f"{url}#{change_anchor(change)}" for lang, url in history.items()},
    }


def _per_language(src: str, base: str) -> dict[str, str]:
    return {lang: urls.site_path(src, lang, base) for lang in LANGUAGES}


def _entry(timeline: Timeline, version: Version, announcement: Announcement | None,
           base: str, pdfs: PdfHashes) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": version.id,
        # The folder's date; where effective_known is false it is no effective date but the day
        # of first publication on this site (kept here so that readers of `effective` keep working).
        "effective": version.effective.isoformat(),
        "effective_known": version.effective_known,
        "first_published_on_site": version.published.isoformat(),
        "announced": version.announced.isoformat() if version.announced else None,
        "authoritative_language": version.authoritative_language,
        "status": timeline.status(version),
        "sha256": {lang: version.sha256(lang) for lang in LANGUAGES},
        "url": _per_language(urls.version_page(version.id), base),
    }
    # Downloads (new keys, so that other additions merge cleanly): the texts whose hashes `sha256`
    # gives, and the PDFs with their own.
    entry["text"] = {lang: urls.file_path(urls.version_file(version.id, lang, "txt"), base) for lang in LANGUAGES}
    if pdfs is not None:
        entry["pdf"] = {lang: {"url": urls.file_path(urls.version_file(version.id, lang, "pdf"), base),
                               "sha256": pdfs[version.id, lang]} for lang in LANGUAGES}
    comparisons = timeline.comparisons(version)
    if comparisons:
        entry["diff"] = {kind: _per_language(urls.compare_page(old.id, new.id), base)
                         for kind, (old, new) in comparisons.items()}
    # null for the first version: there was nothing before it to change
    entry["purposes_changed"] = announcement.purposes_changed if announcement else None
    if announcement:
        entry["announcement"] = _per_language(urls.announcement_page(version.id), base)
    return entry


def manifest_json(timeline: Timeline, announcements: dict[str, Announcement], contacts: ContactHistory,
                  base: str = "/", pdfs: PdfHashes = None) -> str:
    return json.dumps(manifest(timeline, announcements, contacts, base, pdfs), ensure_ascii=False, indent=2) + "\n"
