"""How a change of the contact details reads: on the history page, in the feeds, in a pull request."""

from __future__ import annotations

from .contact import field_label
from .contacts import ContactChange
from .dates import format_date
from .labels import label
from .markup import plain_markdown, table_cell

CONTACT_CHANGES_ANCHOR = "contact-changes"  # the history page's section of contact changes


def change_anchor(change: ContactChange) -> str:
    return f"contact-change-{change.day.isoformat()}"


def change_title(change: ContactChange, lang: str) -> str:
    return label(lang, "contact_change_title", date=format_date(change.day, lang))


def change_markdown(change: ContactChange, lang: str) -> str:
    """The lead and a table of each changed field, old and new."""
    def cell(value: dict[str, str] | None) -> str:
        return table_cell(plain_markdown(value[lang])) if value else "—"

    rows = "".join(f"| {field_label(f.key, lang)} | {cell(f.old)} | {cell(f.new)} |\n" for f in change.fields)
    return (label(lang, "contact_change_lead", date=format_date(change.day, lang)) + "\n\n"
            f"| {label(lang, 'contact_field')} | {label(lang, 'contact_before')} "
            f"| {label(lang, 'contact_after')} |\n| --- | --- | --- |\n" + rows)
