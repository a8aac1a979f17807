"""The contact details as dated records: which were in effect on a day, and what each change changed.

contact.yml gives the details in effect now at the top, with `since:` the day they took effect, and
the earlier ones under `previous:`, newest first. Archived versions and notices show the details
they were published with; the history, the feeds and versions.json list each change with its date.
A change is a record like a published version: `contact_record_problems` holds it to the base.
The dated-records machinery is dated_records.py's, shared with the APPI Art. 32 matters.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .contact import Contact, read_contact
from .dated_records import (PREVIOUS, SINCE, DatedChange, DatedHistory, DatedRecord, FieldChange, RecordKind,
                           dated_record_problems, history_from_text, load_history)
from .dated_records import changed_fields as _changed_fields
from .dated_records import new_changes as new_changes  # noqa: PLC0414 (re-exported)
from ..core.messages import Text

__all__ = ["PREVIOUS", "SINCE", "CONTACT_KIND", "ContactChange", "ContactHistory", "ContactRecord", "FieldChange",
           "changed_fields", "contact_record_problems", "contacts_from_text", "load_contacts", "new_changes"]

CONTACT_KIND: RecordKind[Contact] = RecordKind(
    read=read_contact, values=Contact.values, noun=Text("contact details", "お問い合わせ窓口"),
    short=Text("details", "窓口"), what="contact details")
ContactRecord = DatedRecord[Contact]
ContactChange = DatedChange[Contact]
ContactHistory = DatedHistory[Contact]


def changed_fields(before: Contact, after: Contact) -> tuple[FieldChange, ...]:
    return _changed_fields(CONTACT_KIND, before, after)


def load_contacts(path: Path) -> ContactHistory:
    return load_history(path, CONTACT_KIND, Text("the contact details file does not exist",
                                                 "お問い合わせ窓口のファイルがありません"))


def contacts_from_text(text: str, path: Path) -> ContactHistory:
    return history_from_text(text, path, CONTACT_KIND)


def contact_record_problems(before: str, after: ContactHistory, base: str, today: date,
                            frozen: bool = True) -> list:
    return dated_record_problems(before, after, base, today, frozen)
