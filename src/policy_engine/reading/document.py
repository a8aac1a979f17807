"""One language's text of one version: title, preamble and sections with their explicit ids.

Sections are the unit that links, diffs and the two languages line up on, so every heading below
the title must carry an explicit id (`## 2. Handling {#handling}`), the same in both languages.

The engine reads the structure line by line, and then checks that Python-Markdown, which renders
the page, sees the same headings: what the page shows as a heading is a section here, and a
"heading" inside an HTML comment or an HTML block is none, there or here. Lists are written for
GitHub (CommonMark): the text is staged with its lists rewritten for Python-Markdown
(github_lists.py), and the page's lists are checked against GitHub's, part by part.
Forms the two read differently are refused with the fix (an underlined "Setext" heading, `#Title`
without a space, `Title{#id}` without a space before the id).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import PolicyError, Problem
from .frontmatter import split_front_matter
from .github_lists import for_python_markdown, github_list_lines, github_shapes_by_part, read_html
from ..core.messages import Text
from .rendering import MAX_INDENT, MAX_QUOTE_DEPTH, TooDeep, nesting_depth, render

# Python-Markdown reads a heading only from the first column (not after 1-3 spaces as CommonMark).
_ATX = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATX_NO_SPACE = re.compile(r"^#{1,6}[^#\s]")
_SETEXT_UNDERLINE = re.compile(r"^(?:=+|-+)[ ]*$")
_COMMENT_OPEN = re.compile(r"^ {0,3}<!--")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_ATTR_LIST = re.compile(r"[ \t]*\{:?([^{}]*)\}[ \t]*$")
_ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s#.]+)")
VALID_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# As Python-Markdown reads a list item: "1)" is not one.
LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|[0-9]+\.)[ \t]+(.*)$")
PURPOSES_SECTION = "purposes-of-use"  # purposes.PURPOSES_ID: must render as a visible list
# "1.", "(1)", "（１）": the numbering that labels a section in tables and notices.
_NUMBER = re.compile(r"^((?:\d+\.)+|\(\d+\)|（[0-9０-９]+）)\s*(.*)$")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # without the attribute list
    id: str | None
    line: int  # 1-based line in the file


@dataclass(frozen=True)
class Section:
    id: str
    level: int
    heading: str  # the heading text as written, number included
    number: str  # "2." or "(1)"; empty when unnumbered
    title: str  # the heading without its number
    label: str  # number qualified by the parent's: "2.(1)"
    line: int
    source: str  # the exact Markdown of the section, heading line included, no trailing blank lines
    body: str  # the Markdown below the heading
    gap: str = ""  # the blank lines after it: layout, not content


@dataclass
class Document:
    path: Path
    lang: str
    text: str  # the file as read: UTF-8, LF line endings (textinput.py)
    meta: dict[str, Any]
    title: str
    preamble: str  # Markdown between the title and the first section
    sections: list[Section] = field(default_factory=list)
    body_line: int = 1  # the file line on which the Markdown below the front matter starts

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def body(self) -> str:
        """The Markdown to render below a page's own title: preamble and sections."""
        return self.preamble + "".join(s.source + s.gap for s in self.sections)


def _split_heading(raw: str | None) -> tuple[str, str | None, bool]:
    """(text, id, whether the id list is glued to the text): `Title{#id}` is not an id to
    Python-Markdown, which then shows "{#id}" on the page."""
    text = _CLOSING_HASHES.sub("", raw or "").strip()
    attrs = _ATTR_LIST.search(text)
    if not attrs:
        return text, None, False
    found = _ID_IN_ATTRS.search(attrs.group(1))
    glued = attrs.start() > 0 and not text[attrs.start()].isspace()
    return text[: attrs.start()].strip(), found.group(1) if found else None, glued


