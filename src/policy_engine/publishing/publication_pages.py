"""The register of dated 公表 records (reading/publications.py) as the site publishes it: the page
「匿名加工情報に関する公表事項」 listing every public record newest first, each record's permanent page,
the link from section 3 of the policy, the feeds' entries and publications.json.

A record is shown on and after its day of publication only; one corrected says so and links to the
correction, which links back. Nothing is shown that a record does not give.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import urls
from ..core.dates import format_date
from ..core.labels import label
from ..reading.markup import plain_markdown
from .pages import SitePage, _front_matter, _time  # out of the search index: a record is an archive
from ..reading.publications import Publication, Register, kinds, register_basis
from ..reading.settings import LANGUAGES

PUBLICATIONS_FILE = "publications.json"
PUBLICATIONS_SCHEMA = "publications.schema.json"
Link = Callable[[str], str]  # a page source -> the address to write for it


def _paragraphs(text: str) -> str:
    return "\n\n".join(plain_markdown(" ".join(part.split())) for part in text.split("\n\n") if part.strip())


def record_body(record: Publication, register: Register, lang: str, link: Link, today: date,
                heading_level: int = 2) -> str:
    """A record as its page shows it below the title: when and under what it is published, its
    corrections either way, then each field the law requires, in the kind's order."""
    spec = record.spec
    hashes = "#" * heading_level
    meta = label(lang, "meta_separator").join([
        label(lang, "publication_published", date=_time(record.published, lang)),
        label(lang, "publication_kind", kind=spec["name"][lang], article=spec["article"][lang]),
        label(lang, "publication_list", link=link(urls.PUBLICATIONS)),
    ])
    parts = [f"{meta}\n{{ .policy-meta }}\n\n"]
    for correction in register.corrections(record, today):
        text = label(lang, "publication_corrected_by", date=_time(correction.published, lang),
                     link=link(urls.publication_page(correction.id)))
        parts.append(f'!!! warning "{label(lang, "publication_corrected_title")}"\n\n    {text}\n\n')
    corrected = register.get(record.corrects) if record.corrects else None
    if corrected is not None:
        text = label(lang, "publication_corrects", date=_time(corrected.published, lang),
                     title=plain_markdown(corrected.title[lang]), link=link(urls.publication_page(corrected.id)))
        parts.append(f'!!! info "{label(lang, "publication_correction_title")}"\n\n    {text}\n\n')
    for spec_field in record.fields():
        key, value = spec_field["key"], record.values[spec_field["key"]]
        if spec_field["type"] == "date":
            body = _time(value, lang)
        elif spec_field["type"] == "list":
            body = "\n".join(f"- {plain_markdown(' '.join(item[lang].split()))}" for item in value)
        else:
            body = _paragraphs(value[lang])
        parts.append(f"{hashes} {plain_markdown(spec_field['label'][lang])} {{#{key.replace('_', '-')}}}\n\n{body}\n\n")
    return "".join(parts).rstrip() + "\n"


def record_page(record: Publication, register: Register, lang: str, today: date) -> SitePage:
    src = urls.publication_page(record.id)
    title = record.title[lang]
    body = record_body(record, register, lang, lambda target: urls.link(src, target), today)
    return SitePage(lang, src, _front_matter(title) + f"# {plain_markdown(title)} {{#title}}\n\n" + body)


def register_page(register: Register, lang: str, today: date) -> SitePage:
    """Every public record, newest first; where there is none, that there is none yet."""
    src = urls.PUBLICATIONS
    title = label(lang, "publications")
    items = []
    for record in register.public_on(today):
        item = "- " + label(lang, "publication_item", date=_time(record.published, lang),
                            kind=record.spec["name"][lang], title=plain_markdown(record.title[lang]),
                            link=urls.link(src, urls.publication_page(record.id)))
        corrected = register.get(record.corrects) if record.corrects else None
        if corrected is not None:
            item += label(lang, "publication_correction_mark", date=format_date(corrected.published, lang))
        corrections = register.corrections(record, today)
        if corrections:
            links = [f"[{label(lang, 'publication_correction_link', date=format_date(c.published, lang))}]"
                     f"({urls.link(src, urls.publication_page(c.id))})" for c in corrections]
            item += label(lang, "publication_corrected_mark", corrections=("、" if lang == "ja" else ", ").join(links))
        items.append(item)
    listing = "\n".join(items) if items else label(lang, "publications_none")
    intro = label(lang, "publications_intro", basis=register_basis(lang))
    return SitePage(lang, src, _front_matter(title) + f"# {title} {{#title}}\n\n{intro}\n\n{listing}\n")


def register_pages(register: Register, today: date) -> list[SitePage]:
    """The register and the permanent page of each public record, in both languages."""
    return [page for lang in LANGUAGES for page in
            [register_page(register, lang, today)]
            + [record_page(record, register, lang, today) for record in reversed(register.public_on(today))]]


@dataclass(frozen=True)
class FeedItem:
    """What a feed entry of a record is made of (feeds.py writes the entry)."""

    record: Publication
    title: str
    src: str
    markdown: str


def feed_items(register: Register, lang: str, today: date, absolute: Link) -> list[FeedItem]:
    return [FeedItem(record, _feed_title(record, lang), urls.publication_page(record.id),
                     record_body(record, register, lang, absolute, today))
            for record in register.public_on(today)]


def _feed_title(record: Publication, lang: str) -> str:
    return f"{label(lang, 'publications')}: {record.title[lang]}" if lang == "en" else \
        f"{label(lang, 'publications')}：{record.title[lang]}"


def _per_language(src: str, base: str) -> dict[str, str]:
    return {lang: urls.site_path(src, lang, base) for lang in LANGUAGES}


def record_json(record: Publication, register: Register, today: date, base: str = "/") -> dict[str, Any]:
    """A record for machines: in publications.json and as the webhook's event."""
    spec = record.spec
    return {
        "id": record.id,
        "kind": record.kind,
        "published": record.published.isoformat(),
        "title": dict(record.title),
        "kind_name": dict(spec["name"]),
        "basis": dict(spec["article"]),
        "fields": record.as_json(),
        "corrects": record.corrects,
        "corrected_by": [c.id for c in register.corrections(record, today)],
        "url": _per_language(urls.publication_page(record.id), base),
    }


def publications_manifest(register: Register, today: date, base: str = "/") -> dict[str, Any]:
    return {
        "$schema": urls.schema_path(PUBLICATIONS_SCHEMA, base),
        "languages": list(LANGUAGES),
        "url": _per_language(urls.PUBLICATIONS, base),
        "kinds": sorted(kinds()),
        "publications": [record_json(record, register, today, base) for record in register.public_on(today)],
    }


def publications_json(register: Register, today: date, base: str = "/") -> str:
    return json.dumps(publications_manifest(register, today, base), ensure_ascii=False, indent=2) + "\n"
