"""Differences between two texts at the granularity a reader expects.

English is compared word by word. Japanese has no spaces: it is cut into words by SudachiPy (mode B,
the core dictionary), then compared word by word, so a 新旧対照表 underlines the changed word, not the
compound noun phrase around it (「法令上必要な」 -> only 「必要」). A short unchanged stretch squeezed
between two changes joins them (as diff-match-patch's semantic cleanup does), so a rewritten
sentence reads as one deletion and one insertion, never a scatter of words.

Why SudachiPy mode B, measured on the 36 hand-written pairs of tests/test_japanese_diff.py (the
exact ops a lawyer marks) and the sample history's changed Japanese sections:

    segmenter            pairs exact  within the lawyer's marks  characters marked  (samples)
    SudachiPy B (core)   36/36        36/36                      333                176
    SudachiPy A          34/36        36/36                      329                176
    SudachiPy C          31/36        32/36                      353                176
    fugashi + UniDic     36/36        36/36                      333                176
    BudouX 文節          11/36        14/36                      485                188
    kanji-run snapping   14/36        20/36                      413                180  (the old rule)

BudouX cuts for line breaking: a 文節 carries its particle and its neighbours in a compound
(「個人識別符号が」 for 符号), so it marks about half as much again. Mode A splits words a lawyer
names as one (取り扱い -> 取り|扱い, then marks 「取り」 for 取り扱い -> 取扱い); mode C fuses terms
(利用料金, 個人情報) and marks the whole term for one changed word. fugashi ties with mode B but
needs UniDic-lite, a 250 MB dictionary frozen since 2020; Sudachi's is released every year.

A link, an image, a code span, an HTML tag, a placeholder and an attribute list are single units
whatever their URL holds: a change never splits one.

Long texts are aligned line by line, then sentence by sentence, before any word is compared, so
the cost follows the size of the change, not of the text. Lines that moved unchanged (a reordered
list item) are found first and kept whole, so that they can be shown as moved, not as deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Callable, Hashable, Iterable, Literal, Sequence

Tag = Literal["equal", "insert", "delete"]
Op = tuple[Tag, str]

# Markdown units no change may split. Link targets may hold balanced parentheses (three levels)
# and link texts balanced brackets: "[a](https://x/p(07.22.20)(fr).pdf)" is one unit.
_PARENS = r"\((?:<[^<>\n]*>[^()\n]*|(?:[^()\n]|\((?:[^()\n]|\([^()\n]*\))*\))*)\)"
_BRACKETS = r"\[(?:[^\[\]\n]|\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\])*\]"
_LINK = rf"!?{_BRACKETS}(?:{_PARENS}|\[[^\[\]\n]*\])"
_CODE = r"(?<!`)(?P<ticks>`+)(?!`)[^\n]*?(?<!`)(?P=ticks)(?!`)"
_ATOMIC = rf"\{{\{{.*?\}}\}}|\{{[:#.][^{{}}\n]*\}}|{_LINK}|{_CODE}|<[^<>\n]+>"
ATOMIC = re.compile(_ATOMIC)
_LATIN_WORD = r"[A-Za-z0-9À-ɏ]+(?:['’][A-Za-z]+)*"
_EN_TOKEN = re.compile(rf"{_ATOMIC}|{_LATIN_WORD}|\s+|.", re.S)
_JA_FIXED = re.compile(rf"{_ATOMIC}|[A-Za-z0-9À-ɏ]+|\s+")

# Pairs of units at least this similar are compared inside; others are replaced whole.
PAIRING_RATIO = 0.5
# Sudachi refuses very long inputs; runs of Japanese between marks are cut to this length first.
_SEGMENT_LIMIT = 4000


@lru_cache(maxsize=1)
def _sudachi() -> Callable[[str], list[str]]:
    from sudachipy import Dictionary, SplitMode  # imported on first Japanese comparison only

    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.B, fields=set())
    return lambda text: [m.surface() for m in tokenizer.tokenize(text)]


def japanese_words(text: str) -> list[str]:
    """Words of a run of Japanese, concatenating back to `text` exactly."""
    words: list[str] = []
    for start in range(0, len(text), _SEGMENT_LIMIT):
        chunk = text[start:start + _SEGMENT_LIMIT]
        found = _sudachi()(chunk)
        words += found if "".join(found) == chunk else list(chunk)  # never lose a character
    return words


def tokenize(text: str, lang: str) -> list[str]:
    return list(_tokens(text, lang))


@lru_cache(maxsize=1 << 16)  # a sentence is compared with each of its versions
def _tokens(text: str, lang: str) -> tuple[str, ...]:
    if lang != "ja":
        return tuple(m.group(0) for m in _EN_TOKEN.finditer(text))
    tokens: list[str] = []
    position = 0
    for match in _JA_FIXED.finditer(text):
        if match.start() > position:
            tokens += japanese_words(text[position:match.start()])
        tokens.append(match.group(0))
        position = match.end()
    if position < len(text):
        tokens += japanese_words(text[position:])
    return tuple(tokens)


def sentences(text: str) -> list[str]:
    """Sentences with their trailing space; a link or code span is never cut."""
    return list(_sentences(text))


# A sentence ends after 。！？ (and the space after it), or after .!?;: followed by space; a
# Markdown unit (link, code span...) is matched first, so that a full stop inside one never ends
# a sentence. One scan by the regular expression engine, not a Python loop over characters.
_SENTENCE_END = re.compile(rf"(?P<unit>{_ATOMIC})|[。！？]\s*|[.!?;:]\s+", re.S)


@lru_cache(maxsize=1 << 16)  # the same lines recur in every comparison of a long history
def _sentences(text: str) -> tuple[str, ...]:
    result, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.group("unit") is None:
            result.append(text[start:match.end()])
            start = match.end()
    if start < len(text):
        result.append(text[start:])
    return tuple(result)


@dataclass(frozen=True)
class Move:
    """A line deleted at one place and inserted at another: ops[old] and ops[new] of a diff."""

    old: int  # index of the deletion in the ops
    new: int  # index of the insertion
    old_line: int  # 0-based line of the old text
    new_line: int


def diff_text(old: str, new: str, lang: str) -> list[Op]:
    """Ops whose equal+delete texts give `old` and whose equal+insert texts give `new`."""
    return merge(diff_with_moves(old, new, lang)[0])


def diff_with_moves(old: str, new: str, lang: str) -> tuple[list[Op], list[Move]]:
    """Like diff_text, with each moved line an op of its own and the moves that pair them."""
    if old == new:
        return ([("equal", old)] if old else []), []
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_keys, new_keys = [line_key(x) for x in old_lines], [line_key(x) for x in new_lines]
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    moved_old, moved_new = _moved_lines(matcher)
    ops: list[Op] = []
    chunk: list[Op] = []
    pending: dict[int, int] = {}  # old line -> index of its deletion op
    placed: dict[int, int] = {}  # new line -> index of its insertion op
    i = j = 0

    def alone(op: Op) -> int:
        nonlocal chunk
        ops.extend(merge(chunk))
        chunk = []
        ops.append(op)
        return len(ops) - 1

    for kind, a, b in align(old_lines, new_lines, matcher=matcher, whole=(moved_old, moved_new)):
        if kind == "delete" and i in moved_old:
            pending[i] = alone(("delete", a))
        elif kind == "insert" and j in moved_new:
            placed[j] = alone(("insert", b))
        elif kind == "pair":
            chunk.extend(_diff_line(a, b, lang))
        else:
            chunk.append((kind, a if kind != "insert" else b))
        i += kind != "insert"
        j += kind != "delete"
    ops.extend(merge(chunk))
    moves = [Move(pending[o], placed[n], o, n) for o, n in moved_old.items()]
    return ops, sorted(moves, key=lambda m: m.new)


def line_key(line: str) -> str:
    """What a line says, for matching lines: list marker, spacing and the punctuation that only
    joins list items ("; and", "、", a final "。") left out."""
    text = _LIST_MARKER.sub("", " ".join(line.split()))
    return _JOINING_END.sub("", text)


_LIST_MARKER = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_JOINING_END = re.compile(r"\s*(?:[;；,，、]\s*(?:(?:and|or)\s*)?|[.。])$")


def _moved_lines(matcher: SequenceMatcher) -> tuple[dict[int, int], dict[int, int]]:
    """Lines outside the longest common order that say the same in both: moved, old <-> new."""
    old_keys, new_keys = matcher.a, matcher.b
    kept_old = {i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)}
    kept_new = {j for block in matcher.get_matching_blocks() for j in range(block.b, block.b + block.size)}
    waiting: dict[str, list[int]] = {}
    for j, key in enumerate(new_keys):
        if j not in kept_new and _worth_moving(key):
            waiting.setdefault(key, []).append(j)
    moved_old: dict[int, int] = {}
    for i, key in enumerate(old_keys):
        if i not in kept_old and waiting.get(key):
            moved_old[i] = waiting[key].pop(0)
    return moved_old, {n: o for o, n in moved_old.items()}


def kept_in_order(a: Sequence[Hashable], b: Sequence[Hashable]) -> set:
    """The items of `a` that keep their relative order in `b` (the matching the redline's lines
    use too); the others have moved."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return {a[i] for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)}


