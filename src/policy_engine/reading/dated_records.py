"""Facts kept as dated records: the record in effect at the top of a YAML file, with `since:` the
day it took effect, and the earlier ones under `previous:`, newest first. Which record was in
effect on a day, what each change changed, and what a branch may do to the records on its base.

The contact details (contact_history.py) and the APPI Art. 32 matters (retained_data.py) are kept so; each
says how one of its records is read and what its fields are (`RecordKind`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Generic, TypeVar

from ..core.dates import format_date
from ..core.errors import PolicyError, Problem
from ..core.messages import Text
from .textinput import read_text
from .yamldata import Mapping, load_mapping, read_date

SINCE, PREVIOUS = "since", "previous"
T = TypeVar("T")
Values = dict[str, "dict[str, str] | None"]


@dataclass(frozen=True)
class RecordKind(Generic[T]):
    """How one kind of dated record is read, and what it is called in messages."""

    # (mapping, path, problems, keys the dated file reads itself, line of the record) -> record
    read: Callable[[Mapping, Path, list[Problem], frozenset[str], int | None], T | None]
    values: Callable[[T], Values]  # each field as readers see it, per language: what a change is made of
    noun: Text  # "contact details" / 「お問い合わせ窓口」, as messages name a record
    short: Text  # "details" / 「窓口」, as messages name it again
    what: str  # the YAML reader's name of the file, for its own messages


@dataclass(frozen=True)
class DatedRecord(Generic[T]):
    value: T
    since: date | None  # None: the first record, in effect from the start
    mapping: Mapping  # the lines of its keys in the file


@dataclass(frozen=True)
class FieldChange:
    key: str  # a key of the kind's values()
    old: dict[str, str] | None
    new: dict[str, str] | None


@dataclass(frozen=True)
class DatedChange(Generic[T]):
    day: date
    before: T
    after: T
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class DatedHistory(Generic[T]):
    records: tuple[DatedRecord[T], ...]  # oldest first
    source: Path
    kind: RecordKind[T]

    @property
    def newest(self) -> T:
        return self.records[-1].value

    def on(self, day: date) -> T:
        """The record in effect on `day` (the first one before any date)."""
        in_effect = [r for r in self.records if r.since is None or r.since <= day]
        return (in_effect or self.records[:1])[-1].value

    def since_on(self, day: date) -> date | None:
        """The day the record in effect on `day` took effect (None: the first record)."""
        in_effect = [r for r in self.records if r.since is None or r.since <= day]
        return (in_effect or self.records[:1])[-1].since

    def changes(self, until: date | None = None) -> list[DatedChange[T]]:
        """Each change in effect by `until` (all without it), oldest first."""
        result = []
        for before, after in pairwise(self.records):
            if after.since is not None and (until is None or after.since <= until):
                result.append(DatedChange(after.since, before.value, after.value,
                                          changed_fields(self.kind, before.value, after.value)))
        return result


def changed_fields(kind: RecordKind[T], before: T, after: T) -> tuple[FieldChange, ...]:
    old, new = kind.values(before), kind.values(after)
    return tuple(FieldChange(key, old[key], new[key]) for key in old if old[key] != new[key])


def history_from_text(text: str, path: Path, kind: RecordKind[T]) -> DatedHistory[T]:
    noun = kind.noun
    mapping = load_mapping(text, path, 1, what=kind.what)
    problems: list[Problem] = []
    parts = [(mapping, frozenset({SINCE, PREVIOUS}), None)]  # newest first, as in the file
    previous = mapping.data.get(PREVIOUS)
    if previous is not None:
        if isinstance(previous, list) and previous and all(isinstance(item, dict) for item in previous):
            parts += [(mapping.part(f"{PREVIOUS}.{i}"), frozenset({SINCE}), mapping.line_of(f"{PREVIOUS}.{i}"))
                      for i in range(len(previous))]
        else:
            problems.append(Problem(path, Text(
                f"previous: must list the earlier {noun.en}, newest first, each with all its fields "
                "and `since:`",
                f"previous: には以前の{noun.ja}を新しい順に、各項目と since: を添えて列挙してください"),
                mapping.line_of(PREVIOUS)))
    records = []
    for part, other_keys, line in parts:
        value = kind.read(part, path, problems, other_keys, line)
        try:
            since = read_date(part, SINCE, path)
        except PolicyError as exc:
            problems += exc.problems
            continue
        if value is not None:
            records.append(DatedRecord(value, since, part))
    if problems:
        raise PolicyError(problems)
    records.reverse()
    problems += _order_problems(records, path, kind)
    if problems:
        raise PolicyError(problems)
    return DatedHistory(tuple(records), path, kind)


def load_history(path: Path, kind: RecordKind[T], missing: Text) -> DatedHistory[T]:
    if not path.is_file():
        raise PolicyError([Problem(path, missing)])
    return history_from_text(read_text(path), path, kind)


def _order_problems(records: list[DatedRecord[T]], path: Path, kind: RecordKind[T]) -> list[Problem]:
    """Every record but the oldest says when it took effect, each after the one before it."""
    noun = kind.noun
    problems = []
    for before, after in pairwise(records):
        if after.since is None:
            problems.append(Problem(path, Text(
                f"since: is missing: every {noun.en} but the first (the last under previous:) "
                "give the day they took effect",
                "since: がありません。最初のもの（previous: の最後）を除き、"
                f"{noun.ja}には適用を開始した日を記載してください"), after.mapping.start_line))
        elif before.since is not None and after.since <= before.since:
            problems.append(Problem(path, Text(
                f"since: {after.since.isoformat()} must be after {before.since.isoformat()}, the date of "
                f"the {kind.short.en} before them: previous: lists the earlier {kind.short.en} newest first",
                f"since: {after.since.isoformat()} は、その前の{noun.ja}の適用開始日"
                f"（{before.since.isoformat()}）より後の日付にしてください。previous: には以前の{kind.short.ja}を"
                "新しい順に記載します"), after.mapping.line_of(SINCE)))
        elif not changed_fields(kind, before.value, after.value):
            problems.append(Problem(path, Text(
                f"the {kind.short.en} since {after.since.isoformat()} are the same as those before them: write the "
                f"new {kind.short.en} there (or, if nothing changes, remove that since: and the record it repeats)",
                f"since: {after.since.isoformat()} からの{noun.ja}が、その前のものと同じ内容です。"
                "変更後の内容を記載してください（変更しない場合は、この since: と重複する記録を削除してください）"),
                after.mapping.line_of(SINCE)))
    return problems


def _from(record: DatedRecord[T], noun: Text) -> Text:
    if record.since is None:
        return Text(f"the first {noun.en}", f"当初の{noun.ja}")
    return Text(f"the {noun.en} in effect since {record.since.isoformat()}",
                f"{format_date(record.since, 'ja')}から適用の{noun.ja}")


def new_changes(before: str | None, after: DatedHistory[T]) -> list[DatedChange[T]]:
    """The changes `after` records that the base's file (`before`, its text) did not."""
    if before is None:
        return []
    try:
        old_days = {record.since for record in history_from_text(before, after.source, after.kind).records}
    except PolicyError:
        old_days = set()
    return [change for change in after.changes() if change.day not in old_days]


