"""Atom feeds of the announcements and the contact changes, one per language, the same bytes for
the same input."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
import xml.etree.ElementTree as ET
from datetime import date, datetime, time
from functools import lru_cache
from urllib.parse import urljoin

import markdown

from . import urls
from .announcements import Announcement, announcement_markdown
from .contact_changes import CONTACT_NOTES, RETAINED_NOTES
from ..reading.contact_history import ContactChange, ContactHistory
from ..reading.retained_data import RetainedHistory
from ..reading.publications import Register
from .publication_pages import feed_items
from ..core.dates import JST
from ..core.labels import label
from ..reading.rendering import FRAGMENT_EXTENSIONS
from ..reading.timeline import Timeline

ATOM = "http://www.w3.org/2005/Atom"
# Ids derive from the version id alone: they never change between builds or site addresses.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "medmain-privacy-policy")
# A feed is polled again and again: it holds the latest entries, and points to the announcements
# page, which lists them all, so its size stays the same however long the history grows.
FEED_ENTRIES = 20


@lru_cache(maxsize=512)  # the same entries are written on every build
def _html(text: str) -> str:
    return markdown.markdown(text, extensions=FRAGMENT_EXTENSIONS)


def _timestamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), JST).isoformat()


def entry_id(version_id: str, lang: str, prefix: str = "") -> str:
    """A notice's, by its version's id (under its document's prefix: the privacy policy's have none)."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'announcement/{prefix}{version_id}/{lang}')}"


def contact_entry_id(change: ContactChange, lang: str, name: str = "contact") -> str:
    """A dated record's change (`name`: contact, retained-data), by its day alone."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{name}-change/{change.day.isoformat()}/{lang}')}"


def publication_entry_id(record_id: str, lang: str) -> str:
    """A dated 公表 record's entry, by its id alone: a correction is another record, another entry."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'publication/{record_id}/{lang}')}"


@dataclass(frozen=True)
class _Entry:
    id: str
    day: date
    title: str
    src: str  # the page it links to
    anchor: str
    markdown: str  # the content, links absolute


def atom_feed(timeline: Timeline, announcements: list[Announcement], contacts: ContactHistory, lang: str,
              site_url: str, retained: RetainedHistory | None = None, register: Register | None = None) -> str:
    """The latest FEED_ENTRIES announcements and changes of the dated records (contact details,
    APPI Art. 32 matters), newest first; the announcements page lists them all. `site_url` is the
    absolute address of the site root; without one (a local build) links are root-relative paths,
    which Atom allows, rather than an address the site is not published at."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    if "://" not in base:
        base = "/"

    def absolute(src: str, anchor: str = "") -> str:
        return urljoin(base, urls.site_path(src, lang, "/").lstrip("/")) + (f"#{anchor}" if anchor else "")

    entries = [_Entry(entry_id(a.id, lang, a.version.document.prefix), a.published, a.title(lang),
                      urls.announcement_page(a.id, a.version.document.prefix), "",
                      # the notice as its page shows it: the contact details it was published with
                      announcement_markdown(a, lang, contacts.on(a.published), absolute, heading_level=1, title=False,
                                            today=timeline.today))
               for a in announcements]
    dated: list[tuple] = [(CONTACT_NOTES, contacts.changes(until=timeline.today))]
    if retained is not None:
        dated.append((RETAINED_NOTES, retained.changes(until=timeline.today)))
    entries += [_Entry(contact_entry_id(c, lang, notes.name), c.day, notes.title(c, lang), urls.HISTORY,
                       notes.anchor(c), notes.markdown(c, lang))
                for notes, changes in dated for c in changes]
    if register is not None:  # the dated 公表 records, each its own entry (publication_pages.py)
        entries += [_Entry(publication_entry_id(item.record.id, lang), item.record.published, item.title, item.src,
                           "", item.markdown) for item in feed_items(register, lang, timeline.today, absolute)]
    entries = sorted(entries, key=lambda e: (e.day, e.id), reverse=True)[:FEED_ENTRIES]

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    company = contacts.on(timeline.today).company[lang]
    _text(feed, "id", f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'feed/{lang}')}")
    _text(feed, "title", f"{company} {label(lang, 'announcements')}")
    # Without entries, the site's go-live, else the day built for: never a version's folder date,
    # which is no date the company gave.
    quiet = timeline.versions[0].on_site_since or timeline.today
    _text(feed, "updated", _timestamp(entries[0].day if entries else quiet))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml",
                  href=urljoin(base, urls.feed_path(lang).lstrip("/")))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=absolute(urls.ANNOUNCEMENTS))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", company)
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", item.id)
        _text(entry, "title", item.title)
        _text(entry, "published", _timestamp(item.day))
        _text(entry, "updated", _timestamp(item.day))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=absolute(item.src, item.anchor))
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="html")
        content.text = _html(item.markdown)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = text
