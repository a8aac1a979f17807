"""Published versions: one folder per version, named by its effective date, append-only."""

from __future__ import annotations

import json
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.cache import NO_CACHE, Cache, text_hash
from ..core.dates import parse_iso_date, parse_loose_date
from .document import Document, Section, parse_document
from ..core.errors import PolicyError, Problem
from ..core.law import reference
from .placeholders import placeholder_problems
from ..core.messages import Text
from .settings import DEFAULT_ORIGINAL, LANGUAGES, PRIVACY_POLICY_ID, DocumentSettings, Settings, authoritative_problems
from .markup import markup_problems
from .textinput import LINKED_FILE, read_text
from .yamldata import Mapping, load_mapping, mapping_from_json, mapping_json, read_date

VERSION_FILE = "version.yml"
_CHECKED = "checked-text"  # cache kinds: a text that passed every check,
_PARSED = "parsed-text"  # and what it was read as, in this process
_READ = "read-text"  # and on disk: a build with a version added reads the others as they were
# Sections every version of the privacy policy must have: the law's purposes of use and the contact
# for inquiries (another document has no sections the law requires).
REQUIRED_SECTIONS = ("purposes-of-use", "inquiries")
# What a version folder holds; anything else there is named by `layout_problems`.
VERSION_FILES = ("ja.md", "en.md", VERSION_FILE)
_VERSION_KEYS = {"announced", "summary", "original_language", "authoritative_language", "effective_date_known",
                 "sample", "purposes_basis"}
# What a change of the purposes of use stands on, as the legal team reviewed it: within the scope
# reasonably related to the purposes before (APPI Art. 17(2)), or the principals' prior consent (18(1)).
PURPOSES_BASES = ("related", "consent")


@dataclass
class Version:
    id: str
    effective: date
    folder: Path
    docs: dict[str, Document]
    announced: date | None = None
    summary: dict[str, str] = field(default_factory=dict)
    announced_line: int | None = None  # where version.yml says it, for messages
    summary_line: int | None = None
    # The language of the original text, as the company gave it: version.yml, else policy.yml (the
    # other language is a translation). Which text prevails is the settings' (Settings.prevailing).
    original_language: str = DEFAULT_ORIGINAL
    # False when the source gives no effective date: the folder's date is then the day of first
    # publication on this site, and is never shown as an effective date.
    effective_known: bool = True
    sample: bool = False  # SAMPLE DATA: every notice title says so
    purposes_basis: str | None = None  # one of PURPOSES_BASES, required when the purposes change
    purposes_basis_line: int | None = None
    # Which text prevails, only where the company confirmed it (policy.yml `prevailing_language`).
    prevailing: str | None = None
    # The first day it was public on this site (the later of go-live and `published`): None
    # before the site's go-live, when no day can be called so (set by make_timeline).
    on_site_since: date | None = None
    # The document it is a version of (settings.py): the privacy policy unless policy.yml declares others.
    document: DocumentSettings = field(default_factory=lambda: _PRIVACY_POLICY, compare=False, repr=False)
    _hashes: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def published(self) -> date:
        """The first day the version is public: its announcement, or else its effective date."""
        return self.announced or self.effective

    @property
    def version_file(self) -> Path:
        return self.folder / VERSION_FILE

    def file(self, lang: str) -> Path:
        return self.folder / f"{lang}.md"

    def sha256(self, lang: str) -> str:
        """Of the text as read: UTF-8 with LF line endings, so CRLF is not another version."""
        if lang not in self._hashes:
            self._hashes[lang] = text_hash(self.docs[lang].text)
        return self._hashes[lang]


_PRIVACY_POLICY = DocumentSettings(PRIVACY_POLICY_ID, Path("policy_versions"))


def _folder_date(name: str) -> tuple[date | None, bool]:
    """(the date a folder name denotes, whether it is written canonically as YYYY-MM-DD)."""
    day = parse_loose_date(name)
    return day, day is not None and parse_iso_date(name) is not None


