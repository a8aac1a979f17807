"""Words the engine says to editors, in Japanese and English: the legal team reads Japanese.

A message is written once at the place that finds the problem, in both languages side by side
(`Text(en=..., ja=...)`), and shown in the reader's language: `POLICY_LANG` (ja or en), else the
locale (LC_ALL, LC_MESSAGES, LANG), else English.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

LANGUAGE_VARIABLE = "POLICY_LANG"
MESSAGE_LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Text:
    """One message in both languages."""

    en: str
    ja: str

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

    def __str__(self) -> str:
        return self.get(user_language())

    def __add__(self, other: "Text | str") -> "Text":
        if isinstance(other, Text):
            return Text(self.en + other.en, self.ja + other.ja)
        return Text(self.en + other, self.ja + other)


Message = Text | str  # a plain str is shown as it is in both languages (a value, a tool's output)


def counted(number: int, noun: str) -> str:
    """"1 error", "2 errors": an English count (Japanese counts with 件 and needs no plural)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def in_language(message: Message, lang: str) -> str:
    return message.get(lang) if isinstance(message, Text) else message


def both_languages(message: Message, separator: str = "\n") -> str:
    """Japanese, then English, for readers of both (a pull request); once where they are the same."""
    ja, en = in_language(message, "ja"), in_language(message, "en")
    return ja if ja == en else f"{ja}{separator}{en}"


def user_language(environ: Mapping[str, str] | None = None) -> str:
    """The editor's language: POLICY_LANG, else the locale, else English."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    if chosen in MESSAGE_LANGUAGES:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"
