"""The `policy` command: the engine for editors and scripts, on the repository it is run in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .dates import format_date
from .diffcommand import FORMATS, find_version, render
from .errors import PolicyError
from .settings import find_root, load_settings
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