_LINKED_FOLDER = Text("is a symbolic link: a version is a folder of its own files in the repository",
                      "シンボリックリンクです。版はリポジトリ内のフォルダとファイルそのもので置いてください")


def _links_in(folder: Path) -> list[Problem]:
    """The symbolic links in a version folder, refused before any command reads them: a link
    would publish (or compare) a file from outside the repository that nobody reviews."""
    return [Problem(inner, LINKED_FILE) for inner in sorted(folder.iterdir()) if inner.is_symlink()]


def linked_entries(versions_dir: Path) -> list[Problem]:
    """Every symbolic link among the version folders and in them (what version_folders refuses)."""
    if not versions_dir.is_dir():
        return []
    return [problem for problem in version_folders(versions_dir)[1] if problem.path.is_symlink()]


def version_folders(versions_dir: Path) -> tuple[list[tuple[date, Path]], list[Problem]]:
    """The version folders, oldest first, and what is wrong with the names of the others."""
    if not versions_dir.is_dir():
        raise PolicyError([Problem(versions_dir, "the versions folder does not exist")])
    problems: list[Problem] = []
    by_date: dict[date, Path] = {}
    folders: list[tuple[date, Path]] = []
    for folder in sorted(versions_dir.iterdir()):
        if folder.is_symlink():
            problems.append(Problem(folder, _LINKED_FOLDER))
            continue
        if not folder.is_dir() or folder.name.startswith("."):
            continue  # named by layout_problems as a warning: it is not published
        links = _links_in(folder)
        if links:
            problems += links
            continue
        day, canonical = _folder_date(folder.name)
        if day is None and not folder.name.isascii():
            ascii_name = unicodedata.normalize("NFKC", folder.name)
            problems.append(Problem(folder, Text(
                f"version folder name '{folder.name}' has characters other than ASCII "
                f"(full-width digits?): write it as {ascii_name} in ASCII digits",
                f"版のフォルダ名 '{folder.name}' に ASCII 以外の文字（全角数字など）が含まれています。"
                f"半角の {ascii_name} の形で書いてください")))
            continue
        if day is None:
            problems.append(Problem(folder, f"version folder name '{folder.name}' is not a real "
                                            "date of the form YYYY-MM-DD (its effective date)"))
            continue
        if not canonical:
            problems.append(Problem(folder, f"write the version folder name as {day.isoformat()}"))
        if day in by_date:
            problems.append(Problem(folder, f"two versions with the same date {day.isoformat()}: "
                                            f"{by_date[day].name} and {folder.name}"))
            continue
        by_date[day] = folder
        folders.append((day, folder))
    if not folders and not problems:
        problems.append(Problem(versions_dir, "no versions: add a folder YYYY-MM-DD with ja.md and en.md"))
    return sorted(folders), problems


def load_versions(versions_dir: Path, original_language: str = DEFAULT_ORIGINAL,
                  cache: Cache = NO_CACHE, ids: set[str] | None = None, texts: bool = True,
                  document: DocumentSettings = _PRIVACY_POLICY) -> list[Version]:
    """Every version under `versions_dir`, oldest first; raise PolicyError listing every problem.
    `original_language` (policy.yml's) holds for the versions whose version.yml names none;
    `cache` remembers the texts already checked. A command that prints a few versions loads only
    `ids`, and one that prints their dates and summaries no texts (`texts=False`: no `docs`)."""
    folders, problems = version_folders(versions_dir)
    versions = []
    for day, folder in folders:
        if ids is not None and folder.name not in ids:
            continue
        try:
            versions.append(_load_version(folder, day, original_language, cache, texts, document))
        except PolicyError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PolicyError(problems)
    return versions


def versions_of(settings: Settings, ids: set[str] | None = None, texts: bool = True,
                document: DocumentSettings | None = None) -> list[Version]:
    """The versions of a repository's document (default: the privacy policy), where its settings
    keep them and with its prevailing language."""
    document = document or settings.documents[0]
    versions = load_versions(document.versions_dir, settings.original_language, settings.cache(), ids, texts,
                             document)
    if settings.prevailing is not None:
        for version in versions:
            version.prevailing = settings.prevailing.language
    return versions


