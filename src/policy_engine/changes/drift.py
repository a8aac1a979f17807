"""Translation drift: a section whose text changed in one language only since the previous version.

The two languages are translations of each other, so a revision of one is a revision of the other:
an English "within two weeks" with a Japanese 「遅滞なく」 left as it was is a warning of
`policy check` (and of the pull-request summary, which lists the check's problems). A purpose
changed in one language only is an error of its own (announcements.py), not repeated here.

Sections are read as the page shows them (plaintext.py), so whitespace, line wrapping, markup and
the punctuation that only joins list items ("; and" moving from one item to the next) are no change.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.dates import format_date
from ..reading.document import Document
from ..core.errors import Problem
from ..core.labels import label
from ..core.messages import Text
from ..reading.plaintext import blocks
from .purposes import PURPOSES_ID, detect
from ..reading.settings import LANGUAGES
from ..reading.versions import Version

PREAMBLE = "preamble"


@dataclass(frozen=True)
class SectionDrift:
    """One section of `version` changed since `previous` in `changed` but not in `unchanged`."""

    version: Version
    previous: Version
    section_id: str
    labels: dict[str, str]  # the section's number and title, per language
    changed: str
    unchanged: str
    changed_line: int
    unchanged_line: int


def reading(doc: Document, section_id: str) -> tuple[str, ...] | None:
    """A section (or the preamble) as read: its blocks of plain text; None when it is absent."""
    if section_id == PREAMBLE:
        return tuple(b.text for b in blocks(doc.preamble))
    section = doc.section(section_id)
    return None if section is None else tuple(b.text for b in blocks(section.source))


def _line(doc: Document, section_id: str) -> int:
    section = doc.section(section_id)
    return section.line if section else 1


def _label(doc: Document, section_id: str) -> str:
    section = doc.section(section_id)
    if section is None:
        return label(doc.lang, "preamble") if section_id == PREAMBLE else section_id
    return f"{section.label} {section.title}".strip()


def translation_drift(previous: Version, version: Version) -> list[SectionDrift]:
    """The sections of `version` that changed since `previous` in one language only."""
    first, second = LANGUAGES
    ids = [PREAMBLE] + [s.id for s in version.docs[first].sections]
    purposes_disagree = len({detect(previous.docs[lang], version.docs[lang]).purposes_changed
                             for lang in LANGUAGES}) > 1
    found = []
    for section_id in ids:
        if section_id == PURPOSES_ID and purposes_disagree:
            continue  # the error that the purposes change in one language only says it already
        changed = {}
        for lang in LANGUAGES:
            before, after = reading(previous.docs[lang], section_id), reading(version.docs[lang], section_id)
            if before is None or after is None:
                break  # a section added or removed: section parity is checked on its own
            changed[lang] = before != after
        else:
            if changed[first] != changed[second]:
                yes, no = (first, second) if changed[first] else (second, first)
                labels = {lang: _label(version.docs[lang], section_id) for lang in LANGUAGES}
                found.append(SectionDrift(version, previous, section_id, labels, yes, no, _line(version.docs[yes], section_id),
                                          _line(version.docs[no], section_id)))
    return found


def drift_problems(versions: list[Version], among: list[Version] | None = None) -> list[Problem]:
    """Warnings for every one-language change of the versions `among` (all by default), each
    against the version before it."""
    wanted = {v.id for v in (among if among is not None else versions)}
    problems = []
    for previous, version in zip(versions, versions[1:]):
        if version.id in wanted:
            problems += [_problem(drift) for drift in translation_drift(previous, version)]
    return problems


def _problem(drift: SectionDrift) -> Problem:
    other = f"{drift.unchanged}.md"
    mine = f"{drift.changed}.md"
    since_en = format_date(drift.previous.effective, "en")
    since_ja = format_date(drift.previous.effective, "ja")
    return Problem(drift.version.file(drift.changed), Text(
        en=f"section '{drift.section_id}' ({drift.labels['en']}) changed in {mine} since the version effective "
           f"{since_en}, but not in {other} (line {drift.unchanged_line}): check that both languages "
           "still say the same",
        ja=f"{drift.labels['ja']}（{drift.section_id}）は、{since_ja}施行版から{mine}では変更されていますが、"
           f"{other}（{drift.unchanged_line}行目）では変更されていません。両言語の内容が一致しているか確認してください。"),
        drift.changed_line, severity="warning")
