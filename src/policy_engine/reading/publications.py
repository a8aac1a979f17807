"""Dated 公表 records: what the company must publish each time it creates anonymously processed
information or provides it to a third party (APPI Art. 43(3), (4), 44), one file a record:

    publications/<kind>/YYYY-MM-DD-<slug>.yml

The file's date is the day the record is published (its 公表日); its name without `.yml` is the
record's id and permanent address (publications/<id>/). Both languages are in the one file, as
in contact.yml: every text field is {ja: ..., en: ...}. The kinds and their fields are data
(data/publications.yml). A record is never edited once public: a correction is a new record with
`corrects: <id>` (editing/publication_records.py refuses an edit, a removal and a backdated record).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.dates import parse_iso_date
from ..core.errors import PolicyError, Problem
from ..core.law import publication_law
from ..core.messages import Text
from .contact import bilingual
from .summaries import SKELETON_SUMMARY
from .textinput import read_text
from .yamldata import Mapping, load_mapping, read_date, unknown_key_problems

PUBLICATIONS_DIR = "publications"
SUFFIX = ".yml"
README = "README.md"  # the folder's own guide for editors: not a record
TITLE, CORRECTS = "title", "corrects"
# YYYY-MM-DD-<slug>: a slug of lowercase letters, digits and hyphens keeps the address plain.
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG = re.compile(rf"^{_SLUG}$", re.ASCII)
_NAME = re.compile(rf"^(\d{{4}}-\d{{2}}-\d{{2}})-({_SLUG})$", re.ASCII)

Bilingual = dict[str, str]


def kinds() -> dict[str, dict]:
    return publication_law()["kinds"]


def register_basis(lang: str) -> str:
    return publication_law()["register_basis"][lang]


@dataclass(frozen=True)
class Publication:
    id: str  # the file name without .yml: YYYY-MM-DD-<slug>
    kind: str  # a key of data/publications.yml
    published: date  # the day of 公表, the file's date
    title: Bilingual
    values: dict[str, Any]  # each field of the kind: Bilingual, list[Bilingual] or date
    path: Path
    mapping: Mapping = field(compare=False, repr=False)
    corrects: str | None = None  # the id of the record this one corrects

    @property
    def spec(self) -> dict:
        return kinds()[self.kind]

    def fields(self) -> list[dict]:
        return self.spec["fields"]

    def as_json(self) -> dict[str, Any]:
        """The fields for machines: dates as YYYY-MM-DD, texts per language."""
        return {key: value.isoformat() if isinstance(value, date) else value for key, value in self.values.items()}


@dataclass(frozen=True)
class Register:
    records: tuple[Publication, ...]  # oldest first (by day, then id)
    folder: Path

    def public_on(self, day: date) -> list[Publication]:
        """The records public on `day`, newest first: a record dated later is not published yet."""
        return [r for r in reversed(self.records) if r.published <= day]

    def get(self, record_id: str) -> Publication | None:
        return next((r for r in self.records if r.id == record_id), None)

    def corrections(self, record: Publication, day: date) -> list[Publication]:
        """The public records that correct `record`, oldest first."""
        return [r for r in self.records if r.corrects == record.id and r.published <= day]


def _text(mapping: Mapping, key: str, value: Any, path: Path, problems: list[Problem],
          where: str | None = None) -> Bilingual | None:
    """{ja: ..., en: ...}, both languages, neither the skeleton's TODO."""
    where = where or key
    line = mapping.line_of(where)
    if not isinstance(value, dict):
        problems.append(Problem(path, Text(
            f"{where} must be given in both languages: {{ja: ..., en: ...}}",
            f"{where} は日本語と英語の両方で {{ja: ..., en: ...}} の形で記載してください"), line))
        return None
    result = bilingual(value, where, mapping, path, problems)
    skeleton = [lang for lang, text in (result or {}).items() if SKELETON_SUMMARY in text]
    problems += [Problem(path, Text(
        f"{where}.{lang} is still the skeleton's {SKELETON_SUMMARY}: write the company's text",
        f"{where}.{lang} がひな形の {SKELETON_SUMMARY} のままです。会社の内容を記載してください"),
        mapping.line_of(f"{where}.{lang}")) for lang in skeleton]
    return None if skeleton else result


