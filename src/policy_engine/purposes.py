"""The purposes of use (section `purposes-of-use`) and how they changed between two versions.

A purpose is one list item read as plain text: no list marker, no Markdown, no line wrapping and
none of the punctuation that only joins list items ("; and", "、", a final "。"), so that rewrapping
a line or changing the list marker is no change. A reworded purpose is paired with its old wording
by similarity ("changed"), not reported as one removed and one added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .document import LIST_ITEM, Document

PURPOSES_ID = "purposes-of-use"
REWORDED_RATIO = 0.5  # at least this similar: the same purpose reworded

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_JOINING = re.compile(r"\s*(?:[;；,，、]\s*(?:(?:and|or)\s*)?|(?<![A-Za-z]{3}\.)[.。])\s*$")
_ABBREVIATED = re.compile(r"\b(?:etc|Inc|Ltd|Co|e\.g|i\.e)\.$")
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


def plain(text: str) -> str:
    """A purpose as plain text: Markdown, wrapping and joining punctuation removed."""
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = _SPACE_BETWEEN_CJK.sub("", " ".join(text.split()))
    if not _ABBREVIATED.search(text):
        text = _JOINING.sub("", text)
    else:
        text = re.sub(r"\s*[;；,，、]\s*(?:(?:and|or)\s*)?$", "", text)
    return text.strip()


def read_purposes(doc: Document) -> tuple[str, list[str]]:
    """(the text around the list, the purposes) of a document's purposes-of-use section."""
    section = doc.section(PURPOSES_ID)
    if section is None:
        return "", []
    items: list[list[str]] = []
    prose: list[str] = []
    in_item = after_blank = False
    for line in section.body.splitlines():
        item = LIST_ITEM.match(line)
        if item:
            items.append([item.group(1)])
            in_item = True
        elif not line.strip():
            after_blank = True
            continue
        elif in_item and (not after_blank or line[:1] in " \t"):
            items[-1].append(line)  # a wrapped line of the item
        else:
            in_item = False
            prose.append(line)
        after_blank = False
    return plain(" ".join(prose)), [plain(" ".join(parts)) for parts in items]


@dataclass(frozen=True)
class PurposeChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)  # (before, after)
    reordered: bool = False

    @property
    def purposes_changed(self) -> bool:
        """A change of substance; a new order alone is not a change of the purposes."""
        return bool(self.added or self.removed or self.changed)

    def as_json(self) -> dict:
        return {"added": self.added, "removed": self.removed,
                "changed": [{"before": b, "after": a} for b, a in self.changed]}


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def detect(old: Document, new: Document) -> PurposeChanges:
    old_prose, old_items = read_purposes(old)
    new_prose, new_items = read_purposes(new)
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
    order = [({**pairs, **changed_pairs})[j] for j in range(len(new_items)) if j in pairs or j in changed_pairs]
    return PurposeChanges(
        added=[new_items[j] for j in range(len(new_items)) if j not in pairs and j not in changed_pairs],
        removed=[old_items[i] for i in sorted(remaining_old)],
        changed=changed,
        reordered=order != sorted(order),
    )
