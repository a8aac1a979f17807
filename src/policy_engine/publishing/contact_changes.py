"""How a change of a dated record reads (the contact details, the APPI Art. 32 matters): on the
history page, in the feeds, on the announcements page, in a pull request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..reading.contact import field_label as contact_field_label
from ..reading.dated_records import DatedChange
from ..core.dates import format_date
from ..core.labels import label
from ..reading.markup import plain_markdown, table_cell
from ..reading.retained_data import field_label as retained_field_label

CONTACT_CHANGES_ANCHOR = "contact-changes"  # the history page's section of contact changes


@dataclass(frozen=True)
class ChangeNotes:
    """The words and addresses of one kind of dated record's changes."""

    name: str  # "contact", "retained-data": anchors, feed ids, versions.json
    field_label: Callable[[str, str], str]

    @property
    def section_anchor(self) -> str:
        return f"{self.name}-changes"

    def anchor(self, change: DatedChange) -> str:
        return f"{self.name}-change-{change.day.isoformat()}"

    def _key(self, what: str) -> str:
        return f"{self.name.replace('-', '_')}_{what}"

    def section_title(self, lang: str) -> str:
        return label(lang, self._key("changes"))

    def section_intro(self, lang: str) -> str:
        return label(lang, self._key("changes_intro"))

    def title(self, change: DatedChange, lang: str) -> str:
        return label(lang, self._key("change_title"), date=format_date(change.day, lang))

    def markdown(self, change: DatedChange, lang: str) -> str:
        """The lead and a table of each changed field, old and new."""
        def cell(value: dict[str, str] | None) -> str:
            return table_cell(plain_markdown(value[lang])) if value else "—"

        rows = "".join(f"| {self.field_label(f.key, lang)} | {cell(f.old)} | {cell(f.new)} |\n"
                       for f in change.fields)
        return (label(lang, self._key("change_lead"), date=format_date(change.day, lang)) + "\n\n"
                f"| {label(lang, 'contact_field')} | {label(lang, 'contact_before')} "
                f"| {label(lang, 'contact_after')} |\n| --- | --- | --- |\n" + rows)


CONTACT_NOTES = ChangeNotes("contact", contact_field_label)
RETAINED_NOTES = ChangeNotes("retained-data", retained_field_label)


def change_anchor(change: DatedChange) -> str:
    return CONTACT_NOTES.anchor(change)


def change_title(change: DatedChange, lang: str) -> str:
    return CONTACT_NOTES.title(change, lang)


def change_markdown(change: DatedChange, lang: str) -> str:
    return CONTACT_NOTES.markdown(change, lang)