def _file_state(path: Path) -> tuple[str, str] | None:
    """A regular file's modification time and size: what says it is unchanged without reading it."""
    try:
        found = path.lstat()
    except OSError:
        return None
    return (str(found.st_mtime_ns), str(found.st_size)) if stat.S_ISREG(found.st_mode) else None


def _document(path: Path, lang: str, cache: Cache, problems: list[Problem]) -> Document:
    """A language file as read and checked; its problems go to `problems` (PolicyError when it
    cannot be read at all). A text that passed every check is kept: by its hash for the checks
    (on disk too), and by its file's size and time for a development server, which loads the
    history again on every edit and then does not even read the files it has."""
    state = _file_state(path)
    doc = cache.recall(_PARSED, str(path), lang, *state) if state else None
    if doc is not None:
        return doc
    text = read_text(path)
    digest = text_hash(text)
    doc = cache.recall(_PARSED, str(path), lang, digest) or _stored_document(cache, path, lang, text, digest)
    if doc is None:
        found = placeholder_problems(text, path)
        problems.extend(found)  # before parsing, which raises its own problems
        # The checks against the rendered page are the costly ones: a text passes them once.
        checked = cache.get(_CHECKED, lang, digest) is not None
        doc = parse_document(text, path, lang, render_checks=not checked)
        markup = [] if checked else markup_problems(doc)
        problems.extend(markup)
        if found or markup:
            return doc
        cache.put(_CHECKED, lang, digest, value=True)
        stored = _document_json(doc)
        if stored is not None:
            cache.put(_READ, str(path), lang, digest, value=stored)
        cache.keep(_PARSED, str(path), lang, digest, value=doc)
    if state:
        cache.keep(_PARSED, str(path), lang, *state, value=doc)
    return doc


def _meta_from_json(stored: Any) -> dict[str, Any]:
    return mapping_from_json({"data": stored, "lines": {}, "start_line": 1}).data


def _document_json(doc: Document) -> dict | None:
    """A text that passed every check as it was read: parsing it again (its front matter, headings,
    sections and lists) is most of what loading an unchanged text costs, in every build. None when
    its front matter would not read back the same (a value JSON and mapping_json do not keep)."""
    meta = mapping_json(Mapping(doc.meta))["data"]
    try:
        same = _meta_from_json(json.loads(json.dumps(meta))) == doc.meta
    except (TypeError, ValueError):
        same = False
    if not same:
        return None
    return {"meta": meta, "title": doc.title, "preamble": doc.preamble,
            "body_line": doc.body_line,
            "sections": [[s.id, s.level, s.heading, s.number, s.title, s.label, s.line, s.source, s.body, s.gap]
                         for s in doc.sections]}


def _stored_document(cache: Cache, path: Path, lang: str, text: str, digest: str) -> Document | None:
    """The Document `_document_json` kept for this file's path and text, or None."""
    stored = cache.get(_READ, str(path), lang, digest)
    if stored is None:
        return None
    doc = Document(path, lang, text, _meta_from_json(stored["meta"]), stored["title"], stored["preamble"],
                   [Section(*fields) for fields in stored["sections"]], stored["body_line"])
    cache.keep(_PARSED, str(path), lang, digest, value=doc)
    return doc


def _load_version(folder: Path, effective: date, original_language: str, cache: Cache,
                  texts: bool = True, document: DocumentSettings = _PRIVACY_POLICY) -> Version:
    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    for lang in LANGUAGES if texts else ():
        path = folder / f"{lang}.md"
        if not path.is_file():
            problems.append(Problem(path, f"missing {lang}.md: every version needs "
                                          f"{' and '.join(f'{l}.md' for l in LANGUAGES)}"))
            continue
        try:
            docs[lang] = _document(path, lang, cache, problems)
        except PolicyError as exc:
            problems.extend(exc.problems)
    version = Version(folder.name, effective, folder, docs, original_language=original_language, document=document)
    try:
        _read_version_file(version, cache)
    except PolicyError as exc:
        problems.extend(exc.problems)
    if texts and len(docs) == len(LANGUAGES):
        problems.extend(_structure_problems(docs, REQUIRED_SECTIONS if document.privacy_policy else ()))
    if problems:
        raise PolicyError(problems)
    return version


