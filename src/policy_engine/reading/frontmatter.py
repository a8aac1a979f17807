"""YAML front matter at the top of a Markdown file."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import PolicyError, Problem
from ..core.messages import Text
from .yamldata import Mapping, load_mapping


def split_front_matter(text: str, path: Path) -> tuple[Mapping, str, int]:
    """Return (front matter, body, the file line on which the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return Mapping({}, {}, 1), text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            meta = load_mapping("".join(lines[1:index]), path, first_line=2, what="front matter")
            return meta, "".join(lines[index + 1:]), index + 2
    raise PolicyError([Problem(path, Text("front matter opened with '---' is never closed",
                                          "'---' で始めた front matter が閉じられていません"), 1)])