def _worth_moving(key: str) -> bool:
    """A line long enough that finding it elsewhere means it moved (not a blank or a lone mark):
    four letters or digits, counted until the fourth."""
    found = 0
    for ch in key:
        if ch.isalnum():
            found += 1
            if found == 4:
                return True
    return False


@lru_cache(maxsize=1 << 15)  # a line pair recurs in many comparisons of a long history
def _diff_line(old: str, new: str, lang: str) -> tuple[Op, ...]:
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
    return tuple(merge(ops))


def _split_ending(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def align(old: list[str], new: list[str], matcher: SequenceMatcher | None = None,
          whole: tuple[dict[int, int], dict[int, int]] = ({}, {})) -> Iterable[tuple[str, str, str]]:
    """Align two lists of units: ("equal", a, a), ("pair", a, b) for similar units to compare
    inside, ("delete", a, "") and ("insert", "", b) for units replaced whole. A `matcher` of keys
    of the units may say which units match; the indexes in `whole` (moved lines) never pair."""
    matcher = matcher or SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2]):
                yield ("equal", a, b) if a == b else ("pair", a, b)
        elif tag == "delete":
            for unit in old[i1:i2]:
                yield "delete", unit, ""
        elif tag == "insert":
            for unit in new[j1:j2]:
                yield "insert", "", unit
        else:
            yield from _pair(old, new, range(i1, i2), range(j1, j2), whole)


