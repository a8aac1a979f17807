"""`policy diff --base REF --format markdown`: the pull request's comment, in both languages.

The legal team reads it on the pull request: what the change publishes and when, the notices, the
新旧対照表 and redline, and every problem `policy check` found, with links that work on GitHub.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from ..publishing import urls
from ..publishing.announcements import announcement_markdown, make_announcements, purposes_basis_text
from .checks import CheckReport
from ..changes.comparison import compare
from ..publishing.contact_changes import RETAINED_NOTES, change_markdown
from ..reading.contact_history import ContactHistory, new_changes
from ..core.dates import format_date
from ..core.errors import PolicyError, own_path
from ..core.labels import LANGUAGE_NAMES, label
from ..core.messages import Text, both_languages, counted
from ..reading.placeholders import fill_placeholders
from .records import BaseDiff, NoHistory, compare_with_base
from ..changes.redline import comparison_markdown
from ..reading.settings import LANGUAGES, Settings
from ..reading.versions import Version, versions_of

# The workflow finds its own comment by this line and updates it instead of adding another.
MARKER = "<!-- policy-pull-request-summary -->"


def _t(en: str, ja: str) -> str:
    """Both languages on one line: the comment is read by the whole team."""
    return f"{ja} / {en}"


def _details(summary: str, body: str, open_: bool = False) -> str:
    return f"<details{' open' if open_ else ''}>\n<summary>{summary}</summary>\n\n{body.strip()}\n\n</details>\n"


def _touched(diff: BaseDiff, versions_dir: Path) -> set[Path]:
    folders = set()
    for path in diff.changed + diff.deleted + diff.added:
        relative = own_path(path).relative_to(own_path(versions_dir))
        folders.add(own_path(versions_dir / relative.parts[0]))
    return folders


def _problems(report: CheckReport, root: Path) -> list[str]:
    out = [f"### {_t('Check', '検査結果')}\n"]
    if not report.problems:
        out.append(_t("`policy check` found no problems.", "`policy check` の結果、問題はありません。") + "\n")
        return out
    rows = []
    for problem in report.problems:
        mark = "❌" if problem.severity == "error" else "⚠️"
        rows.append(f"- {mark} `{problem.where(root)}`: {both_languages(problem.message, '<br>')}")
    errors, warnings = len(report.errors), len(report.warnings)
    if errors:
        out.append(_t(f"{counted(errors, 'error')}, {counted(warnings, 'warning')}: the pull request can be merged only without errors.",
                      f"エラー {errors} 件、警告 {warnings} 件。エラーがなくなるまでマージできません。") + "\n")
    else:
        out.append(_t(f"No errors, {counted(warnings, 'warning')}: read them; they do not stop the merge.",
                      f"エラーはありません。警告 {warnings} 件の内容を確認してください（マージは妨げません）。") + "\n")
    out.append("\n".join(rows) + "\n")
    return out


def _contact_changes(contacts: ContactHistory, diff: BaseDiff) -> list[str]:
    """New dated contact details: the history entry they will get, in both languages."""
    out = []
    for change in new_changes(diff.base_text(contacts.source), contacts):
        en, ja = format_date(change.day, "en"), format_date(change.day, "ja")
        out.append(f"### {_t(f'Contact details: new from {en}', f'お問い合わせ窓口：{ja}から変更')}\n")
        for lang in LANGUAGES:
            out.append(_details(f"{label(lang, 'history')} ({LANGUAGE_NAMES[lang]})", change_markdown(change, lang),
                                open_=lang == "ja"))
    return out


def _basis_line(version: Version) -> str:
    """The reviewed basis of a change of the purposes of use (version.yml `purposes_basis`)."""
    ja, en = purposes_basis_text(version, "ja"), purposes_basis_text(version, "en")
    if not ja:
        return "**" + _t(f"{label('en', 'purposes_basis')}: not given (an error: add `purposes_basis` to version.yml)",
                         f"{label('ja', 'purposes_basis')}：未記載（エラー：version.yml に `purposes_basis` を記載してください）") + "**"
    return _t(f"{label('en', 'purposes_basis')}: {en} (`purposes_basis: {version.purposes_basis}`)",
              f"{label('ja', 'purposes_basis')}：{ja}（`purposes_basis: {version.purposes_basis}`）")


def _retained_changes(settings: Settings, diff: BaseDiff) -> list[str]:
    """New dated Art. 32 matters (retained-data.yml): the history entry they will get."""
    from ..reading.retained_data import load_retained_data
    try:
        retained = load_retained_data(settings.retained_data_file)
    except PolicyError:
        return []  # the check's problems say why
    out = []
    for change in new_changes(diff.base_text(retained.source), retained):
        en, ja = format_date(change.day, "en"), format_date(change.day, "ja")
        out.append(f"### {_t(f'Matters concerning retained personal data: new from {en}', f'保有個人データに関する事項：{ja}から変更')}\n")
        for lang in LANGUAGES:
            out.append(_details(f"{label(lang, 'history')} ({LANGUAGE_NAMES[lang]})",
                                RETAINED_NOTES.markdown(change, lang), open_=lang == "ja"))
    return out


def _publications(settings: Settings, diff: BaseDiff, link) -> list[str]:
    """New dated 公表 records (publications/): each as its page will show it."""
    from ..reading.publications import load_register
    from .publication_records import publication_summary
    try:
        register = load_register(settings.publications_dir)
    except PolicyError:
        return []  # the check's problems say why
    return publication_summary(diff, register, link, _details)


def pull_request_summary(settings: Settings, versions: list[Version], contacts: ContactHistory, diff: BaseDiff,
                         report: CheckReport, site_url: str = "", base_ref: str | None = None) -> str:
    """`base_ref`: the branch or commit compared with (None: main), where the other documents'
    versions are compared too."""
    def link(src: str, lang: str) -> str:
        path = urls.site_path(src, lang)
        return urljoin(site_url if site_url.endswith("/") else site_url + "/", path.lstrip("/")) if site_url else path

    out = [MARKER, f"## {_t('Privacy policy: what this pull request publishes', 'プライバシーポリシー：このプルリクエストで公開される内容')}\n",
           _t(f"Compared with {diff.base}.", f"比較の基準：{diff.base}") + "\n"]
    if site_url:
        out.append(_t(f"Links lead to {site_url}.", f"リンク先：{site_url}") + "\n")
    out += _problems(report, settings.root)
    versions_shown = _versions(settings, settings.versions_dir, versions, contacts, diff, link)
    if not versions_shown:
        out.append(_t("No policy version is added or changed.", "追加または変更された版はありません。") + "\n")
    out += versions_shown
    out += _contact_changes(contacts, diff)
    out += _retained_changes(settings, diff)
    out += _publications(settings, diff, link)
    others = [own_path(p).relative_to(settings.root.resolve()).as_posix() for p in diff.other_changed]
    watched = [p for p in others if p in {settings.contact_file.name, settings.source.name, settings.glossary_file.name}]
    if watched:
        files = ", ".join(f"`{p}`" for p in watched)
        contact_note = settings.contact_file.name in watched
        out.append(_t(f"Also changed: {files}" + (" (the contact details shown on every page)" if contact_note else "") + ".",
                      f"その他の変更：{files}" + ("（すべてのページに表示されるお問い合わせ窓口）" if contact_note else "")) + "\n")
    out += _other_documents(settings, contacts, base_ref, link)
    return "\n".join(out)


def _other_documents(settings: Settings, contacts: ContactHistory, base_ref: str | None, link) -> list[str]:
    """Each other versioned document (policy.yml `documents:`) whose versions this pull request
    adds, changes or deletes: its own part of the comment, as the privacy policy's versions."""
    out = []
    for document in settings.other_documents:
        try:
            diff = compare_with_base(settings.root, document.versions_dir, base_ref)
            versions = versions_of(settings, document=document)
        except (PolicyError, NoHistory):
            continue  # the check's problems say why
        shown = _versions(settings, document.versions_dir, versions, contacts, diff, link)
        if shown:
            name = document.name
            out.append(f"## {_t(f'{name.en}: what this pull request publishes', f'{name.ja}：このプルリクエストで公開される内容')}\n")
            out += shown
    return out


