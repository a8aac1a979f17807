"""A comparison written out: the redline of the whole text and the 新旧対照表, as Markdown; plain
text for a terminal; the JSON of the `policy diff` contract.

Insertions and deletions are <ins> and <del> with words a screen reader reads and print keeps
("［追加］…", "[deleted] …"), not only colours. The Markdown structure stays intact: a change is
marked inside one block at a time, and block syntax (list markers, heading marks) stays outside.
A line that moved unchanged is no deletion: the redline shows it where it stands now, the
新旧対照表 where it stood and where it stands, each marked 「（記載位置の変更）」.

The redline (見え消し) shows every insertion and deletion. The 新旧対照表 follows Japanese practice:
傍線 (underline) on both columns, the replaced words in 改定前 and the new words in 改定後, under
the legend 「（傍線部分は改定部分）」 above it; 「（略）」 in each column for what it leaves
out; punctuation-only edits folded into the neighbouring change or shown unmarked (punctuation.py).
The marks stay <del> and <ins> with their spoken words: the underline of both is the style's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any, Callable, TypeVar

from ..core.cache import NO_CACHE, Cache, text_hash
from .comparison import ADDED, MOVED, PREAMBLE_ID, REMOVED, UNCHANGED, Comparison, SectionChange, line_of
from ..core.labels import label
from ..reading.markup import plain_markdown
from .punctuation import UNMARKED_NEW, UNMARKED_OLD, fold_punctuation
from .textdiff import ATOMIC, Op

# Tags of a moved line in a view of the ops: where it stood (old side), where it stands (new side).
MOVED_FROM, MOVED_TO = "moved_from", "moved_to"
_NEW_SIDE = {"equal", "delete", "insert", MOVED_TO}  # the redline: the new text with every change
_OLD_COLUMN = ("equal", "delete", MOVED_FROM, UNMARKED_OLD)  # the 新旧対照表's two columns
_NEW_COLUMN = ("equal", "insert", MOVED_TO, UNMARKED_NEW)
_PLAIN = ("equal", MOVED_FROM, MOVED_TO, UNMARKED_OLD, UNMARKED_NEW)  # written without a mark
T = TypeVar("T")

_BLOCK_MARK = re.compile(r"^(\s*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+[.)][ \t]+|>[ \t]?)?)")
_HEADING = re.compile(r"^(\s*)(#{1,6})([ \t]+)")
_ATTR_LIST = re.compile(r"[ \t]*\{[:#.][^{}\n]*\}[ \t]*$")
_INLINE_MARKS = "*_`"


def _escape_changed(text: str) -> str:
    """Changed text inside a tag: HTML-escaped, and Markdown marks escaped unless they pair up,
    so a lone `*` or backtick in a change cannot swallow the tags around it. Links, images and
    code spans are left whole, so that a changed link still works."""
    kept = [m for m in ATOMIC.finditer(text) if m.group(0)[:1] in "[!`"]
    pieces, position = [], 0
    for match in kept:
        pieces += [text[position:match.start()], match.group(0)]
        position = match.end()
    pieces.append(text[position:])
    plain = [html.escape(piece, quote=False).replace("|", "\\|") for piece in pieces[::2]]
    for mark in _INLINE_MARKS:
        if sum(piece.count(mark) for piece in plain) % 2:
            plain = [piece.replace(mark, "\\" + mark) for piece in plain]
    pieces[::2] = plain
    pieces[1::2] = [(piece if piece[0] == "`" else html.escape(piece, quote=False)).replace("|", "\\|")
                    for piece in pieces[1::2]]
    return "".join(pieces)


def _tag(tag: str, text: str, lang: str) -> str:
    element = "ins" if tag == "insert" else "del"
    start = label(lang, f"{element}_start")
    end = label(lang, f"{element}_end")
    return (f'<{element}><span class="visually-hidden">{start}</span>{_escape_changed(text)}'
            f'<span class="visually-hidden">{end}</span></{element}>')


def _lines(ops: list[Op]) -> list[list[Op]]:
    """Split ops at line ends: one list of (tag, text) pieces per line, newlines dropped."""
    lines: list[list[Op]] = [[]]
    for tag, text in ops:
        parts = text.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if part:
                lines[-1].append((tag, part))
    if lines and not lines[-1]:
        lines.pop()
    return lines


def ops_markdown(ops: list[Op], lang: str, demote: int = 0, headings: bool = True,
                 attributes: bool = True) -> str:
    """Markdown of the ops with changes marked; `headings=False` writes headings as bold lines
    (inside a table cell), `demote` lowers headings by that many levels (inside a page), and
    `attributes=False` drops heading ids for renderers without attribute lists."""
    rendered = []
    for pieces in _lines(ops):
        attribute_list = ""
        if pieces and _HEADING.match(pieces[0][1]):
            pieces, attribute_list = _split_attribute_list(pieces)
        line = ""
        for position, (tag, text) in enumerate(pieces):
            if position == 0:
                mark = _BLOCK_MARK.match(text).group(1)
                line += _block_mark(mark, demote, headings)
                text = text[len(mark):]
                if not text:
                    continue
            if tag in _PLAIN:
                line += text
            else:
                line += _tag(tag, text, lang)
        if any(tag in (MOVED_FROM, MOVED_TO) for tag, _ in pieces):
            line += moved_note(lang)
        if pieces and _HEADING.match(pieces[0][1]):
            if not headings:
                line = f"**{_ATTR_LIST.sub('', line).strip()}**"
            elif not attributes:
                line = _ATTR_LIST.sub("", line)
            else:
                line += _heading_attributes(pieces, attribute_list)
        rendered.append(line)
    return "\n".join(rendered) + "\n"


def _split_attribute_list(pieces: list[Op]) -> tuple[list[Op], str]:
    """A heading's pieces without its attribute list ("{#id}"), and that list: the list stays
    outside the <ins> or <del> of a changed heading, or Markdown would show it as text."""
    side = "delete" if any(tag != "delete" and text.strip() for tag, text in pieces) else "insert"
    text = "".join(text for tag, text in pieces if tag != side)
    match = _ATTR_LIST.search(text)
    if not match:
        return pieces, ""
    keep, seen, result = match.start(), 0, []
    for tag, piece in pieces:
        if tag == side:  # text of the other side: kept where it stands before the list
            if seen <= keep:
                result.append((tag, piece))
            continue
        if seen < keep:
            result.append((tag, piece[: keep - seen]))
        seen += len(piece)
    return result, match.group(0).strip()


def _heading_attributes(pieces: list[Op], attribute_list: str) -> str:
    """The attribute list after a heading; a changed heading is listed in the table of contents
    by its words alone, without the spoken [inserted] and [deleted] markers."""
    if all(tag == "equal" for tag, _ in pieces):
        return f" {attribute_list}" if attribute_list else ""
    side = "delete" if any(tag != "delete" and text.strip() for tag, text in pieces) else "insert"
    words = "".join(text for tag, text in pieces if tag != side)
    words = " ".join(_HEADING.sub("", words, count=1).split())
    if not words or any(c in words for c in '"{}'):
        return f" {attribute_list}" if attribute_list else ""
    toc_label = f'data-toc-label="{html.escape(words, quote=False)}"'
    if attribute_list:
        return f" {attribute_list[:-1].rstrip()} {toc_label}}}"
    return f" {{ {toc_label} }}"


def moved_note(lang: str) -> str:
    return f'<span class="policy-moved">{label(lang, "moved")}</span>'


def view(change: SectionChange, keep: set[str]) -> list[tuple[str, str]]:
    """The ops of a section with its moved lines tagged MOVED_FROM and MOVED_TO, of the kinds
    in `keep`."""
    sources = {move.old for move in change.moves}
    destinations = {move.new for move in change.moves}
    result = []
    for index, (tag, text) in enumerate(change.ops):
        tag = MOVED_FROM if index in sources else MOVED_TO if index in destinations else tag
        if tag in keep:
            result.append((tag, text))
    return result


def _block_mark(mark: str, demote: int, headings: bool) -> str:
    heading = _HEADING.match(mark)
    if not heading:
        return mark
    if not headings:
        return ""
    return heading.group(1) + "#" * min(6, len(heading.group(2)) + demote) + heading.group(3)


def section_label(change: SectionChange, lang: str) -> str:
    if change.id == PREAMBLE_ID:
        return label(lang, "preamble")
    section = change.section
    return f"{section.label} {section.title}".strip()


def redline_markdown(comparison: Comparison, demote: int = 1, site: bool = True) -> str:
    """The whole new text with every change marked; unchanged sections folded. `site=False`
    writes Markdown that GitHub renders too (no md_in_html or attribute lists)."""
    lang = comparison.lang
    if not comparison.has_changes:
        return label(lang, "no_changes") + "\n"
    parts = []
    for change in comparison.sections:
        if change.status == UNCHANGED and not change.inner_changes:
            summary = html.escape(f"{section_label(change, lang)}{label(lang, 'unchanged')}")
            attributes = ' class="policy-unchanged" markdown="1"' if site else ""
            parts.append(f"<details{attributes}>\n<summary>{summary}</summary>\n\n"
                         + ops_markdown(change.ops, lang, demote, attributes=site) + "\n</details>\n")
            continue
        note = _status_note(change, lang)
        if note:
            parts.append(f"{note}\n{{ .policy-status }}\n" if site else f"**{note}**\n")
        parts.append(ops_markdown(view(change, _NEW_SIDE), lang, demote, attributes=site))
    return "\n".join(parts)


SectionLink = Callable[[str, str], str]  # (version side "old" or "new", section id) -> URL of that section


def changes_redline_parts(comparison: Comparison, link: SectionLink, demote: int = 1,
                          cache: Cache = NO_CACHE) -> list[str]:
    """The redline of a comparison across several revisions (an old version with the current one),
    carrying each passage once: changed paragraphs with every change marked, 「（略）」 for the
    unchanged ones, and an unchanged, added or removed section as one line linking to its full
    text on the version's own page (a new or removed section is read there, not copied here).

    As blocks to join with blank lines (a changed section as its blocks: the status note, the
    heading, each changed paragraph or list, each 「（略）」), so that a generator may render each
    once (pages.cut_fragments decides where a cut is safe); `cache` keeps each changed section's
    blocks by the texts it compares, so that a comparison with a new current version renders only
    the sections that version changed, and of them only the paragraphs it touched."""
    lang = comparison.lang
    if not comparison.has_changes:
        return [label(lang, "no_changes") + "\n"]
    parts: list[str] = []
    pending: list[str] = []  # consecutive folded sections, written as one list

    def fold(change: SectionChange, side: str, suffix: str) -> None:
        anchor = "" if change.id == PREAMBLE_ID else change.id
        pending.append(f'<li markdown="span">[{plain_markdown(section_label(change, lang))}]({link(side, anchor)})'
                       f"{html.escape(suffix)}</li>")

    def flush() -> None:
        if pending:
            parts.append('<ul class="policy-folded" markdown="1">\n' + "\n".join(pending) + "\n</ul>\n")
            pending.clear()

    for change in comparison.sections:
        if change.status == UNCHANGED and not change.inner_changes:
            fold(change, "new", label(lang, "unchanged"))
        elif change.status == ADDED:
            fold(change, "new", label(lang, "added_section"))
        elif change.status == REMOVED:
            fold(change, "old", label(lang, "removed_section"))
        else:
            flush()
            parts += section_fragment(cache, "redline-section", change, lang, str(demote),
                                      lambda: _changed_section_blocks(change, lang, demote))
    flush()
    return parts


def section_fragment(cache: Cache, kind: str, change: SectionChange, lang: str, variant: str,
                     render: Callable[[], T]) -> T:
    """What `render` makes of one section's change, kept by what it is a function of: the two
    texts (their hashes) and how the section reads (status, number, title; below it, whether
    something changed). The same passage compared again, in any comparison, is not rendered again."""
    parts = [lang, variant, change.id, change.status, str(change.inner_changes)]
    for section in (change.old, change.new):
        parts += ["-"] if section is None else [text_hash(section.source), section.heading, section.number,
                                                section.title, section.label, str(section.level)]
    return cache.remember(kind, tuple(parts), render)


def _changed_section_blocks(change: SectionChange, lang: str, demote: int) -> list[str]:
    """A changed section of a redline as its blocks, each ending with a newline, to join with
    blank lines."""
    note = _status_note(change, lang)
    out = [f"{note}\n{{ .policy-status }}\n"] if note else []
    for block in _shown_blocks(change, heading=True):
        out.append(f"{label(lang, 'omitted')}\n{{ .policy-omitted }}\n" if block is None
                   else ops_markdown([(t, x) for t, x in block if t in _NEW_SIDE], lang, demote))
    return out or [""]


def _status_note(change: SectionChange, lang: str) -> str:
    name = section_label(change, lang)
    if change.status == ADDED:
        return f"{name}{label(lang, 'added_section')}"
    if change.status == REMOVED:
        return f"{name}{label(lang, 'removed_section')}"
    if change.status == MOVED:
        return f"{name}{_moved_words(change, lang)}"
    return ""


def _moved_words(change: SectionChange, lang: str) -> str:
    """「（記載位置の変更）」, naming the old place when the section's number changed with it."""
    old_place, new_place = change.old.label or change.old.title, change.new.label or change.new.title
    return label(lang, "moved") if old_place == new_place else label(lang, "moved_from", where=old_place)


