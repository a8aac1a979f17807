"""Where a policy repository keeps things: `policy.yml` at its root, found as git finds `.git`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core.cache import Cache, cache_folder
from ..core.dates import today as today_in_japan
from ..core.errors import PolicyError, Problem
from ..core.labels import PRIVACY_POLICY, DocumentName
from ..core.messages import Text
from .yamldata import Mapping, load_mapping_file, read_date

SETTINGS_FILE = "policy.yml"
VERSIONS_DIR_VARIABLE = "POLICY_VERSIONS_DIR"
# A YAML file whose `documents:` list stands for policy.yml's: the samples' second document is
# built (make demo, the tests) without declaring it in the live settings.
DOCUMENTS_VARIABLE = "POLICY_DOCUMENTS"
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
DOCUMENTS_KEY = "documents"
_KNOWN_KEYS = {"versions_dir", "contact", "glossary", "retained_data", "notice_period_days", ORIGINAL_KEY,
               LEGACY_ORIGINAL_KEY, PREVAILING_KEY, GO_LIVE_KEY, DRAFT_KEY, DOCUMENTS_KEY, "publications"}
_DOCUMENT_KEYS = ("id", "versions_dir", "prefix", "title")
# English grammar of a title: "en_plural: true" for "these Terms of Use" (absent: "this Cookie Policy").
_DOCUMENT_OPTIONAL_KEYS = ("en_plural",)
PRIVACY_POLICY_ID = "privacy-policy"
_DOCUMENT_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
# Folders of the site a document's prefix must not take: the privacy policy's own pages and files.
_RESERVED_PREFIXES = {"versions", "compare", "announcements", "feeds", "schemas", "assets", "stylesheets",
                      "history", "contact", "retained-data", "publications", "search", "en", "ja", PRIVACY_POLICY_ID}
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
class DocumentSettings:
    """One versioned document of the site. The privacy policy is the first: at the site root, its
    versions in `versions_dir` of policy.yml, and the only one with purposes of use and the APPI
    notice rules. Any other (e.g. terms of use) is declared in policy.yml's `documents:` and has
    its own folder of versions and its own URL prefix ("terms/"); its title names it on its pages
    (`name`, given to the labels that name their document)."""

    id: str
    versions_dir: Path
    prefix: str = ""  # where its pages are in each language folder: "" (the root) or "terms/"
    title: dict[str, str] | None = None  # per language; None: the privacy policy's own words
    en_plural: bool = False  # English says "these <title>"

    @property
    def privacy_policy(self) -> bool:
        return self.id == PRIVACY_POLICY_ID

    @property
    def name(self) -> DocumentName:
        """How its pages, notices and messages name it."""
        if self.title is None:
            return PRIVACY_POLICY
        return DocumentName(self.title["ja"], self.title["en"], self.en_plural)


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
    # The documents besides the privacy policy (policy.yml `documents:`), in the navigation's order.
    other_documents: tuple[DocumentSettings, ...] = ()
    publications_dir: Path | None = None  # the dated 公表 records (reading/publications.py)

    @property
    def documents(self) -> tuple[DocumentSettings, ...]:
        """Every versioned document, the privacy policy first."""
        return (DocumentSettings(PRIVACY_POLICY_ID, self.versions_dir), *self.other_documents)

    def document(self, document_id: str | None) -> DocumentSettings:
        """The document `document_id` (None: the privacy policy), or an error naming the known ones."""
        for document in self.documents:
            if document.id == (document_id or PRIVACY_POLICY_ID):
                return document
        known = ", ".join(d.id for d in self.documents)
        raise PolicyError([Problem(self.source, Text(
            f"no document '{document_id}' in {SETTINGS_FILE} (known: {known})",
            f"{SETTINGS_FILE} に文書「{document_id}」はありません（定義されている文書：{known}）"))])

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
    documents = _documents(root, mapping, path, environ, places, problems)
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
        other_documents=documents,
        publications_dir=places["publications"],
    )


def _documents(root: Path, mapping: Mapping, path: Path, environ: dict[str, str], places: dict[str, Path],
               problems: list[Problem]) -> tuple[DocumentSettings, ...]:
    """policy.yml's `documents:` (or those of the file POLICY_DOCUMENTS names): each with an id, a
    folder of versions inside the repository, a URL prefix of its own and its title per language."""
    if environ.get(DOCUMENTS_VARIABLE):
        path = _inside(root, environ[DOCUMENTS_VARIABLE], DOCUMENTS_VARIABLE, path, None, problems)
        if problems:
            return ()
        mapping = load_mapping_file(path, what=DOCUMENTS_VARIABLE)
    value = mapping.data.get(DOCUMENTS_KEY)
    if value is None:
        return ()
    line = mapping.line_of(DOCUMENTS_KEY)
    if not isinstance(value, list):
        problems.append(Problem(path, _DOCUMENTS_SHAPE, line))
        return ()
    found: list[DocumentSettings] = []
    for index, entry in enumerate(value):
        part = mapping.part(f"{DOCUMENTS_KEY}.{index}") if isinstance(entry, dict) else None
        where = part.line_of("id") if part is not None else line
        if not isinstance(entry, dict) or set(entry) - {*_DOCUMENT_KEYS, *_DOCUMENT_OPTIONAL_KEYS} or not set(
                _DOCUMENT_KEYS) <= set(entry):
            problems.append(Problem(path, _DOCUMENTS_SHAPE, where))
            continue
        document_id, prefix, title = entry["id"], entry["prefix"], entry["title"]
        if not isinstance(document_id, str) or not _DOCUMENT_ID.match(document_id) or document_id in {
                PRIVACY_POLICY_ID, *(d.id for d in found)}:
            problems.append(Problem(path, Text(
                f"documents: id '{document_id}' must be new and written in lower-case letters, digits and '-'",
                f"documents: id「{document_id}」は、他の文書と重ならない英小文字・数字・「-」で記載してください。"), where))
            continue
        folder = prefix.strip("/") if isinstance(prefix, str) else ""
        if not _DOCUMENT_ID.match(folder) or folder in _RESERVED_PREFIXES or folder in {
                d.prefix.strip("/") for d in found}:
            problems.append(Problem(path, Text(
                f"documents: prefix '{prefix}' must be one folder of its own (e.g. terms/), none of "
                f"the privacy policy's ({', '.join(sorted(_RESERVED_PREFIXES))})",
                f"documents: prefix「{prefix}」には、他と重ならない一つのフォルダ名（例：terms/）を記載してください。"
                f"プライバシーポリシーのフォルダ（{'、'.join(sorted(_RESERVED_PREFIXES))}）は使えません。"), where))
            continue
        if not isinstance(title, dict) or set(title) != set(LANGUAGES) or not all(
                isinstance(text, str) and text.strip() for text in title.values()):
            problems.append(Problem(path, Text(
                "documents: title must give the document's name in every language: title: {ja: ..., en: ...}",
                "documents: title には文書の名称を言語ごとに記載してください（title: {ja: ..., en: ...}）。"), where))
            continue
        plural = entry.get("en_plural", False)
        if not isinstance(plural, bool):
            problems.append(Problem(path, Text(
                f"documents: en_plural: '{plural}' must be true or false (true: English says \"these {title['en']}\")",
                f"documents: en_plural: 「{plural}」には true か false を記載してください（true：英語で「these {title['en']}」と複数扱いにします）。"),
                part.line_of("en_plural")))
            continue
        versions_dir = _inside(root, entry["versions_dir"], "versions_dir", path, where, problems)
        if versions_dir in (places["versions_dir"], *(d.versions_dir for d in found)):
            problems.append(Problem(path, Text(
                f"documents: versions_dir '{entry['versions_dir']}' is another document's folder",
                f"documents: versions_dir「{entry['versions_dir']}」は別の文書のフォルダです。"), where))
            continue
        found.append(DocumentSettings(document_id, versions_dir, folder + "/",
                                      {lang: title[lang].strip() for lang in LANGUAGES}, plural))
    return tuple(found)


_DOCUMENTS_SHAPE = Text(
    f"{DOCUMENTS_KEY} must be a list of documents, each with {', '.join(_DOCUMENT_KEYS)} "
    f"(and, if English treats the title as plural, {_DOCUMENT_OPTIONAL_KEYS[0]}: true): "
    "- {id: terms, versions_dir: terms_versions, prefix: terms/, title: {ja: 利用規約, en: Terms of Use}, en_plural: true}",
    f"{DOCUMENTS_KEY} には文書の一覧を、それぞれ {'、'.join(_DOCUMENT_KEYS)} を付けて記載してください"
    f"（英語で名称を複数扱いにする場合は {_DOCUMENT_OPTIONAL_KEYS[0]}: true も。"
    "例：- {id: terms, versions_dir: terms_versions, prefix: terms/, title: {ja: 利用規約, en: Terms of Use}, en_plural: true}）。")


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
