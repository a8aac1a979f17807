"""One language's text of one version: title, preamble and sections with their explicit ids.

Sections are the unit that links, diffs and the two languages line up on, so every heading below
the title must carry an explicit id (`## 2. Handling {#handling}`), the same in both languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PolicyError, Problem
from .frontmatter import split_front_matter

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_ATTR_LIST = re.compile(r"[ \t]*\{:?([^{}]*)\}[ \t]*$")
_ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s#.]+)")
VALID_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])[ \t]+(.*)$")
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
    text: str  # the file as stored
    meta: dict[str, Any]
    title: str
    preamble: str  # Markdown between the title and the first section
    sections: list[Section] = field(default_factory=list)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def body(self) -> str:
        """The Markdown to render below a page's own title: preamble and sections."""
        return self.preamble + "".join(s.source + s.gap for s in self.sections)


def _split_heading(raw: str | None) -> tuple[str, str | None]:
    text = _CLOSING_HASHES.sub("", raw or "").strip()
    attrs = _ATTR_LIST.search(text)
    if not attrs:
        return text, None
    found = _ID_IN_ATTRS.search(attrs.group(1))
    return text[: attrs.start()].strip(), found.group(1) if found else None


def iter_headings(lines: list[str], first_line: int) -> list[tuple[int, Heading]]:
    """ATX headings outside fenced code, with their index in `lines`."""
    found = []
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        match = _ATX.match(line.rstrip("\r\n"))
        if match:
            text, anchor = _split_heading(match.group(2))
            found.append((index, Heading(len(match.group(1)), text, anchor, first_line + index)))
    return found


def parse_document(text: str, path: Path, lang: str) -> Document:
    """Parse a version's language file, or raise PolicyError with every problem found."""
    meta, body, first_line = split_front_matter(text, path)
    lines = body.splitlines(keepends=True)
    headings = iter_headings(lines, first_line)
    problems: list[Problem] = []

    title = meta.data.get("title")
    title_index: int | None = None
    first_h1 = next(((i, h) for i, h in headings if h.level == 1), None)
    if first_h1 is not None and (title is None or first_h1[0] == _first_content_index(lines)):
        title_index = first_h1[0]
        if title is None:
            title = first_h1[1].text
    if title is not None and (not isinstance(title, str) or not title.strip()):
        problems.append(Problem(path, "`title` in the front matter must be non-empty text",
                                meta.line_of("title")))
    elif title is None:
        problems.append(Problem(path, "no title: add `title:` to the front matter "
                                      "or a `# Title` heading", 1))

    section_heads = [(i, h) for i, h in headings if h.level >= 2]
    seen: dict[str, int] = {}
    for _, heading in section_heads:
        if heading.id is None:
            problems.append(Problem(path, f"heading '{heading.text}' has no explicit id: "
                                          "write it as `## 1. Title {#some-id}`", heading.line))
        elif not VALID_ID.match(heading.id):
            problems.append(Problem(path, f"section id '{heading.id}' must be lower-case "
                                          "letters, digits and hyphens", heading.line))
        elif heading.id in seen:
            problems.append(Problem(path, f"section id '{heading.id}' is used twice "
                                          f"(first at line {seen[heading.id]})", heading.line))
        else:
            seen[heading.id] = heading.line
    if problems:
        raise PolicyError(problems)

    preamble_end = section_heads[0][0] if section_heads else len(lines)
    preamble = "".join(line for i, line in enumerate(lines[:preamble_end]) if i != title_index)

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
        sections.append(Section(
            id=heading.id or "",
            level=heading.level,
            heading=heading.text,
            number=number,
            title=own_title.strip(),
            label=label,
            line=heading.line,
            source=_with_newline("".join(lines[index:content_end])),
            body="".join(lines[index + 1:content_end]),
            gap="".join(lines[content_end:end]),
        ))
    return Document(path, lang, text, meta.data, str(title).strip(), preamble, sections)


def count_list_items(text: str) -> int:
    return sum(1 for line in text.splitlines() if LIST_ITEM.match(line))


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _first_content_index(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)