def _side(change: SectionChange, lang: str, keep: str) -> str:
    """One column of a section in the 新旧対照表: 改定前 (`keep="delete"`) or 改定後."""
    if change.status == ADDED and keep == "delete":
        return label(lang, "added_section").strip()
    if change.status == REMOVED and keep == "insert":
        return label(lang, "removed_section").strip()
    column = _OLD_COLUMN if keep == "delete" else _NEW_COLUMN
    ops = fold_punctuation(view(change, {"equal", "delete", "insert", MOVED_FROM, MOVED_TO}))
    return ops_markdown([(t, x) for t, x in ops if t in column], lang, headings=False)


_BLANK_LINES = re.compile(r"(\n\n+)")


def _blocks(change: SectionChange) -> list[list[tuple[str, str]]]:
    """A section's ops (moved lines tagged) cut into blocks, paragraphs, lists and headings,
    wherever both texts have a blank line: the unit a 新旧対照表 shows or leaves out as （略）."""
    result: list[list[tuple[str, str]]] = [[]]
    for tag, text in view(change, {"equal", "delete", "insert", MOVED_FROM, MOVED_TO}):
        if tag != "equal":
            result[-1].append((tag, text))
            continue
        parts = _BLANK_LINES.split(text)
        for index, part in enumerate(parts):
            if index % 2:  # a blank line both texts share: the block ends
                result[-1].append((tag, "\n"))
                result.append([])
            elif part:
                result[-1].append((tag, part))
    return [block for block in result if any(text.strip() for _, text in block)]