def _hidden_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside an HTML comment that starts a line: no heading or list item there
    is one. (The site has no fenced-code extension: ``` is not code to it, so not to the engine.)"""
    hidden: set[int] = set()
    in_comment = False
    for index, line in enumerate(lines):
        if in_comment:
            hidden.add(index)
            in_comment = "-->" not in line
            continue
        if _COMMENT_OPEN.match(line):
            hidden.add(index)
            in_comment = "-->" not in line[line.index("<!--") + 4:]
    return hidden


def iter_headings(lines: list[str], first_line: int) -> list[tuple[int, Heading]]:
    """ATX headings outside HTML comments, with their index in `lines`."""
    found = []
    hidden = _hidden_lines(lines)
    for index, line in enumerate(lines):
        if index in hidden:
            continue
        match = _ATX.match(line.rstrip("\r\n"))
        if match:
            text, anchor, _ = _split_heading(match.group(2))
            found.append((index, Heading(len(match.group(1)), text, anchor, first_line + index)))
    return found


def _form_problems(lines: list[str], first_line: int, path: Path) -> list[Problem]:
    """Headings written in forms the engine and Python-Markdown would read differently, and
    nesting deeper than the renderer can follow."""
    problems = []
    hidden = _hidden_lines(lines)
    for index, raw in enumerate(lines):
        if index in hidden:
            continue
        line = raw.rstrip("\n")
        number = first_line + index
        quotes, indent = nesting_depth(line)
        if quotes > MAX_QUOTE_DEPTH or indent > MAX_INDENT:
            problems.append(Problem(path, Text(
                f"nested too deeply ({quotes} quote levels, {indent} columns of indentation; at most "
                f"{MAX_QUOTE_DEPTH} and {MAX_INDENT}): flatten the quote or list",
                f"入れ子が深すぎます（引用 {quotes} 段、字下げ {indent} 桁。上限は {MAX_QUOTE_DEPTH} 段と "
                f"{MAX_INDENT} 桁です）。引用や箇条書きを浅くしてください"), number))
        elif _ATX_NO_SPACE.match(line):
            marks = line[: len(line) - len(line.lstrip("#"))]
            problems.append(Problem(path, Text(
                f"a heading needs a space after its '{marks}': write `{marks} {line[len(marks):].strip()}`",
                f"見出しは '{marks}' の後に空白が必要です。`{marks} {line[len(marks):].strip()}` と書いてください"),
                number))
        elif (_SETEXT_UNDERLINE.match(line) and index > 0 and index - 1 not in hidden
              and lines[index - 1].strip() and not _ATX.match(lines[index - 1].rstrip("\n"))):
            above = lines[index - 1].strip()
            problems.append(Problem(path, Text(
                f"the line '{line.strip()}' under '{above}' makes it an underlined (Setext) heading, "
                f"which is not a section: write a heading as `## {above} {{#some-id}}`, or put a blank "
                "line before a horizontal rule",
                f"'{above}' の下の行 '{line.strip()}' により、この行が下線形式（Setext）の見出しになります。"
                f"見出しは `## {above} {{#some-id}}` の形で書き、区切り線にする場合は前に空行を入れてください"),
                number))
        else:
            match = _ATX.match(line)
            if match and _split_heading(match.group(2))[2]:
                text, anchor, _ = _split_heading(match.group(2))
                fixed = f"{match.group(1)} {text} {{#{anchor}}}" if anchor else f"{match.group(1)} {text} {{...}}"
                problems.append(Problem(path, Text(
                    f"put a space before the id: `{fixed}` (without it the page shows the id as text "
                    "and the link to the section breaks)",
                    f"id の前に空白を入れてください: `{fixed}`（空白がないと id が本文として表示され、"
                    "節へのリンクが切れます）"), number))
    return problems


