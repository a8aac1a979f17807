"""Where a policy repository keeps things: `policy.yml` at its root, found as git finds `.git`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core.cache import Cache, cache_folder
from ..core.dates import today as today_in_japan
from ..core.errors import PolicyError, Problem
from ..core.messages import Text
from .yamldata import Mapping, load_mapping_file, read_date

SETTINGS_FILE = "policy.yml"
VERSIONS_DIR_VARIABLE = "POLICY_VERSIONS_DIR"
PUBLICATIONS_DIR_VARIABLE = "POLICY_PUBLICATIONS_DIR"  # another folder of 公表 records (the demo's samples)
LANGUAGES = ("ja", "en")  # the default language first: it is served at the site root
DEFAULT_LANGUAGE = LANGUAGES[0]

MAX_NOTICE_DAYS = 3650  # ten years: a larger number is a typo, and date arithmetic overflows
ORIGINAL_KEY = "original_language"
# The former name of original_language (it said "authoritative", which only the company can say).
LEGACY_ORIGINAL_KEY = "authoritative_language"
PREVAILING_KEY = "prevailing_language"
GO_LIVE_KEY = "go_live"
DRAFT_KEY = "draft"
_KNOWN_KEYS = {"versions_dir", "contact", "glossary", "retained_data", "notice_period_days", ORIGINAL_KEY,
               LEGACY_ORIGINAL_KEY, PREVAILING_KEY, GO_LIVE_KEY, DRAFT_KEY, "publications"}
_PREVAILING_KEYS = ("language", "confirmed_by", "confirmed_on")
# Without the setting, a Japanese company's policy is its Japanese text.
DEFAULT_ORIGINAL = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Prevailing:
    """Which text prevails where the languages differ: said on the pages only because the company
    confirmed it, and the settings record who confirmed it and when."""

    language: str
    confirmed_by: str
    confirmed_on: date


@dataclass(frozen=True)
class Settings:
    root: Path
    versions_dir: Path
    contact_file: Path
    glossary_file: Path
    notice_period_days: int
    source: Path
    # The language the company gave its text in (the original); the other is a translation.
    # A version's version.yml may say otherwise for that version.
    original_language: str = DEFAULT_ORIGINAL
    cache_dir: Path | None = None  # where derived results are kept (cache.py); None: memory only
    retained_data_file: Path | None = None  # the APPI Art. 32 matters, dated (retained_data.py)
    prevailing: Prevailing | None = None  # None: the company has not confirmed which text prevails
    go_live: date | None = None  # the site's first public day, once recorded
    draft: bool = False  # a draft site: every page says so, and the release check does not block
    publications_dir: Path | None = None  # the dated 公表 records (reading/publications.py)

    def live_on(self, day: date) -> bool:
        """Whether the site is public (the company's 公表) on `day`: go-live recorded and reached."""
        return self.go_live is not None and self.go_live <= day

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
    original_key = ORIGINAL_KEY if ORIGINAL_KEY in mapping.data else LEGACY_ORIGINAL_KEY
    if ORIGINAL_KEY in mapping.data and LEGACY_ORIGINAL_KEY in mapping.data:
        problems.append(Problem(path, Text(
            f"give {ORIGINAL_KEY} only ({LEGACY_ORIGINAL_KEY} is its former name)",
            f"{ORIGINAL_KEY} だけを記載してください（{LEGACY_ORIGINAL_KEY} はその旧名です）"),
            mapping.line_of(LEGACY_ORIGINAL_KEY)))
    problems += authoritative_problems(mapping.data.get(original_key), path, mapping.line_of(original_key),
                                       original_key)
    prevailing = _prevailing(mapping, path, problems)
    go_live = None
    try:
        go_live = read_date(mapping, GO_LIVE_KEY, path)
    except PolicyError as exc:
        problems += exc.problems
    draft = mapping.data.get(DRAFT_KEY, False)
    if draft is None:
        draft = False
    if not isinstance(draft, bool):
        problems.append(Problem(path, Text(
            f"{DRAFT_KEY}: '{draft}' must be true or false",
            f"{DRAFT_KEY}: 「{draft}」には true か false を記載してください。"), mapping.line_of(DRAFT_KEY)))
    if problems:
        raise PolicyError(problems)
    # The variable lets a build or a test use another history (the samples) without an edit.
    places = {key: _inside(root, mapping.data.get(key, default), key, path, mapping.line_of(key), problems)
              for key, default in (("versions_dir", "policy_versions"), ("contact", "contact.yml"),
                                   ("glossary", "glossary.yml"), ("retained_data", "retained-data.yml"),
                                   ("publications", "publications"))}
    if environ.get(VERSIONS_DIR_VARIABLE):
        places["versions_dir"] = _inside(root, environ[VERSIONS_DIR_VARIABLE], VERSIONS_DIR_VARIABLE,
                                         path, None, problems)
    if environ.get(PUBLICATIONS_DIR_VARIABLE):
        places["publications"] = _inside(root, environ[PUBLICATIONS_DIR_VARIABLE], PUBLICATIONS_DIR_VARIABLE,
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
        original_language=mapping.data.get(original_key) or DEFAULT_ORIGINAL,
        cache_dir=cache_folder(root, environ),
        retained_data_file=places["retained_data"],
        prevailing=prevailing,
        go_live=go_live,
        draft=draft,
        publications_dir=places["publications"],
    )


def _prevailing(mapping: Mapping, path: Path, problems: list[Problem]) -> Prevailing | None:
    """`prevailing_language: {language, confirmed_by, confirmed_on}`: all three, or nothing."""
    value = mapping.data.get(PREVAILING_KEY)
    if value is None:
        return None
    line = mapping.line_of(PREVAILING_KEY)
    wrong = Problem(path, Text(
        f"{PREVAILING_KEY} must record the company's confirmation: language (ja or en), confirmed_by "
        "(who at the company confirmed it) and confirmed_on (YYYY-MM-DD); leave it out until then",
        f"{PREVAILING_KEY} には会社の確認の記録として language（ja または en）、confirmed_by（確認した会社の担当者）"
        "及び confirmed_on（確認日 YYYY-MM-DD）を記載してください。確認されるまでは記載しないでください。"), line)
    if not isinstance(value, dict) or set(value) != set(_PREVAILING_KEYS):
        problems.append(wrong)
        return None
    part = mapping.part(PREVAILING_KEY)
    try:
        day = read_date(part, "confirmed_on", path)
    except PolicyError as exc:
        problems += exc.problems
        return None
    who = value.get("confirmed_by")
    if value.get("language") not in LANGUAGES or not isinstance(who, str) or not who.strip() or day is None:
        problems.append(wrong)
        return None
    return Prevailing(value["language"], who.strip(), day)


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


def authoritative_problems(value: object, path: Path, line: int | None, key: str = ORIGINAL_KEY) -> list[Problem]:
    """`original_language` must name one of the site's languages (or be absent)."""
    if value is None or value in LANGUAGES:
        return []
    return [Problem(path, Text(
        en=f"{key}: '{value}' is not a language of the site: write one of "
           f"{', '.join(LANGUAGES)} (the language of the original text, as the company gave it)",
        ja=f"{key}: 「{value}」はこのサイトの言語ではありません。原文（会社が定めた本文）の言語を "
           f"{'、'.join(LANGUAGES)} のいずれかで記載してください。"), line)]
