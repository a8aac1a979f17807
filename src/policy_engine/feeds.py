"""Atom feeds of the announcements, one per language, the same bytes for the same input."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import date, datetime, time
from urllib.parse import urljoin

import markdown

from . import urls
from .announcements import Announcement, announcement_markdown
from .contact import Contact
from .dates import JST
from .labels import label

ATOM = "http://www.w3.org/2005/Atom"
# Ids derive from the version id alone: they never change between builds or site addresses.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "medmain-privacy-policy")
MARKDOWN_EXTENSIONS = ["md_in_html", "tables", "attr_list"]


def _timestamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), JST).isoformat()


def entry_id(version_id: str, lang: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'announcement/{version_id}/{lang}')}"


def atom_feed(announcements: list[Announcement], contact: Contact, lang: str, site_url: str,
              fallback_updated: date) -> str:
    """The feed, newest first; `site_url` is the absolute address of the site root."""
    base = site_url if site_url.endswith("/") else site_url + "/"

    def absolute(src: str) -> str:
        return urljoin(base, urls.site_path(src, lang, "/").lstrip("/"))

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ordered = sorted(announcements, key=lambda a: (a.published, a.id), reverse=True)
    _text(feed, "id", f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'feed/{lang}')}")
    _text(feed, "title", f"{contact.company[lang]} {label(lang, 'announcements')}")
    _text(feed, "updated", _timestamp(ordered[0].published if ordered else fallback_updated))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml",
                  href=urljoin(base, urls.feed_path(lang).lstrip("/")))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=absolute(urls.ANNOUNCEMENTS))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", contact.company[lang])
    for announcement in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", entry_id(announcement.id, lang))
        _text(entry, "title", announcement.title(lang))
        _text(entry, "published", _timestamp(announcement.published))
        _text(entry, "updated", _timestamp(announcement.published))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=absolute(urls.announcement_page(announcement.id)))
        body = announcement_markdown(announcement, lang, contact, absolute, heading_level=1, title=False)
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="html")
        content.text = markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = text
