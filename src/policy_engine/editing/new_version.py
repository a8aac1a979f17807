"""`policy new`: start the next version from the latest text, in one step."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..core.errors import PolicyError, Problem
from ..core.messages import Text
from ..reading.settings import LANGUAGES, DocumentSettings, Settings
from ..reading.summaries import SKELETON_SUMMARY
from ..reading.versions import VERSION_FILE, versions_of

# Days a pull request usually needs for legal review before it is merged: `announced` is preset
# this far ahead, so that the notice is not dated before the day it actually reaches the site.
REVIEW_DAYS = 14

_SKELETON = """\
# プライバシーポリシー {id} 版（フォルダ名 {id} が施行日です）。
# `policy new` により {today} に {base} 版から作成しました。
# Version {id} of the privacy policy: it takes effect on {id} (the folder's name).
# Started by `policy new` on {today} from version {base}.
#
# announced（公表日）: この版とお知らせをサイトに掲載する日です。プルリクエストはこの日までに
#   マージしてください（マージが遅れた場合は、公表日と施行日をともに後ろにずらしてください）。
#   利用目的を変更する場合は、施行日 {id} の{period}日以上前（{latest}以前）でなければなりません。
# announced: the day this version and its notice go public. Merge the pull request by then (if it
#   is merged later, move both dates). If the purposes of use change, it must be at least {period}
#   days before {id} (on or before {latest}).
announced: {announced}
# summary（改定の概要）: 改定の内容を日本語と英語で一、二文で記載してください。改定履歴とお知らせに
#   表示されます。TODO のままでは公開できません。
# summary: what the revision changes, in a sentence or two, in both languages. It is shown in the
#   version history and the notice; a TODO cannot be published.
summary:
  ja: {todo}
  en: {todo}
# purposes_basis（利用目的の変更の根拠）: 利用目的を変更する場合に限り、法務の確認を経て、次のいずれかを記載して
#   ください。related: 変更前の利用目的と関連性を有すると合理的に認められる範囲内の変更。consent: あらかじめ
#   本人の同意を得た変更（お知らせによる公表は同意に代わりません）。
# purposes_basis: only if the purposes of use change, after legal review: related (within the scope
#   reasonably related to the purposes before the change) or consent (the principals' prior consent
#   has been obtained; no notice replaces it).
# purposes_basis: related
"""


# Another document's (policy.yml `documents:`): no purposes of use; `announced:` makes its notice.
_DOCUMENT_SKELETON = """\
# {title_ja} {id} 版（フォルダ名 {id} が施行日です）。
# `policy new --document {document}` により {today} に {base} 版から作成しました。
# Version {id} of the {title_en}: it takes effect on {id} (the folder's name).
# Started by `policy new --document {document}` on {today} from version {base}.
#
# announced（公表日）: この改定のお知らせをサイトに掲載する日です。記載した場合に限り、お知らせを掲載します。
#   お知らせをしない改定では、この行を削除してください（施行日に新しい版として掲載されます）。
# announced: the day the notice of this revision goes public; only a version that gives it has a
#   notice. For a revision without one, delete this line (the version goes public on {id}).
announced: {announced}
# summary（改定の概要）: 改定の内容を日本語と英語で一、二文で記載してください。TODO のままでは公開できません。
# summary: what the revision changes, in a sentence or two, in both languages; a TODO cannot be published.
summary:
  ja: {todo}
  en: {todo}
"""


@dataclass(frozen=True)
class NewVersion:
    folder: Path
    announced: date
    notice_period_holds: bool  # announced at least notice_period_days before it takes effect


def create_version(settings: Settings, today: date, effective: date | None = None,
                   document: DocumentSettings | None = None) -> NewVersion:
    """`document`: another document than the privacy policy (policy.yml `documents:`)."""
    document = document or settings.documents[0]
    versions = versions_of(settings, document=document)
    latest = versions[-1]
    period = timedelta(days=settings.notice_period_days)
    effective = effective or max(today + timedelta(days=REVIEW_DAYS) + period, latest.effective + timedelta(days=1))
    folder = document.versions_dir / effective.isoformat()
    if effective <= latest.effective:
        raise PolicyError([Problem(folder, Text(
            f"the new version must take effect after the latest one ({latest.id}): choose a later "
            "--effective date",
            f"新しい版の施行日は、最新の版（{latest.id}）より後でなければなりません。"
            "--effective により後の日付を指定してください"))])
    if folder.exists():
        raise PolicyError([Problem(folder, Text("this version already exists", "この版はすでに存在します"))])
    # The latest day that still keeps the notice period, but never a day already past.
    announced = max(today, effective - period)
    folder.mkdir(parents=True)
    for lang in LANGUAGES:
        shutil.copyfile(latest.file(lang), folder / f"{lang}.md")
    skeleton = _SKELETON if document.privacy_policy else _DOCUMENT_SKELETON
    (folder / VERSION_FILE).write_text(skeleton.format(
        id=effective.isoformat(), today=today.isoformat(), base=latest.id,
        period=settings.notice_period_days, latest=(effective - period).isoformat(),
        announced=announced.isoformat(), todo=SKELETON_SUMMARY, document=document.id,
        title_ja=(document.title or {}).get("ja", ""), title_en=(document.title or {}).get("en", "")),
        encoding="utf-8")
    return NewVersion(folder, announced, effective - announced >= period)
