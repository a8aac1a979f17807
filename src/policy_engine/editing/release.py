"""`policy check --release`: everything that keeps the site from being the company's own 公表.

Run by the publish workflow before it deploys. Each finding names the file and line where it is
fixed: a fact marked for legal review that the public sees (contact.yml's `LEGAL REVIEW` marks), a
matter of APPI Art. 32 not given (retained-data.yml), a placeholder code owner (GitHub ignores
owners that do not exist, and legal review is then required of nobody), no site address (SITE_URL
unset or local), no recorded go-live, and a statement of which text prevails that the company has
not confirmed. They are errors, so the workflow refuses to deploy, unless policy.yml says the site
is a draft (`draft: true`): then they are warnings, and every page carries the draft banner.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from ..publishing import urls
from ..core.errors import Problem
from ..core.messages import Text
from ..reading.retained_data import RetainedHistory, missing_problems
from ..reading.settings import GO_LIVE_KEY, LANGUAGES, PREVAILING_KEY, Settings
from ..reading.textinput import first_line
from ..reading.versions import Version

CODEOWNERS = Path(".github") / "CODEOWNERS"
PLACEHOLDER_OWNERS = ("@your-org/", "@your-org")  # the skeleton's, to be replaced by the legal team
LEGAL_REVIEW_MARK = "LEGAL REVIEW"
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}
# Words that say which text prevails; only the company can say it (LEGAL-REVIEW.md Q1).
_PREVAILS = {"ja": re.compile(r"優先(?:する|します|されます)"), "en": re.compile(r"\bprevail", re.IGNORECASE)}


def release_problems(settings: Settings, today: date, environ: dict[str, str], retained: RetainedHistory | None,
                     versions: list[Version] | None, allow_draft: bool = False) -> list[Problem]:
    """Errors while anything remains; warnings only for a draft (policy.yml `draft: true`) whose
    deployment is allowed (`--allow-draft`, as the publish workflow runs it): a draft is never the
    company's 公表, and every page says so."""
    severity = "warning" if settings.draft and allow_draft else "error"
    problems = legal_review_problems(settings.contact_file, severity)
    if retained is not None:
        problems += missing_problems(retained, severity)
    problems += codeowners_problems(settings.root / CODEOWNERS, severity)
    problems += site_url_problems(settings.root, environ.get(urls.SITE_URL_VARIABLE, ""), severity)
    problems += go_live_problems(settings, today, severity)
    if settings.prevailing is None and versions:
        problems += prevailing_problems(versions, today, severity)
    problems += sample_problems(versions or [], today, severity)
    return problems


def sample_problems(versions: list[Version], today: date, severity: str) -> list[Problem]:
    """A version marked SAMPLE (version.yml `sample: true`) public on the site, of any document: the
    samples' second document declared in the live settings would publish an invented text."""
    return [Problem(version.version_file, Text(
        en=f"{version.folder.parent.name}/{version.id} is SAMPLE DATA (sample: true), not a text the company "
           "gave: remove the version (or the document from policy.yml `documents:`) before publishing",
        ja=f"{version.folder.parent.name}/{version.id} はサンプル（sample: true）であり、会社が定めた本文ではありません。"
           "公開前に、この版（又は policy.yml の `documents:` からその文書）を削除してください。"),
        first_line(version.version_file, lambda text: text.startswith("sample:")), severity) for version in versions if version.sample and version.published <= today]


