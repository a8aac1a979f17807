"""`policy diff --base REF`: what a pull request will publish, as Markdown for its page."""

from __future__ import annotations

from pathlib import Path

from . import urls
from .announcements import announcement_markdown, make_announcements
from .comparison import compare
from .contact import Contact
from .dates import format_date
from .labels import label
from .records import BaseDiff
from .redline import comparison_markdown
from .settings import LANGUAGES, Settings
from .versions import Version

_LANGUAGE_NAMES = {"ja": "日本語", "en": "English"}


def _details(summary: str, body: str, open_: bool = False) -> str:
    return f"<details{' open' if open_ else ''}>\n<summary>{summary}</summary>\n\n{body.strip()}\n\n</details>\n"


def _touched(diff: BaseDiff, versions_dir: Path) -> set[Path]:
    folders = set()
    for path in diff.changed + diff.deleted + diff.added:
        relative = path.resolve().relative_to(versions_dir.resolve())
        folders.add((versions_dir / relative.parts[0]).resolve())
    return folders


def pull_request_summary(settings: Settings, versions: list[Version], contact: Contact, diff: BaseDiff) -> str:
    touched = _touched(diff, settings.versions_dir)
    announcements = make_announcements(versions)
    out = ["## Privacy policy: what this pull request publishes\n",
           f"Compared with {diff.base}.\n"]
    listed = False
    for index, version in enumerate(versions):
        if version.folder.resolve() not in touched:
            continue
        listed = True
        new = version.folder.resolve() not in diff.published
        state = "new version" if new else "**changed published version** (an error: see `policy check`)"
        out.append(f"### {version.id}: {state}\n")
        out.append(f"Effective {format_date(version.effective, 'en')} ({format_date(version.effective, 'ja')}); "
                   f"public from {format_date(version.published, 'en')}.\n")
        announcement = announcements.get(version.id)
        if announcement:
            change = "changes the purposes of use" if announcement.purposes_changed else "does not change the purposes of use"
            out.append(f"It publishes an announcement on {format_date(announcement.published, 'en')} that {change}: "
                       f"「{announcement.title('ja')}」 / “{announcement.title('en')}”.\n")
            for lang in LANGUAGES:
                body = announcement_markdown(announcement, lang, contact,
                                             lambda src, lang=lang: urls.site_path(src, lang), heading_level=4)
                out.append(_details(f"{label(lang, 'announcements')} ({_LANGUAGE_NAMES[lang]})", body))
        previous = versions[index - 1] if index else None
        if previous is None:
            out.append("It is the first version: there is nothing to compare it with.\n")
            continue
        for lang in LANGUAGES:
            comparison = compare(previous.docs[lang], version.docs[lang])
            body = comparison_markdown(comparison, heading_level=4, site=False)
            out.append(_details(f"{_LANGUAGE_NAMES[lang]}: {previous.id} → {version.id}", body, open_=lang == "ja"))
    for path in sorted({p.parent for p in diff.deleted if p.resolve().parent in diff.published}):
        listed = True
        out.append(f"### {path.name}: **published version deleted** (an error: see `policy check`)\n")
    if not listed:
        out.append("No policy version is added or changed.\n")
    others = [p.resolve().relative_to(settings.root.resolve()).as_posix() for p in diff.other_changed]
    watched = [p for p in others if p in {settings.contact_file.name, settings.source.name, settings.glossary_file.name}]
    if watched:
        out.append("Also changed: " + ", ".join(f"`{p}`" for p in watched)
                   + (" (the contact details shown on every page)" if settings.contact_file.name in watched else "") + ".\n")
    return "\n".join(out)
