"""versions.json: every public version for machines (schema: schemas/versions.schema.json). The
privacy policy's is at the site root; another document's, of the same shape with its `document`,
under its prefix (terms/versions.json)."""

from __future__ import annotations

import json
from typing import Any

from . import urls
from .announcements import Announcement
from .contact_changes import CONTACT_NOTES, RETAINED_NOTES, ChangeNotes
from ..reading.contact_history import ContactHistory
from ..reading.dated_records import DatedChange
from ..reading.retained_data import RetainedHistory
from ..reading.settings import LANGUAGES, DocumentSettings
from ..reading.timeline import Timeline
from ..reading.versions import Version

MANIFEST_FILE = "versions.json"
MANIFEST_SCHEMA = "versions.schema.json"


# The sha256 of each version's PDF per language, {(version id, language): hash}; None where the
# PDFs are not made (a development server's rebuilds): versions.json then lists none.
PdfHashes = dict[tuple[str, str], str] | None


def manifest(timeline: Timeline, announcements: dict[str, Announcement], contacts: ContactHistory,
             base: str = "/", retained: RetainedHistory | None = None, pdfs: PdfHashes = None,
             document: DocumentSettings | None = None) -> dict[str, Any]:
    """`document`: another document than the privacy policy, whose manifest names it and lists no
    changes of the site's dated records (the privacy policy's lists them)."""
    data: dict[str, Any] = {
        "$schema": urls.schema_path(MANIFEST_SCHEMA, base),
        "languages": list(LANGUAGES),
        "current": timeline.current.id,
        "feeds": {lang: urls.feed_path(lang, base) for lang in LANGUAGES},
        "versions": [_entry(timeline, version, announcements.get(version.id), base, pdfs)
                     for version in timeline.versions],
    }
    if document is not None:
        data["document"] = {"id": document.id, "title": dict(document.title or {}),
                            "url": _per_language(document.prefix + urls.POLICY, base)}
        return data
    data["contact_changes"] = [_dated_change(CONTACT_NOTES, change, base)
                               for change in contacts.changes(until=timeline.today)]
    if retained is not None:
        since = retained.since_on(timeline.today)
        data["retained_data"] = {
            "url": _per_language(urls.RETAINED_DATA, base),
            "since": since.isoformat() if since else None,
            "missing": [matter["key"] for matter in retained.on(timeline.today).missing()],
        }
        data["retained_data_changes"] = [_dated_change(RETAINED_NOTES, change, base)
                                         for change in retained.changes(until=timeline.today)]
    return data


def _dated_change(notes: ChangeNotes, change: DatedChange, base: str) -> dict[str, Any]:
    """A dated change of a record (contact details, Art. 32 matters): each changed field, before
    and after, per language."""
    history = _per_language(urls.HISTORY, base)
    return {
        "date": change.day.isoformat(),
        "changes": [{"field": f.key, "before": f.old, "after": f.new} for f in change.fields],
        "url": {lang: f"{url}#{notes.anchor(change)}" for lang, url in history.items()},
    }


def _per_language(src: str, base: str) -> dict[str, str]:
    return {lang: urls.site_path(src, lang, base) for lang in LANGUAGES}


def _entry(timeline: Timeline, version: Version, announcement: Announcement | None,
           base: str, pdfs: PdfHashes) -> dict[str, Any]:
    prefix = version.document.prefix
    entry: dict[str, Any] = {
        "id": version.id,
        # null where the company has given no effective date: the folder's date is then no date
        # of the company's, and nothing is derived from it.
        "effective": version.effective.isoformat() if version.effective_known else None,
        "effective_known": version.effective_known,
        # null until the site has gone live (policy.yml go_live): before, nothing was published here.
        "first_published_on_site": version.on_site_since.isoformat() if version.on_site_since else None,
        "announced": version.announced.isoformat() if version.announced else None,
        "original_language": version.original_language,
        # null until the settings record the company's confirmation of which text prevails.
        "prevailing_language": version.prevailing,
        "status": timeline.status(version),
        "sha256": {lang: version.sha256(lang) for lang in LANGUAGES},
        "url": _per_language(urls.version_page(version.id, prefix), base),
    }
    # Downloads (new keys, so that other additions merge cleanly): the texts whose hashes `sha256`
    # gives, and the PDFs with their own.
    entry["text"] = {lang: urls.file_path(urls.version_file(version.id, lang, "txt", prefix), base)
                     for lang in LANGUAGES}
    if pdfs is not None:
        entry["pdf"] = {lang: {"url": urls.file_path(urls.version_file(version.id, lang, "pdf", prefix), base),
                               "sha256": pdfs[urls.version_key(version), lang]} for lang in LANGUAGES}
    comparisons = timeline.comparisons(version)
    if comparisons:
        entry["diff"] = {kind: _per_language(urls.compare_page(old.id, new.id, prefix), base)
                         for kind, (old, new) in comparisons.items()}
    # null for the first version (there was nothing before it to change), and for every version of
    # a document without purposes of use
    entry["purposes_changed"] = (announcement.purposes_changed if announcement and version.document.privacy_policy
                                 else None)
    if announcement:
        entry["announcement"] = _per_language(urls.announcement_page(version.id, prefix), base)
    return entry


def manifest_json(timeline: Timeline, announcements: dict[str, Announcement], contacts: ContactHistory,
                  base: str = "/", retained: RetainedHistory | None = None, pdfs: PdfHashes = None,
                  document: DocumentSettings | None = None) -> str:
    return json.dumps(manifest(timeline, announcements, contacts, base, retained, pdfs, document),
                      ensure_ascii=False, indent=2) + "\n"