def _pair(old: list[str], new: list[str], olds: range, news: range,
          whole: tuple[dict[int, int], dict[int, int]]) -> Iterable[tuple[str, str, str]]:
    """Pair replaced units in order by similarity; the unpaired are deleted or inserted whole."""
    moved_old, moved_new = whole
    if len(olds) == len(news) == 1 and olds[0] not in moved_old and news[0] not in moved_new \
            and _marker(old[olds[0]]) == _marker(new[news[0]]):
        yield "pair", old[olds[0]], new[news[0]]  # one block rewritten: let its sentences decide
        return
    candidates = [k for k in news if k not in moved_new]
    position = 0
    j = news.start
    for i in olds:
        match = None
        if i not in moved_old:
            match = next((k for k in candidates[position:] if similar(old[i], new[k])), None)
        if match is None:
            yield "delete", old[i], ""
            continue
        for inserted in range(j, match):
            yield "insert", "", new[inserted]
        yield "pair", old[i], new[match]
        j = match + 1
        position = candidates.index(match) + 1
    for inserted in range(j, news.stop):
        yield "insert", "", new[inserted]


@lru_cache(maxsize=1 << 16)
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
    a, b = _tokens(old, lang), _tokens(new, lang)
    if len(a) * len(b) <= _LCS_CELLS:
        return _lcs_ops(a, b)
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


# Sentences up to this many token pairs get a true longest common subsequence: SequenceMatcher
# grabs the longest block first and turns 第2条第1項 -> 第3条第2項 into one wide change.
_LCS_CELLS = 40_000


def _lcs_ops(a: Sequence[str], b: Sequence[str]) -> list[Op]:
    """The ops of a longest common subsequence, walked from the start: equal tokens are kept,
    else the token of `a` is deleted unless that leaves a shorter subsequence than inserting
    the token of `b` (the classic table, `lengths[i][j]` = LCS of a[i:] and b[j:]).

    The table is not built cell by cell: row i is one integer, a bit per column, found from row
    i + 1 by a few operations on integers (Hyyrö's bit-parallel LCS, on the reversed texts), and a
    cell is the count of bits at or after its column. Same ops, in a fraction of the time."""
    n, m = len(a), len(b)
    masks: dict[str, int] = {}
    for k, token in enumerate(reversed(b)):  # bit k: column m - 1 - k
        masks[token] = masks.get(token, 0) | (1 << k)
    full = (1 << m) - 1
    v = full
    rows = [0] * (n + 1)  # rows[i]: a bit set where the LCS of a[i:] grows by one, column by column
    for i in range(n - 1, -1, -1):
        u = v & masks.get(a[i], 0)
        v = ((v + u) | (v - u)) & full
        rows[i] = ~v & full

    def lengths(i: int, j: int) -> int:
        return (rows[i] & ((1 << (m - j)) - 1)).bit_count()

    ops: list[Op] = []
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:  # then lengths[i][j] == lengths[i + 1][j + 1] + 1, always
            ops.append(("equal", a[i]))
            i, j = i + 1, j + 1
        elif lengths(i + 1, j) >= lengths(i, j + 1):
            ops.append(("delete", a[i]))
            i += 1
        else:
            ops.append(("insert", b[j]))
            j += 1
    ops += [("delete", t) for t in a[i:]] + [("insert", t) for t in b[j:]]
    return merge(ops)


def forget() -> None:
    """Empty the memos of this module (a benchmark that times comparisons computes each one)."""
    for memo in (_sentences, _tokens, _diff_line, similar):
        memo.cache_clear()


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


def cleanup(ops: list[Op], lang: str = "") -> list[Op]:
    return _absorb_short_equalities(merge(ops))


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