def _versions(settings: Settings, versions_dir: Path, versions: list[Version], contacts: ContactHistory,
              diff: BaseDiff, link) -> list[str]:
    """The versions of one document that the pull request adds or changes, with their notices and
    comparisons, and those it deletes; nothing where it touches none."""
    touched = _touched(diff, versions_dir)
    announcements = make_announcements(versions, settings.cache())
    out = []
    for index, version in enumerate(versions):
        if version.folder.resolve() not in touched:
            continue
        new = version.folder.resolve() not in diff.published
        state = (_t("new version", "新しい版") if new else
                 "**" + _t("changed published version (an error)", "公開済みの版の変更（エラー）") + "**")
        out.append(f"### {version.id}: {state}\n")
        out.append(_t(f"Public from {format_date(version.published, 'en')}; effective "
                      f"{format_date(version.effective, 'en')}.",
                      f"公表日：{format_date(version.published, 'ja')}　施行日：{format_date(version.effective, 'ja')}")
                   + "\n")
        announcement = announcements.get(version.id)
        if announcement and not announcement.purposes:  # another document's notice: no purposes of use
            out.append(f"「{announcement.title('ja')}」 / “{announcement.title('en')}”\n")
        elif announcement:
            change = Text("changes the purposes of use", "個人情報の利用目的を変更します") if announcement.purposes_changed \
                else Text("does not change the purposes of use", "利用目的の変更はありません")
            out.append(f"「{announcement.title('ja')}」 / “{announcement.title('en')}”: "
                       + _t(f"this revision {change.en}.", f"この改定は{change.ja}。") + "\n")
            if announcement.purposes_changed:
                out.append(_basis_line(version) + "\n")
        elif index and version.summary:  # a version of another document without `announced:`: no notice
            out.append(_t(f"{label('en', 'summary')}: {version.summary.get('en', '')}",
                          f"{label('ja', 'summary')}：{version.summary.get('ja', '')}") + "\n")
        if announcement:
            for lang in LANGUAGES:
                body = announcement_markdown(announcement, lang, contacts.on(announcement.published),
                                             lambda src, lang=lang: link(src, lang), heading_level=4)
                out.append(_details(f"{label(lang, 'announcements')} ({LANGUAGE_NAMES[lang]})", body))
        previous = versions[index - 1] if index else None
        if previous is None:
            out.append(_t("It is the first version: there is nothing to compare it with.",
                          "最初の版のため、比較の対象はありません。") + "\n")
            continue
        for lang in LANGUAGES:
            comparison = compare(previous.docs[lang], version.docs[lang])
            body = fill_placeholders(comparison_markdown(comparison, heading_level=4, site=False),
                                     contacts.on(version.published), lang)
            out.append(_details(f"{LANGUAGE_NAMES[lang]}: {previous.id} → {version.id}", body, open_=lang == "ja"))
    for path in sorted({p.parent for p in diff.deleted if own_path(p).parent in diff.published}):
        out.append(f"### {path.name}: **" + _t("published version deleted (an error)", "公開済みの版の削除（エラー）")
                   + "**\n")
    return out
