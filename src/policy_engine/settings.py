"""Where a policy repository keeps things: `policy.yml` at its root, found as git finds `.git`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .cache import Cache, cache_folder
from .dates import today as today_in_japan
from .errors import PolicyError, Problem
from .messages import Text
from .yamldata import load_mapping_file

SETTINGS_FILE = "policy.yml"
VERSIONS_DIR_VARIABLE = "POLICY_VERSIONS_DIR"
LANGUAGES = ("ja", "en")  # the default language first: it is served at the site root
DEFAULT_LANGUAGE = LANGUAGES[0]

MAX_NOTICE_DAYS = 3650  # ten years: a larger number is a typo, and date arithmetic overflows
_KNOWN_KEYS = {"versions_dir", "contact", "glossary", "notice_period_days", "authoritative_language"}
AUTHORITATIVE_KEY = "authoritative_language"
# Without the setting, a Japanese company's policy is its Japanese text.
DEFAULT_AUTHORITATIVE = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Settings:
    root: Path
    versions_dir: Path
    contact_file: Path
    glossary_file: Path
    notice_period_days: int
    source: Path
    # The language whose text prevails (the company's own); the other is a reference translation.
    # A version's version.yml may say otherwise for that version.
    authoritative_language: str = DEFAULT_AUTHORITATIVE
    cache_dir: Path | None = None  # where derived results are kept (cache.py); None: memory only

    def cache(self) -> Cache:
        return Cache(self.cache_dir)


def build_day(settings: Settings, environ: dict[str, str] | None = None) -> date:
    """The day to build or check for (POLICY_TODAY, else today in Japan), or an error naming the variable."""
    try:
        return today_in_japan(environ)
    except ValueError as exc:
        raise PolicyError([Problem(settings.source, str(exc))]) from None


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: the working directory) with policy.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise PolicyError([Problem(here, f"not inside a policy repository: no {SETTINGS_FILE} "
                                     "here or in any parent folder")])


def load_settings(root: Path, environ: dict[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    path = root / SETTINGS_FILE
    mapping = load_mapping_file(path, what=SETTINGS_FILE)
    problems = [Problem(path, f"unknown setting '{key}' (known: {', '.join(sorted(_KNOWN_KEYS))})",
                        mapping.line_of(key)) for key in mapping.data if key not in _KNOWN_KEYS]
    period = mapping.data.get("notice_period_days", 30)
    if not isinstance(period, int) or isinstance(period, bool) or not 0 <= period <= MAX_NOTICE_DAYS:
        problems.append(Problem(path, Text(
            f"notice_period_days must be a whole number of days from 0 to {MAX_NOTICE_DAYS}",
            f"notice_period_days には 0 から {MAX_NOTICE_DAYS} までの日数（整数）を書いてください"),
            mapping.line_of("notice_period_days")))
    problems += authoritative_problems(mapping.data.get(AUTHORITATIVE_KEY), path,
                                       mapping.line_of(AUTHORITATIVE_KEY))
    if problems:
        raise PolicyError(problems)
    # The variable lets a build or a test use another history (the samples) without an edit.
    places = {key: _inside(root, mapping.data.get(key, default), key, path, mapping.line_of(key), problems)
              for key, default in (("versions_dir", "policy_versions"), ("contact", "contact.yml"),
                                   ("glossary", "glossary.yml"))}
    if environ.get(VERSIONS_DIR_VARIABLE):
        places["versions_dir"] = _inside(root, environ[VERSIONS_DIR_VARIABLE], VERSIONS_DIR_VARIABLE,
                                         path, None, problems)
    if problems:
        raise PolicyError(problems)
    return Settings(
        root=root,
        versions_dir=places["versions_dir"],
        contact_file=places["contact"],
        glossary_file=places["glossary"],
        notice_period_days=period,
        source=path,
        authoritative_language=mapping.data.get(AUTHORITATIVE_KEY) or DEFAULT_AUTHORITATIVE,
        cache_dir=cache_folder(root, environ),
    )


def _inside(root: Path, value: object, key: str, path: Path, line: int | None,
            problems: list[Problem]) -> Path:
    """A path of the settings, resolved; an error unless it stays inside the repository (a
    symbolic link or `..` out of it would publish files nobody reviews with the policy)."""
    top = root.resolve()
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(path, Text(f"{key} must be a path inside the repository",
                                           f"{key} にはリポジトリ内のパスを書いてください"), line))
        return top
    resolved = (top / value).resolve()
    if not resolved.is_relative_to(top):
        problems.append(Problem(path, Text(
            f"{key}: '{value}' leads outside the repository ({resolved}): keep it inside, "
            "without symbolic links",
            f"{key}: '{value}' はリポジトリの外（{resolved}）を指しています。シンボリックリンクを使わず、"
            "リポジトリ内に置いてください"), line))
    return resolved


def authoritative_problems(value: object, path: Path, line: int | None) -> list[Problem]:
    """`authoritative_language` must name one of the site's languages (or be absent)."""
    if value is None or value in LANGUAGES:
        return []
    return [Problem(path, Text(
        en=f"{AUTHORITATIVE_KEY}: '{value}' is not a language of the site: write one of "
           f"{', '.join(LANGUAGES)} (the language whose text prevails)",
        ja=f"{AUTHORITATIVE_KEY}: 「{value}」はこのサイトの言語ではありません。優先する言語を "
           f"{'、'.join(LANGUAGES)} のいずれかで記載してください。"), line)]