def _is_heading(block: list[tuple[str, str]]) -> bool:
    return bool(block) and bool(_HEADING.match(block[0][1]))


def _changed(block: list[tuple[str, str]]) -> bool:
    return any(tag != "equal" for tag, _ in block)


def _shown_blocks(change: SectionChange, heading: bool) -> Iterator[list[tuple[str, str]] | None]:
    """What a comparison shows of a changed section: each changed block, the section's own heading
    too if `heading`, and None once for each run of unchanged blocks, which it leaves out as
    「（略）」 (a 新旧対照表 shows what the revision touches)."""
    omitted = False
    for index, block in enumerate(_blocks(change)):
        own_heading = index == 0 and _is_heading(block)
        if _changed(block) or (heading and own_heading):
            omitted = False
            yield block
        elif not own_heading and not omitted:
            omitted = True
            yield None


def _cell(ops: list[tuple[str, str]], lang: str) -> str:
    return f'<td markdown="block">\n\n{ops_markdown(ops, lang, headings=False)}\n</td>'


def _section_rows(change: SectionChange, lang: str) -> list[str]:
    """Rows of one changed section: each changed block, 改定前 | 改定後; each run of unchanged
    blocks one 「（略）」 row, as a 新旧対照表 leaves out what the revision does not touch. The
    section's own heading shows only when it changed (the row label names the section)."""
    if change.status in (ADDED, REMOVED):
        return [f'<tr markdown="1">\n<td markdown="block">\n\n{_side(change, lang, "delete")}\n</td>\n'
                f'<td markdown="block">\n\n{_side(change, lang, "insert")}\n</td>\n</tr>']
    rows: list[str] = []
    omitted = f'<td class="policy-omitted">{label(lang, "omitted")}</td>'
    for block in _shown_blocks(change, heading=False):
        if block is None:  # 「（略）」 in each column, as a 新旧対照表 writes it
            rows.append(f"<tr>{omitted}{omitted}</tr>")
            continue
        block = fold_punctuation(block)
        old = [(t, x) for t, x in block if t in _OLD_COLUMN]
        new = [(t, x) for t, x in block if t in _NEW_COLUMN]
        rows.append(f'<tr markdown="1">\n{_cell(old, lang)}\n{_cell(new, lang)}\n</tr>')
    return rows


