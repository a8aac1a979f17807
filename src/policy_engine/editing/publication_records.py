"""Published 公表 records (reading/publications.py) are append-only, as versions are: what a branch
may do to the records on its base, and what the pull request's comment says of the new ones.

A record public on the base (its day reached) is never edited or removed: a correction is a new
record with `corrects:`. Before the site's go-live (as the base records it) nothing was published
here, so an edit is a warning for the reviewers, as a version's is (records.py); a removal is an
error either way. A new record is published on the day it reaches main at the earliest: its date
(the file's) may not be before it. A record on the base whose day has not come is not public yet
and may still be corrected.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.dates import format_date
from ..core.errors import Problem, own_path
from ..core.labels import LANGUAGE_NAMES, label
from ..core.messages import Text
from ..publishing.publication_pages import record_body
from ..reading.publications import Publication, Register, record_name
from ..reading.settings import GO_LIVE_KEY
from .records import BaseDiff


def _inside(path: Path, folder: Path) -> bool:
    return own_path(path).is_relative_to(own_path(folder))


def _first_difference(before: str, after: str) -> int:
    """The first line (1-based) where the file differs from the base."""
    old, new = before.splitlines(), after.splitlines()
    for number, (a, b) in enumerate(zip(old, new), start=1):
        if a != b:
            return number
    return min(len(old), len(new)) + 1


def publication_record_problems(diff: BaseDiff, folder: Path, register: Register | None, today: date,
                                frozen: bool = True) -> list[Problem]:
    problems = []
    for path in diff.other_changed:
        name = record_name(path)
        if not _inside(path, folder) or name is None or name[1] > today:
            continue  # not a record, or not public yet: it may still be corrected
        record_id = name[0]
        if not path.is_file():
            problems.append(Problem(path, Text(
                f"published record {record_id} removed: records on {diff.base} are the company's 公表 and stay "
                "as they were published; restore this file (a correction is a new record with `corrects:`)",
                f"公表済みの記録 {record_id} が削除されています。{diff.base} にある記録は会社の公表であり、"
                "公表したとおりに残します。このファイルを元に戻してください（訂正は `corrects:` を記載した新しい記録で行います）")))
            continue
        before = diff.base_text(path) or ""
        line = _first_difference(before, path.read_text(encoding="utf-8", errors="replace"))
        if not frozen:
            problems.append(Problem(path, Text(
                f"published record {record_id} corrected in place: allowed only because the site has not gone live "
                f"({GO_LIVE_KEY} is not reached on {diff.base}); once it is live, a correction is a new record "
                "with `corrects:`",
                f"公表済みの記録 {record_id} をその場で訂正しています。本サイトがまだ公開されていないため"
                f"（{diff.base} の {GO_LIVE_KEY} に達していません）認められます。公開後の訂正は、`corrects:` を"
                "記載した新しい記録で行います"), line, severity="warning"))
            continue
        problems.append(Problem(path, Text(
            f"published record {record_id} edited: records on {diff.base} are the company's 公表 and never change. "
            f"Undo this edit; to correct it, add a new record with `corrects: {record_id}` "
            f"(`policy publication new {path.parent.name}`)",
            f"公表済みの記録 {record_id} が変更されています。{diff.base} にある記録は会社の公表であり、変更できません。"
            f"この変更を取り消し、訂正する場合は `corrects: {record_id}` を記載した新しい記録を追加してください"
            f"（`policy publication new {path.parent.name}`）"), line))
    for record in new_records(diff, register):
        if record.published < today:
            problems.append(Problem(record.path, Text(
                f"the record is dated {record.published.isoformat()} (its file name), before the day it reaches "
                f"main: a new record is published on the day it is merged at the earliest. Rename it "
                f"{today.isoformat()}-<slug>.yml or later",
                f"記録の日付（ファイル名）{record.published.isoformat()} が、main に取り込まれる日より前です。"
                f"新しい記録が公表されるのは、早くても取り込まれた日です。ファイル名を {today.isoformat()}-<slug>.yml "
                "以降の日付にしてください"), 1))
    return problems


def new_records(diff: BaseDiff, register: Register | None) -> list[Publication]:
    """The records of `register` that are not on the base, oldest first."""
    if register is None:
        return []
    on_base = {own_path(path) for path in diff.base_files}
    return [record for record in register.records if own_path(record.path) not in on_base]


def publication_summary(diff: BaseDiff, register: Register | None, link, details) -> list[str]:
    """The pull request's comment: each record the branch adds, as its page will show it, in both
    languages (`link(src, lang)`: the address of a page; `details(summary, body, open_)`: a fold)."""
    out = []
    for record in new_records(diff, register):
        ja_day, en_day = format_date(record.published, "ja"), format_date(record.published, "en")
        name = record.spec["name"]
        out.append(f"### {label('ja', 'publications')}：{ja_day}公表 / "
                   f"{label('en', 'publications')}: published {en_day}\n")
        out.append(f"`{record.path.parent.name}/{record.path.name}`: {name['ja']} / {name['en']}"
                   + (f" — 訂正 / correction of `{record.corrects}`" if record.corrects else "") + "\n")
        for lang in ("ja", "en"):
            body = f"#### {record.title[lang]}\n\n" + record_body(
                record, register, lang, lambda src, lang=lang: link(src, lang), record.published, heading_level=5)
            out.append(details(f"{label(lang, 'publications')} ({LANGUAGE_NAMES[lang]})", body, lang == "ja"))
    return out


__all__ = ["new_records", "publication_record_problems", "publication_summary"]
