"""Differences between two texts at the granularity a reader expects.

English is compared word by word. Japanese has no spaces: it is compared character by character,
then cleaned up so that a changed word shows as one change and a rewritten sentence as one deletion
and one insertion, never a scatter of single characters:

- a short unchanged stretch squeezed between two changes joins them (as diff-match-patch's
  semantic cleanup does);
- a change that starts or ends inside a run of kanji, katakana or Latin letters grows to the whole
  run, and okurigana take their kanji stem with them.

Long texts are aligned line by line, then sentence by sentence, before any character is compared,
so the cost follows the size of the change, not of the text.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Iterable, Literal

Tag = Literal["equal", "insert", "delete"]
Op = tuple[Tag, str]

# Units no change may split: placeholders, attribute lists, links, code spans, HTML tags.
_ATOMIC = r"\{\{.*?\}\}|\{[:#.][^{}\n]*\}|!?\[[^\]\n]*\]\([^)\n]*\)|`[^`\n]+`|<[^<>\n]+>"
_EN_TOKEN = re.compile(_ATOMIC + r"|[A-Za-z0-9À-ɏ]+(?:['’][A-Za-z]+)*|\s+|.", re.S)
_JA_TOKEN = re.compile(_ATOMIC + r"|[A-Za-z0-9À-ɏ]+|[ \t]+|.", re.S)
_SENTENCE = re.compile(r".*?(?:[。！？]|[.!?;:](?=\s)|$)\s*", re.S)

# Pairs of units at least this similar are compared inside; others are replaced whole.
PAIRING_RATIO = 0.5


def tokenize(text: str, lang: str) -> list[str]:
    return (_JA_TOKEN if lang == "ja" else _EN_TOKEN).findall(text)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s]


def diff_text(old: str, new: str, lang: str) -> list[Op]:
    """Ops whose equal+delete texts give `old` and whose equal+insert texts give `new`."""
    if old == new:
        return [("equal", old)] if old else []
    ops: list[Op] = []
    for kind, a, b in align(old.splitlines(keepends=True), new.splitlines(keepends=True)):
        if kind == "pair":
            ops.extend(_diff_line(a, b, lang))
        else:
            ops.append((kind, a if kind != "insert" else b))
    return merge(ops)


def _diff_line(old: str, new: str, lang: str) -> list[Op]:
    old_body, old_end = _split_ending(old)
    new_body, new_end = _split_ending(new)
    ops: list[Op] = []
    for kind, a, b in align(sentences(old_body), sentences(new_body)):
        if kind == "pair":
            ops.extend(diff_tokens(a, b, lang))
        else:
            ops.append((kind, a if kind != "insert" else b))
    ops = cleanup(merge(ops), lang)
    if old_end == new_end:
        ops.append(("equal", old_end))
    else:
        ops += [("delete", old_end), ("insert", new_end)]
    return merge(ops)


def _split_ending(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def align(old: list[str], new: list[str]) -> Iterable[tuple[str, str, str]]:
    """Align two lists of units: ("equal", a, a), ("pair", a, b) for similar units to compare
    inside, ("delete", a, "") and ("insert", "", b) for units replaced whole."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for unit in old[i1:i2]:
                yield "equal", unit, unit
        elif tag == "delete":
            for unit in old[i1:i2]:
                yield "delete", unit, ""
        elif tag == "insert":
            for unit in new[j1:j2]:
                yield "insert", "", unit
        else:
            yield from _pair(old[i1:i2], new[j1:j2])


def _pair(old: list[str], new: list[str]) -> Iterable[tuple[str, str, str]]:
    """Pair replaced units in order by similarity; the unpaired are deleted or inserted whole."""
    if len(old) == len(new) == 1 and _marker(old[0]) == _marker(new[0]):
        yield "pair", old[0], new[0]  # one block rewritten: let its sentences decide
        return
    j = 0
    for unit in old:
        match = next((k for k in range(j, len(new)) if similar(unit, new[k])), None)
        if match is None:
            yield "delete", unit, ""
            continue
        for inserted in new[j:match]:
            yield "insert", "", inserted
        yield "pair", unit, new[match]
        j = match + 1
    for inserted in new[j:]:
        yield "insert", "", inserted


def similar(a: str, b: str) -> bool:
    if _marker(a) != _marker(b):
        return False  # a list item never pairs with a heading: the structure must stay intact
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= PAIRING_RATIO and matcher.quick_ratio() >= PAIRING_RATIO \
        and matcher.ratio() >= PAIRING_RATIO


_MARKER = re.compile(r"^(\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?|\|)?)")


def _marker(line: str) -> str:
    """The block syntax that opens a Markdown line: heading, list item, quote, table row."""
    return _MARKER.match(line).group(1).strip()


def diff_tokens(old: str, new: str, lang: str) -> list[Op]:
    a, b = tokenize(old, lang), tokenize(new, lang)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                ops.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                ops.append(("insert", "".join(b[j1:j2])))
    return ops


