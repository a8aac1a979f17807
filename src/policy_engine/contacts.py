"""The contact details as dated records: which were in effect on a day, and what each change changed.

contact.yml gives the details in effect now at the top, with `since:` the day they took effect, and
the earlier ones under `previous:`, newest first. Archived versions and notices show the details
they were published with; the history, the feeds and versions.json list each change with its date.
A change is a record like a published version: `contact_record_problems` holds it to the base.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

from .contact import Contact, read_contact
from .dates import format_date
from .errors import PolicyError, Problem
from .messages import Text
from .textinput import read_text
from .yamldata import Mapping, load_mapping, read_date

SINCE, PREVIOUS = "since", "previous"


@dataclass(frozen=True)
class ContactRecord:
    contact: Contact
    since: date | None  # None: the first details, in effect from the start
    mapping: Mapping  # the lines of its keys in contact.yml


@dataclass(frozen=True)
class FieldChange:
    key: str  # a key of Contact.values()
    old: dict[str, str] | None
    new: dict[str, str] | None


@dataclass(frozen=True)
class ContactChange:
    day: date
    before: Contact
    after: Contact
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ContactHistory:
    records: tuple[ContactRecord, ...]  # oldest first
    source: Path

    @property
    def newest(self) -> Contact:
        return self.records[-1].contact

    def on(self, day: date) -> Contact:
        """The details in effect on `day` (the first ones before any date)."""
        in_effect = [r for r in self.records if r.since is None or r.since <= day]
        return (in_effect or self.records[:1])[-1].contact

    def changes(self, until: date | None = None) -> list[ContactChange]:
        """Each change in effect by `until` (all without it), oldest first."""
        result = []
        for before, after in pairwise(self.records):
            if after.since is not None and (until is None or after.since <= until):
                result.append(ContactChange(after.since, before.contact, after.contact,
                                            changed_fields(before.contact, after.contact)))
        return result


def changed_fields(before: Contact, after: Contact) -> tuple[FieldChange, ...]:
    old, new = before.values(), after.values()
    return tuple(FieldChange(key, old[key], new[key]) for key in old if old[key] != new[key])


def load_contacts(path: Path) -> ContactHistory:
    if not path.is_file():
        raise PolicyError([Problem(path, Text("the contact details file does not exist",
                                              "お問い合わせ窓口のファイルがありません"))])
    return contacts_from_text(read_text(path), path)


def contacts_from_text(text: str, path: Path) -> ContactHistory:
    mapping = load_mapping(text, path, 1, what="contact details")
    problems: list[Problem] = []
    parts = [(mapping, frozenset({SINCE, PREVIOUS}), None)]  # newest first, as in the file
    previous = mapping.data.get(PREVIOUS)
    if previous is not None:
        if isinstance(previous, list) and previous and all(isinstance(item, dict) for item in previous):
            parts += [(mapping.part(f"{PREVIOUS}.{i}"), frozenset({SINCE}), mapping.line_of(f"{PREVIOUS}.{i}"))
                      for i in range(len(previous))]
        else:
            problems.append(Problem(path, Text(
                "previous: must list the earlier contact details, newest first, each with all its fields "
                "and `since:`",
                "previous: には以前のお問い合わせ窓口を新しい順に、各項目と since: を添えて列挙してください"),
                mapping.line_of(PREVIOUS)))
    records = []
    for part, other_keys, line in parts:
        contact = read_contact(part, path, problems, other_keys, line)
        try:
            since = read_date(part, SINCE, path)
        except PolicyError as exc:
            problems += exc.problems
            continue
        if contact is not None:
            records.append(ContactRecord(contact, since, part))
    if problems:
        raise PolicyError(problems)
    records.reverse()
    problems += _order_problems(records, path)
    if problems:
        raise PolicyError(problems)
    return ContactHistory(tuple(records), path)


def _order_problems(records: list[ContactRecord], path: Path) -> list[Problem]:
    """Every record but the oldest says when it took effect, each after the one before it."""
    problems = []
    for before, after in pairwise(records):
        if after.since is None:
            problems.append(Problem(path, Text(
                "since: is missing: every contact details but the first (the last under previous:) "
                "give the day they took effect",
                "since: がありません。最初のもの（previous: の最後）を除き、お問い合わせ窓口には"
                "適用を開始した日を記載してください"), after.mapping.start_line))
        elif before.since is not None and after.since <= before.since:
            problems.append(Problem(path, Text(
                f"since: {after.since.isoformat()} must be after {before.since.isoformat()}, the date of "
                "the details before them: previous: lists the earlier details newest first",
                f"since: {after.since.isoformat()} は、その前のお問い合わせ窓口の適用開始日"
                f"（{before.since.isoformat()}）より後の日付にしてください。previous: には以前の窓口を"
                "新しい順に記載します"), after.mapping.line_of(SINCE)))
        elif not changed_fields(before.contact, after.contact):
            problems.append(Problem(path, Text(
                f"the details since {after.since.isoformat()} are the same as those before them: write the "
                "new details there (or, if nothing changes, remove that since: and the record it repeats)",
                f"since: {after.since.isoformat()} からのお問い合わせ窓口が、その前のものと同じ内容です。"
                "変更後の内容を記載してください（変更しない場合は、この since: と重複する記録を削除してください）"),
                after.mapping.line_of(SINCE)))
    return problems


def _from(record: ContactRecord) -> Text:
    if record.since is None:
        return Text("the first contact details", "当初のお問い合わせ窓口")
    return Text(f"the contact details in effect since {record.since.isoformat()}",
                f"{format_date(record.since, 'ja')}から適用のお問い合わせ窓口")


def new_changes(before: str | None, after: ContactHistory) -> list[ContactChange]:
    """The changes `after` records that the base's contact file (`before`, its text) did not."""
    if before is None:
        return []
    try:
        old_days = {record.since for record in contacts_from_text(before, after.source).records}
    except PolicyError:
        old_days = set()
    return [change for change in after.changes() if change.day not in old_days]