def parse_document(text: str, path: Path, lang: str, render_checks: bool = True) -> Document:
    """Parse a version's language file, or raise PolicyError with every problem found.
    `render_checks=False` skips comparing the reading with the rendered page, for a text that
    passed that comparison before (cache.py)."""
    meta, body, first_line = split_front_matter(text, path)
    lines = body.splitlines(keepends=True)
    headings = iter_headings(lines, first_line)
    problems: list[Problem] = _form_problems(lines, first_line, path)

    title = meta.data.get("title")
    title_index: int | None = None
    first_h1 = next(((i, h) for i, h in headings if h.level == 1), None)
    if first_h1 is not None and (title is None or first_h1[0] == _first_content_index(lines)):
        title_index = first_h1[0]
        if title is None:
            title = first_h1[1].text
    if title is not None and (not isinstance(title, str) or not title.strip()):
        problems.append(Problem(path, Text("`title` in the front matter must be non-empty text",
                                           "front matter の `title` には空でない文字列を書いてください"),
                                meta.line_of("title")))
    elif title is None:
        problems.append(Problem(path, Text("no title: add `title:` to the front matter or a `# Title` heading",
                                           "題名がありません。front matter に `title:` を書くか、"
                                           "`# 題名` の見出しを置いてください"), 1))

    section_heads = [(i, h) for i, h in headings if h.level >= 2]
    seen: dict[str, int] = {}
    for _, heading in section_heads:
        if heading.id is None:
            problems.append(Problem(path, Text(
                f"heading '{heading.text}' has no explicit id: write it as `## 1. Title {{#some-id}}`",
                f"見出し '{heading.text}' に明示的な id がありません。`## 1. 題名 {{#some-id}}` の形で書いてください"),
                heading.line))
        elif not VALID_ID.match(heading.id):
            problems.append(Problem(path, Text(
                f"section id '{heading.id}' must be lower-case letters, digits and hyphens",
                f"節の id '{heading.id}' には半角の小文字、数字、ハイフンだけを使ってください"), heading.line))
        elif heading.id in seen:
            problems.append(Problem(path, Text(
                f"section id '{heading.id}' is used twice (first at line {seen[heading.id]})",
                f"節の id '{heading.id}' が二度使われています（最初は {seen[heading.id]} 行目）"), heading.line))
        else:
            seen[heading.id] = heading.line
    if not problems and render_checks:
        problems += _rendering_problems(body, lines, headings, first_line, path)
    if problems:
        raise PolicyError(problems)

    preamble_end = section_heads[0][0] if section_heads else len(lines)
    preamble = for_python_markdown("".join(line for i, line in enumerate(lines[:preamble_end]) if i != title_index))

    sections = []
    numbers_by_level: dict[int, str] = {}
    for position, (index, heading) in enumerate(section_heads):
        end = section_heads[position + 1][0] if position + 1 < len(section_heads) else len(lines)
        content_end = end
        while content_end > index + 1 and not lines[content_end - 1].strip():
            content_end -= 1
        number_match = _NUMBER.match(heading.text)
        number, own_title = (number_match.groups() if number_match else ("", heading.text))
        numbers_by_level = {lvl: n for lvl, n in numbers_by_level.items() if lvl < heading.level}
        numbers_by_level[heading.level] = number
        label = "".join(numbers_by_level[lvl] for lvl in sorted(numbers_by_level))
        # The body as staged: its lists written as Python-Markdown reads what GitHub shows.
        body = for_python_markdown("".join(lines[index + 1:content_end]))
        sections.append(Section(
            id=heading.id or "",
            level=heading.level,
            heading=heading.text,
            number=number,
            title=own_title.strip(),
            label=label,
            line=heading.line,
            source=_with_newline(lines[index] + body),
            body=body,
            gap="".join(lines[content_end:end]),
        ))
    return Document(path, lang, text, meta.data, str(title).strip(), preamble, sections, first_line)


def _rendering_problems(body: str, lines: list[str], headings: list[tuple[int, Heading]],
                        first_line: int, path: Path) -> list[Problem]:
    """Where the page Python-Markdown renders has other headings or list items than the engine read."""
    parts = _parts(lines, headings)
    staged = staged_markdown(lines, headings)
    try:
        rendered = render(staged)
    except TooDeep:
        return [Problem(path, Text("the text is nested too deeply to be rendered: flatten its lists and quotes",
                                   "入れ子が深すぎて表示できません。箇条書きや引用を浅くしてください"), first_line)]
    outline = read_html(rendered)  # its headings and lists, in one pass
    mine = [h for _, h in headings]
    for position in range(max(len(mine), len(outline.headings))):
        ours = mine[position] if position < len(mine) else None
        theirs = outline.headings[position] if position < len(outline.headings) else None
        if ours is not None and theirs is not None and ours.level == theirs[0] and ours.id in (None, theirs[1]):
            continue
        if theirs is not None and (ours is None or ours.id != theirs[1] or ours.level != theirs[0]) \
                and not any(h.id == theirs[1] and h.level == theirs[0] for h in mine[position:]):
            after = mine[position - 1].line - first_line + 1 if position and position <= len(mine) else 0
            line = _line_with(lines, theirs[2], after) + first_line
            return [Problem(path, Text(
                f"'{theirs[2]}' is shown on the page as a heading, but is not a section: write a section "
                "heading at the start of a line as `## Title {#some-id}`",
                f"'{theirs[2]}' はページ上で見出しとして表示されますが、節として読まれません。節の見出しは行頭に "
                "`## 題名 {#some-id}` の形で書いてください"), line)]
        return [Problem(path, Text(
            f"the heading '{ours.text}' is not shown as a heading on the page (it is inside an HTML "
            "element, a quote or code): move it out, or remove it",
            f"見出し '{ours.text}' はページ上で見出しとして表示されません（HTML 要素、引用、コードの中にあります）。"
            "外に出すか、削除してください"), ours.line)]
    # The lists of each part, as GitHub shows them and as the page does.
    theirs_by_part = github_shapes_by_part(body)
    ours_by_part = [tuple(part) for part in outline.parts]
    names = [None] + [h for _, h in headings]
    bounds = [0] + [index for index, _ in headings]
    for part, shown in enumerate(ours_by_part):
        heading = names[part] if part < len(names) else None
        if heading is not None and heading.id == PURPOSES_SECTION and not shown:
            return [Problem(path, Text(
                "the purposes of use must be shown as a list: write each purpose as a line `- ...`",
                "利用目的は箇条書きで表示される必要があります。利用目的を一つずつ `- ...` の行で書いてください"),
                heading.line)]
    if len(theirs_by_part) == len(ours_by_part) == len(parts):
        for part, (theirs, ours) in enumerate(zip(theirs_by_part, ours_by_part)):
            if theirs != ours:
                return [_list_problem(path, parts[part][1], theirs, ours,
                                      first_line + bounds[part] + (1 if part else 0))]
    else:  # GitHub sees other headings (one indented, say): the lists compared over the whole text
        theirs, ours = sum(theirs_by_part, ()), sum(ours_by_part, ())
        if theirs != ours:
            return [_list_problem(path, body, theirs, ours, first_line)]
    return []


