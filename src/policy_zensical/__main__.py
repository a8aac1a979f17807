"""`python -m policy_zensical build [--site-dir DIR] [--today DATE]`: the site, built with Zensical."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policy_engine.core.errors import PolicyError
from policy_engine.core.messages import Text, in_language, user_language
from policy_engine.reading.settings import find_root

from .build import BuildFailed, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policy_zensical",
                                     description="Build the policy site with Zensical (both languages).")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("build", help="build the site into --site-dir (default: site/)")
    command.add_argument("--site-dir", "-d", default="site")
    command.add_argument("--today", metavar="DATE", help="the day to build for (POLICY_TODAY)")
    command.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    args = parser.parse_args(argv)
    root = None
    lang = user_language()
    try:
        root = find_root()
        built = build(root, Path(args.site_dir), today=args.today, quiet=args.quiet)
    except PolicyError as exc:
        print(in_language(Text("the policy cannot be built:", "ポリシーのサイトを作成できません："), lang)
              + "\n" + exc.format(root), file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(in_language(Text("Zensical refused the site (the last site is kept):",
                               "Zensical がサイトの作成を中止しました（前回のサイトはそのまま残ります）："), lang)
              + "\n" + str(exc), file=sys.stderr)
        return 1
    if not args.quiet:
        print(in_language(Text(f"policy: built with Zensical into {built}",
                               f"policy：Zensical で {built} にサイトを作成しました"), lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
