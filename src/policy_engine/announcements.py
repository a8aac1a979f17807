"""Revision notices (お知らせ): one per version after the first, in each language.

APPI Art. 21(3) requires changed purposes of use to be notified or published, so a version that
changes them must be announced at least `notice_period_days` before it takes effect, and both
languages must agree on whether the purposes changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Callable

from . import urls
from .cache import NO_CACHE, Cache
from .comparison import Comparison, compare_section
from .contact import Contact
from .dates import format_date
from .errors import Problem
from .labels import label
from .markup import plain_markdown
from .purposes import PURPOSES_ID, PurposeChanges, detect
from .redline import comparison_table_markdown
from .settings import LANGUAGES
from .versionfacts import title_mark, translation_admonition, translation_notice
from .versions import Version

Link = Callable[[str], str]  # page source -> the URL to write for it


@dataclass(frozen=True)
class Announcement:
    version: Version
    previous: Version
    purposes: dict[str, PurposeChanges]
    cache: Cache = field(default_factory=lambda: NO_CACHE, compare=False, repr=False)  # where its parts are kept

    @property
    def id(self) -> str:
        return self.version.id

    @property
    def published(self):
        return self.version.published

    @property
    def purposes_changed(self) -> bool:
        return self.purposes[LANGUAGES[0]].purposes_changed

    def title(self, lang: str) -> str:
        return title_mark(self.version, lang) + label(
            lang, "notice_purposes_title" if self.purposes_changed else "notice_revision_title")


def make_announcements(versions: list[Version], cache: Cache = NO_CACHE) -> dict[str, Announcement]:
    """The announcement of every version after the first, by version id."""
    def purposes(old: Version, new: Version, lang: str) -> PurposeChanges:
        return cache.remember("purposes", (lang, old.sha256(lang), new.sha256(lang)),
                              lambda: detect(old.docs[lang], new.docs[lang]), asdict, _purpose_changes)

    return {new.id: Announcement(new, old, {lang: purposes(old, new, lang) for lang in LANGUAGES}, cache)
            for old, new in zip(versions, versions[1:])}


def _purpose_changes(stored: dict) -> PurposeChanges:
    return PurposeChanges(**{**stored, "changed": [tuple(pair) for pair in stored["changed"]]})


def announcement_problems(announcements: dict[str, Announcement], notice_period_days: int) -> list[Problem]:
    problems = []
    for announcement in announcements.values():
        version = announcement.version
        changed = {lang: changes.purposes_changed for lang, changes in announcement.purposes.items()}
        if len(set(changed.values())) > 1:
            yes = [lang for lang, value in changed.items() if value]
            no = [lang for lang, value in changed.items() if not value]
            section = version.docs[yes[0]].section(PURPOSES_ID)
            other = version.docs[no[0]].section(PURPOSES_ID)
            problems.append(Problem(
                version.file(yes[0]),
                f"the purposes of use change in {', '.join(f'{l}.md' for l in yes)} but not in "
                f"{', '.join(f'{l}.md' for l in no)} (line {other.line if other else '?'}): "
                "the languages must agree", section.line if section else None))
            continue
        if not announcement.purposes_changed:
            continue
        days = (version.effective - version.published).days
        if days < notice_period_days:
            latest = version.effective - timedelta(days=notice_period_days)
            where = version.version_file if version.announced else version.folder
            problems.append(Problem(
                where,
                f"the purposes of use change, so this version must be announced at least "
                f"{notice_period_days} days before it takes effect on {version.id}: announced "
                f"{days} days before, {notice_period_days - days} days short (announce on or before "
                f"{latest.isoformat()} with `announced:` in {version.version_file.name}, "
                f"or take effect later)",
                version.announced_line))
    return problems


def purposes_comparison(announcement: Announcement, lang: str) -> Comparison:
    return compare_section(announcement.previous.docs[lang], announcement.version.docs[lang], PURPOSES_ID)


def _purposes_table(announcement: Announcement, lang: str) -> str:
    """The notice's 新旧対照表 of the purposes: every build writes each notice twice (its page and
    the feed), and a development server again on every edit."""
    return announcement.cache.remember(
        "purposes-table", (lang, announcement.previous.sha256(lang), announcement.version.sha256(lang)),
        lambda: comparison_table_markdown(purposes_comparison(announcement, lang)))


def _bullets(items: list[str]) -> str:
    return "".join(f"- {_plain_markdown(item)}\n" for item in items)


def _plain_markdown(text: str) -> str:
    """Plain text from the policy, safe inside Markdown and inside a table cell."""
    return plain_markdown(text).replace("|", "\\|")


def notice_date_line(announcement: Announcement, lang: str) -> str:
    """「公表日：2026年2月20日／施行日：2026年4月1日」; for a version whose effective date is unknown,
    「本サイト掲載日：…」 alone (its date is no effective date)."""
    version = announcement.version
    if not version.effective_known:
        return label(lang, "notice_dates_posted", posted=format_date(version.effective, lang))
    return label(lang, "notice_dates", announced=format_date(announcement.published, lang),
                 effective=format_date(version.effective, lang))


def notice_lead(announcement: Announcement, lang: str) -> str:
    """The opening paragraph: the revision, the day it takes effect, and (APPI Art. 21(3)) that the
    changed purposes of use are hereby published."""
    version = announcement.version
    lead = (label(lang, "notice_lead", effective=format_date(version.effective, lang))
            if version.effective_known else label(lang, "notice_lead_posted"))
    return lead + (label(lang, "notice_lead_purposes") if announcement.purposes_changed else "")


def _new_text_label(version: Version, lang: str) -> str:
    day = format_date(version.effective, lang)
    return (label(lang, "notice_new_text", effective=day) if version.effective_known
            else label(lang, "notice_new_text_posted", posted=day))


def announcement_markdown(announcement: Announcement, lang: str, contact: Contact, link: Link,
                          heading_level: int = 1, title: bool = True, site: bool = False) -> str:
    """The notice as Markdown; `link` turns a page source into the URL to write, and the title is
    left out where the medium has its own (a feed entry). Where this language is a reference
    translation, a quoted line says so above the dates; on the `site`, the page's own notice box
    does, below them (and the title carries the page's anchor)."""
    version = announcement.version
    h = "#" * heading_level
    summary = version.summary.get(lang) or label(lang, "no_summary")
    translation = "" if site else translation_notice(version, lang)
    parts = [
        f"{h} {announcement.title(lang)}" + (" {#title}" if site else "") + "\n" if title else "",
        f"> {translation}\n" if translation else "",
        notice_date_line(announcement, lang) + "\n",
        translation_admonition(version, lang) if site else "",
        notice_lead(announcement, lang) + "\n",
        f"{h}# {label(lang, 'notice_summary')}\n\n{_plain_markdown(summary)}\n" if summary else "",
        f"{h}# {label(lang, 'notice_purposes')}\n",
    ]
    changes = announcement.purposes[lang]
    if not changes.purposes_changed:
        parts.append(label(lang, "notice_purposes_unchanged") + "\n")
    if changes.added:
        parts.append(f"{h}## {label(lang, 'purposes_added')}\n\n" + _bullets(changes.added))
    if changes.removed:
        parts.append(f"{h}## {label(lang, 'purposes_removed')}\n\n" + _bullets(changes.removed))
    if changes.changed:
        rows = "".join(f"| {_plain_markdown(before) or '—'} | {_plain_markdown(after) or '—'} |\n"
                       for before, after in changes.changed)
        parts.append(f"{h}## {label(lang, 'purposes_changed')}\n\n"
                     f"| {label(lang, 'before')} | {label(lang, 'after')} |\n| --- | --- |\n" + rows)
    if changes.reordered:  # the purposes that moved, named: a move is no removal
        parts.append(label(lang, "purposes_reordered") + "\n\n"
                     + "".join(f"- {_plain_markdown(item)}{label(lang, 'moved')}\n" for item in changes.moved))
    if changes.purposes_changed or changes.reordered:
        parts.append(f"{h}## {label(lang, 'notice_purposes_table')}\n\n"
                     + _purposes_table(announcement, lang))
    parts += [
        f"{h}# {label(lang, 'notice_links')}\n",
        f"- [{_new_text_label(version, lang)}]({link(urls.version_page(version.id))})\n"
        f"- [{label(lang, 'notice_comparison')}]({link(urls.compare_page(announcement.previous.id, version.id))})\n",
        f"{h}# {label(lang, 'notice_contact')}\n",
        label(lang, "notice_contact_text") + "\n\n" + contact.html(lang) + "\n",
    ]
    return "\n".join(part for part in parts if part)


def announcement_text(announcement: Announcement, lang: str, contact: Contact, link: Link) -> str:
    """The notice as plain text, for an e-mail."""
    version = announcement.version
    changes = announcement.purposes[lang]
    bullet = "・" if lang == "ja" else "- "
    summary = version.summary.get(lang) or label(lang, "no_summary")
    translation = translation_notice(version, lang)
    lines = [announcement.title(lang), "=" * 20, "",
             *([translation, ""] if translation else []),
             notice_date_line(announcement, lang), "",
             notice_lead(announcement, lang), "",
             *([f"[{label(lang, 'notice_summary')}]", summary, ""] if summary else []),
             f"[{label(lang, 'notice_purposes')}]"]
    if not changes.purposes_changed:
        lines.append(label(lang, "notice_purposes_unchanged"))
    for key, items in (("purposes_added", changes.added), ("purposes_removed", changes.removed)):
        if items:
            lines += [label(lang, key)] + [f"{bullet}{item}" for item in items]
    if changes.changed:
        lines.append(label(lang, "purposes_changed"))
        for before, after in changes.changed:
            lines += [f"{bullet}{label(lang, 'before')}: {before}", f"  {label(lang, 'after')}: {after}"]
    if changes.reordered:
        lines += [label(lang, "purposes_reordered")] + [f"{bullet}{item}{label(lang, 'moved')}" for item in changes.moved]
    lines += ["", f"[{label(lang, 'notice_links')}]",
              f"{_new_text_label(version, lang)}: {link(urls.version_page(version.id))}",
              f"{label(lang, 'notice_comparison')}: {link(urls.compare_page(announcement.previous.id, version.id))}",
              "", f"[{label(lang, 'notice_contact')}]", label(lang, "notice_contact_text")]
    lines += [text if not key else f"{key}: {text}" for key, text in contact.lines(lang)]
    return "\n".join(lines) + "\n"


def announcement_json(announcement: Announcement) -> dict:
    """The `policy announce --format json` contract (schemas/announce.schema.json)."""
    return {
        "version": announcement.id,
        "announced": announcement.published.isoformat(),
        "effective": announcement.version.effective.isoformat(),
        "purposes_changed": announcement.purposes_changed,
        "purposes": {lang: announcement.purposes[lang].as_json() for lang in LANGUAGES},
    }