def comparison_table_markdown(comparison: Comparison, site: bool = True, cache: Cache = NO_CACHE) -> str:
    """新旧対照表: for each changed section, its changed paragraphs, 改定前 | 改定後, changed words
    marked on both sides, and 「（略）」 for what is unchanged. `site=False` writes a plain Markdown
    table (a row per section, one line per cell) that GitHub renders."""
    lang = comparison.lang
    changes = comparison.changes
    if not changes:
        return label(lang, "no_changes") + "\n"
    before, after = label(lang, "before"), label(lang, "after")
    if not site:
        return _plain_table(changes, lang)
    rows = []
    for change in changes:
        name = html.escape(_row_label(change, lang))
        rows.append(f'<tr><th colspan="2" scope="colgroup">{name}</th></tr>')
        rows += section_fragment(cache, "table-section", change, lang, "",
                                 lambda change=change: _section_rows(change, lang))
    # The legend stands above the table, as in print (md_in_html would put a <caption> in a <p>).
    return (f'<p class="policy-legend">{label(lang, "comparison_legend")}</p>\n\n'
            f'<table class="policy-comparison" markdown="1">\n'
            f'<thead><tr><th scope="col">{before}</th>'
            f'<th scope="col">{after}</th></tr></thead>\n<tbody markdown="1">\n'
            + "\n".join(rows) + "\n</tbody>\n</table>\n")


