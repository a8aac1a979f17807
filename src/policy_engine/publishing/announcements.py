"""Revision notices (お知らせ): one per version after the first, in each language.

APPI Art. 21(3) requires changed purposes of use to be notified or published, so a version that
changes them must be announced at least `notice_period_days` before it takes effect, and both
languages must agree on whether the purposes changed. Such a change needs a reviewed basis in
version.yml (`purposes_basis`): within the scope reasonably related to the purposes before it
(Art. 17(2)), where publishing the purposes after the change is what the Act asks, or the
principals' prior consent (Art. 18(1)), which no notice replaces: the notice then says the company
handles the information for the new purposes with that consent, not that publishing suffices.

A notice is written as a Japanese company publishes one: its title says the policy is revised;
it lists every purpose after the change (a 通知 by e-mail carries them too); its sentences are in
the future before the effective date and in the past from that day (`today`); 「以上」 closes it,
as it opens with 「下記のとおり」. Where the policy text it quotes is a translation, it
says so of the quoted text: the notice itself is the company's own, in either language.

Purposes of use and Art. 21(3) belong to the privacy policy. Another versioned document (terms of
use) has a notice, an announcement of its change, only for a version whose version.yml gives
`announced:`, the day the company announced it: without one, the change is published on its
effective day as a new version in the history, with its comparison, and no notice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Callable

from . import urls
from ..core.cache import NO_CACHE, Cache
from ..changes.comparison import Comparison, compare_section
from ..reading.contact import Contact
from ..core.dates import format_date
from ..core.errors import Problem
from ..core.labels import LABELS, label
from ..core.law import reference
from ..core.messages import Text
from ..reading.markup import plain_markdown
from ..changes.purposes import PURPOSES_ID, PurposeChanges, detect
from ..changes.redline import comparison_table_markdown
from ..reading.settings import LANGUAGES
from .version_facts import is_translation, prevailing_sentence, title_mark
from ..reading.versions import PURPOSES_BASES, Version, basis_choices

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
        """Never for a document without purposes of use (no `purposes`)."""
        changes = self.purposes.get(LANGUAGES[0])
        return changes is not None and changes.purposes_changed

    def title(self, lang: str) -> str:
        """Naming its document: the feeds hold the notices of every document."""
        return title_mark(self.version, lang) + label(
            lang, "notice_purposes_title" if self.purposes_changed else "notice_revision_title", self.version.document.name)

    def past(self, today: date | None) -> bool:
        """Whether the notice speaks of the revision as done: on `today`, from the effective date on
        (a version whose effective date is unknown was revised when first posted). Without
        `today`, as it reads on the day it is published."""
        if not self.version.effective_known:
            return True
        return (today or self.published) >= self.version.effective


def announces(version: Version) -> bool:
    """Whether `version`, a revision (not a first version), has a notice: every revision of the
    privacy policy; a revision of another document where its version.yml gives the day it was announced."""
    return version.document.privacy_policy or version.announced is not None


def make_announcements(versions: list[Version], cache: Cache = NO_CACHE) -> dict[str, Announcement]:
    """The announcement of every version after the first that has one (`announces`), by version id."""
    def purposes(old: Version, new: Version, lang: str) -> PurposeChanges:
        return cache.remember("purposes", (lang, old.sha256(lang), new.sha256(lang)),
                              lambda: detect(old.docs[lang], new.docs[lang]), asdict, _purpose_changes)

    return {new.id: Announcement(new, old, {lang: purposes(old, new, lang) for lang in LANGUAGES}
                                 if new.document.privacy_policy else {}, cache)
            for old, new in zip(versions, versions[1:]) if announces(new)}


def _purpose_changes(stored: dict) -> PurposeChanges:
    return PurposeChanges(**{**stored, "changed": [tuple(pair) for pair in stored["changed"]]})


def announcement_problems(announcements: dict[str, Announcement], notice_period_days: int) -> list[Problem]:
    problems = []
    for announcement in announcements.values():
        version = announcement.version
        problems += _basis_problems(announcement)
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


def _basis_problems(announcement: Announcement) -> list[Problem]:
    """A change of the purposes of use states its reviewed basis; a version that changes none says none."""
    version = announcement.version
    path = version.version_file
    if announcement.purposes_changed and version.purposes_basis is None and version.purposes_basis_line is None:
        section = version.docs[LANGUAGES[0]].section(PURPOSES_ID)
        name = version.file(LANGUAGES[0]).name
        where = Text(f"{name} line {section.line}", f"{name}の{section.line}行目") if section else Text(name, name)
        return [Problem(path, Text(
            en=f"the purposes of use change ({where.en}), so {path.name} must give the basis of the change: "
               + basis_choices("en", "purposes_basis: "),
            ja=f"利用目的が変更されている（{where.ja}）ため、{path.name} に変更の根拠を記載する必要があります。"
               + basis_choices("ja", "purposes_basis: ")),
            version.purposes_basis_line or (1 if path.is_file() else None))]
    if not announcement.purposes_changed and version.purposes_basis is not None:
        return [Problem(path, Text(
            en=f"purposes_basis is given, but this version does not change the purposes of use: remove it",
            ja="purposes_basis が記載されていますが、この版では利用目的は変更されていません。削除してください。"),
            version.purposes_basis_line, severity="warning")]
    return []


def purposes_basis_text(version: Version, lang: str) -> str:
    """The basis of a change of the purposes of use in words, with its article (the PR comment)."""
    if version.purposes_basis not in PURPOSES_BASES:
        return ""
    return label(lang, f"purposes_basis_{version.purposes_basis}",
                 article=reference(f"purposes_{version.purposes_basis}", lang))


def purposes_comparison(announcement: Announcement, lang: str) -> Comparison:
    return compare_section(announcement.previous.docs[lang], announcement.version.docs[lang], PURPOSES_ID)


def _purposes_table(announcement: Announcement, lang: str) -> str:
    """The notice's 新旧対照表 of the purposes: every build writes each notice twice (its page and
    the feed), and a development server again on every edit."""
    return announcement.cache.remember(
        "purposes-table", (lang, announcement.previous.sha256(lang), announcement.version.sha256(lang)),
        lambda: comparison_table_markdown(purposes_comparison(announcement, lang)))


def _tensed(lang: str, key: str, past: bool) -> str:
    """The label in the past tense where the notice speaks of a revision done."""
    return f"{key}_past" if past and f"{key}_past" in LABELS[lang] else key


def translation_note(announcement: Announcement, lang: str) -> str:
    """Where this language's policy text is a translation, the note on the text the
    notice quotes (its purposes and table): the notice itself is the company's."""
    version, previous = announcement.version, announcement.previous
    if not announcement.purposes:  # a notice of another document quotes none of its text
        return ""
    quoted = version if is_translation(version, lang) else previous if is_translation(previous, lang) else None
    return label(lang, "notice_translation_quoted", version.document.name) + prevailing_sentence(quoted, lang) if quoted else ""


