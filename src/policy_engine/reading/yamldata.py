"""YAML as the engine reads it: a strict subset, each key with its line, so errors point at the line.

Refused, with the line: a key given twice (YAML would keep the last one silently), aliases and
merge keys (`*name`, `<<`: a few hundred bytes of nested aliases expand to billions of nodes),
nesting deeper than MAX_DEPTH, keys that are not text, control characters in a value, and files
larger than MAX_BYTES. Dates are read by `read_date`: only an unquoted real YYYY-MM-DD is a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from collections.abc import Iterable, Sequence
from typing import Any

import yaml

from ..core.dates import LOOSE_DATE, parse_iso_date, parse_loose_date
from ..core.errors import PolicyError, Problem
from ..core.messages import Text
from .textinput import read_text, refused_character

MAX_BYTES = 100_000  # settings, contact details, a version's metadata: a few hundred bytes each
MAX_DEPTH = 20
_DATE_LIKE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", re.ASCII)


class YamlTimestamp(str):
    """A plain scalar YAML would read as a timestamp but that is not a real YYYY-MM-DD date:
    an impossible day (2027-02-30), a time of day, a one-digit month. `read_date` says which."""


@dataclass
class Mapping:
    """A parsed YAML mapping and the 1-based file line of each key, nested ones as "a.b"."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    start_line: int = 1

    def part(self, key: str) -> "Mapping":
        """The mapping under `key` ("previous.0"), with its own lines: one reader serves both."""
        prefix = key + "."
        value = self.data
        for name in key.split("."):
            value = value[int(name)] if isinstance(value, list) else value[name]
        return Mapping(dict(value), {k[len(prefix):]: line for k, line in self.lines.items()
                                     if k.startswith(prefix)}, self.line_of(key))

    def line_of(self, key: str) -> int:
        """The line of `key`, or of its nearest parent that is there."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return self.start_line


class _Refused(Exception):
    def __init__(self, message: Text, mark: yaml.Mark | None):
        super().__init__(message.en)
        self.message, self.mark = message, mark


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases, duplicate keys, deep nesting or hidden characters."""

    _depth = 0
    first_line = 1  # the file line the text starts on (front matter starts on line 2)

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(Text(
                f"aliases (*{event.anchor}) are not accepted: write the value out",
                f"エイリアス（*{event.anchor}）は使えません。値をそのまま書いてください"), event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(Text(f"nested more than {MAX_DEPTH} levels deep",
                                    f"入れ子が {MAX_DEPTH} 段を超えています"), self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(Text("merge keys (<<) are not accepted: write the keys out",
                                    "マージキー（<<）は使えません。キーをそのまま書いてください"),
                               key_node.start_mark)
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise _Refused(Text(f"the key {key!r} must be text", f"キー {key!r} は文字列にしてください"),
                               key_node.start_mark)
            line = self.first_line + key_node.start_mark.line
            if key in seen:
                raise _Refused(Text(
                    f"the key '{key}' is given twice (first on line {seen[key]}): keep one",
                    f"キー '{key}' が二度書かれています（最初は {seen[key]} 行目）。一つにしてください"),
                    key_node.start_mark)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_str(self, node):  # type: ignore[override]
        value = super().construct_yaml_str(node)
        bad = refused_character(value)
        if bad is not None:
            raise _Refused(Text(f"the value contains the character U+{ord(bad):04X}: remove it",
                                f"値に文字 U+{ord(bad):04X} が含まれています。削除してください"),
                           node.start_mark)
        if node.style is None and _DATE_LIKE.match(value):
            return YamlTimestamp(value)  # unquoted, so meant as a date: read_date says what is wrong
        return value

    def construct_yaml_timestamp(self, node, values=None):  # type: ignore[override]
        text = self.construct_scalar(node)
        return parse_iso_date(text) or YamlTimestamp(text)


_StrictLoader.add_constructor("tag:yaml.org,2002:str", _StrictLoader.construct_yaml_str)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def load_yaml(text: str, path: Path, first_line: int = 1, what: str = "YAML") -> tuple[Any, yaml.Node | None]:
    """Parse `text` (which starts at `first_line` of `path`): (the value, its node), or PolicyError."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise PolicyError([Problem(path, Text(f"{what} is larger than {MAX_BYTES:,} bytes",
                                              f"{what} が {MAX_BYTES:,} バイトを超えています"), first_line)])
    try:
        loader = _StrictLoader(text)
        loader.first_line = first_line
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except _Refused as exc:
        line = first_line + exc.mark.line if exc.mark is not None else first_line
        raise PolicyError([Problem(path, Text(f"invalid {what}: ", f"{what} の書式が正しくありません: ")
                                   + exc.message, line)]) from None
    except yaml.YAMLError as exc:
        # The context (where an unclosed bracket opened) is where the editor has to look.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        reason = "; ".join(filter(None, [getattr(exc, "context", None), getattr(exc, "problem", None)]))
        reason = reason or str(exc)
        raise PolicyError([Problem(path, Text(f"invalid {what}: {reason}",
                                              f"{what} の書式が正しくありません: {reason}"), line)]) from None
    except RecursionError:
        raise PolicyError([Problem(path, Text(f"invalid {what}: nested too deeply",
                                              f"{what} の入れ子が深すぎます"), first_line)]) from None
    return data, node


def load_mapping(text: str, path: Path, first_line: int = 1, what: str = "YAML") -> Mapping:
    """Parse `text` (which starts at `first_line` of `path`) as a mapping, or raise PolicyError."""
    data, node = load_yaml(text, path, first_line, what)
    if data is None:
        return Mapping({}, {}, first_line)
    if not isinstance(data, dict):
        raise PolicyError([Problem(path, Text(f"{what} must be a mapping of keys to values",
                                              f"{what} は「キー: 値」の形で書いてください"), first_line)])
    lines: dict[str, int] = {}
    _record_lines(node, "", first_line, lines)
    return Mapping(dict(data), lines, first_line)


def _record_lines(node: yaml.Node, prefix: str, first_line: int, lines: dict[str, int]) -> None:
    """Lines of keys at every depth, as dotted paths: "address.city.en"; list items by index
    from 0 ("previous.0.email")."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            lines[key] = first_line + key_node.start_mark.line
            _record_lines(value_node, key + ".", first_line, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{prefix}{index}"
            lines[key] = first_line + item.start_mark.line
            _record_lines(item, key + ".", first_line, lines)


def mapping_json(mapping: Mapping) -> dict[str, Any]:
    """A mapping as JSON, dates and would-be dates marked, for the engine's cache."""
    def encode(value: Any) -> Any:
        if isinstance(value, YamlTimestamp):
            return {"yaml-timestamp": str(value)}
        if isinstance(value, date):
            return {"date": value.isoformat()}
        if isinstance(value, dict):
            return {"mapping": [[key, encode(item)] for key, item in value.items()]}
        if isinstance(value, list):
            return [encode(item) for item in value]
        return value

    return {"data": encode(mapping.data), "lines": mapping.lines, "start_line": mapping.start_line}


def mapping_from_json(stored: dict[str, Any]) -> Mapping:
    def decode(value: Any) -> Any:
        if isinstance(value, list):
            return [decode(item) for item in value]
        if isinstance(value, dict):
            if "yaml-timestamp" in value:
                return YamlTimestamp(value["yaml-timestamp"])
            if "date" in value:
                return date.fromisoformat(value["date"])
            return {key: decode(item) for key, item in value["mapping"]}
        return value

    return Mapping(decode(stored["data"]), stored["lines"], stored["start_line"])


def load_mapping_file(path: Path, what: str = "YAML") -> Mapping:
    return load_mapping(read_text(path), path, 1, what)


def load_yaml_file(path: Path, what: str = "YAML") -> Any:
    """Any YAML value (a list, for the glossary), read as strictly as a mapping."""
    return load_yaml(read_text(path), path, 1, what)[0]


def read_date(mapping: Mapping, key: str, path: Path) -> date | None:
    """The date under `key` (None when absent), or PolicyError saying why the value is not one.

    Only an unquoted real date written YYYY-MM-DD is a date: a quoted one is text to YAML, and a
    time of day would make the day depend on a time zone."""
    value = mapping.data.get(key)
    if value is None:
        return None
    line = mapping.line_of(key)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    shown = str(value)
    if isinstance(value, YamlTimestamp):
        loose = LOOSE_DATE.match(value)
        day = parse_loose_date(value)
        if day is not None:
            message = Text(f"{key}: write the date as {day.isoformat()} (YYYY-MM-DD)",
                           f"{key}: 日付は {day.isoformat()}（YYYY-MM-DD）の形で書いてください")
        elif loose:
            message = Text(f"{key}: {shown} is not a real date",
                           f"{key}: {shown} は実在しない日付です")
        elif ":" not in shown:
            message = Text(f"{key}: '{shown}' is not a date of the form YYYY-MM-DD",
                           f"{key}: '{shown}' は YYYY-MM-DD の形の日付ではありません")
        else:
            message = Text(f"{key}: {shown} has a time of day: give the date alone, YYYY-MM-DD "
                           "(the day in Japan)",
                           f"{key}: {shown} には時刻が含まれています。日付だけを YYYY-MM-DD の形で書いてください"
                           "（日本の日付）")
    elif isinstance(value, str) and LOOSE_DATE.match(value.strip()):
        message = Text(f"{key}: '{shown}' is quoted text, not a date: write it without quotes, "
                       f"{key}: YYYY-MM-DD",
                       f"{key}: '{shown}' は引用符で囲まれた文字列で、日付ではありません。"
                       f"引用符を外して {key}: YYYY-MM-DD と書いてください")
    else:
        message = Text(f"{key}: '{shown}' is not a date of the form YYYY-MM-DD",
                       f"{key}: '{shown}' は YYYY-MM-DD の形の日付ではありません")
    raise PolicyError([Problem(path, message, line)])


def unknown_key_problems(mapping: Mapping, path: Path, keys: Iterable[str], known: Sequence[str], within: str = "") -> list[Problem]:
    """A problem at its line for each of `keys` not in `known` (listed in the message as given);
    `within` names the mapping that holds them (`address`), none for the top."""
    listed_en, listed_ja = ", ".join(known), "、".join(known)
    return [Problem(path, Text(
        f"{within} has an unknown part '{key}' (known: {listed_en})" if within else
        f"unknown field '{key}' (known: {listed_en})",
        f"{within} に不明な項目 '{key}' があります（使える項目：{listed_ja}）" if within else
        f"不明な項目 '{key}' があります（使える項目：{listed_ja}）"),
        mapping.line_of(f"{within}.{key}" if within else key)) for key in keys if key not in known]
