"""The purposes of use (section `purposes-of-use`) and how they changed between two versions.

The purposes are read as the page shows them (plaintext.py): each list item's plain text, and the
lead-in (the text around the list) separately. No change of markup alone is a change of purposes:
the list marker, emphasis, link targets, line wrapping, numbering, the punctuation that only joins
list items, nor a lead-in written as the list's first item ("- The Company shall use ... for the
following purposes:") or taken out of it. A change of the words is. A reworded purpose is paired
with its old wording by similarity ("changed"), not reported as one removed and one added; the
similarity is that of what the purposes say beyond the phrasing the list repeats in every item
(「当社のサービス…するため」, "to ... the Company's services"), so that a removed purpose and an
unrelated new one are never taken for one reworded purpose. `match_items` is the one matching:
the notices and every comparison of the purposes (purpose_diff.py) read the items through it, in
both languages alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..reading.document import Document
from ..reading.plaintext import ITEM, Block, blocks
from .textdiff import kept_in_order, tokenize

PURPOSES_ID = "purposes-of-use"
REWORDED_RATIO = 0.5  # at least this similar: the same purpose reworded
# A word in at least this share of the items of each version is the list's repeated phrasing.
_FRAME_SHARE = 0.5
_FRAME_MIN_ITEMS = 3  # a list this short has no phrasing of its own to leave out
# A new wording that keeps this share (and at least this many) of the shorter one's words, in order.
_EXTENDED_SHARE, _EXTENDED_WORDS = 0.8, 2
_LEAD_IN_ENDS = (":", "：")
LEAD_IN = "lead-in"


def purpose_blocks(doc: Document) -> list[Block]:
    section = doc.section(PURPOSES_ID)
    if section is None:
        return []
    found = blocks(section.body)
    # A list that opens with its own lead-in ("- ...for the following purposes:"): that is prose.
    if found and found[0].kind == ITEM and found[0].text.endswith(_LEAD_IN_ENDS):
        found[0] = Block(LEAD_IN, found[0].text)
    return found


def _split(found: list[Block], lead_ins: set[str] = frozenset()) -> tuple[str, list[str]]:
    """(the lead-in, the purposes); an item saying what the other version's lead-in says is the
    lead-in moved into the list."""
    prose = [b.text for b in found if b.kind != ITEM or b.text in lead_ins]
    items = [b.text for b in found if b.kind == ITEM and b.text not in lead_ins]
    return " ".join(prose), items


def read_purposes(doc: Document) -> tuple[str, list[str]]:
    """(the text around the list, the purposes) of a document's purposes-of-use section."""
    return _split(purpose_blocks(doc))


@dataclass(frozen=True)
class PurposeChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)  # (before, after)
    reordered: bool = False
    moved: list[str] = field(default_factory=list)  # purposes now at another place among the others
    after: list[str] = field(default_factory=list)  # every purpose after the change, in order
    lead_in: str = ""  # the text around the list after the change ("...for the following purposes:")

    @property
    def purposes_changed(self) -> bool:
        """A change of substance; a new order alone is not a change of the purposes."""
        return bool(self.added or self.removed or self.changed)

    def as_json(self) -> dict:
        return {"added": self.added, "removed": self.removed,
                "changed": [{"before": b, "after": a} for b, a in self.changed], "moved": self.moved,
                "after": self.after}


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _words(text: str, lang: str) -> list[str]:
    return [t for t in tokenize(text, lang) if any(ch.isalnum() for ch in t)]


def _frame(old_words: list[list[str]], new_words: list[list[str]]) -> set[str]:
    """The words each version repeats in at least half of its items: the list's phrasing."""
    def common(lists: list[list[str]]) -> set[str] | None:
        if len(lists) < _FRAME_MIN_ITEMS:
            return None
        counts: dict[str, int] = {}
        for words in lists:
            for word in set(words):
                counts[word] = counts.get(word, 0) + 1
        return {w for w, n in counts.items() if n >= _FRAME_SHARE * len(lists)}

    found = [c for c in (common(old_words), common(new_words)) if c is not None]
    return set.intersection(*found) if found else set()


@dataclass(frozen=True)
class ItemMatch:
    """Which new item is which old one: `same` (the same words), `reworded` (the same purpose in
    other words), both new index -> old index; `in_place`: the new indexes of kept items still in
    their order among the others (the rest have moved)."""
    same: dict[int, int]
    reworded: dict[int, int]
    in_place: frozenset[int]

    @property
    def kept(self) -> dict[int, int]:
        return {**self.same, **self.reworded}

    @property
    def moved(self) -> list[int]:
        return sorted(j for j in self.kept if j not in self.in_place)


def match_items(old_items: list[str], new_items: list[str], lang: str) -> ItemMatch:
    """Items with the same text first, then reworded ones, most similar first."""
    remaining_old = list(range(len(old_items)))
    same: dict[int, int] = {}
    for j, item in enumerate(new_items):
        match = next((i for i in remaining_old if old_items[i] == item), None)
        if match is not None:
            same[j] = match
            remaining_old.remove(match)
    unmatched_new = [j for j in range(len(new_items)) if j not in same]
    reworded: dict[int, int] = {}
    if remaining_old and unmatched_new:
        old_words = [_words(t, lang) for t in old_items]
        new_words = [_words(t, lang) for t in new_items]
        frame = _frame(old_words, new_words)

        def similarity(i: int, j: int) -> float:
            a = [w for w in old_words[i] if w not in frame]
            b = [w for w in new_words[j] if w not in frame]
            if not a or not b:
                return _similarity(old_items[i], new_items[j]) if not a and not b else 0.0
            matcher = SequenceMatcher(None, a, b, autojunk=False)
            kept = sum(block.size for block in matcher.get_matching_blocks())
            # A purpose extended (or cut) keeps the words of the shorter wording.
            extended = kept >= _EXTENDED_WORDS and kept >= _EXTENDED_SHARE * min(len(a), len(b))
            return 1.0 if extended else matcher.ratio()

        # Most similar first; of equals, the earliest.
        candidates = sorted((-similarity(i, j), i, j) for i in remaining_old for j in unmatched_new)
        for ratio, i, j in candidates:
            if -ratio < REWORDED_RATIO:
                break
            if i in remaining_old and j not in reworded:
                reworded[j] = i
                remaining_old.remove(i)
    kept = {**same, **reworded}
    order = [kept[j] for j in range(len(new_items)) if j in kept]
    in_order = kept_in_order(sorted(order), order)
    return ItemMatch(same, reworded, frozenset(j for j in kept if kept[j] in in_order))


def detect(old: Document, new: Document) -> PurposeChanges:
    old_blocks, new_blocks = purpose_blocks(old), purpose_blocks(new)
    old_prose, old_items = _split(old_blocks, {b.text for b in new_blocks if b.kind != ITEM})
    new_prose, new_items = _split(new_blocks, {b.text for b in old_blocks if b.kind != ITEM})
    match = match_items(old_items, new_items, new.lang)
    kept = match.kept
    changed = [(old_items[match.reworded[j]], new_items[j]) for j in sorted(match.reworded)]
    if old_prose != new_prose:
        changed.insert(0, (old_prose, new_prose))  # what the purposes are of changed
    order = [kept[j] for j in range(len(new_items)) if j in kept]
    return PurposeChanges(
        added=[new_items[j] for j in range(len(new_items)) if j not in kept],
        removed=[old_items[i] for i in range(len(old_items)) if i not in kept.values()],
        changed=changed,
        reordered=order != sorted(order),
        moved=[new_items[j] for j in match.moved],
        after=new_items,
        lead_in=new_prose,
    )