def dated_record_problems(before: str, after: DatedHistory[T], base: str, today: date,
                          frozen: bool = True) -> list[Problem]:
    """Records in effect on the base are records: a change adds a dated record, from the day it is
    merged at the earliest, and keeps the former ones as they were. Not `frozen` (the site has not
    gone live): nothing is public yet, and the record in effect may still be corrected in place."""
    path, kind, noun = after.source, after.kind, after.kind.noun
    try:
        old = history_from_text(before, path, kind)
    except PolicyError:
        return []  # the base's own file was judged when it was merged
    problems = []
    now_by_day = {record.since: record for record in after.records}
    for record in old.records:
        if record.since is not None and record.since > today:
            continue  # not in effect yet: it may still be corrected
        now = now_by_day.get(record.since)
        if now is not None and kind.values(now.value) == kind.values(record.value):
            continue
        if not frozen and (now is None or now is after.records[-1]):
            continue
        what = _from(record, noun)
        if now is None:
            problems.append(Problem(path, Text(
                f"{what.en} (on {base}) were removed: they are a record; restore them under previous:",
                f"{what.ja}（{base}）が削除されています。これは記録です。previous: に元のまま戻してください"),
                after.records[-1].mapping.line_of(PREVIOUS)))
            continue
        key = changed_fields(kind, record.value, now.value)[0].key
        line = now.mapping.line_of(key)
        if now is after.records[-1]:
            problems.append(Problem(path, Text(
                f"{what.en} were edited in place: a change of the {noun.en} is a dated record. "
                f"Move the {kind.short.en} as they were to the top of previous:, unchanged, and give the new "
                f"{kind.short.en} `since:` the day they take effect ({today.isoformat()} or later)",
                f"{what.ja}が直接書き換えられています。{noun.ja}の変更は日付付きの記録として残します。"
                "変更前の内容をそのまま previous: の先頭に移し、新しい内容には since: に適用を開始する日"
                f"（{today.isoformat()}以降）を記載してください"), line))
        else:
            problems.append(Problem(path, Text(
                f"{what.en} (on {base}) were changed: they are a record; restore them as they were",
                f"{what.ja}（{base}）が変更されています。これは記録です。元のまま戻してください"), line))
    old_days = {record.since for record in old.records}
    for record in after.records:
        if record.since is not None and record.since not in old_days and record.since < today:
            problems.append(Problem(path, Text(
                f"since: {record.since.isoformat()} is in the past: new {noun.en} take effect on "
                f"the day they are merged at the earliest ({today.isoformat()} or later)",
                f"since: {record.since.isoformat()} が過去の日付です。新しい{noun.ja}が適用されるのは、"
                f"早くても main に取り込まれた日（{today.isoformat()}以降）です"), record.mapping.line_of(SINCE)))
    return problems
