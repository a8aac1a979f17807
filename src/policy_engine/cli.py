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
from .contact import load_contact

from .dates import format_date
from .diffcommand import FORMATS, find_version, render
from .errors import PolicyError, Problem
from .settings import LANGUAGES, find_root, load_settings
from .site import build_site
from .versions import load_versions


def _cmd_check(root: Path, args: argparse.Namespace) -> int:
    site = build_site(root)
    timeline = site.timeline
    folder = site.settings.versions_dir
    shown = folder.relative_to(root) if folder.is_relative_to(root) else folder
    print(f"ok: {len(timeline.versions)} public versions in {shown}; "
          f"in effect on {timeline.today.isoformat()}: {timeline.current.id}")
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


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="policy",
        description="Work with the versioned privacy policy of the repository you are in. "
                    "POLICY_TODAY=YYYY-MM-DD replaces today's date.")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check every version, the settings and the contact details")
    check.set_defaults(run=_cmd_check)

    versions = commands.add_parser("versions", help="list the public versions and their status")
    versions.add_argument("--lang", choices=["ja", "en"], default="en")
    versions.set_defaults(run=_cmd_versions)

    diff = commands.add_parser("diff", help="what changed between two versions")
    diff.add_argument("old", metavar="OLD", help="the earlier version's id (its folder name)")
    diff.add_argument("new", metavar="NEW", help="the later version's id")
    diff.add_argument("--lang", choices=["ja", "en"], default="ja")
    diff.add_argument("--format", choices=FORMATS, default="text")
    diff.set_defaults(run=_cmd_diff)

    announce = commands.add_parser("announce", help="the announcement of a version, for a pull request or an e-mail")
    announce.add_argument("version", metavar="VERSION", help="the version's id (its folder name)")
    announce.add_argument("--format", choices=["markdown", "text", "json"], default="markdown")
    announce.add_argument("--lang", choices=list(LANGUAGES), help="one language only (default: both)")
    announce.set_defaults(run=_cmd_announce)

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
