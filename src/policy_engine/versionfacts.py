"""What the site may say of a version as fact: which text prevails, and what its date is.

A version's date is its effective date only when the source gives one (version.yml
`effective_date_known`); otherwise it is the day of first publication on this site and is
labelled so (本サイト掲載日), never 施行. The language not named by `authoritative_language` is a
reference translation, and every page, notice and print of it says so.
"""

from __future__ import annotations

from .dates import format_date
from .labels import label
from .versions import Version


def is_translation(version: Version, lang: str) -> bool:
    return lang != version.authoritative_language


def translation_notice(version: Version, lang: str) -> str:
    """The sentence that says this language is a reference translation, or "" for the original."""
    return label(lang, "translation_notice") if is_translation(version, lang) else ""


def translation_admonition(version: Version, lang: str) -> str:
    """The notice as a Material admonition, for the site's pages (shown in print as well)."""
    if not is_translation(version, lang):
        return ""
    return (f'!!! note policy-translation "{label(lang, "translation_title")}"\n\n'
            f"    {label(lang, 'translation_notice')}\n\n")


def date_line(version: Version, lang: str, when: str | None = None) -> str:
    """「2026年11月24日施行」, or 「本サイト掲載日：2026年11月24日」 when the effective date is unknown;
    `when` is the date as written on the page (a <time> element), by default plain text."""
    when = when or format_date(version.effective, lang)
    return label(lang, "effective_line" if version.effective_known else "posted_line", date=when)


def version_title(version: Version, lang: str) -> str:
    key = "version_title" if version.effective_known else "version_title_posted"
    return label(lang, key, title=version.docs[lang].title, date=format_date(version.effective, lang))


def version_name(version: Version, lang: str) -> str:
    """「2026年11月24日施行版」 or 「2026年11月24日本サイト掲載版」, as a comparison names it."""
    key = "version_name" if version.effective_known else "version_name_posted"
    return label(lang, key, date=format_date(version.effective, lang))


def history_date(version: Version, lang: str) -> str:
    """The date in the history table: plain when effective, marked when first published here."""
    day = format_date(version.effective, lang)
    return day if version.effective_known else label(lang, "posted_mark", date=day)


def title_mark(version: Version, lang: str) -> str:
    """【サンプル】 before every notice title of sample data, nothing for real versions."""
    return label(lang, "sample_mark") if version.sample else ""