def _read_version_file(version: Version, cache: Cache) -> None:
    path = version.version_file
    if not path.is_file():
        return
    text = read_text(path)
    # Kept on disk: `policy versions` reads every version.yml and nothing else.
    mapping = cache.remember(VERSION_FILE, (text_hash(text),), lambda: load_mapping(text, path, 1, what=VERSION_FILE),
                             mapping_json, mapping_from_json)
    problems = [Problem(path, f"unknown key '{key}' (known: {', '.join(sorted(_VERSION_KEYS))})",
                        mapping.line_of(key)) for key in mapping.data if key not in _VERSION_KEYS]
    problems += _read_facts(version, mapping, path)
    try:
        day = read_date(mapping, "announced", path)
    except PolicyError as exc:
        problems += exc.problems
        day = None
    if day is not None:
        if day > version.effective:
            problems.append(Problem(path, f"announced ({day.isoformat()}) is after the effective "
                                          f"date ({version.id})", mapping.line_of("announced")))
        else:
            version.announced = day
            version.announced_line = mapping.line_of("announced")
    summary = mapping.data.get("summary")
    version.summary_line = mapping.line_of("summary") if "summary" in mapping.data else None
    if summary is not None:
        if not isinstance(summary, dict):
            problems.append(Problem(path, "summary must give one text per language: "
                                          "summary: {ja: ..., en: ...}", mapping.line_of("summary")))
        else:
            for lang in LANGUAGES:
                text = summary.get(lang)
                if not isinstance(text, str) or not text.strip():
                    problems.append(Problem(path, f"summary has no '{lang}' text: give the summary "
                                                  "in every language", mapping.line_of("summary")))
                else:
                    version.summary[lang] = text.strip()
            for lang in summary:
                if lang not in LANGUAGES:
                    problems.append(Problem(path, f"summary has an unknown language '{lang}'",
                                            mapping.line_of("summary")))
    if problems:
        raise PolicyError(problems)


def _read_facts(version: Version, mapping, path: Path) -> list[Problem]:
    """original_language (formerly authoritative_language), effective_date_known and sample, which
    say what the dates and texts of the version are."""
    key = "original_language" if "original_language" in mapping.data else "authoritative_language"
    language = mapping.data.get(key)
    problems: list[Problem] = authoritative_problems(language, path, mapping.line_of(key), key)
    if language is not None and not problems:
        version.original_language = language
    for key in ("effective_date_known", "sample"):
        value = mapping.data.get(key)
        if value is not None and not isinstance(value, bool):
            problems.append(Problem(path, Text(
                en=f"{key}: '{value}' must be true or false",
                ja=f"{key}: 「{value}」には true か false を記載してください。"), mapping.line_of(key)))
    version.sample = mapping.data.get("sample") is True
    if "purposes_basis" in mapping.data:
        basis, line = mapping.data["purposes_basis"], mapping.line_of("purposes_basis")
        version.purposes_basis_line = line
        if basis in PURPOSES_BASES:
            version.purposes_basis = basis
        else:
            problems.append(Problem(path, Text(
                en=f"purposes_basis: '{basis}' is not a basis for changing the purposes of use: {basis_choices('en')}",
                ja=f"purposes_basis: 「{basis}」は利用目的の変更の根拠ではありません。{basis_choices('ja')}"), line))
    if mapping.data.get("effective_date_known") is False:
        version.effective_known = False
        if "announced" in mapping.data:
            # The folder's date is then the day of first publication: nothing can precede it.
            problems.append(Problem(path, Text(
                en=f"announced cannot be given when effective_date_known is false: the folder's date "
                   f"({version.id}) is then the day the version was first published on this site",
                ja=f"effective_date_known が false の場合、announced は記載できません。この場合、"
                   f"フォルダの日付（{version.id}）がこの版を本サイトに初めて掲載した日となります。"),
                mapping.line_of("announced")))
    return problems


