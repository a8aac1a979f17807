"""Punctuation-only edits in a 新旧対照表: folded into the neighbouring change, or shown unmarked.

A 新旧対照表 marks (傍線) what a revision changes in substance. An edit of punctuation alone (「、」
added, "; and" moved to the new last item of a list) is not marked on its own: next to a change
of words on the same line (only spaces or punctuation between them) it becomes part of that
change; anywhere else both columns show their own text, unmarked. Words are never folded: "and"
and "or" count as punctuation only where they join list items ("; and" at the end of a line).

A step on the ops of a view (redline.view), after the diff: the ops themselves, which the redline
(見え消し), `policy diff` and its JSON show exactly, are left as they are.
"""

from __future__ import annotations

import re

from .textdiff import Op

# Tags of the text of a punctuation-only edit, shown in its own column without a mark.
UNMARKED_OLD, UNMARKED_NEW = "old_unmarked", "new_unmarked"
_MARKS = "delete", "insert"

_PUNCTUATION = re.compile(r"[\s.,;:、。，．；：・]*")
_JOINING_MARKS = ";；,，、"
_JOINING = re.compile(r"\s*(?:[;；,，、]\s*(?:(?:and|or)\b\s*)?|[.。])?\s*")


def _runs(ops: list[Op]) -> list[tuple[int, int]]:
    """(start, end) of each run of deletions and insertions between other ops."""
    runs, start = [], None
    for index, (tag, _) in enumerate(ops + [("equal", "")]):
        if tag in _MARKS:
            start = index if start is None else start
        elif start is not None:
            runs.append((start, index))
            start = None
    return runs


def _texts(ops: list[Op], run: tuple[int, int]) -> tuple[str, str]:
    part = ops[run[0]:run[1]]
    return ("".join(t for tag, t in part if tag == "delete"), "".join(t for tag, t in part if tag == "insert"))


def _at_line_end(ops: list[Op], end: int) -> bool:
    following = next((text for _, text in ops[end:] if text), "\n")
    return following.startswith("\n")


def _mark_before(ops: list[Op], start: int) -> str:
    """The joining mark (";", "、") that ends the text before a run on its line, or ""."""
    text = ops[start - 1][1] if start and ops[start - 1][0] not in _MARKS else ""
    last = text.split("\n")[-1].rstrip()[-1:]
    return last if last in _JOINING_MARKS else ""


def punctuation_only(ops: list[Op], run: tuple[int, int]) -> bool:
    """Whether a run changes punctuation alone: marks anywhere, or at a line's end the words that
    join list items after their mark ("; and", also when the ";" stays and " and" is added)."""
    deleted, inserted = _texts(ops, run)
    if "\n" in deleted + inserted:
        return False
    if _PUNCTUATION.fullmatch(deleted) and _PUNCTUATION.fullmatch(inserted):
        return True
    mark = _mark_before(ops, run[0])
    return _at_line_end(ops, run[1]) and all(
        not text or _JOINING.fullmatch(mark + text) for text in (deleted, inserted))


def _joins(ops: list[Op], index: int) -> bool:
    """ops[index] is an equality of spaces or punctuation on one line, between two runs."""
    if not 0 < index < len(ops) - 1:
        return False
    tag, text = ops[index]
    return (tag == "equal" and "\n" not in text and bool(_PUNCTUATION.fullmatch(text))
            and ops[index - 1][0] in _MARKS and ops[index + 1][0] in _MARKS)


def fold_punctuation(ops: list[Op]) -> list[Op]:
    """The ops of a view with each punctuation-only edit folded into its neighbour or unmarked."""
    result = list(ops)
    changed = True
    while changed:  # one fold at a time: a fold makes a run of its own
        changed = False
        runs = _runs(result)
        for position, run in enumerate(runs):
            if not punctuation_only(result, run):
                continue
            for other, between in ((position - 1, run[0] - 1), (position + 1, run[1])):
                if 0 <= other < len(runs) and _joins(result, between) and not punctuation_only(result, runs[other]):
                    first, last = min(runs[other][0], run[0]), max(runs[other][1], run[1])
                    part = result[first:last]
                    deleted = "".join(t for tag, t in part if tag in ("delete", "equal"))
                    inserted = "".join(t for tag, t in part if tag in ("insert", "equal"))
                    result[first:last] = [("delete", deleted), ("insert", inserted)]
                    changed = True
                    break
            if changed:
                break
    final: list[Op] = []
    runs = {start: end for start, end in _runs(result) if punctuation_only(result, (start, end))}
    index = 0
    while index < len(result):
        if index in runs:
            for tag, text in result[index:runs[index]]:
                final.append((UNMARKED_OLD if tag == "delete" else UNMARKED_NEW, text))
            index = runs[index]
            continue
        final.append(result[index])
        index += 1
    return final
