"""YAML mappings read with the line of each key, so errors can point at the line to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import PolicyError, Problem


@dataclass
class Mapping:
    """A parsed YAML mapping and the 1-based file line of each key, nested ones as "a.b"."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    start_line: int = 1

    def line_of(self, key: str) -> int:
        """The line of `key`, or of its nearest parent that is there."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return self.start_line


def load_mapping(text: str, path: Path, first_line: int = 1, what: str = "YAML") -> Mapping:
    """Parse `text` (which starts at `first_line` of `path`) as a mapping, or raise PolicyError."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        # The context (where an unclosed bracket opened) is where the editor has to look.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        reason = "; ".join(filter(None, [getattr(exc, "context", None), getattr(exc, "problem", None)]))
        reason = reason or str(exc)
        raise PolicyError([Problem(path, f"invalid {what}: {reason}", line)]) from None
    if data is None:
        return Mapping({}, {}, first_line)
    if not isinstance(data, dict):
        raise PolicyError([Problem(path, f"{what} must be a mapping of keys to values", first_line)])
    lines: dict[str, int] = {}
    _record_lines(node, "", first_line, lines)
    return Mapping({str(k): v for k, v in data.items()}, lines, first_line)


def _record_lines(node: yaml.Node, prefix: str, first_line: int, lines: dict[str, int]) -> None:
    """Lines of keys at every depth, as dotted paths: "address.city.en"."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            lines[key] = first_line + key_node.start_mark.line
            _record_lines(value_node, key + ".", first_line, lines)


def load_mapping_file(path: Path, what: str = "YAML") -> Mapping:
    return load_mapping(read_text(path), path, 1, what)


def read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyError([Problem(path, f"not valid UTF-8 text (byte {exc.start})")]) from None