def basis_choices(lang: str, prefix: str = "") -> str:
    """What `purposes_basis` may say, with the articles (data/law.yml), for the messages; `prefix`
    ("purposes_basis: ") writes each choice as the line to add."""
    related, consent = reference("purposes_related", lang), reference("purposes_consent", lang)
    if lang == "ja":
        return (f"法務の判断に従い、`{prefix}related`（変更前の利用目的と関連性を有すると合理的に認められる範囲内の変更、"
                f"{related}）又は `{prefix}consent`（あらかじめ本人の同意を得た変更、{consent}）のいずれかを記載してください。")
    return (f"write `{prefix}related` (a change within the scope reasonably related to the purposes before it, "
            f"{related}) or `{prefix}consent` (the principals' prior consent has been obtained, {consent}), "
            "as the legal team decided")


def _structure_problems(docs: dict[str, Document], required_sections: tuple[str, ...] = REQUIRED_SECTIONS) -> list[Problem]:
    """The languages must have the same sections, in the same order, with the required ones."""
    problems = []
    for doc in docs.values():
        ids = {s.id for s in doc.sections}
        for required in required_sections:
            if required not in ids:
                problems.append(Problem(doc.path, f"no section with id '{required}': every version "
                                                  f"needs one (`## ... {{#{required}}}`)"))
    first, *others = LANGUAGES
    reference = docs[first]
    for lang in others:
        doc = docs[lang]
        ids_a = [s.id for s in reference.sections]
        ids_b = [s.id for s in doc.sections]
        if ids_a == ids_b:
            continue
        position = next((i for i, (a, b) in enumerate(zip(ids_a, ids_b)) if a != b),
                        min(len(ids_a), len(ids_b)))
        a = reference.sections[position] if position < len(ids_a) else None
        b = doc.sections[position] if position < len(ids_b) else None
        there = f"'{a.id}' ({reference.path.name} line {a.line})" if a else f"nothing in {reference.path.name}"
        here = f"'{b.id}'" if b else "nothing"
        missing = [i for i in ids_a if i not in ids_b]
        extra = [i for i in ids_b if i not in ids_a]
        detail = "; ".join(filter(None, [
            f"missing here: {', '.join(missing)}" if missing else "",
            f"not in {reference.path.name}: {', '.join(extra)}" if extra else "",
        ]))
        problems.append(Problem(doc.path, f"section ids differ from {reference.path.name}: section "
                                          f"{position + 1} is {here} here but {there}"
                                          + (f" ({detail})" if detail else ""),
                                b.line if b else None))
    return problems


def layout_problems(versions_dir: Path) -> list[Problem]:
    """Warnings naming whatever under the versions folder is not part of a version (a stray
    file, a backup, a folder inside a version): the site does not publish it. README.md is fine."""
    if not versions_dir.is_dir():
        return []
    problems = []
    for entry in sorted(versions_dir.iterdir()):
        if entry.is_symlink():
            continue  # an error of load_versions
        if entry.is_dir() and not entry.name.startswith("."):
            for inner in sorted(entry.iterdir()):
                if inner.name not in VERSION_FILES or not inner.is_file():
                    problems.append(_not_published(inner, Text(
                        f"only {', '.join(VERSION_FILES)} belong in a version folder",
                        f"版のフォルダに置けるのは {'、'.join(VERSION_FILES)} だけです")))
        elif entry.name != "README.md":
            problems.append(_not_published(entry, Text(
                "only version folders (YYYY-MM-DD) and README.md belong here",
                "ここに置けるのは版のフォルダ（YYYY-MM-DD）と README.md だけです")))
    return problems


def _not_published(path: Path, why: Text) -> Problem:
    return Problem(path, Text("is not part of any version and is not published: ",
                              "どの版にも属さず、公開されません。") + why, severity="warning")
