"""The site's pages as Markdown, generated from the versions: what any generator would render."""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import urls
from .announcements import Announcement, announcement_markdown
from .cache import NO_CACHE, Cache
from .comparison import compare
from .contact import Contact
from .contactnotes import CONTACT_CHANGES_ANCHOR, change_anchor, change_markdown, change_title
from .contacts import ContactChange, ContactHistory
from .dates import format_date
from .document import Document
from .labels import label
from .markup import plain_markdown, table_cell
from .placeholders import fill_placeholders
from .redline import changes_redline_markdown, comparison_table_markdown
from .settings import LANGUAGES
from .timeline import CURRENT, SUPERSEDED, UPCOMING, Timeline
from .versionfacts import date_line, history_date, is_translation, translation_admonition, version_name, version_title
from .versions import Version

_NOTICE_KIND = {CURRENT: "success", UPCOMING: "info", SUPERSEDED: "warning"}


@dataclass(frozen=True)
class SitePage:
    lang: str
    src: str  # relative to the language folder, e.g. "versions/2026-11-24.md"
    markdown: str
    # Its costly part is left for a later build (Cache.deadline): it says so until then.
    deferred: bool = False


def _front_matter(title: str, searchable: bool = False) -> str:
    """Only the policy in effect and the contact page are searchable: the search index stays the
    same size however long the history grows (archives, comparisons and notices stay out)."""
    # MkDocs and the theme write the title as it is into <title> and the navigation: HTML-escape it.
    escaped = html.escape(title, quote=False).replace("\\", "\\\\").replace('"', '\\"')
    search = "" if searchable else "search:\n  exclude: true\n"
    return f'---\ntitle: "{escaped}"\n{search}---\n\n'


def _admonition(kind: str, title: str, text: str) -> str:
    """A boxed note; nothing without text."""
    return f'!!! {kind} "{title}"\n\n    {text}\n\n' if text else ""


def _time(day, lang: str) -> str:
    return f'<time datetime="{day.isoformat()}">{format_date(day, lang)}</time>'


def _policy_text(doc: Document, contact: Contact) -> str:
    return fill_placeholders(doc.body.strip(), contact, doc.lang) + "\n"


def _upcoming_notices(timeline: Timeline, announcements: dict[str, Announcement], src: str, lang: str) -> str:
    """While a newer version is announced but not yet in effect, say so above the policy."""
    notices = []
    for version in timeline.upcoming:
        announcement = announcements[version.id]
        key = "upcoming_notice_purposes" if announcement.purposes_changed else "upcoming_notice"
        text = label(lang, key, effective=_time(version.effective, lang),
                     notice=urls.link(src, urls.announcement_page(version.id)),
                     changes=urls.link(src, urls.compare_page(announcement.previous.id, version.id)))
        notices.append(_admonition("warning", announcement.title(lang), text))
    return "".join(notices)


def policy_page(timeline: Timeline, contact: Contact, announcements: dict[str, Announcement],
                lang: str) -> SitePage:
    version = timeline.current
    doc = version.docs[lang]
    src = urls.POLICY
    meta = label(lang, "meta_separator").join([
        date_line(version, lang, _time(version.effective, lang)),
        label(lang, "see_history", history=urls.link(src, urls.HISTORY)),
    ])
    markdown = (_front_matter(doc.title, searchable=True) + f"# {plain_markdown(doc.title)} {{#title}}\n\n{meta}\n{{ .policy-meta }}\n\n"
                + translation_admonition(version, lang)
                + _upcoming_notices(timeline, announcements, src, lang) + _policy_text(doc, contact))
    return SitePage(lang, src, markdown)


def _contact_of(timeline: Timeline, contacts: ContactHistory, version: Version) -> Contact:
    """A superseded version is a record: it shows the contact details it was published with. The
    versions that apply now or later show today's."""
    day = version.published if timeline.status(version) == SUPERSEDED else timeline.today
    return contacts.on(day)


def _as_published_note(shown: Contact, timeline: Timeline, contacts: ContactHistory, published,
                       key: str, src: str, lang: str) -> str:
    """Beside details that are no longer in effect, the date they are from and the current desk."""
    if shown == contacts.on(timeline.today):
        return ""
    return label(lang, key, date=_time(published, lang), contact=urls.link(src, urls.CONTACT))


