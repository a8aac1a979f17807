"""Dates as policy data: strict parsing, Japan's "today", and natural formatting per language."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone

# Effective dates are Japanese calendar days; Japan has no daylight saving time.
JST = timezone(timedelta(hours=9), "JST")
# ASCII digits only: "２０２７" would make an id and a URL outside the schema.
ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$", re.ASCII)
# The same with one-digit months and days: understood, so that the message can give the fix.
LOOSE_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$", re.ASCII)
TODAY_VARIABLE = "POLICY_TODAY"

_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")


def parse_iso_date(text: str) -> date | None:
    """A real calendar date written YYYY-MM-DD, or None."""
    return _real_date(ISO_DATE.match(text))


def parse_loose_date(text: str) -> date | None:
    """A real calendar date written YYYY-M-D (or YYYY-MM-DD), or None."""
    return _real_date(LOOSE_DATE.match(text))


def _real_date(match: re.Match[str] | None) -> date | None:
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def today(environ: dict[str, str] | None = None) -> date:
    """The day the site is built for: POLICY_TODAY if set, else today in Japan."""
    value = (environ if environ is not None else os.environ).get(TODAY_VARIABLE, "").strip()
    if value:
        parsed = parse_iso_date(value)
        if parsed is None:
            raise ValueError(f"{TODAY_VARIABLE}={value!r} is not a date of the form YYYY-MM-DD")
        return parsed
    return datetime.now(JST).date()


def format_date(day: date, lang: str) -> str:
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{_EN_MONTHS[day.month - 1]} {day.day}, {day.year}"