def _lead_in(changes: PurposeChanges, lang: str) -> str:
    """The text that introduces the purposes, as a sentence (its plain text drops a final 「。」)."""
    text = changes.lead_in
    if text and not text.endswith(("。", "：", ":", ".")):
        text += "。" if lang == "ja" else "."
    return text


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


def notice_lead(announcement: Announcement, lang: str, today: date | None = None) -> str:
    """The opening paragraph: the revision, the day it takes effect, and either (APPI Art. 21(3))
    that the purposes of use after the change are hereby published or, where the change needs the
    principals' consent (Art. 18(1)), that the company handles the information for them with it."""
    version = announcement.version
    past = announcement.past(today)
    name = version.document.name
    lead = (label(lang, _tensed(lang, "notice_lead", past), name, effective=format_date(version.effective, lang))
            if version.effective_known else label(lang, "notice_lead_posted", name))
    if not announcement.purposes_changed:
        return lead
    key = "notice_lead_consent" if version.purposes_basis == "consent" else "notice_lead_purposes"
    return lead + label(lang, _tensed(lang, key, past))


def _new_text_label(version: Version, lang: str) -> str:
    day = format_date(version.effective, lang)
    return (label(lang, "notice_new_text", version.document.name, effective=day) if version.effective_known
            else label(lang, "notice_new_text_posted", version.document.name, posted=day))


