"""Post each public announcement to a webhook, once, catching up on any that a run missed,
signed as the Standard Webhooks specification says (https://www.standardwebhooks.com/), so that
a receiver can tell our posts from anyone's: headers webhook-id (the same for every post of one
announcement, so that a receiver drops a repeat), webhook-timestamp (Unix seconds at sending) and
webhook-signature, "v1," and the base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the
secret in POLICY_WEBHOOK_SECRET ("whsec_" and base64). README.md shows the receiver's check."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from typing import TYPE_CHECKING

from ..core.errors import PolicyError, Problem
from ..core.messages import Text

if TYPE_CHECKING:
    from ..publishing.announcements import Announcement

URL_VARIABLE = "POLICY_WEBHOOK_URL"
SECRET_VARIABLE = "POLICY_WEBHOOK_SECRET"
SECRET_PREFIX = "whsec_"
# The specification's bounds for the key (24 to 64 bytes); we make 32-byte ones.
_KEY_BYTES = range(24, 65)
NEW_SECRET_COMMAND = "python3 -c \"import base64, os; print('whsec_' + base64.b64encode(os.urandom(32)).decode())\""
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


def signing_key(secret: str, where: Path) -> bytes:
    """The HMAC key in a "whsec_<base64>" secret. No secret is an error, not an unsigned post:
    a receiver that checks (as it should) would refuse it, and one that accepted unsigned posts
    could be fed anyone's. The announcement then stays unsent, and the next run with the secret
    set catches it up."""
    if not secret:
        raise PolicyError([Problem(where, Text(
            f"{URL_VARIABLE} is set but {SECRET_VARIABLE} is empty: announcements are posted signed only; "
            f"set the secret the receiver shares (make one with: {NEW_SECRET_COMMAND})",
            f"{URL_VARIABLE} は設定されていますが、{SECRET_VARIABLE} が空です。お知らせは署名を付けて送信します。"
            f"受信側と共有するシークレットを設定してください（作成方法：{NEW_SECRET_COMMAND}）"))])
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True) if secret.startswith(SECRET_PREFIX) else b""
    except (binascii.Error, ValueError):
        key = b""
    if len(key) not in _KEY_BYTES:
        raise PolicyError([Problem(where, Text(
            f"{SECRET_VARIABLE} is not a webhook secret: it is \"whsec_\" followed by 24 to 64 bytes in "
            f"base64 (make one with: {NEW_SECRET_COMMAND})",
            f"{SECRET_VARIABLE} が Webhook のシークレットの形式ではありません。「whsec_」の後に 24〜64 バイトを "
            f"base64 で続けたものです（作成方法：{NEW_SECRET_COMMAND}）"))])
    return key


def sent_key(announcement: Announcement) -> str:
    """The line of the sent file: the version id for the privacy policy's (as ever), the document's
    id before it for another document's ("terms/2026-06-01"): a version of each on one day is two."""
    document = announcement.version.document
    return announcement.id if document.privacy_policy else f"{document.id}/{announcement.id}"


def message_id(announcement: Announcement) -> str:
    """One id per announcement, whichever run posts it: a receiver drops a repeat by it."""
    return f"announcement-{sent_key(announcement)}"


def signature(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode("utf-8") + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")


def signed_headers(key: bytes, msg_id: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {"webhook-id": msg_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(key, msg_id, timestamp, body)}


def body_of(announcement: Announcement) -> bytes:
    from ..publishing.announcements import announcement_json
    return json.dumps(announcement_json(announcement), ensure_ascii=False).encode("utf-8")


def due(announcements: Iterable[Announcement], today: date, sent: set[str],
        within_days: int = CATCH_UP_DAYS) -> list[Announcement]:
    """Public announcements (of every document) not yet sent, published in the last `within_days`
    days, oldest first."""
    since = today - timedelta(days=within_days)
    waiting = [a for a in announcements if since <= a.published <= today and sent_key(a) not in sent]
    return sorted(waiting, key=lambda a: (a.published, sent_key(a)))


def read_sent(path: Path | None) -> set[str]:
    if path is None or not path.is_file():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def post(url: str, key: bytes, announcement: Announcement, timeout: float = 10) -> None:
    post_event(url, key, message_id(announcement), body_of(announcement), announcement.version.folder,
               Text("the announcement", "お知らせ"), timeout)


def post_event(url: str, key: bytes, msg_id: str, body: bytes, where: Path, what: Text, timeout: float = 10) -> None:
    """One signed post (an announcement, a 公表 record: publication_webhook.py); `what` names it."""
    headers = {"Content-Type": "application/json; charset=utf-8", **signed_headers(key, msg_id, body)}
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status >= 300:
                raise urllib.error.HTTPError(url, response.status, response.reason, response.headers, None)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PolicyError([Problem(where, Text(
            f"the webhook did not take {what.en}: {exc}",
            f"Webhook が{what.ja}を受け付けませんでした：{exc}"))]) from None


def notify(url: str, key: bytes, announcements: Iterable[Announcement], today: date, sent_file: Path | None,
           within_days: int = CATCH_UP_DAYS) -> list[str]:
    """Post what is due, in order; record each success at once, so a rerun (or a run after a
    failure part-way) posts nothing twice."""
    posted = []
    for announcement in due(announcements, today, read_sent(sent_file), within_days):
        post(url, key, announcement)
        posted.append(sent_key(announcement))
        record_sent(sent_file, sent_key(announcement))
    return posted


def record_sent(sent_file: Path | None, line: str) -> None:
    """Note one success in the sent file at once (the announcements' and the 公表 records')."""
    if sent_file is not None:
        sent_file.parent.mkdir(parents=True, exist_ok=True)
        with sent_file.open("a", encoding="utf-8") as sent:
            sent.write(line + "\n")
