"""The `policy` command: the engine for editors and scripts, on the repository it is run in."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import urljoin

from . import urls
from .announcements import announcement_json, announcement_markdown, announcement_text, make_announcements
from .checks import check_repository
from .contact import load_contact
from .dates import format_date, parse_iso_date
from .diffcommand import FORMATS, find_version, render
from .errors import PolicyError, Problem
from .newversion import create_version
from .prsummary import pull_request_summary
from .records import NoHistory, compare_with_base
from .settings import LANGUAGES, find_root, load_settings
from .site import build_day, build_site
from .versions import load_versions
from .webhook import URL_VARIABLE, notify


def _cmd_check(root: Path, args: argparse.Namespace) -> int:
    settings = load_settings(root)
    day = build_day(settings)
    report = check_repository(settings, day, args.base)
    for problem in report.problems:
        print(problem.format(root))
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    if report.errors:
        print(f"{len(report.errors)} errors, {len(report.warnings)} warnings", file=sys.stderr)
        return 1
    timeline = report.timeline
    folder = settings.versions_dir
    shown = folder.relative_to(root) if folder.is_relative_to(root) else folder
    print(f"ok: {len(timeline.versions)} public versions in {shown}; "
          f"in effect on {day.isoformat()}: {timeline.current.id}"
          + (f"; {len(report.warnings)} warnings" if report.warnings else ""))
    return 0


def _cmd_new(root: Path, args: argparse.Namespace) -> int:
    settings = load_settings(root)
    effective = None
    if args.effective:
        effective = parse_iso_date(args.effective)
        if effective is None:
            raise PolicyError([Problem(settings.versions_dir, f"--effective {args.effective!r} is not a "
                                                              "real date of the form YYYY-MM-DD")])
    folder = create_version(settings, build_day(settings), effective)
    shown = folder.relative_to(root)
    print(f"Created {shown}/ (ja.md, en.md, version.yml) from the latest version. Next:\n"
          f"  1. Edit {shown}/ja.md and {shown}/en.md: the same sections, ids and list items in both.\n"
          f"  2. Fill in {shown}/version.yml: the summary in both languages; `announced` at least "
          f"{settings.notice_period_days} days before {folder.name} if the purposes of use change.\n"
          f"  3. Run `policy check`, then `policy diff --base main` to see what the change publishes.\n"
          f"  4. Open a pull request; the preview and the summary appear on it.")
    return 0


def _cmd_versions(root: Path, args: argparse.Namespace) -> int:
    timeline = build_site(root).timeline
    for version in timeline.versions:
        announced = version.announced.isoformat() if version.announced else "-"
        summary = version.summary.get(args.lang, "")
        print(f"{version.id}  {timeline.status(version):<10}  announced {announced:<10}  "
              f"{format_date(version.effective, args.lang)}  {summary}".rstrip())
    return 0


def _cmd_manifest(root: Path, args: argparse.Namespace) -> int:
    sys.stdout.write(build_site(root).manifest_json(args.base))
    return 0


def _cmd_diff(root: Path, args: argparse.Namespace) -> int:
    settings = load_settings(root)
    versions = load_versions(settings.versions_dir)
    if args.base is not None:
        if args.old or args.new:
            raise PolicyError([Problem(settings.versions_dir, "give either OLD NEW or --base REF, not both")])
        try:
            diff = compare_with_base(root, settings.versions_dir, args.base or None)
        except NoHistory as exc:
            print(f"note: nothing to compare with: {exc}", file=sys.stderr)
            return 0
        sys.stdout.write(pull_request_summary(settings, versions, load_contact(settings.contact_file), diff))
        return 0
    if not (args.old and args.new):
        raise PolicyError([Problem(settings.versions_dir, "give two versions (policy diff OLD NEW) or --base REF")])
    old = find_version(versions, args.old, settings.versions_dir)
    new = find_version(versions, args.new, settings.versions_dir)
    sys.stdout.write(render(old, new, args.lang, args.format, colour=sys.stdout.isatty()))
    return 0


def _cmd_announce(root: Path, args: argparse.Namespace) -> int:
    settings = load_settings(root)
    versions = load_versions(settings.versions_dir)
    version = find_version(versions, args.version, settings.versions_dir)
    announcement = make_announcements(versions).get(version.id)
    if announcement is None:
        raise PolicyError([Problem(version.folder, "the first version has no announcement: "
                                                   "there is no earlier version to change")])
    if args.format == "json":
        print(json.dumps(announcement_json(announcement), ensure_ascii=False, indent=2))
        return 0
    contact = load_contact(settings.contact_file)
    site_url = os.environ.get("SITE_URL", "")
    languages = [args.lang] if args.lang else list(LANGUAGES)
    render = announcement_markdown if args.format == "markdown" else announcement_text
    texts = []
    for lang in languages:
        def link(src: str, lang: str = lang) -> str:
            return urljoin(site_url, urls.site_path(src, lang)) if site_url else urls.site_path(src, lang)
        texts.append(render(announcement, lang, contact, link))
    print(("\n---\n\n" if args.format == "markdown" else "\n\n").join(texts), end="")
    return 0


def _cmd_notify(root: Path, args: argparse.Namespace) -> int:
    url = args.url or os.environ.get(URL_VARIABLE, "")
    if not url:
        print(f"note: no webhook configured ({URL_VARIABLE} is empty): nothing posted", file=sys.stderr)
        return 0
    site = build_site(root)
    posted = notify(url, site.announcements, site.timeline.today, Path(args.sent) if args.sent else None)
    print(f"posted {len(posted)} announcement(s)" + (f": {', '.join(posted)}" if posted else ""))
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="policy",
        description="Work with the versioned privacy policy of the repository you are in. "
                    "POLICY_TODAY=YYYY-MM-DD replaces today's date.")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check every version, the settings and the contact details")
    check.add_argument("--base", metavar="REF", help="compare published versions with the merge base "
                                                    "with REF (default: the main branch)")
    check.set_defaults(run=_cmd_check)

    new = commands.add_parser("new", help="start the next version from the latest one")
    new.add_argument("--effective", metavar="DATE", help="its effective date, YYYY-MM-DD "
                                                         "(default: the notice period from today)")
    new.set_defaults(run=_cmd_new)

    versions = commands.add_parser("versions", help="list the public versions and their status")
    versions.add_argument("--lang", choices=["ja", "en"], default="en")
    versions.set_defaults(run=_cmd_versions)

    diff = commands.add_parser("diff", help="what changed between two versions")
    diff.add_argument("old", metavar="OLD", nargs="?", help="the earlier version's id (its folder name)")
    diff.add_argument("new", metavar="NEW", nargs="?", help="the later version's id")
    diff.add_argument("--base", metavar="REF", nargs="?", const="",
                      help="instead: what this branch changes since its merge base with REF (default: "
                           "main), as Markdown for a pull request")
    diff.add_argument("--lang", choices=["ja", "en"], default="ja")
    diff.add_argument("--format", choices=FORMATS, default="text")
    diff.set_defaults(run=_cmd_diff)

    announce = commands.add_parser("announce", help="the announcement of a version, for a pull request or an e-mail")
    announce.add_argument("version", metavar="VERSION", help="the version's id (its folder name)")
    announce.add_argument("--format", choices=["markdown", "text", "json"], default="markdown")
    announce.add_argument("--lang", choices=list(LANGUAGES), help="one language only (default: both)")
    announce.set_defaults(run=_cmd_announce)

    notify_ = commands.add_parser("notify", help=f"post today's announcements to the webhook in {URL_VARIABLE}")
    notify_.add_argument("--url", help=f"the webhook (default: ${URL_VARIABLE})")
    notify_.add_argument("--sent", metavar="FILE", help="record of what was posted, so nothing is posted twice")
    notify_.set_defaults(run=_cmd_notify)

    manifest = commands.add_parser("manifest", help="print versions.json as the site publishes it")
    manifest.add_argument("--base", default="/", help="the path the site is served under (default /)")
    manifest.set_defaults(run=_cmd_manifest)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root: Path | None = None
    try:
        root = find_root()
        return args.run(root, args)
    except PolicyError as exc:
        print(exc.format(root), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
