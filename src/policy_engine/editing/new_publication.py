"""`policy publication new KIND`: the skeleton of a dated 公表 record, in Japanese and English, with
every field the law requires for its kind (data/publications.yml) and comments in both languages.
Nothing is filled in that only the company knows: the texts are TODO (which `policy check` refuses)
and the dates empty (a missing field, named by the check)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core.errors import PolicyError, Problem
from ..core.messages import Text
from ..reading.publications import PUBLICATIONS_DIR, SLUG, SUFFIX, kinds, record_files
from ..reading.settings import Settings
from ..reading.summaries import SKELETON_SUMMARY


@dataclass(frozen=True)
class NewPublication:
    path: Path
    kind: str
    published: date


def _comment(text: str) -> str:
    return "".join(f"# {line}\n" if line else "#\n" for line in text.splitlines())


def _text_value(key: str, value: dict[str, str] | None) -> str:
    value = value or {"ja": SKELETON_SUMMARY, "en": SKELETON_SUMMARY}
    return f"{key}:\n  ja: {value['ja']}\n  en: {value['en']}\n"


def skeleton(kind: str, published: date, today: date) -> str:
    spec = kinds()[kind]
    name, article, timing = spec["name"], spec["article"], spec["timing"]
    day = published.isoformat()
    parts = [_comment(
        f"匿名加工情報に関する公表事項：{name['ja']}（{article['ja']}）\n"
        f"Publication concerning anonymously processed information: {name['en']} ({article['en']})\n"
        f"`policy publication new {kind}` により {today.isoformat()} に作成しました。 / "
        f"Started by `policy publication new {kind}` on {today.isoformat()}.\n"
        "\n"
        f"公表日はファイル名の日付（{day}）です。この日以前にプルリクエストをマージしてください。遅れる場合は、\n"
        "  ファイル名の日付をマージする日以降に変更してください。" + timing["ja"] + "\n"
        f"The day of publication is the file's date ({day}). Merge the pull request on or before it; if later,\n"
        f"  rename the file to the day of the merge or later. It is {timing['en']}\n"
        "公表後は変更も削除もできません。訂正する場合は、新しい記録に corrects: <訂正する記録の ID> を記載します。\n"
        "Once published, a record is never edited or removed: a correction is a new record with corrects: <its id>.\n"
        "すべての項目を会社の記録に基づいて日本語と英語で記載してください（推測で記載しないでください）。\n"
        "Fill in every field from the company's own records, in Japanese and English (never a guess).\n")]
    parts.append("\n# title（表題）: 一覧とフィードに表示する表題。 / title: the record's title in the register and the feeds.\n")
    parts.append(_text_value("title", None))
    for spec_field in spec["fields"]:
        key, help_ = spec_field["key"], spec_field["help"]
        parts.append(f"\n# {key}（{spec_field['label']['ja']}）: {help_['ja']}\n# {key}: {help_['en']}\n")
        if spec_field["type"] == "date":
            parts.append(f"{key}:\n")
        elif spec_field["type"] == "list":
            parts.append(f"{key}:\n  - {{ja: {SKELETON_SUMMARY}, en: {SKELETON_SUMMARY}}}\n")
        else:
            parts.append(_text_value(key, spec_field.get("default")))
    parts.append("\n# corrects（訂正する記録の ID）: 訂正の場合に限り、訂正する記録のファイル名（.yml を除く）を記載します。\n"
                 "# corrects: only for a correction, the id (file name without .yml) of the record it corrects.\n"
                 "# corrects: YYYY-MM-DD-<slug>\n")
    return "".join(parts)


def create_publication(settings: Settings, kind: str, today: date, published: date | None = None,
                       slug: str | None = None) -> NewPublication:
    folder = settings.publications_dir or settings.root / PUBLICATIONS_DIR
    known = kinds()
    if kind not in known:
        raise PolicyError([Problem(folder, Text(
            f"'{kind}' is not a kind of publication (known: {', '.join(known)})",
            f"「{kind}」は公表事項の種類ではありません（使える種類：{'、'.join(known)}）"))])
    slug = slug or kind
    if not SLUG.match(slug):
        raise PolicyError([Problem(folder, Text(
            f"--slug {slug!r} must be lowercase letters, digits and single hyphens (it is part of the address)",
            f"--slug {slug!r} には英小文字、数字及びハイフンのみを使ってください（アドレスの一部になります）"))])
    published = published or today
    if published < today:
        raise PolicyError([Problem(folder, Text(
            f"--date {published.isoformat()} is in the past: a record is published on the day it is merged at "
            f"the earliest ({today.isoformat()} or later)",
            f"--date {published.isoformat()} は過去の日付です。記録が公表されるのは、早くても main に取り込まれた日"
            f"（{today.isoformat()}以降）です"))])
    record_id = f"{published.isoformat()}-{slug}"
    path = folder / kind / f"{record_id}{SUFFIX}"
    taken = [file for _, file in record_files(folder)[0] if file.name == path.name]
    if taken:
        raise PolicyError([Problem(taken[0], Text(
            f"a record with the id {record_id} already exists: choose another --slug",
            f"ID {record_id} の記録はすでにあります。別の --slug を指定してください"))])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, published, today), encoding="utf-8")
    return NewPublication(path, kind, published)
