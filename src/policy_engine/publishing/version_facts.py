"""What the site may say of a version as fact: which text is the original, which text prevails,
and what its date is.

A version's date is its effective date only when the source gives one (version.yml
`effective_date_known`). Otherwise the site says the original states none, and, once the site has
gone live (policy.yml `go_live`), the day the version was first published on this site
(本サイト掲載日: the later of go-live and the version's own day), never 施行. The language not named
by `original_language` is a translation, and every page says which text is the original; which
text prevails is said only once the settings record the company's confirmation
(`prevailing_language`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..core.dates import format_date
from ..core.labels import label
from ..reading.versions import Version


def is_translation(version: Version, lang: str) -> bool:
    return lang != version.original_language


def _languages(version: Version, lang: str) -> dict[str, str]:
    other = "ja" if version.original_language == "en" else "en"
    return {"original": label(lang, f"language_{version.original_language}"),
            "translation": label(lang, f"language_{other}")}


def prevailing_sentence(version: Version, lang: str) -> str:
    """「両者に相違がある場合は英語版が優先します。」, only where the company confirmed it."""
    if version.prevailing is None:
        return ""
    return label(lang, "prevailing_notice", prevailing=label(lang, f"language_{version.prevailing}"))


def translation_notice(version: Version, lang: str) -> str:
    """The sentence that says this language is a translation of the original, or "" for the original."""
    if not is_translation(version, lang):
        return ""
    return label(lang, "translation_notice", version.document.name, **_languages(version, lang)) + prevailing_sentence(version, lang)


def original_notice(version: Version, lang: str) -> str:
    """What the original language's pages say: that they are the original, the other a translation."""
    return label(lang, "original_notice", version.document.name, **_languages(version, lang)) + prevailing_sentence(version, lang)


def translation_admonition(version: Version, lang: str) -> str:
    """Which text is the original, as a Material admonition on every page of a version (print too)."""
    if is_translation(version, lang):
        title, text = label(lang, "translation_title"), translation_notice(version, lang)
    else:
        title, text = label(lang, "original_title"), original_notice(version, lang)
    return f'!!! note policy-translation "{title}"\n\n    {text}\n\n'


def date_line(version: Version, lang: str, when: Callable[[date], str] | None = None) -> str:
    """「2026年11月24日施行」; for a version whose effective date is unknown, 「本サイト掲載日：…」
    once the site is live, else 「施行日：原文に記載がありません」. `when` writes a date as the page
    does (a <time> element); by default plain text."""
    when = when or (lambda day: format_date(day, lang))
    if version.effective_known:
        return label(lang, "effective_line", date=when(version.effective))
    if version.on_site_since is not None:
        return label(lang, "posted_line", date=when(version.on_site_since))
    return label(lang, "effective_unstated_line")


def version_title(version: Version, lang: str) -> str:
    title = version.docs[lang].title
    if version.effective_known:
        return label(lang, "version_title", title=title, date=format_date(version.effective, lang))
    if version.on_site_since is not None:
        return label(lang, "version_title_posted", title=title, date=format_date(version.on_site_since, lang))
    return label(lang, "version_title_unstated", title=title)


def version_name(version: Version, lang: str) -> str:
    """「2026年11月24日施行版」, 「2026年12月1日本サイト掲載版」 or 「施行日の記載のない版」, as a
    comparison names it."""
    if version.effective_known:
        return label(lang, "version_name", date=format_date(version.effective, lang))
    if version.on_site_since is not None:
        return label(lang, "version_name_posted", date=format_date(version.on_site_since, lang))
    return label(lang, "version_name_unstated")


def history_date(version: Version, lang: str) -> str:
    """The date in the history table: plain when effective, marked when first published here."""
    if version.effective_known:
        return format_date(version.effective, lang)
    if version.on_site_since is not None:
        return label(lang, "posted_mark", date=format_date(version.on_site_since, lang))
    return label(lang, "version_name_unstated")


def title_mark(version: Version, lang: str) -> str:
    """【サンプル】 before every notice title of sample data, nothing for real versions."""
    return label(lang, "sample_mark") if version.sample else ""