def _translation_box(note: str, lang: str) -> str:
    """The note on the quoted text as the site's boxed note (kept in print)."""
    return f'!!! note policy-translation "{label(lang, "notice_translation_title")}"\n\n    {note}\n\n' if note else ""


def announcement_markdown(announcement: Announcement, lang: str, contact: Contact, link: Link,
                          heading_level: int = 1, title: bool = True, site: bool = False,
                          today: date | None = None) -> str:
    """The notice as Markdown, as it reads on `today`; `link` turns a page source into the URL to
    write, and the title is left out where the medium has its own (a feed entry). Where the policy
    text it quotes is a translation, a quoted line says so above the dates; on the
    `site`, a boxed note does, below them (and the title carries the page's anchor)."""
    version = announcement.version
    prefix = version.document.prefix
    past = announcement.past(today)
    h = "#" * heading_level
    summary = version.summary.get(lang) or label(lang, "no_summary")
    note = translation_note(announcement, lang)
    parts = [
        f"{h} {announcement.title(lang)}" + (" {#title}" if site else "") + "\n" if title else "",
        f"> {note}\n" if note and not site else "",
        notice_date_line(announcement, lang) + "\n",
        _translation_box(note, lang) if site else "",
        notice_lead(announcement, lang, today) + "\n",
        f"{h}# {label(lang, 'notice_summary')}\n\n{_plain_markdown(summary)}\n" if summary else "",
    ]
    if announcement.purposes:  # the privacy policy's notice: its purposes of use
        parts += _purposes_markdown(announcement, lang, h, past)
    parts += [
        f"{h}# {label(lang, 'notice_links', version.document.name)}\n",
        f"- [{_new_text_label(version, lang)}]({link(urls.version_page(version.id, prefix))})\n"
        f"- [{label(lang, 'notice_comparison')}]({link(urls.compare_page(announcement.previous.id, version.id, prefix))})\n",
        f"{h}# {label(lang, 'notice_contact')}\n",
        label(lang, "notice_contact_text") + "\n\n" + contact.html(lang) + "\n",
        _closing(lang, site),
    ]
    return "\n".join(part for part in parts if part)


def _purposes_markdown(announcement: Announcement, lang: str, h: str, past: bool) -> list[str]:
    """The notice's part on the purposes of use: unchanged, or every change and every purpose after it."""
    parts = [f"{h}# {label(lang, 'notice_purposes')}\n"]
    changes = announcement.purposes[lang]
    if not changes.purposes_changed:
        parts.append(label(lang, "notice_purposes_unchanged") + "\n")
    if changes.added:
        parts.append(f"{h}## {label(lang, _tensed(lang, 'purposes_added', past))}\n\n" + _bullets(changes.added))
    if changes.removed:
        parts.append(f"{h}## {label(lang, _tensed(lang, 'purposes_removed', past))}\n\n" + _bullets(changes.removed))
    if changes.changed:
        rows = "".join(f"| {_plain_markdown(before) or '—'} | {_plain_markdown(after) or '—'} |\n"
                       for before, after in changes.changed)
        parts.append(f"{h}## {label(lang, _tensed(lang, 'purposes_changed', past))}\n\n"
                     f"| {label(lang, 'before')} | {label(lang, 'after')} |\n| --- | --- |\n" + rows)
    if changes.reordered:  # the purposes that moved, named: a move is no removal
        parts.append(label(lang, _tensed(lang, "purposes_reordered", past)) + "\n\n"
                     + "".join(f"- {_plain_markdown(item)}{label(lang, 'moved')}\n" for item in changes.moved))
    if changes.purposes_changed:  # every purpose after the change (Art. 21(3)), not only the changed ones
        parts.append(f"{h}## {label(lang, 'notice_purposes_after')}\n\n"
                     + (f"{_plain_markdown(_lead_in(changes, lang))}\n\n" if changes.lead_in else "")
                     + _bullets(changes.after))
    if changes.purposes_changed or changes.reordered:
        parts.append(f"{h}## {label(lang, 'notice_purposes_table')}\n\n"
                     + _purposes_table(announcement, lang))
    return parts


