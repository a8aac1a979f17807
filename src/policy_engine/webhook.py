"""Post each public announcement to a webhook, once, catching up on any that a run missed."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from typing import TYPE_CHECKING

from .errors import PolicyError, Problem
from .messages import Text

if TYPE_CHECKING:
    from .announcements import Announcement

URL_VARIABLE = "POLICY_WEBHOOK_URL"
# How far back a run looks for announcements not yet posted: a missed day (a failed run, a
# version merged after the 00:05 run) is caught up; a lost record does not repost the archive.
CATCH_UP_DAYS = 30
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def check_url(url: str, where: Path) -> None:
    """Only https (plain http to this machine, for tests): announcements must not travel in clear."""
    parts = urlsplit(url)
    local = parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
    if not (parts.scheme == "https" and parts.hostname) and not local:
        raise PolicyError([Problem(where, Text(
            f"{URL_VARIABLE} is not an https URL: {url!r}",
            f"{URL_VARIABLE} が https の URL ではありません：{url!r}"))])


def due(announcements: dict[str, Announcement], today: date, sent: set[str],
        within_days: int = CATCH_UP_DAYS) -> list[Announcement]:
    """Public announcements not yet sent, published in the last `within_days` days, oldest first."""
    since = today - timedelta(days=within_days)
    waiting = [a for a in announcements.values() if since <= a.published <= today and a.id not in sent]
    return sorted(waiting, key=lambda a: (a.published, a.id))


def read_sent(path: Path | None) -> set[str]:
    if path is None or not path.is_file():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def post(url: str, announcement: Announcement, timeout: float = 10) -> None:
    from .announcements import announcement_json
    body = json.dumps(announcement_json(announcement), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status >= 300:
                raise urllib.error.HTTPError(url, response.status, response.reason, response.headers, None)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PolicyError([Problem(announcement.version.folder, Text(
            f"the webhook did not take the announcement: {exc}",
            f"Webhook がお知らせを受け付けませんでした：{exc}"))]) from None


def notify(url: str, announcements: dict[str, Announcement], today: date, sent_file: Path | None,
           within_days: int = CATCH_UP_DAYS) -> list[str]:
    """Post what is due, in order; record each success at once, so a rerun (or a run after a
    failure part-way) posts nothing twice."""
    posted = []
    for announcement in due(announcements, today, read_sent(sent_file), within_days):
        post(url, announcement)
        posted.append(announcement.id)
        if sent_file is not None:
            sent_file.parent.mkdir(parents=True, exist_ok=True)
            with sent_file.open("a", encoding="utf-8") as record:
                record.write(announcement.id + "\n")
    return posted
