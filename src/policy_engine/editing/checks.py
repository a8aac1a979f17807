"""`policy check`: everything the build refuses, and what a reviewer should know besides.

Errors stop a merge; warnings inform it. Wording checks (list items, statutory terms, the matters
APPI Art. 32 requires) apply to the versions that still matter, the one in effect and those to
come: superseded versions are records and stay as they were published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..publishing.announcements import announcement_problems, make_announcements
from ..reading.contact import Contact
from ..reading.contact_history import ContactHistory, contact_record_problems, load_contacts
from ..reading.document import count_list_items
from ..changes.drift import drift_problems
from ..core.errors import PolicyError, Problem
from ..core.law import LEGAL_REVIEW_FILE, public_matters
from ..core.messages import Text
from ..changes.purposes import read_purposes
from .records import (BaseDiff, NoHistory, compare_with_base, go_live_record_problems,
                      new_version_problems, record_problems)
from ..reading.retained_data import RetainedHistory, load_retained_data, missing_problems, retained_record_problems
from ..reading.publications import load_register
from .publication_records import publication_record_problems
from ..reading.settings import LANGUAGES, DocumentSettings, Settings
from ..reading.summaries import summary_problems
from ..reading.textinput import first_line
from ..reading.timeline import Timeline, make_timeline
from ..reading.versions import Version, layout_problems, versions_of
from ..reading.yamldata import load_yaml_file


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    timeline: Timeline | None = None  # what is public and in effect, when the versions load
    versions: list[Version] | None = None  # every version, public or not, when they load

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def check_repository(settings: Settings, today: date, base: str | None = None,
                     compare_records: bool = True, release: bool = False,
                     environ: dict[str, str] | None = None, allow_draft: bool = False) -> CheckReport:
    """`release`: also what keeps the site from being the company's 公表 (release.py), with
    `environ` (SITE_URL) as the publish workflow builds it."""
    report = CheckReport()
    contacts = _collect(report, lambda: load_contacts(settings.contact_file))
    retained = _collect(report, lambda: load_retained_data(settings.retained_data_file))
    versions = report.versions = _collect(report, lambda: versions_of(settings))
    register = _collect(report, lambda: load_register(settings.publications_dir))
    report.problems += layout_problems(settings.versions_dir)  # stray files: warnings
    if versions:
        report.problems += announcement_problems(make_announcements(versions, settings.cache()), settings.notice_period_days)
        timeline = report.timeline = _collect(report, lambda: make_timeline(versions, today, settings.go_live))
        living = _living(versions, today)
        glossary = _collect(report, lambda: load_glossary(settings.glossary_file))
        for version in living:
            report.problems += list_item_problems(version)
            report.problems += terminology_problems(version, glossary or [])
        report.problems += summary_problems(living, today)
        report.problems += drift_problems(versions, living)  # one language revised alone: warnings
        if timeline and contacts:
            report.problems += public_matter_problems(timeline, contacts.on(today),
                                                      settings.root / LEGAL_REVIEW_FILE)
    for document in settings.other_documents:
        report.problems += document_problems(settings, document, today, base if compare_records else None,
                                             compare_records)
    if release:
        from .release import release_problems
        # every document's versions: a statement of which text prevails, or a sample, in any of them
        every = list(versions or []) + [version for document in settings.other_documents for version in
                                        _collect(CheckReport(), lambda d=document: versions_of(settings, document=d)) or []]
        report.problems += release_problems(settings, today, environ or {}, retained, every, allow_draft)
    elif retained:
        report.problems += missing_problems(retained)  # warnings: the release check blocks on them
    if compare_records:
        try:
            diff = compare_with_base(settings.root, settings.versions_dir, base)
            # Before the site's go-live (as the base records it) nothing was published here: a
            # version's text and the dated records may still be corrected in place.
            frozen = diff.live_on(today)
            report.problems += record_problems(diff, frozen)
            report.problems += go_live_record_problems(diff, settings, today)
            if versions:
                report.problems += new_version_problems(diff, versions, today)
            if contacts:
                report.problems += _contact_change_problems(diff, contacts, today, frozen)
            if retained:
                report.problems += _retained_change_problems(diff, retained, today, frozen)
            if settings.publications_dir is not None:  # the 公表 records: append-only
                report.problems += publication_record_problems(diff, settings.publications_dir, register, today, frozen)
        except NoHistory as exc:
            report.notes.append(Text(f"published versions were not compared with a base: {exc.args[0]}",
                                     f"公開済みの版を比較の基準と照合していません：{exc.args[0]}"))
        except PolicyError as exc:
            report.problems += exc.problems
    report.problems.sort(key=lambda p: (str(p.path), p.line or 0))
    return report


def document_problems(settings: Settings, document: DocumentSettings, today: date, base: str | None,
                      compare_records: bool = True) -> list[Problem]:
    """Another versioned document's versions (policy.yml `documents:`), checked as the privacy
    policy's are but for what belongs to the privacy policy alone (purposes of use, the matters
    the law has it make public, its statutory terms): its files, its notices, the versions that
    still matter, and, against the base, that its published versions stay as published."""
    report = CheckReport()
    versions = _collect(report, lambda: versions_of(settings, document=document))
    report.problems += layout_problems(document.versions_dir)
    if versions:
        report.problems += announcement_problems(make_announcements(versions, settings.cache()),
                                                 settings.notice_period_days)
        _collect(report, lambda: make_timeline(versions, today, settings.go_live))
        living = _living(versions, today)
        for version in living:
            report.problems += list_item_problems(version)
        report.problems += summary_problems(living, today)
        report.problems += drift_problems(versions, living)
    if compare_records:
        try:
            diff = compare_with_base(settings.root, document.versions_dir, base)
            report.problems += record_problems(diff, diff.live_on(today))
            if versions:
                report.problems += new_version_problems(diff, versions, today)
        except NoHistory:
            pass  # said once, of the privacy policy
        except PolicyError as exc:
            report.problems += exc.problems
    return report.problems


def _contact_change_problems(diff: BaseDiff, contacts: ContactHistory, today: date, frozen: bool) -> list[Problem]:
    before = diff.base_text(contacts.source)
    return [] if before is None else contact_record_problems(before, contacts, diff.base, today, frozen)


def _retained_change_problems(diff: BaseDiff, retained: RetainedHistory, today: date, frozen: bool) -> list[Problem]:
    before = diff.base_text(retained.source)
    return [] if before is None else retained_record_problems(before, retained, diff.base, today, frozen)


def _collect(report: CheckReport, load):
    try:
        return load()
    except PolicyError as exc:
        report.problems += exc.problems
        return None


def _living(versions: list[Version], today: date) -> list[Version]:
    """The version in effect on `today` (whether or not announced yet) and every later one."""
    in_effect = [v for v in versions if v.effective <= today]
    start = versions.index(in_effect[-1]) if in_effect else 0
    return versions[start:]


def list_item_problems(version: Version) -> list[Problem]:
    """A purpose (or any list item) added to one language only."""
    first, *others = LANGUAGES
    problems = []
    for lang in others:
        for section in version.docs[lang].sections:
            reference = version.docs[first].section(section.id)
            if reference is None:
                continue  # section id parity is an error of its own
            mine, theirs = count_list_items(section.body), count_list_items(reference.body)
            if mine != theirs:
                problems.append(Problem(version.file(lang), Text(
                    f"section '{section.id}' has {mine} list items here but {theirs} in {first}.md "
                    f"(line {reference.line})",
                    f"セクション '{section.id}' の箇条書きの項目数が {first}.md（{reference.line}行目）と異なります"
                    f"（こちら {mine}、{first}.md {theirs}）"), section.line))
    return problems


@dataclass(frozen=True)
class Term:
    en: tuple[str, ...]
    ja: tuple[str, ...]
    pattern: re.Pattern
    # Where the statute uses the term: only these sections (all when empty), and there the
    # Japanese must not use these words instead (本人, not お客様, where the Act speaks of 本人).
    sections: tuple[str, ...] = ()
    not_ja: tuple[str, ...] = ()


def _words(value) -> tuple[str, ...]:
    return tuple([value] if isinstance(value, str) else value or ())


def load_glossary(path: Path) -> list[Term]:
    data = load_yaml_file(path, what="glossary") or []  # strict: no duplicate keys, no aliases
    terms = []
    for index, entry in enumerate(data if isinstance(data, list) else [None]):
        if not (isinstance(entry, dict) and entry.get("en") and entry.get("ja")):
            raise PolicyError([Problem(path, Text(
                f"glossary entry {index + 1} must give `en: [...]` and `ja: [...]`",
                f"用語集の{index + 1}番目の項目には `en: [...]` と `ja: [...]` を記載してください。"))])
        en, ja = _words(entry["en"]), _words(entry["ja"])
        unknown = sorted(set(entry) - {"en", "ja", "sections", "not_ja"})
        if unknown:
            raise PolicyError([Problem(path, Text(
                en=f"glossary entry {index + 1} has an unknown key '{unknown[0]}' (known: en, ja, sections, not_ja)",
                ja=f"用語集の{index + 1}番目の項目に不明なキー「{unknown[0]}」があります（使えるキー：en、ja、sections、not_ja）。"))])
        words = "|".join(re.escape(term) for term in sorted(en, key=len, reverse=True))
        terms.append(Term(en, ja, re.compile(rf"\b(?:{words})\b", re.IGNORECASE),
                          _words(entry.get("sections")), _words(entry.get("not_ja"))))
    return terms


def terminology_problems(version: Version, glossary: list[Term]) -> list[Problem]:
    problems = []
    ja_doc, en_doc = version.docs["ja"], version.docs["en"]
    pairs = [("preamble", en_doc.preamble, ja_doc.preamble, 1)]
    pairs += [(s.id, s.source, ja_doc.section(s.id).source, ja_doc.section(s.id).line)
              for s in en_doc.sections if ja_doc.section(s.id)]
    for section_id, english, japanese, line in pairs:
        for term in glossary:
            if term.sections and section_id not in term.sections:
                continue
            used = term.pattern.search(english)
            if not used:
                continue
            if not any(word in japanese for word in term.ja):
                problems.append(Problem(version.file("ja"), Text(
                    f"section '{section_id}': the English uses '{used.group(0)}', but the Japanese does not "
                    f"use its statutory term {' / '.join(term.ja)}",
                    f"セクション '{section_id}' の英語は '{used.group(0)}' を用いていますが、日本語に法令の用語"
                    f"「{'／'.join(term.ja)}」がありません。"), line))
            for word in term.not_ja:
                at = japanese.find(word)
                if at >= 0:
                    statutory = "／".join(term.ja)
                    problems.append(Problem(version.file("ja"), Text(
                        en=f"section '{section_id}': the Japanese says {word} where the Act says "
                           f"{' / '.join(term.ja)} (the English: '{used.group(0)}'): use the statutory term",
                        ja=f"セクション '{section_id}' で「{word}」と記載されていますが、法令はこの箇所で"
                           f"「{statutory}」と定めています（英語：'{used.group(0)}'）。法令の用語を使ってください。"),
                        line + japanese[:at].count("\n")))
    return problems


def public_matter_problems(timeline: Timeline, contact: Contact, review: Path) -> list[Problem]:
    """Warnings, naming the article, for matters the version in effect does not make public.
    They point where the fix is made: contact.yml, or the question in LEGAL-REVIEW.md that only the
    company can answer, with what the next version must add and where; never at a published
    version, which is a record."""
    version = timeline.current
    ja = version.docs["ja"]
    problems = []
    for matter in public_matters():
        present = True
        if "contact" in matter:
            present = all(getattr(contact, name, None) for name in matter["contact"])
        if "section" in matter:
            present = bool(ja.section(matter["section"])) and bool(read_purposes(ja)[1])
        if "ja_any" in matter:
            present = any(word in ja.text for word in matter["ja_any"])
        if not present:
            article, what, add, question = matter["article"], matter["what"], matter["add"], matter["question"]
            where, line = ((contact.source, None) if "contact" in matter and contact.source
                           else (review, first_line(review, lambda text: re.match(rf"#+\s+{question}\b", text) is not None)))
            problems.append(Problem(where, Text(
                en=f"{article['en']}: {what['en']} should be public; the version in effect "
                   f"({version.id}) does not give it. Once the company answers "
                   f"{LEGAL_REVIEW_FILE} {question}, {add['en']} (do not invent it)",
                ja=f"{article['ja']}：{what['ja']}を本人の知り得る状態に置く必要がありますが、現行の版"
                   f"（{version.id}）には記載がありません。{LEGAL_REVIEW_FILE} の"
                   f"{question}に会社が回答した後、{add['ja']}（推測で記載しないでください）。"),
                line, severity="warning"))
    return problems