def _missing(path: Path, key: str, spec: dict, kind: str, line: int) -> Problem:
    label, article = spec["label"], kinds()[kind]["article"]
    return Problem(path, Text(
        f"{key} ({label['en']}) is missing: {article['en']} requires it in a record of {kind}",
        f"{key}（{label['ja']}）が記載されていません。{article['ja']}により {kind} の記録に必要な事項です"), line)


def read_publication(text: str, path: Path, kind: str, record_id: str, published: date) -> Publication:
    """One record of `kind`, or PolicyError naming every problem (file and line)."""
    spec = kinds()[kind]
    mapping = load_mapping(text, path, 1, what="publication")
    data = mapping.data
    fields = spec["fields"]
    known = [TITLE, *(f["key"] for f in fields), CORRECTS]
    problems = unknown_key_problems(mapping, path, data, known)
    title = None
    if data.get(TITLE) is None:
        problems.append(Problem(path, Text(
            f"{TITLE} is missing: give the record's title in both languages, {{ja: ..., en: ...}}",
            f"{TITLE} が記載されていません。記録の表題を日本語と英語で {{ja: ..., en: ...}} の形で記載してください"),
            mapping.line_of(TITLE)))
    else:
        title = _text(mapping, TITLE, data[TITLE], path, problems)
    values: dict[str, Any] = {}
    for spec_field in fields:
        key, kind_of = spec_field["key"], spec_field["type"]
        value = data.get(key)
        if value is None or value == [] or value == {}:
            problems.append(_missing(path, key, spec_field, kind, mapping.line_of(key)))
        elif kind_of == "date":
            try:
                values[key] = read_date(mapping, key, path)
            except PolicyError as exc:
                problems += exc.problems
        elif kind_of == "list":
            if not isinstance(value, list):
                problems.append(Problem(path, Text(
                    f"{key} must list its items, one per line: - {{ja: ..., en: ...}}",
                    f"{key} には項目を一行ずつ - {{ja: ..., en: ...}} の形で列挙してください"), mapping.line_of(key)))
                continue
            items = [_text(mapping, key, item, path, problems, f"{key}.{i}") for i, item in enumerate(value)]
            if all(items):
                values[key] = items
        else:
            text_value = _text(mapping, key, value, path, problems)
            if text_value:
                values[key] = text_value
    corrects = data.get(CORRECTS)
    if corrects is not None and not (isinstance(corrects, str) and _NAME.match(corrects)):
        problems.append(Problem(path, Text(
            f"{CORRECTS}: '{corrects}' must be the id of the record corrected (its file name without .yml, "
            "YYYY-MM-DD-<slug>)",
            f"{CORRECTS}: 「{corrects}」には訂正する記録の ID（.yml を除いたファイル名 YYYY-MM-DD-<slug>）を"
            "記載してください"), mapping.line_of(CORRECTS)))
    event = spec["event"]
    day = values.get(event)
    if isinstance(day, date):
        label = next(f["label"] for f in fields if f["key"] == event)
        if spec["relation"] == "on_or_before" and day > published:
            problems.append(Problem(path, Text(
                f"{event}: {day.isoformat()} is after the day of publication ({published.isoformat()}, the file's "
                f"date): {label['en'].lower()} must come first ({spec['timing']['en']})",
                f"{event}: {day.isoformat()}（{label['ja']}）が公表日（ファイル名の日付 {published.isoformat()}）より後です。"
                f"{spec['timing']['ja']}"), mapping.line_of(event)))
        if spec["relation"] == "on_or_after" and day < published:
            problems.append(Problem(path, Text(
                f"{event}: {day.isoformat()} is before the day of publication ({published.isoformat()}, the file's "
                f"date): {spec['timing']['en']}",
                f"{event}: {day.isoformat()}（{label['ja']}）が公表日（ファイル名の日付 {published.isoformat()}）より前です。"
                f"{spec['timing']['ja']}"), mapping.line_of(event)))
    if problems:
        raise PolicyError(problems)
    return Publication(record_id, kind, published, title, values, path, mapping, corrects)  # an id or None: checked