def contact_record_problems(before: str, after: ContactHistory, base: str, today: date) -> list[Problem]:
    """Contact details in effect on the base are records: a change adds dated details, from the
    day it is merged at the earliest, and keeps the former ones as they were."""
    path = after.source
    try:
        old = contacts_from_text(before, path)
    except PolicyError:
        return []  # the base's own file was judged when it was merged
    problems = []
    now_by_day = {record.since: record for record in after.records}
    for record in old.records:
        if record.since is not None and record.since > today:
            continue  # not in effect yet: it may still be corrected
        now = now_by_day.get(record.since)
        if now is not None and now.contact.values() == record.contact.values():
            continue
        what = _from(record)
        if now is None:
            problems.append(Problem(path, Text(
                f"{what.en} (on {base}) were removed: they are a record; restore them under previous:",
                f"{what.ja}（{base}）が削除されています。これは記録です。previous: に元のまま戻してください"),
                after.records[-1].mapping.line_of(PREVIOUS)))
            continue
        key = changed_fields(record.contact, now.contact)[0].key
        line = now.mapping.line_of(key)
        if now is after.records[-1]:
            problems.append(Problem(path, Text(
                f"{what.en} were edited in place: a change of the contact details is a dated record. "
                "Move the details as they were to the top of previous:, unchanged, and give the new "
                f"details `since:` the day they take effect ({today.isoformat()} or later)",
                f"{what.ja}が直接書き換えられています。お問い合わせ窓口の変更は日付付きの記録として残します。"
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
                f"since: {record.since.isoformat()} is in the past: new contact details take effect on "
                f"the day they are merged at the earliest ({today.isoformat()} or later)",
                f"since: {record.since.isoformat()} が過去の日付です。新しいお問い合わせ窓口が適用されるのは、"
                f"早くても main に取り込まれた日（{today.isoformat()}以降）です"), record.mapping.line_of(SINCE)))
    return problems