def _row_label(change: SectionChange, lang: str) -> str:
    name = section_label(change, lang)
    if change.status == MOVED:
        name += _moved_words(change, lang)
    return name


def _plain_table(changes: list[SectionChange], lang: str) -> str:
    def cell(text: str) -> str:
        lines = [re.sub(r"(?<!\\)\|", r"\\|", line) for line in text.strip().splitlines()]
        return "<br>".join(line for line in lines if line.strip())

    rows = [f"| {label(lang, 'section')} | {label(lang, 'before')} | {label(lang, 'after')} |", "| --- | --- | --- |"]
    for change in changes:
        rows.append(f"| {cell(_row_label(change, lang))} | {cell(_side(change, lang, 'delete'))} "
                    f"| {cell(_side(change, lang, 'insert'))} |")
    return "\n".join(rows) + "\n"


def comparison_markdown(comparison: Comparison, heading_level: int = 2, site: bool = True) -> str:
    """The 新旧対照表 then the redline, each under a heading of `heading_level` (ids on the site)."""
    lang, marks = comparison.lang, "#" * heading_level

    def heading(key: str) -> str:
        return f"{marks} {label(lang, key)}" + (f" {{#{key.replace('_', '-')}}}" if site else "") + "\n\n"

    return (heading("comparison_table") + comparison_table_markdown(comparison, site=site) + "\n"
            + heading("redline") + redline_markdown(comparison, demote=heading_level - 1, site=site))


def comparison_text(comparison: Comparison, colour: bool = False) -> str:
    """For a terminal: [-deleted-]{+inserted+}, in red and green when `colour`."""
    lang = comparison.lang
    if not comparison.has_changes:
        return label(lang, "no_changes") + "\n"
    red, green, bold, reset = ("\033[31m", "\033[32m", "\033[1m", "\033[0m") if colour else ("",) * 4
    out = []
    for change in comparison.changes:
        heading = section_label(change, lang) + (_moved_words(change, lang) if change.status == MOVED else "")
        out.append(f"{bold}== {heading} ({change.status}){reset}\n")
        for tag, text in view(change, _NEW_SIDE):
            if tag == MOVED_TO:  # where it stood is no deletion: it is only marked where it stands
                body = text.rstrip("\r\n")
                out.append(f"{body}{bold}{label(lang, 'moved')}{reset}{text[len(body):]}")
            elif tag == "equal":
                out.append(text)
            elif tag == "delete":
                out.append(f"{red}[-{text}-]{reset}")
            else:
                out.append(f"{green}{{+{text}+}}{reset}")
        out.append("\n")
    return "".join(out)


def comparison_json(comparison: Comparison, old_id: str, new_id: str) -> dict[str, Any]:
    """The `policy diff --format json` contract (schemas/diff.schema.json)."""
    return {
        "from": old_id,
        "to": new_id,
        "lang": comparison.lang,
        "sections": [_section_json(change, comparison.lang) for change in comparison.sections],
    }


def _section_json(change: SectionChange, lang: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": change.id, "title": section_label(change, lang), "status": change.status,
                             "ops": [[tag, text] for tag, text in change.ops]}
    if change.status == MOVED:
        entry["moved"] = {"from": _place(change.old), "to": _place(change.new)}
    entry["moves"] = [{"from": {"op": move.old, "line": line_of(change.old, move.old_line)},
                       "to": {"op": move.new, "line": line_of(change.new, move.new_line)}}
                      for move in change.moves]
    return entry


def _place(section) -> dict[str, Any]:
    return {"label": section.label, "line": section.line}
