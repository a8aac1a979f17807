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

import yaml

from .announcements import announcement_problems, make_announcements
from .contact import Contact, load_contact
from .dates import format_date
from .document import count_list_items
from .drift import drift_problems
from .errors import PolicyError, Problem
from .law import public_matters
from .purposes import read_purposes
from .messages import Text
from .records import NoHistory, compare_with_base, new_version_problems, record_problems
from .settings import LANGUAGES, Settings
from .summaries import summary_problems
from .timeline import Timeline, make_timeline
from .versions import Version, load_versions
from .yamldata import read_text

@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    timeline: Timeline | None = None  # what is public and in effect, when the versions load

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def check_repository(settings: Settings, today: date, base: str | None = None,
                     compare_records: bool = True) -> CheckReport:
    report = CheckReport()
    contact = _collect(report, lambda: load_contact(settings.contact_file))
    versions = _collect(report, lambda: load_versions(settings.versions_dir))
    if versions:
        report.problems += announcement_problems(make_announcements(versions), settings.notice_period_days)
        timeline = report.timeline = _collect(report, lambda: make_timeline(versions, today))
        living = _living(versions, today)
        glossary = _collect(report, lambda: load_glossary(settings.glossary_file))
        for version in living:
            report.problems += list_item_problems(version)
            report.problems += terminology_problems(version, glossary or [])
        report.problems += summary_problems(living, today)
        report.problems += drift_problems(versions, living)  # one language revised alone: warnings
        if timeline and contact:
            report.problems += public_matter_problems(timeline, contact)
    if compare_records:
        try:
            diff = compare_with_base(settings.root, settings.versions_dir, base)
            report.problems += record_problems(diff)
            if versions:
                report.problems += new_version_problems(diff, versions, today)
        except NoHistory as exc:
            report.notes.append(Text(f"published versions were not compared with a base: {exc.args[0]}",
                                     f"公開済みの版を比較の基準と照合していません：{exc.args[0]}"))
        except PolicyError as exc:
            report.problems += exc.problems
    report.problems.sort(key=lambda p: (str(p.path), p.line or 0))
    return report


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


def load_glossary(path: Path) -> list[Term]:
    if not path.is_file():
        raise PolicyError([Problem(path, "the glossary file does not exist")])
    try:
        data = yaml.safe_load(read_text(path)) or []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PolicyError([Problem(path, f"invalid glossary: {exc}", mark.line + 1 if mark else None)]) from None
    terms = []
    for index, entry in enumerate(data if isinstance(data, list) else [None]):
        if not (isinstance(entry, dict) and entry.get("en") and entry.get("ja")):
            raise PolicyError([Problem(path, f"glossary entry {index + 1} must give `en: [...]` and `ja: [...]`")])
        en = tuple([entry["en"]] if isinstance(entry["en"], str) else entry["en"])
        ja = tuple([entry["ja"]] if isinstance(entry["ja"], str) else entry["ja"])
        words = "|".join(re.escape(term) for term in sorted(en, key=len, reverse=True))
        terms.append(Term(en, ja, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)))
    return terms


def terminology_problems(version: Version, glossary: list[Term]) -> list[Problem]:
    problems = []
    ja_doc, en_doc = version.docs["ja"], version.docs["en"]
    pairs = [("preamble", en_doc.preamble, ja_doc.preamble, 1)]
    pairs += [(s.id, s.source, ja_doc.section(s.id).source, ja_doc.section(s.id).line)
              for s in en_doc.sections if ja_doc.section(s.id)]
    for section_id, english, japanese, line in pairs:
        for term in glossary:
            used = term.pattern.search(english)
            if used and not any(word in japanese for word in term.ja):
                problems.append(Problem(version.file("ja"), f"section '{section_id}': the English uses "
                                        f"'{used.group(0)}', but the Japanese does not use its statutory term "
                                        f"{' / '.join(term.ja)}", line))
    return problems


def public_matter_problems(timeline: Timeline, contact: Contact) -> list[Problem]:
    """Warnings, naming the article, for matters the version in effect does not make public."""
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
            where = contact.source if "contact" in matter else version.file("ja")
            problems.append(Problem(where, f"{matter['article']}: {matter['what']} should be public; "
                                    f"the version in effect ({format_date(version.effective, 'en')}) "
                                    "does not give it (legal review: do not invent it)", severity="warning"))
    return problems