def staged_markdown(lines: list[str], headings: list[tuple[int, Heading]]) -> str:
    """The text below the front matter as the site renders it: its lists written as
    Python-Markdown reads what GitHub shows (github_lists.py)."""
    return "".join(heading + for_python_markdown(part) for heading, part in _parts(lines, headings))


def _parts(lines: list[str], headings: list[tuple[int, Heading]]) -> list[tuple[str, str]]:
    """(heading line, text below it up to the next heading); the first part has no heading."""
    bounds = [index for index, _ in headings]
    parts = [("", "".join(lines[:bounds[0] if bounds else len(lines)]))]
    for position, index in enumerate(bounds):
        end = bounds[position + 1] if position + 1 < len(bounds) else len(lines)
        parts.append((lines[index], "".join(lines[index + 1:end])))
    return parts


def _list_problem(path: Path, text: str, theirs, ours, first: int) -> Problem:
    """Where the page shows a list otherwise than GitHub does: the line, and the fix for it."""
    position = next((i for i, (a, b) in enumerate(zip(theirs, ours)) if a != b), min(len(theirs), len(ours)))
    starts = github_list_lines(text)
    local = starts[position] if position < len(starts) else next(
        (i for i, line in enumerate(text.split("\n")) if LIST_ITEM.match(line.lstrip("> "))), 0)
    line = text.split("\n")[local] if local < len(text.split("\n")) else ""
    github = theirs[position].describe() if position < len(theirs) else "no list"
    site = ours[position].describe() if position < len(ours) else "no list"
    github_ja = theirs[position].describe_ja() if position < len(theirs) else "箇条書きなし"
    site_ja = ours[position].describe_ja() if position < len(ours) else "箇条書きなし"
    fenced = text.count("```", 0, sum(len(l) + 1 for l in text.split("\n")[:local])) % 2 == 1
    if line.lstrip().startswith(">"):
        fix = Text("a list in a quote is shown as written: indent each nested item four spaces more than "
                   "its parent item, and leave a blank line before the list",
                   "引用の中の箇条書きは書かれたとおりに表示されます。入れ子の項目は親の項目より4文字深く字下げし、"
                   "箇条書きの前に空行を入れてください")
    elif fenced:
        fix = Text("GitHub shows a ``` block as code, the site (which has no fenced code) as text: indent the "
                   "block's lines by four spaces instead of the ``` lines",
                   "GitHub は ``` で囲んだ部分をコードとして表示しますが、このサイトでは本文として表示されます。"
                   "``` の行の代わりに、その部分の各行を4文字字下げしてください")
    elif re.match(r"^\s*(?:[-*+]|\d+[.)])\s*$", line):
        fix = Text("an empty list item is not shown the same: write its text on the same line as `- `",
                   "空の項目は同じように表示されません。項目の文字を `- ` と同じ行に書いてください")
    else:
        fix = Text("write the list on its own lines after a blank line, each nested item four spaces deeper "
                   "than its parent item, outside HTML elements",
                   "箇条書きは空行の後に書き、入れ子の項目は親の項目より4文字深く字下げし、HTML 要素の外に置いてください")
    return Problem(path, Text(
        f"GitHub shows {github} here, but the site shows {site}: ",
        f"GitHub ではここに{github_ja}が表示されますが、サイトでは{site_ja}が表示されます。") + fix,
        first + local)


def _line_with(lines: list[str], text: str, start: int) -> int:
    """The index of the first line from `start` that holds `text` (a rendered heading's words)."""
    words = html.unescape(text).split()
    for index in range(start, len(lines)):
        if words and all(word in lines[index] for word in words[:3]):
            return index
    return start


def count_list_items(text: str) -> int:
    """List items as the page shows them: not in code, not in an HTML comment, not `1)`."""
    lines = text.splitlines()
    hidden = _hidden_lines(lines)
    return sum(1 for index, line in enumerate(lines) if index not in hidden and LIST_ITEM.match(line))


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _first_content_index(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)
