"""Post each announcement published today to a webhook, once."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from .announcements import Announcement, announcement_json
from .errors import PolicyError, Problem

URL_VARIABLE = "POLICY_WEBHOOK_URL"


def due(announcements: dict[str, Announcement], today: date, sent: set[str]) -> list[Announcement]:
    return [a for a in announcements.values() if a.published == today and a.id not in sent]


def read_sent(path: Path | None) -> set[str]:
    if path is None or not path.is_file():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def post(url: str, announcement: Announcement, timeout: float = 10) -> None:
    body = json.dumps(announcement_json(announcement), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status >= 300:
                raise urllib.error.HTTPError(url, response.status, response.reason, response.headers, None)
    except (urllib.error.URLError, OSError) as exc:
        raise PolicyError([Problem(announcement.version.folder,
                                   f"the webhook did not take the announcement: {exc}")]) from None


def notify(url: str, announcements: dict[str, Announcement], today: date, sent_file: Path | None) -> list[str]:
    """Post what is due; record each success in `sent_file` so a rerun posts nothing twice."""
    posted = []
    for announcement in due(announcements, today, read_sent(sent_file)):
        post(url, announcement)
        posted.append(announcement.id)
        if sent_file is not None:
            sent_file.parent.mkdir(parents=True, exist_ok=True)
            with sent_file.open("a", encoding="utf-8") as record:
                record.write(announcement.id + "\n")
    return posted