def record_name(path: Path) -> tuple[str, date] | None:
    """(id, day of publication) of a record file's name, None if it is not YYYY-MM-DD-<slug>.yml."""
    match = _NAME.match(path.name.removesuffix(SUFFIX)) if path.name.endswith(SUFFIX) else None
    day = parse_iso_date(match.group(1)) if match else None
    return (match.group(0), day) if match and day else None


def record_files(folder: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """(kind, file) of every record under `folder`, and a problem for anything else found there."""
    problems: list[Problem] = []
    found: list[tuple[str, Path]] = []
    if folder.exists() and not folder.is_dir():
        problems.append(Problem(folder, Text(
            "is not a folder: the 公表 records are kept in a folder, one folder per kind",
            "フォルダではありません。公表事項の記録は、種類ごとのフォルダに分けてフォルダ内に置きます")))
    if not folder.is_dir():
        return found, problems
    known = kinds()
    listed = ", ".join(known)
    for entry in sorted(folder.iterdir()):
        if entry.name == README and entry.is_file() and not entry.is_symlink():
            continue
        if entry.name not in known or not entry.is_dir() or entry.is_symlink():
            problems.append(Problem(entry, Text(
                f"is not a kind of publication: {folder.name}/ holds one folder per kind ({listed})",
                f"公表事項の種類ではありません。{folder.name}/ には種類ごとのフォルダ（{'、'.join(known)}）を置きます")))
            continue
        for file in sorted(entry.iterdir()):
            if file.is_symlink() or not file.is_file() or record_name(file) is None:
                problems.append(Problem(file, Text(
                    "is not a record: name each record YYYY-MM-DD-<slug>.yml (the day it is published, then "
                    "lowercase letters, digits and hyphens), a file of its own, not a link",
                    "記録ではありません。各記録は YYYY-MM-DD-<slug>.yml（公表日と、英小文字・数字・ハイフン）"
                    "という名前の、リンクでないファイルにしてください")))
                continue
            found.append((entry.name, file))
    return found, problems


def load_register(folder: Path | None) -> Register:
    """Every record under `folder` (none if it does not exist), or PolicyError naming every problem."""
    folder = folder or Path(PUBLICATIONS_DIR)
    files, problems = record_files(folder)
    records: list[Publication] = []
    for kind, path in files:
        record_id, day = record_name(path)
        try:
            records.append(read_publication(read_text(path), path, kind, record_id, day))
        except PolicyError as exc:
            problems += exc.problems
    problems += _link_problems(records)
    if problems:
        raise PolicyError(problems)
    records.sort(key=lambda r: (r.published, r.id))
    return Register(tuple(records), folder)


def _link_problems(records: list[Publication]) -> list[Problem]:
    """Ids are addresses: one record an id across the kinds; a correction names an earlier record."""
    problems = []
    by_id: dict[str, Publication] = {}
    for record in records:
        if record.id in by_id:
            problems.append(Problem(record.path, Text(
                f"the id {record.id} is also {by_id[record.id].path.parent.name}/{record.id}.yml: ids are "
                "addresses and must be unique; choose another slug",
                f"ID {record.id} が {by_id[record.id].path.parent.name}/{record.id}.yml と重複しています。"
                "ID はアドレスになるため一意にしてください。別の slug を付けてください")))
        by_id.setdefault(record.id, record)
    for record in records:
        if record.corrects is None:
            continue
        target = by_id.get(record.corrects)
        line = record.mapping.line_of(CORRECTS)
        if target is None or target is record:
            problems.append(Problem(record.path, Text(
                f"{CORRECTS}: {record.corrects} is not another record under publications/",
                f"{CORRECTS}: {record.corrects} は publications/ にある他の記録ではありません"), line))
        elif target.published > record.published:
            problems.append(Problem(record.path, Text(
                f"{CORRECTS}: {record.corrects} is published after this correction ({target.published.isoformat()}): "
                "a correction comes after the record it corrects",
                f"{CORRECTS}: {record.corrects} の公表日（{target.published.isoformat()}）がこの訂正より後です。"
                "訂正は、訂正する記録の後に公表します"), line))
    return problems


__all__ = ["PUBLICATIONS_DIR", "Publication", "Register", "kinds", "load_register", "read_publication",
           "record_files", "record_name", "register_basis"]