def merge(ops: Iterable[Op]) -> list[Op]:
    """Drop empty ops, join neighbours of one kind, and put each change's deletion first."""
    result: list[Op] = []
    pending_delete, pending_insert = "", ""
    for tag, text in ops:
        if not text:
            continue
        if tag == "delete":
            pending_delete += text
        elif tag == "insert":
            pending_insert += text
        else:
            if pending_delete:
                result.append(("delete", pending_delete))
            if pending_insert:
                result.append(("insert", pending_insert))
            pending_delete, pending_insert = "", ""
            if result and result[-1][0] == "equal":
                result[-1] = ("equal", result[-1][1] + text)
            else:
                result.append(("equal", text))
    if pending_delete:
        result.append(("delete", pending_delete))
    if pending_insert:
        result.append(("insert", pending_insert))
    return result


def cleanup(ops: list[Op], lang: str) -> list[Op]:
    ops = _absorb_short_equalities(merge(ops))
    if lang == "ja":
        ops = _snap_to_words(ops)
    return ops


def _change_size(ops: list[Op]) -> int:
    deleted = sum(len(t) for tag, t in ops if tag == "delete")
    inserted = sum(len(t) for tag, t in ops if tag == "insert")
    return max(deleted, inserted)


def _absorb_short_equalities(ops: list[Op]) -> list[Op]:
    """An equality no longer than the changes on both sides of it becomes part of them."""
    changed = True
    while changed:
        changed = False
        for index, (tag, text) in enumerate(ops):
            if tag != "equal" or index == 0 or index == len(ops) - 1 or "\n" in text:
                continue
            before = _change_size(_run(ops, index, -1))
            after = _change_size(_run(ops, index, +1))
            if len(text) <= before and len(text) <= after:
                ops = merge(ops[:index] + [("delete", text), ("insert", text)] + ops[index + 1:])
                changed = True
                break
    return ops


def _run(ops: list[Op], index: int, step: int) -> list[Op]:
    """The changes next to ops[index] in one direction, up to the next equality."""
    run = []
    index += step
    while 0 <= index < len(ops) and ops[index][0] != "equal":
        run.append(ops[index])
        index += step
    return run


def char_class(char: str) -> str:
    if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or char in "々〆ヵヶ":
        return "kanji"
    if "\u30a0" <= char <= "\u30ff" or "\uff66" <= char <= "\uff9f":
        return "katakana"
    if "\u3040" <= char <= "\u309f":
        return "hiragana"
    if char.isalnum() and unicodedata.category(char).startswith(("L", "N")):
        return "latin"
    return "other"


_WORDLIKE = {"kanji", "katakana", "latin"}


def _snap_to_words(ops: list[Op]) -> list[Op]:
    """Grow each change to whole runs of kanji, katakana or Latin letters at its edges."""
    result = list(ops)
    index = 0
    while index < len(result):
        if result[index][0] == "equal":
            index += 1
            continue
        start = index
        while index < len(result) and result[index][0] != "equal":
            index += 1
        deleted = "".join(t for tag, t in result[start:index] if tag == "delete")
        inserted = "".join(t for tag, t in result[start:index] if tag == "insert")
        edges = [t for t in (deleted, inserted) if t]
        prefix = suffix = ""
        if start > 0:  # the change begins inside a word of the text before it
            before = result[start - 1][1]
            take = _word_tail(before, [t[:1] for t in edges])
            if take:
                prefix = before[-take:]
                result[start - 1] = ("equal", before[:-take])
        if index < len(result):  # or ends inside a word of the text after it
            after = result[index][1]
            take = _word_head(after, [t[-1:] for t in edges])
            if take:
                suffix = after[:take]
                result[index] = ("equal", after[take:])
        if prefix or suffix:
            result[start:index] = [("delete", prefix + deleted + suffix), ("insert", prefix + inserted + suffix)]
            index = start + 2
    return merge(result)


def _word_tail(equal: str, change_firsts: list[str]) -> int:
    """How many characters at the end of `equal` belong to a word the change continues."""
    if not equal:
        return 0
    cls = char_class(equal[-1])
    joins = any(f and (char_class(f) == cls or (cls == "kanji" and char_class(f) == "hiragana"))
                for f in change_firsts)
    if cls not in _WORDLIKE or not joins:
        return 0
    count = 0
    while count < len(equal) and char_class(equal[-1 - count]) == cls:
        count += 1
    return count


def _word_head(equal: str, change_lasts: list[str]) -> int:
    if not equal:
        return 0
    cls = char_class(equal[0])
    if cls not in _WORDLIKE or not any(l and char_class(l) == cls for l in change_lasts):
        return 0
    count = 0
    while count < len(equal) and char_class(equal[count]) == cls:
        count += 1
    return count
