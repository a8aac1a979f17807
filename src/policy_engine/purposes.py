"""The purposes of use (section `purposes-of-use`) and how they changed between two versions.

The purposes are read as the page shows them (plaintext.py): each list item's plain text, and the
lead-in (the text around the list) separately. No change of markup alone is a change of purposes:
the list marker, emphasis, link targets, line wrapping, numbering, the punctuation that only joins
list items, nor a lead-in written as the list's first item ("- The Company shall use ... for the
following purposes:") or taken out of it. A change of the words is. A reworded purpose is paired
with its old wording by similarity ("changed"), not reported as one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .document import Document
from .plaintext import ITEM, Block, blocks
from .textdiff import kept_in_order

PURPOSES_ID = "purposes-of-use"
REWORDED_RATIO = 0.5  # at least this similar: the same purpose reworded
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

    @property
    def purposes_changed(self) -> bool:
        """A change of substance; a new order alone is not a change of the purposes."""
        return bool(self.added or self.removed or self.changed)

    def as_json(self) -> dict:
        return {"added": self.added, "removed": self.removed,
                "changed": [{"before": b, "after": a} for b, a in self.changed], "moved": self.moved}


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def detect(old: Document, new: Document) -> PurposeChanges:
    old_blocks, new_blocks = purpose_blocks(old), purpose_blocks(new)
    old_prose, old_items = _split(old_blocks, {b.text for b in new_blocks if b.kind != ITEM})
    new_prose, new_items = _split(new_blocks, {b.text for b in old_blocks if b.kind != ITEM})
    remaining_old = list(range(len(old_items)))
    pairs: dict[int, int] = {}  # new index -> old index
    for j, item in enumerate(new_items):
        match = next((i for i in remaining_old if old_items[i] == item), None)
        if match is not None:
            pairs[j] = match
            remaining_old.remove(match)
    unmatched_new = [j for j in range(len(new_items)) if j not in pairs]
    candidates = sorted(((_similarity(old_items[i], new_items[j]), i, j)
                         for i in remaining_old for j in unmatched_new), reverse=True)
    changed_pairs: dict[int, int] = {}
    for ratio, i, j in candidates:
        if ratio < REWORDED_RATIO:
            break
        if i in remaining_old and j not in changed_pairs:
            changed_pairs[j] = i
            remaining_old.remove(i)
    changed = [(old_items[changed_pairs[j]], new_items[j]) for j in sorted(changed_pairs)]
    if old_prose != new_prose:
        changed.insert(0, (old_prose, new_prose))  # what the purposes are of changed
    kept = {**pairs, **changed_pairs}
    order = [kept[j] for j in range(len(new_items)) if j in kept]
    in_place = kept_in_order(sorted(order), order)
    return PurposeChanges(
        added=[new_items[j] for j in range(len(new_items)) if j not in kept],
        removed=[old_items[i] for i in sorted(remaining_old)],
        changed=changed,
        reordered=order != sorted(order),
        moved=[new_items[j] for j in range(len(new_items)) if j in kept and kept[j] not in in_place],
    )