def _closing(lang: str, site: bool) -> str:
    """「以上」, which closes what 「下記のとおり」 opened (no English counterpart)."""
    closing = label(lang, "notice_closing")
    return f"{closing}\n" + ("{ .policy-closing }\n" if site else "") if closing else ""


def announcement_text(announcement: Announcement, lang: str, contact: Contact, link: Link,
                      today: date | None = None) -> str:
    """The notice as plain text, for an e-mail (a 通知): every purpose after the change included."""
    version = announcement.version
    prefix = version.document.prefix
    summary = version.summary.get(lang) or label(lang, "no_summary")
    note = translation_note(announcement, lang)
    lines = [announcement.title(lang), "=" * 20, "",
             *([note, ""] if note else []),
             notice_date_line(announcement, lang), "",
             notice_lead(announcement, lang, today), "",
             *([f"[{label(lang, 'notice_summary')}]", summary, ""] if summary else [])]
    if announcement.purposes:  # the privacy policy's notice: its purposes of use
        lines += _purposes_lines(announcement, lang, announcement.past(today))
    lines += ["", f"[{label(lang, 'notice_links', version.document.name)}]",
              f"{_new_text_label(version, lang)}: {link(urls.version_page(version.id, prefix))}",
              f"{label(lang, 'notice_comparison')}: {link(urls.compare_page(announcement.previous.id, version.id, prefix))}",
              "", f"[{label(lang, 'notice_contact')}]", label(lang, "notice_contact_text")]
    lines += [text if not key else f"{key}: {text}" for key, text in contact.lines(lang)]
    closing = label(lang, "notice_closing")
    if closing:
        lines += ["", closing]
    return "\n".join(lines) + "\n"


def _purposes_lines(announcement: Announcement, lang: str, past: bool) -> list[str]:
    changes = announcement.purposes[lang]
    bullet = "・" if lang == "ja" else "- "
    colon = "：" if lang == "ja" else ": "
    lines = [f"[{label(lang, 'notice_purposes')}]"]
    if not changes.purposes_changed:
        lines.append(label(lang, "notice_purposes_unchanged"))
    for key, items in (("purposes_added", changes.added), ("purposes_removed", changes.removed)):
        if items:
            lines += [label(lang, _tensed(lang, key, past))] + [f"{bullet}{item}" for item in items]
    if changes.changed:
        lines.append(label(lang, _tensed(lang, "purposes_changed", past)))
        for before, after in changes.changed:
            lines += [f"{bullet}{label(lang, 'before')}{colon}{before}", f"  {label(lang, 'after')}{colon}{after}"]
    if changes.reordered:
        lines += [label(lang, _tensed(lang, "purposes_reordered", past))] + [
            f"{bullet}{item}{label(lang, 'moved')}" for item in changes.moved]
    if changes.purposes_changed:
        lines += ["", f"[{label(lang, 'notice_purposes_after')}]", *([_lead_in(changes, lang)] if changes.lead_in else []),
                  *(f"{bullet}{item}" for item in changes.after)]
    return lines


def announcement_json(announcement: Announcement) -> dict:
    """The `policy announce --format json` contract (schemas/announce.schema.json). Another
    document's notice names it (`document`) and has no purposes of use (null)."""
    document = announcement.version.document
    data = {} if document.privacy_policy else {"document": document.id}
    return data | {
        "version": announcement.id,
        "announced": announcement.published.isoformat(),
        "effective": announcement.version.effective.isoformat(),
        "purposes_changed": announcement.purposes_changed,
        "purposes_basis": announcement.version.purposes_basis if announcement.purposes_changed else None,
        "purposes": {lang: announcement.purposes[lang].as_json() for lang in LANGUAGES} if announcement.purposes
        else None,
    }