def legal_review_problems(path: Path, severity: str) -> list[Problem]:
    """Each value of the details in effect (above `previous:`) whose line carries a LEGAL REVIEW
    mark: the public sees a fact the company has not confirmed."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    problems = []
    keys: list[tuple[int, str]] = []  # (indent, key) of the lines above, for the field's full name
    for number, line in enumerate(lines, 1):
        content = line.split("#", 1)[0]
        if not content.strip():
            continue
        if re.match(r"^previous\s*:", line):
            break
        indent = len(line) - len(line.lstrip())
        key = content.strip().lstrip("- ").split(":", 1)[0].strip()
        keys = [(i, k) for i, k in keys if i < indent] + [(indent, key)]
        if LEGAL_REVIEW_MARK in line.split("#", 1)[-1] and "#" in line:
            field = ".".join(k for _, k in keys)
            note = line.split(LEGAL_REVIEW_MARK, 1)[1].lstrip(": ").strip()
            problems.append(Problem(path, Text(
                en=f"'{field}' is shown to the public but marked for legal review ({LEGAL_REVIEW_MARK}: {note}): "
                   "once the company confirms it, write the confirmed value and remove the mark",
                ja=f"公開される「{field}」に法務確認の注記（{LEGAL_REVIEW_MARK}：{note}）があります。"
                   "会社の確認を得て確定した内容を記載し、注記を削除してください。"), number, severity))
    return problems


def codeowners_problems(path: Path, severity: str) -> list[Problem]:
    """A placeholder team (the skeleton's `@your-org/...`) at its first line, once each."""
    if not path.is_file():
        return [Problem(path, Text(
            en="there is no CODEOWNERS file: nobody's review is required for the policy",
            ja="CODEOWNERS ファイルがありません。ポリシーの変更に法務のレビューが必須になりません。"), None, severity)]
    seen: set[str] = set()
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        content = line.split("#", 1)[0].split()
        for owner in content[1:]:
            if owner.startswith(PLACEHOLDER_OWNERS) and owner not in seen:
                seen.add(owner)
                problems.append(Problem(path, Text(
                    en=f"'{owner}' is a placeholder: GitHub ignores owners that do not exist, so no legal "
                       "review is required. Replace it with the legal team's GitHub team (CONTRIBUTING.md, "
                       "\"Repository set-up\")",
                    ja=f"「{owner}」は仮の値です。GitHub は存在しない所有者を無視するため、法務のレビューが必須に"
                       "なりません。法務チームの GitHub チーム名に置き換えてください（CONTRIBUTING.md"
                       "「リポジトリの設定」）。"), number, severity))
    return problems


def site_url_problems(root: Path, site_url: str, severity: str) -> list[Problem]:
    where = root / "mkdocs.yml"
    line = first_line(where, lambda text: text.startswith("site_url:"))
    parts = urlsplit(site_url)
    if not site_url:
        return [Problem(where, Text(
            en=f"{urls.SITE_URL_VARIABLE} is not set: without the address the site is published at, its canonical "
               "links, feeds and sitemap give no absolute address. Set it (https://...) where the site is built",
            ja=f"{urls.SITE_URL_VARIABLE} が設定されていません。公開先のアドレスがないため、正規URL（canonical）、"
               "フィード及びサイトマップに絶対URLを記載できません。サイトを作成する環境で、https:// で始まる"
               "公開先のアドレスを設定してください。"), line, severity)]
    if parts.hostname in _LOCAL_HOSTS or parts.hostname is None or parts.hostname.endswith(".localhost"):
        return [Problem(where, Text(
            en=f"{urls.SITE_URL_VARIABLE} '{site_url}' is a local address, not where the site is published",
            ja=f"{urls.SITE_URL_VARIABLE}「{site_url}」はローカルのアドレスであり、公開先のアドレスではありません。"),
            line, severity)]
    if parts.scheme != "https":
        return [Problem(where, Text(
            en=f"{urls.SITE_URL_VARIABLE} '{site_url}' does not start with https://",
            ja=f"{urls.SITE_URL_VARIABLE}「{site_url}」は https:// で始まっていません。"), line, severity)]
    return []


def go_live_problems(settings: Settings, today: date, severity: str) -> list[Problem]:
    line = first_line(settings.source, lambda text: text.startswith(f"{GO_LIVE_KEY}:"))
    if settings.go_live is None:
        return [Problem(settings.source, Text(
            en=f"{GO_LIVE_KEY} is not recorded: record the site's first public day as "
               f"`{GO_LIVE_KEY}: YYYY-MM-DD` (from then on no published version may be edited)",
            ja=f"{GO_LIVE_KEY}（本サイトを初めて公開する日）が記録されていません。`{GO_LIVE_KEY}: YYYY-MM-DD` "
               "の形で記録してください（以後、公開済みの版は訂正できません）。"), line, severity)]
    if settings.go_live > today:
        return [Problem(settings.source, Text(
            en=f"{GO_LIVE_KEY}: {settings.go_live.isoformat()} is after today ({today.isoformat()}): the site "
               "is not public yet",
            ja=f"{GO_LIVE_KEY}: {settings.go_live.isoformat()} は今日（{today.isoformat()}）より後の日付です。"
               "本サイトはまだ公開日を迎えていません。"), line, severity)]
    return []


def prevailing_problems(versions: list[Version], today: date, severity: str) -> list[Problem]:
    """A statement in a text still public of which language prevails, while the settings record no
    confirmation of it."""
    problems = []
    for version in versions:
        if version.published > today or not version.docs:
            continue
        for lang in LANGUAGES:
            doc = version.docs[lang]
            for number, line in enumerate(doc.text.splitlines(), 1):
                found = _PREVAILS[lang].search(line)
                if found:
                    problems.append(Problem(version.file(lang), Text(
                        en=f"the text says which language prevails ('{found.group(0)}'), but the company's "
                           f"confirmation is not recorded in policy.yml ({PREVAILING_KEY})",
                        ja=f"本文がどちらの言語の本文が優先するかを述べていますが（「{found.group(0)}」）、会社の確認が "
                           f"policy.yml（{PREVAILING_KEY}）に記録されていません。"), number, severity))
    return problems