def version_page(timeline: Timeline, contacts: ContactHistory, version: Version, lang: str) -> SitePage:
    doc = version.docs[lang]
    src = urls.version_page(version.id)
    contact = _contact_of(timeline, contacts, version)
    note = _as_published_note(contact, timeline, contacts, version.published, "contact_as_published", src, lang)
    status = timeline.status(version)
    title = version_title(version, lang)
    current_link = urls.link(src, urls.POLICY)
    if status == UPCOMING:
        notice = label(lang, "notice_upcoming", date=_time(version.effective, lang), current=current_link)
    elif status == SUPERSEDED:
        successor = timeline.following(version)
        notice = label(lang, "notice_superseded", date=_time(successor.effective, lang),
                       current=current_link)
    else:
        notice = label(lang, "notice_current")
    meta = label(lang, "meta_separator").join([
        date_line(version, lang, _time(version.effective, lang)),
        label(lang, "see_history", history=urls.link(src, urls.HISTORY)),
        *_comparison_links(timeline, version, src, lang),
    ])
    markdown = (_front_matter(title) + f"# {plain_markdown(title)} {{#title}}\n\n{meta}\n{{ .policy-meta }}\n\n"
                + _admonition(_NOTICE_KIND[status], label(lang, status), notice)
                + _admonition("info", label(lang, "contact"), note)
                + translation_admonition(version, lang) + _policy_text(doc, contact))
    return SitePage(lang, src, markdown)


def _comparison_links(timeline: Timeline, version: Version, src: str, lang: str) -> list[str]:
    links = [f"[{label(lang, 'compare_' + kind)}]({urls.link(src, urls.compare_page(old.id, new.id))})"
             for kind, (old, new) in timeline.comparisons(version).items()]
    if timeline.previous(version) is not None:
        links.append(f"[{label(lang, 'announcements')}]({urls.link(src, urls.announcement_page(version.id))})")
    return links


def announcement_page(announcement: Announcement, timeline: Timeline, contacts: ContactHistory,
                      lang: str) -> SitePage:
    """A notice is a record too: the contact details it was published with."""
    src = urls.announcement_page(announcement.id)
    contact = contacts.on(announcement.published)
    body = announcement_markdown(announcement, lang, contact, lambda target: urls.link(src, target), site=True,
                                 today=timeline.today)
    note = _as_published_note(contact, timeline, contacts, announcement.published,
                              "contact_as_published_notice", src, lang)
    return SitePage(lang, src, _front_matter(announcement.title(lang)) + body + (f"\n{note}\n" if note else ""))


def announcements_page(announcements: list[Announcement], changes: list[ContactChange], lang: str) -> SitePage:
    """Every announcement, and every change of the contact details, newest first: the archive of
    the feeds, which hold the latest entries only."""
    src = urls.ANNOUNCEMENTS
    title = label(lang, "announcements")
    items = [
        ((a.published, a.id), "- " + label(
            lang, "announcement_item" if a.version.effective_known else "announcement_item_posted",
            date=_time(a.published, lang), title=a.title(lang), link=urls.link(src, urls.announcement_page(a.id)),
            effective=format_date(a.version.effective, lang)))
        for a in announcements
    ] + [
        ((c.day, ""), "- " + label(lang, "contact_change_item", date=_time(c.day, lang), title=change_title(c, lang),
                                   link=urls.link(src, urls.HISTORY, change_anchor(c))))
        for c in changes
    ]
    listing = "\n".join(item for _, item in sorted(items, reverse=True)) if items else label(lang, "announcements_none")
    return SitePage(lang, src, _front_matter(title) + f"# {title} {{#title}}\n\n"
                    f"{label(lang, 'announcements_intro')}\n\n{listing}\n")


def compare_page(old: Version, new: Version, timeline: Timeline, contacts: ContactHistory, lang: str,
                 cache: Cache = NO_CACHE) -> SitePage:
    """A revision compared with the version before it is its 新旧対照表; an older version compared
    with the current one (changes of several revisions) is a redline. Either carries each passage
    once: what did not change is left out, with links to the full texts on the versions' pages."""
    src = urls.compare_page(old.id, new.id)
    contact = _contact_of(timeline, contacts, new)  # as the newer version's page shows it
    note = _as_published_note(contact, timeline, contacts, new.published, "contact_as_published", src, lang)
    old_name, new_name = version_name(old, lang), version_name(new, lang)
    revision = timeline.previous(new) is old
    # Across several revisions the comparison is with the current version, not 改定前後.
    title = label(lang, "compare_title_named" if revision else "compare_title_current", old=old_name, new=new_name)
    intro = label(lang, "compare_intro", old=old_name, new=new_name,
                  old_link=urls.link(src, urls.version_page(old.id)),
                  new_link=urls.link(src, urls.version_page(new.id)))
    # Either side a reference translation in this language: the comparison is one too.
    translated = new if is_translation(new, lang) else old
    heading, legend = (("comparison_table", "compare_legend_table") if revision
                       else ("redline_changes", "compare_legend_redline"))

    def changes_markdown() -> str:
        comparison = compare(old.docs[lang], new.docs[lang], cache)
        if revision:
            return comparison_table_markdown(comparison)
        return changes_redline_markdown(comparison, lambda side, anchor: urls.link(
            src, urls.version_page((old if side == "old" else new).id), anchor))
    # The costly part, a function of the two texts (and of the ids its links name) alone.
    changes = cache.remember_in_time("comparison", (heading, lang, old.id, new.id, old.sha256(lang),
                                                    new.sha256(lang)), changes_markdown)
    if changes is None:
        return SitePage(lang, src, _front_matter(title) + f"# {title} {{#title}}\n\n{label(lang, 'compare_pending')}\n",
                        deferred=True)
    body = (f"# {title} {{#title}}\n\n{intro}\n{{ .policy-meta }}\n\n" + translation_admonition(translated, lang)
            + _admonition("info", label(lang, "contact"), note)
            + f"{label(lang, legend)}\n\n## {label(lang, heading)} {{#{heading.replace('_', '-')}}}\n\n" + changes)
    return SitePage(lang, src, _front_matter(title) + fill_placeholders(body, contact, lang))


