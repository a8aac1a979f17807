"""The site's pages as Markdown, generated from the versions: what any generator would render."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from . import urls
from .announcements import Announcement, announcement_markdown, announces
from ..core.cache import NO_CACHE, Cache
from ..changes.comparison import compare
from ..reading.contact import Contact
from ..reading.contact import field_label as contact_field_label
from .contact_changes import CONTACT_CHANGES_ANCHOR, CONTACT_NOTES, RETAINED_NOTES, ChangeNotes
from ..reading.contact_history import ContactChange, ContactHistory
from ..reading.dated_records import DatedChange
from ..core.law import reference
from ..reading.retained_data import ON_REQUEST, REQUEST_KEYS, RetainedHistory
from ..reading.retained_data import field_label as retained_field_label
from ..core.dates import format_date
from ..reading.document import Document
from ..core.labels import label
from ..reading.markup import plain_markdown, table_cell
from ..reading.placeholders import fill_placeholders
from .register_link import with_register_link
from ..changes.redline import changes_redline_parts, comparison_table_markdown
from ..reading.settings import LANGUAGES, DocumentSettings
from ..reading.timeline import CURRENT, SUPERSEDED, UPCOMING, Timeline
from .version_facts import date_line, history_date, is_translation, translation_admonition, version_name, version_title
from ..reading.versions import Version

_NOTICE_KIND = {CURRENT: "success", UPCOMING: "info", SUPERSEDED: "warning"}


@dataclass(frozen=True)
class SitePage:
    lang: str
    src: str  # relative to the language folder, e.g. "versions/2026-11-24.md"
    markdown: str
    # Its costly part is left for a later build (Cache.deadline): it says so until then.
    deferred: bool = False
    # The Markdown cut into runs of whole top-level blocks that render alone as they do in the
    # page (see `cut_fragments`): a generator may render each once, and reuse it on every page
    # that shows it (where its links lead to the same pages). Empty: the page is one piece.
    fragments: tuple[str, ...] = ()


def cut_fragments(pieces: list[str], whole: str) -> tuple[str, ...]:
    """`pieces` (which make `whole`) joined where a cut could change how the page renders (see
    `_starts_block`), and where a fragment would be too small to be worth its own lookup. Every
    heading has its explicit id (document.py), so no heading's id depends on the others. Nothing
    when the pieces do not make `whole` or when the text has link references (`[x]: url`), which
    the whole page shares."""
    if "".join(pieces) != whole or _LINK_REFERENCE.search(whole):
        return ()
    result: list[list[str]] = []
    open_tags: dict[str, int] = {}
    previous = ""  # the last piece with text
    for piece in pieces:
        start = _starts_block(previous, piece, open_tags)
        if not result or start == _ALWAYS or (start == _IF_WORTH_IT and len(previous) >= _FRAGMENT_WORTH):
            result.append([piece])
        else:
            result[-1].append(piece)
        for closing, name in _BLOCK_TAG.findall(piece) if "<" in piece else ():
            name = name.lower()
            if name in _BLOCK_TAGS:
                open_tags[name] = open_tags.get(name, 0) + (-1 if closing else 1)
        previous = piece or previous
    return tuple("".join(fragment) for fragment in result) if len(result) > 1 else ()


_NEVER, _IF_WORTH_IT, _ALWAYS = 0, 1, 2
# A fragment is a cache lookup and a pass through the generator's page assembly: a paragraph
# shorter than this (a heading, a status note, 「（略）」) is not cut from the block after it.
_FRAGMENT_WORTH = 240
# Block-level HTML (Python-Markdown's list, less the void <hr>): inside an open one (md_in_html's
# <details markdown="1">, <ul markdown="1">) a block belongs to the element, and no cut is safe.
# Counted over the text, code spans too: a tag written as text only ever stops cuts.
_BLOCK_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?=[\s>/])")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body canvas center colgroup dd details div dl dt fieldset figcaption "
    "figure footer form group h1 h2 h3 h4 h5 h6 header hgroup html iframe legend li main map math menu nav "
    "noscript object ol option output p pre progress script section style summary table tbody td textarea "
    "tfoot th thead tr ul video".split())
# The start of a block that continues the one before it across a blank line in Python-Markdown:
# an indented line (a list item's or an admonition's content, code), a list item (the lists
# merge, and a tight list turns loose), a quote (quotes merge), a table row, an admonition (its
# content follows), an attribute list (it may apply to the block before), a definition.
_CONTINUES = re.compile(r"[ \t]|[-*+][ \t]|\d+[.)][ \t]|[>|{:]|!!!")


def _starts_block(before: str, piece: str, open_tags: dict[str, int]) -> int:
    """Whether `piece` may start a fragment after `before` (the piece before it): whether nothing
    before it can continue it, so that it renders alone as it does in the page, the one rule of
    where pages are cut (a generator renders each fragment apart and joins their HTML with
    newlines, as Python-Markdown joins top-level blocks). Only after a blank line and outside any
    open block-level HTML; then a heading or an HTML block always (each page's sections), a
    paragraph that no list, quote, table or admonition can take in when worth it (a changed
    section's paragraphs, redline.changes_redline_parts)."""
    if not before.endswith("\n\n") or any(open_tags.values()):
        return _NEVER
    if piece[:1] in ("#", "<"):
        return _ALWAYS
    if not piece.strip() or _CONTINUES.match(piece):
        return _NEVER
    return _IF_WORTH_IT


_LINK_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)


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


def _policy_text(doc: Document, contact: Contact, src: str, privacy_policy: bool = True) -> str:
    """The version's text, its contact block followed by the link to the matters of APPI Art. 32
    (the inquiries section's of the privacy policy, added by the page: the version files are records),
    and section 3 by the link to the register of publications (register_link.py)."""
    text = fill_placeholders(doc.body.strip(), contact, doc.lang, _retained_link(doc, src, privacy_policy))
    return (with_register_link(text, doc.lang, src) if privacy_policy else text) + "\n"


def _retained_link(doc: Document, src: str, privacy_policy: bool = True) -> str:
    return label(doc.lang, "retained_data_link", link=urls.link(src, urls.RETAINED_DATA)) if privacy_policy else ""


# A changes list: each kind of dated record (contact details, Art. 32 matters) with its changes.
Changes = list[tuple[ChangeNotes, list[DatedChange]]]


def _policy_pieces(doc: Document, contact: Contact, src: str, privacy_policy: bool = True) -> list[str]:
    """_policy_text, section by section (the preamble first)."""
    pieces = [doc.preamble] + [s.source + s.gap for s in doc.sections]
    start = next((i for i, piece in enumerate(pieces) if piece.strip()), len(pieces))
    pieces = pieces[start:]
    if not pieces:
        return [_policy_text(doc, contact, src, privacy_policy)]
    pieces[0] = pieces[0].lstrip()
    while len(pieces) > 1 and not pieces[-1].strip():
        pieces[-2] += pieces.pop()
    pieces[-1] = pieces[-1].rstrip() + "\n"
    link = _retained_link(doc, src, privacy_policy)
    pieces = [fill_placeholders(piece, contact, doc.lang, link) for piece in pieces]
    return [with_register_link(piece, doc.lang, src) for piece in pieces] if privacy_policy else pieces


def _upcoming_notices(timeline: Timeline, announcements: dict[str, Announcement], src: str, lang: str) -> str:
    """While a newer version is announced but not yet in effect, say so above the policy."""
    notices = []
    for version in timeline.upcoming:
        announcement = announcements[version.id]
        key = "upcoming_notice_purposes" if announcement.purposes_changed else "upcoming_notice"
        text = label(lang, key, version.document.name, effective=_time(version.effective, lang),
                     notice=urls.link(src, urls.announcement_page(version.id, timeline.prefix)),
                     changes=urls.link(src, urls.compare_page(announcement.previous.id, version.id, timeline.prefix)))
        notices.append(_admonition("warning", announcement.title(lang), text))
    return "".join(notices)


def policy_page(timeline: Timeline, contact: Contact, announcements: dict[str, Announcement],
                lang: str) -> SitePage:
    version = timeline.current
    doc = version.docs[lang]
    src = timeline.prefix + urls.POLICY
    meta = label(lang, "meta_separator").join([
        date_line(version, lang, lambda day: _time(day, lang)),
        label(lang, "see_history", history=urls.link(src, timeline.prefix + urls.HISTORY)),
    ])
    markdown = (_front_matter(doc.title, searchable=True) + f"# {plain_markdown(doc.title)} {{#title}}\n\n{meta}\n{{ .policy-meta }}\n\n"
                + translation_admonition(version, lang)
                + _upcoming_notices(timeline, announcements, src, lang)
                + _policy_text(doc, contact, src, version.document.privacy_policy))
    return SitePage(lang, src, markdown)


def contact_shown(timeline: Timeline, contacts: ContactHistory, version: Version) -> Contact:
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


def version_page(timeline: Timeline, contacts: ContactHistory, version: Version, lang: str,
                 base: str = "/") -> SitePage:
    doc = version.docs[lang]
    src = urls.version_page(version.id, timeline.prefix)
    contact = contact_shown(timeline, contacts, version)
    note = _as_published_note(contact, timeline, contacts, version.published, "contact_as_published", src, lang)
    status = timeline.status(version)
    title = version_title(version, lang)
    current_link = urls.link(src, timeline.prefix + urls.POLICY)
    if status == UPCOMING:
        notice = label(lang, "notice_upcoming", version.document.name, date=_time(version.effective, lang), current=current_link)
    elif status == SUPERSEDED:
        successor = timeline.following(version)
        notice = label(lang, "notice_superseded", version.document.name, date=_time(successor.effective, lang),
                       current=current_link)
    else:
        notice = label(lang, "notice_current", version.document.name)
    meta = label(lang, "meta_separator").join([
        date_line(version, lang, lambda day: _time(day, lang)),
        label(lang, "see_history", history=urls.link(src, timeline.prefix + urls.HISTORY)),
        *_comparison_links(timeline, version, src, lang),
    ])
    header = (_front_matter(title) + f"# {plain_markdown(title)} {{#title}}\n\n{meta}\n{{ .policy-meta }}\n\n"
              + _downloads(version, lang, base)
              + _admonition(_NOTICE_KIND[status], label(lang, status), notice)
              + _admonition("info", label(lang, "contact"), note)
              + translation_admonition(version, lang))
    privacy_policy = version.document.privacy_policy
    markdown = header + _policy_text(doc, contact, src, privacy_policy)
    return SitePage(lang, src, markdown, fragments=cut_fragments(
        [header] + _policy_pieces(doc, contact, src, privacy_policy), markdown))


def _downloads(version: Version, lang: str, base: str) -> str:
    """The version's PDF and its text as published (whose sha256 versions.json gives), files beside
    the page that the engine writes (stage.py): raw HTML links, which no generator rewrites or
    checks as pages."""
    def link(suffix: str, key: str, mime: str) -> str:
        href = urls.file_href(urls.version_file(version.id, lang, suffix, version.document.prefix), base)
        return f'<a href="{html.escape(href)}" type="{mime}">{label(lang, key)}</a>'
    return label(lang, "downloads", pdf=link("pdf", "pdf_file", "application/pdf"),
                 text=link("txt", "text_file", "text/plain")) + "\n{ .policy-meta .policy-downloads }\n\n"


def _comparison_links(timeline: Timeline, version: Version, src: str, lang: str) -> list[str]:
    links = [f"[{label(lang, 'compare_' + kind)}]({urls.link(src, urls.compare_page(old.id, new.id, timeline.prefix))})"
             for kind, (old, new) in timeline.comparisons(version).items()]
    if timeline.previous(version) is not None and announces(version):
        links.append(f"[{label(lang, 'announcements')}]({urls.link(src, urls.announcement_page(version.id, timeline.prefix))})")
    return links


def announcement_page(announcement: Announcement, timeline: Timeline, contacts: ContactHistory,
                      lang: str) -> SitePage:
    """A notice is a record too: the contact details it was published with."""
    src = urls.announcement_page(announcement.id, announcement.version.document.prefix)
    contact = contacts.on(announcement.published)
    body = announcement_markdown(announcement, lang, contact, lambda target: urls.link(src, target), site=True,
                                 today=timeline.today)
    note = _as_published_note(contact, timeline, contacts, announcement.published,
                              "contact_as_published_notice", src, lang)
    return SitePage(lang, src, _front_matter(announcement.title(lang)) + body + (f"\n{note}\n" if note else ""))


def announcements_page(announcements: list[Announcement], changes: Changes, lang: str,
                       document: DocumentSettings) -> SitePage:
    """Every announcement of `document`, and every change of the contact details, newest first:
    the archive of the feeds, which hold the latest entries only."""
    prefix = document.prefix
    src = prefix + urls.ANNOUNCEMENTS
    title = label(lang, "announcements")
    items = [
        ((a.published, a.id), "- " + label(
            lang, "announcement_item" if a.version.effective_known else "announcement_item_posted",
            date=_time(a.published, lang), title=a.title(lang), link=urls.link(src, urls.announcement_page(a.id, prefix)),
            effective=format_date(a.version.effective, lang)))
        for a in announcements
    ] + [
        ((c.day, notes.name), "- " + label(lang, "contact_change_item", date=_time(c.day, lang),
                                           title=notes.title(c, lang), link=urls.link(src, urls.HISTORY, notes.anchor(c))))
        for notes, kind_changes in changes for c in kind_changes
    ]
    listing = "\n".join(item for _, item in sorted(items, reverse=True)) if items else label(lang, "announcements_none")
    return SitePage(lang, src, _front_matter(title) + f"# {title} {{#title}}\n\n"
                    f"{label(lang, 'announcements_intro', document.name)}\n\n{listing}\n")


def compare_page(old: Version, new: Version, timeline: Timeline, contacts: ContactHistory, lang: str,
                 cache: Cache = NO_CACHE) -> SitePage:
    """A revision compared with the version before it is its 新旧対照表; an older version compared
    with the current one (changes of several revisions) is a redline. Either carries each passage
    once: what did not change is left out, with links to the full texts on the versions' pages."""
    src = urls.compare_page(old.id, new.id, timeline.prefix)
    contact = contact_shown(timeline, contacts, new)  # as the newer version's page shows it
    note = _as_published_note(contact, timeline, contacts, new.published, "contact_as_published", src, lang)
    old_name, new_name = version_name(old, lang), version_name(new, lang)
    revision = timeline.previous(new) is old
    # Across several revisions the comparison is with the current version, not 改定前後.
    title = label(lang, "compare_title_named" if revision else "compare_title_current", old=old_name, new=new_name)
    intro = label(lang, "compare_intro", old=old_name, new=new_name,
                  old_link=urls.link(src, urls.version_page(old.id, timeline.prefix)),
                  new_link=urls.link(src, urls.version_page(new.id, timeline.prefix)))
    # Either side a translation in this language: the comparison is one too.
    translated = new if is_translation(new, lang) else old
    heading, legend = (("comparison_table", "compare_legend_table") if revision
                       else ("redline_changes", "compare_legend_redline"))

    def changes_markdown() -> list[str]:
        comparison = compare(old.docs[lang], new.docs[lang], cache)
        if revision:
            return [comparison_table_markdown(comparison, cache=cache)]
        return changes_redline_parts(comparison, lambda side, anchor: urls.link(
            src, urls.version_page((old if side == "old" else new).id, timeline.prefix), anchor), cache=cache)
    # The costly part, a function of the two texts (and of the ids its links name) alone.
    parts = cache.remember_in_time("comparison-parts", (heading, lang, old.id, new.id, old.sha256(lang),
                                                        new.sha256(lang)), changes_markdown)
    if parts is None:
        return SitePage(lang, src, _front_matter(title) + f"# {title} {{#title}}\n\n{label(lang, 'compare_pending')}\n",
                        deferred=True)
    header = (f"# {title} {{#title}}\n\n{intro}\n{{ .policy-meta }}\n\n" + translation_admonition(translated, lang)
              + _admonition("info", label(lang, "contact"), note)
              + f"{label(lang, legend)}\n\n## {label(lang, heading)} {{#{heading.replace('_', '-')}}}\n\n")
    markdown = _front_matter(title) + fill_placeholders(header + "\n".join(parts), contact, lang)
    pieces = [_front_matter(title) + fill_placeholders(header, contact, lang)] + [
        fill_placeholders(part + ("\n" if index < len(parts) - 1 else ""), contact, lang)
        for index, part in enumerate(parts)]
    return SitePage(lang, src, markdown, fragments=cut_fragments(pieces, markdown))


def history_page(timeline: Timeline, changes: Changes, lang: str) -> SitePage:
    src = timeline.prefix + urls.HISTORY
    title = label(lang, "history")
    rows = []
    for version in reversed(timeline.versions):
        day = history_date(version, lang)
        rows.append("| " + " | ".join([
            f"[{day}]({urls.link(src, urls.version_page(version.id, timeline.prefix))})",
            label(lang, timeline.status(version)),
            table_cell(plain_markdown(version.summary.get(lang) or label(lang, "no_summary"))),
            "<br>".join(_comparison_links(timeline, version, src, lang)) or "—",
        ]) + " |")
    # The date column: effective dates, days of first publication here (known only once the site is
    # live), or both; a version with neither is named so in its row.
    known = {"effective" if v.effective_known else "posted" if v.on_site_since else "none" for v in timeline.versions}
    dates = ("posted_header" if known == {"posted"} else "effective_or_posted" if "posted" in known
             else "effective")
    header = (f"| {label(lang, dates)} | {label(lang, 'status')} | {label(lang, 'summary')} "
              f"| {label(lang, 'changes')} |\n| --- | --- | --- | --- |\n")
    # The page comparing any two versions (compare_any.py) exists from the second version on.
    compare_any = (label(lang, "compare_any_link", link=urls.link(src, timeline.prefix + urls.COMPARE_ANY)) + "\n\n"
                   if len(timeline.versions) > 1 else "")
    markdown = (_front_matter(title) + f"# {title} {{#title}}\n\n{label(lang, 'history_intro', timeline.current.document.name)}\n\n" + compare_any
                + header + "\n".join(rows) + "\n"
                + "".join(_record_changes(notes, kind_changes, lang) for notes, kind_changes in changes))
    return SitePage(lang, src, markdown)


def _record_changes(notes: ChangeNotes, changes: list[DatedChange], lang: str) -> str:
    """Newest first, each under a heading of its date (its own address, for the feeds)."""
    if not changes:
        return ""
    parts = [f"\n## {notes.section_title(lang)} {{#{notes.section_anchor}}}\n\n{notes.section_intro(lang)}\n"]
    for change in reversed(changes):
        parts.append(f"\n### {format_date(change.day, lang)} {{#{notes.anchor(change)}}}\n\n"
                     + notes.markdown(change, lang))
    return "".join(parts)


def contact_page(contact: Contact, changes: list[ContactChange], lang: str) -> SitePage:
    title = label(lang, "contact")
    history = label(lang, "contact_history_link", history=urls.link(urls.CONTACT, urls.HISTORY, CONTACT_CHANGES_ANCHOR))
    markdown = (_front_matter(title, searchable=True) + f"# {title} {{#title}}\n\n{label(lang, 'contact_intro')}\n\n"
                + contact.html(lang) + "\n" + (f"\n{history}\n" if changes else ""))
    return SitePage(lang, urls.CONTACT, markdown)


def _text_block(text: str) -> str:
    """A plain text of a record as Markdown paragraphs (escaped; a blank line starts a paragraph)."""
    return "\n\n".join(plain_markdown(" ".join(part.split())) for part in text.split("\n\n") if part.strip())


def retained_data_page(retained: RetainedHistory, contact: Contact, timeline: Timeline, draft: bool,
                       lang: str) -> SitePage:
    """「保有個人データに関する事項の公表」: what the company has given, and nothing else. A matter not
    given is left out; a draft lists those still missing (production builds are held back by the
    release check instead)."""
    src = urls.RETAINED_DATA
    record = retained.on(timeline.today)
    since = retained.since_on(timeline.today)
    title = label(lang, "retained_data")
    if record.sample:
        title = label(lang, "sample_mark") + title
    intro = label(lang, "retained_data_intro", basis=reference("retained_data_basis", lang),
                  contact=urls.link(src, urls.CONTACT), policy=urls.link(src, urls.POLICY, "purposes-of-use"))
    meta = f"{label(lang, 'retained_data_since', date=_time(since, lang))}\n{{ .policy-meta }}\n\n" if since else ""
    parts = [_front_matter(title), f"# {plain_markdown(title)} {{#title}}\n\n", meta, intro, "\n\n"]
    missing = record.missing()
    if draft and missing:
        items = "".join(f"    - {plain_markdown(m['label'][lang])}（{m['article'][lang]}）\n" if lang == "ja"
                        else f"    - {plain_markdown(m['label'][lang])} ({m['article'][lang]})\n" for m in missing)
        parts.append(f'!!! warning policy-missing "{label(lang, "retained_data_missing_title")}"\n\n'
                     f"    {label(lang, 'retained_data_missing')}\n\n{items}\n")

    def text(key: str) -> str:
        value = record.get(key)
        return _text_block(value[lang]) if value else ""

    def section(anchor: str, heading: str, body: str) -> None:
        if body.strip():
            parts.append(f"## {label(lang, heading)} {{#{anchor}}}\n\n{body.strip()}\n\n")

    operator = [(contact_field_label("company", lang), plain_markdown(contact.company[lang])),
                (contact_field_label("address", lang), plain_markdown(contact.postal_address(lang)))]
    if record.get("representative"):
        operator.append((contact_field_label("representative", lang), plain_markdown(record.get("representative")[lang])))
    separator = "：" if lang == "ja" else ": "
    section("business-operator", "retained_data_operator",
            "".join(f"- {name}{separator}{value}\n" for name, value in operator))
    requests = []
    for key in REQUEST_KEYS:
        body = text(f"requests.{key}")
        if body:
            requests.append(f"### {plain_markdown(retained_field_label(f'requests.{key}', lang))} {{#requests-{key.replace('_', '-')}}}\n\n{body}\n")
    section("requests", "retained_data_requests", "\n".join(requests))
    section("fees", "retained_data_fees", text("fees"))
    section("security-measures", "retained_data_security", text("security_measures") or text(ON_REQUEST))
    section("complaints", "retained_data_complaints", text("complaints"))
    section("accredited-organisation", "retained_data_accredited", text("accredited_organisation"))
    if retained.changes(until=timeline.today):
        parts.append(label(lang, "retained_data_history_link",
                           history=urls.link(src, urls.HISTORY, RETAINED_NOTES.section_anchor)) + "\n")
    return SitePage(lang, src, "".join(parts))


def site_pages(timeline: Timeline, contacts: ContactHistory, announcements: dict[str, Announcement],
               cache: Cache = NO_CACHE, retained: RetainedHistory | None = None, draft: bool = False,
               base: str = "/") -> list[SitePage]:
    """Every generated page; `announcements` holds those of the public versions only; `base`, the
    path the site is served under, for the links to its files."""
    contact = contacts.on(timeline.today)
    contact_changes = contacts.changes(until=timeline.today)
    changes: Changes = [(CONTACT_NOTES, contact_changes)]
    if retained is not None:
        changes.append((RETAINED_NOTES, retained.changes(until=timeline.today)))
    pages = []
    for lang in LANGUAGES:
        pages.append(policy_page(timeline, contact, announcements, lang))
        pages.append(announcements_page(list(announcements.values()), changes, lang, timeline.current.document))
        pages.extend(announcement_page(a, timeline, contacts, lang) for a in announcements.values())
        pages.append(history_page(timeline, changes, lang))
        pages.append(contact_page(contact, contact_changes, lang))
        if retained is not None:
            pages.append(retained_data_page(retained, contact, timeline, draft, lang))
        pages.extend(version_page(timeline, contacts, v, lang, base) for v in timeline.versions)
        pages.extend(compare_page(old, new, timeline, contacts, lang, cache) for old, new in timeline.comparison_pairs())
    return pages


def document_pages(timeline: Timeline, contacts: ContactHistory, announcements: dict[str, Announcement],
                   cache: Cache = NO_CACHE, base: str = "/") -> list[SitePage]:
    """The pages of a versioned document other than the privacy policy, under its prefix: the text
    in effect, its history, its versions, their comparisons and its notices, the same pages as
    the privacy policy's but for those of the site's dated records (contact details, Art. 32)."""
    contact = contacts.on(timeline.today)
    pages = []
    for lang in LANGUAGES:
        pages.append(policy_page(timeline, contact, announcements, lang))
        pages.append(announcements_page(list(announcements.values()), [], lang, timeline.current.document))
        pages.extend(announcement_page(a, timeline, contacts, lang) for a in announcements.values())
        pages.append(history_page(timeline, [], lang))
        pages.extend(version_page(timeline, contacts, v, lang, base) for v in timeline.versions)
        pages.extend(compare_page(old, new, timeline, contacts, lang, cache)
                     for old, new in timeline.comparison_pairs())
    return pages
