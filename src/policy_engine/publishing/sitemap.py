"""sitemap.xml: every page of both languages, each with its translations (hreflang), for crawlers.

Written as mkdocs-static-i18n writes it (a test holds the two equal), so that a generator without
i18n (Zensical) publishes the same one; the pages are listed as MkDocs lists files: per language,
each folder's index first, then its files, then its folders.
"""

from __future__ import annotations

import gzip
import io
from datetime import datetime, time, timezone
from pathlib import PurePosixPath
from xml.sax.saxutils import escape

from . import urls
from ..reading.settings import LANGUAGES

SITEMAP = "sitemap.xml"


def _order(src: str) -> tuple:
    parts = PurePosixPath(src).parts
    return (parts[:-1], PurePosixPath(src).stem != "index", parts[-1])


def sitemap_xml(sources: list[str], site_url: str, day) -> str:
    root = site_url.rstrip("/") + "/"

    def address(src: str, lang: str) -> str:
        return escape(root + urls.site_path(src, lang).lstrip("/"))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for lang in LANGUAGES:
        for src in sorted(sources, key=_order):
            lines += ["    <url>", f"        <loc>{address(src, lang)}</loc>",
                      f"        <lastmod>{day.isoformat()}</lastmod>", "        <changefreq>daily</changefreq>"]
            lines += [f'        <xhtml:link rel="alternate" hreflang="{other}" href="{address(src, other)}"/>'
                      for other in (lang, *(o for o in LANGUAGES if o != lang))]  # its own first
            lines.append("    </url>")
    return "\n".join(lines) + "\n</urlset>"


def gzipped(text: str, day) -> bytes:
    """As MkDocs compresses it: dated at midnight UTC of the pages' date, the day built for."""
    buffer = io.BytesIO()
    midnight = int(datetime.combine(day, time(0, 0), timezone.utc).timestamp())
    with gzip.GzipFile(fileobj=buffer, filename=SITEMAP + ".gz", mode="wb", mtime=midnight) as file:
        file.write(text.encode("utf-8"))
    return buffer.getvalue()