def history_page(timeline: Timeline, changes: list[ContactChange], lang: str) -> SitePage:
    src = urls.HISTORY
    title = label(lang, "history")
    rows = []
    for version in reversed(timeline.versions):
        day = history_date(version, lang)
        rows.append("| " + " | ".join([
            f"[{day}]({urls.link(src, urls.version_page(version.id))})",
            label(lang, timeline.status(version)),
            table_cell(plain_markdown(version.summary.get(lang) or label(lang, "no_summary"))),
            "<br>".join(_comparison_links(timeline, version, src, lang)) or "—",
        ]) + " |")
    known = {v.effective_known for v in timeline.versions}
    dates = "effective" if known == {True} else "posted_header" if known == {False} else "effective_or_posted"
    header = (f"| {label(lang, dates)} | {label(lang, 'status')} | {label(lang, 'summary')} "
              f"| {label(lang, 'changes')} |\n| --- | --- | --- | --- |\n")
    # The page comparing any two versions (comparepage.py) exists from the second version on.
    compare_any = (label(lang, "compare_any_link", link=urls.link(src, urls.COMPARE_ANY)) + "\n\n"
                   if len(timeline.versions) > 1 else "")
    markdown = (_front_matter(title) + f"# {title} {{#title}}\n\n{label(lang, 'history_intro')}\n\n" + compare_any
                + header + "\n".join(rows) + "\n" + _contact_changes(changes, lang))
    return SitePage(lang, src, markdown)


def _contact_changes(changes: list[ContactChange], lang: str) -> str:
    """Newest first, each under a heading of its date (its own address, for the feeds)."""
    if not changes:
        return ""
    parts = [f"\n## {label(lang, 'contact_changes')} {{#{CONTACT_CHANGES_ANCHOR}}}\n\n"
             f"{label(lang, 'contact_changes_intro')}\n"]
    for change in reversed(changes):
        parts.append(f"\n### {format_date(change.day, lang)} {{#{change_anchor(change)}}}\n\n"
                     + change_markdown(change, lang))
    return "".join(parts)


def contact_page(contact: Contact, changes: list[ContactChange], lang: str) -> SitePage:
    title = label(lang, "contact")
    history = label(lang, "contact_history_link", history=urls.link(urls.CONTACT, urls.HISTORY, CONTACT_CHANGES_ANCHOR))
    markdown = (_front_matter(title, searchable=True) + f"# {title} {{#title}}\n\n{label(lang, 'contact_intro')}\n\n"
                + contact.html(lang) + "\n" + (f"\n{history}\n" if changes else ""))
    return SitePage(lang, urls.CONTACT, markdown)


def site_pages(timeline: Timeline, contacts: ContactHistory, announcements: dict[str, Announcement],
               cache: Cache = NO_CACHE) -> list[SitePage]:
    """Every generated page; `announcements` holds those of the public versions only."""
    contact = contacts.on(timeline.today)
    changes = contacts.changes(until=timeline.today)
    pages = []
    for lang in LANGUAGES:
        pages.append(policy_page(timeline, contact, announcements, lang))
        pages.append(announcements_page(list(announcements.values()), changes, lang))
        pages.extend(announcement_page(a, timeline, contacts, lang) for a in announcements.values())
        pages.append(history_page(timeline, changes, lang))
        pages.append(contact_page(contact, changes, lang))
        pages.extend(version_page(timeline, contacts, v, lang) for v in timeline.versions)
        pages.extend(compare_page(old, new, timeline, contacts, lang, cache) for old, new in timeline.comparison_pairs())
    return pages
