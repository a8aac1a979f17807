"""`policy contact-change`: start a dated change of the contact details in one step.

The details in effect are copied, as written (comments included), to the top of `previous:`; the
top of contact.yml gets `since:` the day the new details take effect, and the editor then edits
the fields above `previous:`. Text is moved line by line rather than re-dumped from YAML, so the
editor's comments and layout survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..reading.contact_history import PREVIOUS, SINCE, load_contacts
from ..core.errors import PolicyError, Problem
from ..core.messages import Text
from .new_version import REVIEW_DAYS

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


@dataclass(frozen=True)
class ContactChangeStarted:
    path: Path
    since: date
    first_field_line: int  # where the editor starts editing


def _blocks(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(the header comments, then each top-level key with its lines): a comment or blank line
    belongs to the key after it."""
    header: list[str] = []
    blocks: list[tuple[str, list[str]]] = []
    pending: list[str] = []
    for line in lines:
        match = _TOP_KEY.match(line)
        if match:
            if not blocks and pending and not header:
                header, pending = pending, []
            blocks.append((match.group(1), pending + [line]))
            pending = []
        elif blocks and line.startswith((" ", "\t")) and line.strip():
            blocks[-1][1].append(line)
        else:
            pending.append(line)
    if pending:
        if blocks:
            blocks[-1][1].extend(pending)
        else:
            header += pending
    return header, blocks


def _as_item(lines: list[str]) -> list[str]:
    """Top-level lines as one item of the `previous:` list."""
    body = [line for line in lines if line.strip()]
    return [("  - " if i == 0 else "    ") + line if line.strip() else "" for i, line in enumerate(body)]


def start_contact_change(path: Path, today: date, since: date | None = None, load=load_contacts,
                         noun: Text = Text("contact details", "お問い合わせ窓口")) -> ContactChangeStarted:
    """Also the Art. 32 matters' (`load`: their loader, `noun`: their name in messages): any dated
    record file is changed the same way."""
    history = load(path)  # refuses a broken file before anything is rewritten
    since = since or today + timedelta(days=REVIEW_DAYS)
    newest = history.records[-1].since
    if since < today or (newest is not None and since <= newest):
        floor = max(today, newest + timedelta(days=1)) if newest else today
        raise PolicyError([Problem(path, Text(
            f"--since {since.isoformat()}: new {noun.en} take effect on {floor.isoformat()} or later "
            f"(not before the day the change is merged, nor before the {noun.en} in effect)",
            f"--since {since.isoformat()}：新しい{noun.ja}の適用開始日は {floor.isoformat()} 以降にしてください"
            f"（変更を main に取り込む日や、現在の{noun.ja}の適用開始日より前にはできません）"))])
    header, blocks = _blocks(path.read_text(encoding="utf-8").splitlines())
    fields: list[str] = []  # the details in effect, with their comments
    earlier: list[str] = []  # the items of previous:
    for key, lines in blocks:
        at = next(i for i, line in enumerate(lines) if _TOP_KEY.match(line))
        if key == PREVIOUS:
            fields += lines[:at]  # comments above previous: belong to the details above them
            earlier = lines[at + 1:]
        elif key != SINCE:
            fields += lines
    current = [line for key, lines in blocks if key == SINCE for line in lines if _TOP_KEY.match(line)] + fields
    out = header + [f"{SINCE}: {since.isoformat()}"]
    first_field_line = len(out) + 1
    out += fields + [f"{PREVIOUS}:"] + _as_item(current) + earlier
    path.write_text("\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    return ContactChangeStarted(path, since, first_field_line)
