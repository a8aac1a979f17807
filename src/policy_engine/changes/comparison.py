"""Two versions of one language compared section by section, matched by section id.

A section's status covers its own text only (its heading and the text down to the next heading);
`inner_changes` says whether anything below it changed, so that a parent is folded as unchanged
only when its subsections are too. Lines that moved unchanged inside a section (a reordered list
item) are `moves`, and sections out of their old order are `moved`, with both positions. The
purposes of use are compared item by item (purpose_diff.py), as the notices read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import astuple, dataclass, replace
from typing import Any

from ..reading.document import Document, Section
from ..core.cache import NO_CACHE, Cache, text_hash
from .purpose_diff import purposes_ops
from .purposes import PURPOSES_ID
from .textdiff import Move, Op, diff_with_moves, kept_in_order

ADDED, REMOVED, CHANGED, UNCHANGED, MOVED = "added", "removed", "changed", "unchanged", "moved"
PREAMBLE_ID = "preamble"  # the text before the first section, compared like a section


class _Diff:
    """A section's diff (ops and moves), computed or read from the cache when first asked for: a
    comparison whose changed sections' Markdown is stored (redline.section_fragment) never needs
    it, and a site with a new current version has thousands of such sections."""

    __slots__ = ("_compute", "_value")

    def __init__(self, compute: Callable[[], tuple[list[Op], list[Move]]]) -> None:
        self._compute: Callable[[], tuple[list[Op], list[Move]]] | None = compute
        self._value: tuple[list[Op], list[Move]] = ([], [])

    def part(self, index: int) -> list[Any]:
        if self._compute is not None:
            self._value, self._compute = self._compute(), None
        return self._value[index]


class _Lazy(Sequence):
    """The ops or the moves of a _Diff, as the list (or tuple) they stand for."""

    __slots__ = ("_diff", "_index")

    def __init__(self, diff: _Diff, index: int) -> None:
        self._diff, self._index = diff, index

    def __getitem__(self, item):
        return self._diff.part(self._index)[item]

    def __len__(self) -> int:
        return len(self._diff.part(self._index))

    def __iter__(self) -> Iterator[Any]:
        return iter(self._diff.part(self._index))

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __repr__(self) -> str:
        return repr(self._diff.part(self._index))


@dataclass(frozen=True)
class SectionChange:
    id: str
    status: str
    old: Section | None
    new: Section | None
    ops: Sequence[Op]  # computed when first read (_Diff)
    moves: Sequence[Move] = ()  # ops that are one line moved: deleted at one place, inserted at another
    inner_changes: bool = False  # a section below this one (a subsection) changed

    @property
    def section(self) -> Section:
        """The section as it reads now, or as it read before it was removed."""
        return self.new or self.old


@dataclass(frozen=True)
class Comparison:
    lang: str
    old: Document
    new: Document
    sections: list[SectionChange]

    @property
    def has_changes(self) -> bool:
        return any(s.status != UNCHANGED for s in self.sections)

    @property
    def changes(self) -> list[SectionChange]:
        return [s for s in self.sections if s.status != UNCHANGED]


def line_of(section: Section, offset: int) -> int:
    """The line in the file of the line `offset` (0-based) of a section's source."""
    return section.line + offset


def _preamble(doc: Document) -> Section:
    text = doc.preamble.strip("\n")
    text = text + "\n" if text else ""
    return Section(id=PREAMBLE_ID, level=2, heading="", number="", title="", label="",
                   line=1, source=text, body=text)


def compare(old: Document, new: Document, cache: Cache = NO_CACHE) -> Comparison:
    """Per section: removed, added, moved (out of order among the others), changed or unchanged;
    in the new order, each removed section where it stood before. `cache` keeps each section's
    diff: a revision of one section of the current text leaves the diffs of the others, with
    every older version, as they were."""
    lang = new.lang
    old_ids = [s.id for s in old.sections]
    new_ids = [s.id for s in new.sections]
    common = set(old_ids) & set(new_ids)
    in_order = kept_in_order([i for i in old_ids if i in common], [i for i in new_ids if i in common])
    old_by_id = {s.id: s for s in old.sections}

    result: list[SectionChange] = []
    old_preamble, new_preamble = _preamble(old), _preamble(new)
    if old_preamble.source or new_preamble.source:
        result.append(_change(PREAMBLE_ID, old_preamble, new_preamble, lang, moved=False, cache=cache))

    # Removed sections are shown after the section that preceded them in the old text.
    removed_after: dict[str | None, list[Section]] = {}
    previous: str | None = None
    for section in old.sections:
        if section.id not in common:
            removed_after.setdefault(previous, []).append(section)
        else:
            previous = section.id
    for section in removed_after.get(None, []):
        result.append(SectionChange(section.id, REMOVED, section, None, [("delete", section.source)]))
    for section in new.sections:
        if section.id in common:
            result.append(_change(section.id, old_by_id[section.id], section, lang,
                                  moved=section.id not in in_order, cache=cache))
            for removed in removed_after.get(section.id, []):
                result.append(SectionChange(removed.id, REMOVED, removed, None, [("delete", removed.source)]))
        else:
            result.append(SectionChange(section.id, ADDED, None, section, [("insert", section.source)]))
    return Comparison(lang, old, new, _with_inner_changes(result))


def compare_section(old: Document, new: Document, section_id: str) -> Comparison:
    """One section of two documents compared (a notice's purposes of use), without the rest."""
    before, after = old.section(section_id), new.section(section_id)
    if before and after:
        changes = [_change(section_id, before, after, new.lang, moved=False)]
    elif after:
        changes = [SectionChange(section_id, ADDED, None, after, [("insert", after.source)])]
    elif before:
        changes = [SectionChange(section_id, REMOVED, before, None, [("delete", before.source)])]
    else:
        changes = []
    return Comparison(new.lang, old, new, changes)


def _change(section_id: str, old: Section, new: Section, lang: str, moved: bool,
            cache: Cache = NO_CACHE) -> SectionChange:
    differ = purposes_ops if section_id == PURPOSES_ID else diff_with_moves

    def diff() -> tuple[list[Op], list[Move]]:
        if old.source == new.source:
            return diff_with_moves(old.source, new.source, lang)  # one equal op: nothing to keep
        return cache.remember(
            "purposes-diff" if differ is purposes_ops else "section-diff",
            (lang, text_hash(old.source), text_hash(new.source)),
            lambda: differ(old.source, new.source, lang),
            lambda found: [found[0], [astuple(move) for move in found[1]]],
            lambda stored: ([tuple(op) for op in stored[0]], [Move(*move) for move in stored[1]]))
    status = MOVED if moved else (UNCHANGED if old.source == new.source else CHANGED)
    lazy = _Diff(diff)
    return SectionChange(section_id, status, old, new, _Lazy(lazy, 0), _Lazy(lazy, 1))


def _with_inner_changes(changes: list[SectionChange]) -> list[SectionChange]:
    """Mark each section under which (deeper, before the next heading of its level) something changed."""
    result = list(changes)
    open_parents: list[int] = []  # indexes of the sections whose subsections we are in
    for index, change in enumerate(changes):
        level = change.section.level if change.id != PREAMBLE_ID else 1
        while open_parents and changes[open_parents[-1]].section.level >= level:
            open_parents.pop()
        if change.status != UNCHANGED:
            for parent in open_parents:
                if not result[parent].inner_changes:
                    result[parent] = replace(result[parent], inner_changes=True)
        if change.id != PREAMBLE_ID:
            open_parents.append(index)
    return result
