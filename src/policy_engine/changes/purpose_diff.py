"""The purposes-of-use section compared item by item, as a notice reads it (purposes.match_items).

A purpose is a unit: one that matches no old purpose is inserted whole, one that matches no new
purpose is deleted whole, and only a purpose reworded (the same purpose, by `match_items`) is
compared word by word. A removed purpose and an unrelated new one are never one rewrite, however
much of the list's phrasing they share. A purpose with the same words at another place among the
others is a move, found the same way in both languages: by the plain text of the items, not by
the lines of either language's Markdown. The text around the list (heading, lead-in) is compared
as any text is (textdiff.py).

The ops keep the contract of textdiff.diff_with_moves: equal+delete texts give the old section,
equal+insert texts the new one, each move an op of its own.
"""

from __future__ import annotations

import re

from ..reading.document import LIST_ITEM
from ..reading.plaintext import ITEM, blocks
from .purposes import match_items
from .textdiff import Move, Op, diff_text, merge

_HEADING_LINE = re.compile(r"^#{1,6}[ \t]")


def _units(source: str) -> list[tuple[bool, str]]:
    """(is a list item, its Markdown): a list item with the lines that continue it (wrapped or
    nested lines, up to a blank line or the next item), and every other line alone."""
    units: list[tuple[bool, str]] = []
    for line in source.splitlines(keepends=True):
        if LIST_ITEM.match(line.rstrip("\n")):
            units.append((True, line))
        elif units and units[-1][0] and line.strip() and not _HEADING_LINE.match(line):
            units[-1] = (True, units[-1][1] + line)
        else:
            units.append((False, line))
    return units


def _item_text(markdown_item: str) -> str:
    """A list item's plain text as the page reads it (what purposes.detect compares)."""
    found = [b.text for b in blocks(markdown_item) if b.kind == ITEM]
    return found[0] if found else " ".join(markdown_item.split())


def _weighted_lcs(a: list, b: list, weight) -> list[tuple[int, int]]:
    """Index pairs of the heaviest common subsequence of two short lists of keys (a section's
    lines): every purpose kept in place is matched before any line around the list."""
    n, m = len(a), len(b)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            here = best[i + 1][j + 1] + weight(a[i]) if a[i] == b[j] and a[i] is not None else 0
            best[i][j] = max(here, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j] and a[i] is not None and best[i][j] == best[i + 1][j + 1] + weight(a[i]):
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def purposes_ops(old: str, new: str, lang: str) -> tuple[list[Op], list[Move]]:
    """The ops and moves of a purposes-of-use section, old source to new source."""
    old_units, new_units = _units(old), _units(new)
    old_items = [k for k, (is_item, _) in enumerate(old_units) if is_item]
    new_items = [k for k, (is_item, _) in enumerate(new_units) if is_item]
    match = match_items([_item_text(old_units[k][1]) for k in old_items],
                        [_item_text(new_units[k][1]) for k in new_items], lang)
    # Keys to align: a purpose kept in place is ("purpose", n) on both sides; a line around the
    # list is its text; a purpose added, removed, moved or reworded out of place matches nothing.
    old_keys: list = [None if is_item else ("line", " ".join(text.split())) for is_item, text in old_units]
    new_keys: list = [None if is_item else ("line", " ".join(text.split())) for is_item, text in new_units]
    moved_old: dict[int, int] = {}  # old unit -> new unit, a purpose moved with the same words
    for j, i in match.kept.items():
        if j in match.in_place:
            old_keys[old_items[i]] = new_keys[new_items[j]] = ("purpose", j)
        elif j in match.same:
            moved_old[old_items[i]] = new_items[j]
    moved_new = {n: o for o, n in moved_old.items()}
    anchors = _weighted_lcs(old_keys, new_keys, lambda key: 1000 if key[0] == "purpose" else 1)

    pieces: list[Op | tuple[str, str, str]] = []  # ops, and ("move", tag, text) kept apart

    def gap(old_range: range, new_range: range) -> None:
        """Units between two anchors, each side in its order: the lines around the list compared
        as text, purposes deleted or inserted whole (a moved one as a move)."""
        olds = [(old_units[k][0], k) for k in old_range]
        news = [(new_units[k][0], k) for k in new_range]
        while olds or news:
            if olds and news and not olds[0][0] and not news[0][0]:
                old_text = new_text = ""
                while olds and not olds[0][0]:
                    old_text += old_units[olds.pop(0)[1]][1]
                while news and not news[0][0]:
                    new_text += new_units[news.pop(0)[1]][1]
                pieces.extend(diff_text(old_text, new_text, lang))
            elif olds and (olds[0][0] or not news):
                k = olds.pop(0)[1]
                pieces.append(("move", "delete", old_units[k][1]) if k in moved_old else ("delete", old_units[k][1]))
            else:
                k = news.pop(0)[1]
                pieces.append(("move", "insert", new_units[k][1]) if k in moved_new else ("insert", new_units[k][1]))

    i = j = 0
    for a, b in anchors + [(len(old_units), len(new_units))]:
        gap(range(i, a), range(j, b))
        if a < len(old_units):
            before, after = old_units[a][1], new_units[b][1]
            pieces.extend([("equal", before)] if before == after else diff_text(before, after, lang))
        i, j = a + 1, b + 1

    ops: list[Op] = []
    chunk: list[Op] = []
    deleted_at: dict[int, int] = {}  # old unit -> op index
    inserted_at: dict[int, int] = {}
    old_line = {k: sum(t.count("\n") for _, t in old_units[:k]) for k in moved_old}
    new_line = {k: sum(t.count("\n") for _, t in new_units[:k]) for k in moved_new}
    old_moves = iter(sorted(moved_old))
    new_moves = iter(sorted(moved_new))
    for piece in pieces:
        if piece[0] != "move":
            chunk.append(piece)  # type: ignore[arg-type]
            continue
        ops.extend(merge(chunk))
        chunk = []
        ops.append((piece[1], piece[2]))  # type: ignore[misc]
        if piece[1] == "delete":
            deleted_at[next(old_moves)] = len(ops) - 1
        else:
            inserted_at[next(new_moves)] = len(ops) - 1
    ops.extend(merge(chunk))
    moves = [Move(deleted_at[o], inserted_at[n], old_line[o], new_line[n]) for o, n in moved_old.items()]
    return ops, sorted(moves, key=lambda move: move.new)
