"""`policy new`: start the next version from the latest text, in one step."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from .errors import PolicyError, Problem
from .settings import LANGUAGES, Settings
from .versions import VERSION_FILE, load_versions

_SKELETON = """\
# Version {id} of the privacy policy: it takes effect on {id} (the folder's name).
# Started by `policy new` on {today} from version {base}.
#
# announced: the day this version and its notice are published on the site. Merge the pull
#   request by then. If the purposes of use change, it must be at least {period} days before
#   {id} (on or before {latest}); otherwise the version is public from its effective date.
announced: {announced}
# summary: what the revision changes, in a sentence or two, in both languages. It is shown in
#   the version history and in the notice.
summary:
  ja: TODO
  en: TODO
"""


def create_version(settings: Settings, today: date, effective: date | None = None) -> Path:
    versions = load_versions(settings.versions_dir)
    latest = versions[-1]
    effective = effective or max(today + timedelta(days=settings.notice_period_days), latest.effective + timedelta(days=1))
    folder = settings.versions_dir / effective.isoformat()
    if effective <= latest.effective:
        raise PolicyError([Problem(folder, f"the new version must take effect after the latest one "
                                           f"({latest.id}): choose a later --effective date")])
    if folder.exists():
        raise PolicyError([Problem(folder, "this version already exists")])
    folder.mkdir(parents=True)
    for lang in LANGUAGES:
        shutil.copyfile(latest.file(lang), folder / f"{lang}.md")
    latest_notice = effective - timedelta(days=settings.notice_period_days)
    (folder / VERSION_FILE).write_text(_SKELETON.format(
        id=effective.isoformat(), today=today.isoformat(), base=latest.id,
        period=settings.notice_period_days, latest=latest_notice.isoformat(),
        announced=min(today, effective).isoformat()), encoding="utf-8")
    return folder
