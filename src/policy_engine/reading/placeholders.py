"""Placeholders in the policy text (`{{ contact }}`), filled from the one source of each fact.

The version files are records and keep the placeholder; which contact details fill it is the
page's choice (pages.py): those in effect today, or, on an archived version or notice, those it
was published with (contact_history.py keeps them dated).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Callable

from .contact import Contact
from ..core.errors import Problem

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
BLOCK = "contact"  # rendered as an <address> block: it must stand alone on its line

_INLINE: dict[str, Callable[[Contact, str], str]] = {
    "contact.company": lambda c, lang: html.escape(c.company[lang]),
    "contact.department": lambda c, lang: html.escape(c.department[lang]),
    "contact.address": lambda c, lang: html.escape(c.postal_address(lang)),
    "contact.email": lambda c, lang: f"[{c.email}](mailto:{c.email})",
}
KNOWN = (BLOCK, *_INLINE)


def placeholder_problems(text: str, path: Path, first_line: int = 1) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=first_line):
        for match in PLACEHOLDER.finditer(line):
            name = match.group(1)
            if name not in KNOWN:
                problems.append(Problem(path, f"unknown placeholder '{match.group(0)}' (known: "
                                              f"{', '.join('{{ ' + k + ' }}' for k in KNOWN)})", number))
            elif name == BLOCK and line.strip() != match.group(0):
                problems.append(Problem(path, f"'{match.group(0)}' must stand alone on its line", number))
    return problems


def fill_placeholders(text: str, contact: Contact, lang: str, after_block: str = "") -> str:
    """`after_block`: Markdown the page puts after the contact block (the inquiries section's link
    to the matters of APPI Art. 32), so that no version's text has to be edited for it."""
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == BLOCK:
            return contact.html(lang) + (f"\n\n{after_block}" if after_block else "")
        return _INLINE[name](contact, lang)

    return PLACEHOLDER.sub(replace, text)
