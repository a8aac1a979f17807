"""`policy notify` posts each public 公表 record (reading/publications.py) once, as it posts the
announcements (webhook.py): signed, catching up on the last CATCH_UP_DAYS days, each success
recorded at once in the same file of what was sent. The event is the record as publications.json
lists it, with "type": "publication"; its webhook-id, "publication-<id>", is the same whichever run
posts it, so that a receiver drops a repeat."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from ..core.messages import Text
from ..publishing.publication_pages import record_json
from ..reading.publications import Publication, Register
from .webhook import CATCH_UP_DAYS, post_event, read_sent, record_sent

PREFIX = "publication-"


def event_id(record: Publication) -> str:
    """The webhook-id and the line of the sent file: apart from the announcements' (a version id)."""
    return PREFIX + record.id


def event_body(record: Publication, register: Register, today: date, base: str = "/") -> bytes:
    return json.dumps({"type": "publication", **record_json(record, register, today, base)},
                      ensure_ascii=False).encode("utf-8")


def due_records(register: Register, today: date, sent: set[str], within_days: int = CATCH_UP_DAYS) -> list[Publication]:
    """Public records not yet sent, published in the last `within_days` days, oldest first."""
    since = today - timedelta(days=within_days)
    return [r for r in register.records if since <= r.published <= today and event_id(r) not in sent]


def notify_publications(url: str, key: bytes, register: Register, today: date, sent_file: Path | None,
                        within_days: int = CATCH_UP_DAYS, base: str = "/") -> list[str]:
    posted = []
    for record in due_records(register, today, read_sent(sent_file), within_days):
        post_event(url, key, event_id(record), event_body(record, register, today, base), record.path,
                   Text(f"the publication {record.id}", f"公表事項 {record.id} "))
        posted.append(record.id)
        record_sent(sent_file, event_id(record))
    return posted
