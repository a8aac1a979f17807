"""Published versions are records: what a change does to those that exist on the base.

Git is optional: in a plain copy (a downloaded archive) there is nothing to compare with, and the
caller is told so instead of failing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .dates import parse_iso_date
from .errors import PolicyError, Problem, own_path
from .messages import Text
from .versions import Version

DEFAULT_BASES = ("main", "origin/main")


class NoHistory(Exception):
    """There is no git history to compare with; the message says why."""


@dataclass(frozen=True)
class BaseDiff:
    base: str  # the commit compared with
    changed: list[Path]  # files of published versions that differ from the base
    deleted: list[Path]  # files of published versions that are gone
    added: list[Path]  # files not on the base
    other_changed: list[Path]  # files outside the versions folder that differ (contact.yml, ...)
    published: frozenset[Path] = frozenset()  # folders of the versions that exist on the base
    before: dict[Path, bytes] = field(default_factory=dict)  # other_changed files as on the base

    def base_text(self, path: Path) -> str | None:
        """A file outside the versions folder as it is on the base, where this branch changed it."""
        data = self.before.get(path.resolve())
        return None if data is None else data.decode("utf-8", errors="replace")


def _repo(root: Path):
    try:
        import git
    except ImportError as exc:  # pragma: no cover - GitPython is a dependency
        raise NoHistory(Text(f"GitPython is not installed ({exc})",
                             f"GitPython がインストールされていません（{exc}）")) from None
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise NoHistory(Text(f"{root} is not in a git repository",
                             f"{root} は git リポジトリの中にありません")) from None


def merge_base(repo, ref: str | None):
    """The commit where this branch left `ref` (default: the main branch)."""
    import git

    candidates = [ref] if ref else list(DEFAULT_BASES)
    for name in candidates:
        try:
            other = repo.commit(name)
        except (git.BadName, ValueError, git.GitCommandError):
            continue
        bases = repo.merge_base(repo.head.commit, other)
        if not bases:
            raise PolicyError([Problem(Path(repo.working_tree_dir), Text(
                f"'{name}' shares no history with this branch: fetch the whole history (fetch-depth: 0)",
                f"'{name}' とこのブランチに共通の履歴がありません。履歴をすべて取得してください（fetch-depth: 0）"))])
        return bases[0], name
    if ref:
        raise PolicyError([Problem(Path(repo.working_tree_dir), Text(
            f"base '{ref}' is not a known commit or branch (in CI, check out with fetch-depth: 0)",
            f"比較の基準 '{ref}' は既知のコミットでもブランチでもありません"
            "（CI では fetch-depth: 0 でチェックアウトしてください）"))])
    raise NoHistory(Text("no main branch to compare with", "比較の基準となる main ブランチがありません"))


def compare_with_base(root: Path, versions_dir: Path, ref: str | None) -> BaseDiff:
    """The working tree (uncommitted edits included) against the merge base with `ref`."""
    repo = _repo(root)
    if not repo.head.is_valid():
        raise NoHistory(Text("the repository has no commits yet", "リポジトリにまだコミットがありません"))
    base, name = merge_base(repo, ref)
    top = Path(repo.working_tree_dir).resolve()
    prefix = own_path(versions_dir).relative_to(top).as_posix()
    on_base: dict[str, bytes] = {}
    for item in base.tree.traverse():
        if item.type == "blob":
            on_base[item.path] = item.data_stream.read()
    changed, deleted, other = [], [], []
    before: dict[Path, bytes] = {}
    for path, data in sorted(on_base.items()):
        file = top / path
        inside = path.startswith(prefix + "/")
        if file.is_symlink():  # never followed: a link out of the repository is an error of its own
            if os.fsencode(os.readlink(file)) != data:  # git keeps a link as the path it holds
                (changed if inside else other).append(file)
        elif not file.is_file():
            (deleted if inside else other).append(file)
        elif file.read_bytes() != data:
            (changed if inside else other).append(file)
            if not inside:
                before[file] = data
    added = sorted(p for p in _tree(own_path(versions_dir)) if p.relative_to(top).as_posix() not in on_base)
    published = frozenset((top / path).parent for path in on_base if path.startswith(prefix + "/"))
    return BaseDiff(f"{name} ({base.hexsha[:10]})", changed, deleted, added, other, published, before)


def _tree(folder: Path) -> list[Path]:
    """The files under `folder` and the symbolic links, named where they lie: a link is listed,
    never followed (where it leads is outside the repository, or nothing to compare)."""
    found = []
    for parent, folders, files in os.walk(folder, followlinks=False):
        found += [Path(parent) / name for name in files]
        found += [Path(parent) / name for name in folders if (Path(parent) / name).is_symlink()]
    return found


def record_problems(diff: BaseDiff) -> list[Problem]:
    problems = [Problem(path, Text(
        f"published version changed: versions on {diff.base} are records; undo this edit and "
        "publish a new version instead",
        f"公開済みの版が変更されています。{diff.base} にある版は記録であり、変更できません。"
        "この変更を取り消し、新しい版として公開してください")) for path in diff.changed]
    problems += [Problem(path, Text(
        f"published version deleted: versions on {diff.base} are records; restore this file",
        f"公開済みの版が削除されています。{diff.base} にある版は記録です。このファイルを元に戻してください"))
        for path in diff.deleted]
    problems += [Problem(path, Text(
        f"file added to a published version: versions on {diff.base} are records; publish a new "
        "version instead",
        f"公開済みの版にファイルが追加されています。{diff.base} にある版は記録です。新しい版として公開してください"))
        for path in diff.added if own_path(path).parent in diff.published]
    return problems


def new_version_problems(diff: BaseDiff, versions: list[Version], today: date) -> list[Problem]:
    """A version new relative to the base becomes public on the day it reaches main at the
    earliest: it may not be announced (or take effect unannounced) in the past, nor be dated
    before a version already published."""
    published_days = [d for d in (parse_iso_date(f.name) for f in diff.published) if d]
    latest = max(published_days, default=None)
    problems = []
    for version in versions:
        if version.folder.resolve() in diff.published:
            continue
        if latest is not None and version.effective <= latest:
            problems.append(Problem(version.folder, Text(
                f"a new version must take effect after the latest published one ({latest.isoformat()}): "
                "rename the folder to a later date",
                f"新しい版の施行日は、公開済みの最新の版（{latest.isoformat()}）より後でなければなりません。"
                "フォルダ名を後の日付に変更してください")))
        if version.published < today:
            day = version.published.isoformat()
            if version.announced:
                where, line = version.version_file, version.announced_line
                what = Text(f"announced: {day}", f"公表日（announced: {day}）")
            else:
                where, line = version.folder, None
                what = Text(f"it takes effect on {day} without `announced:`",
                            f"announced: がないため施行日 {day}")
            problems.append(Problem(where, Text(
                f"{what.en} is in the past: a new version is public from the day it is merged at the "
                f"earliest ({today.isoformat()} or later). Set `announced:` to the day of the merge or "
                "later, and keep the notice period before the effective date",
                f"{what.ja}が過去の日付です。新しい版が公開されるのは、早くても main に取り込まれた日"
                f"（{today.isoformat()}以降）です。announced: を取り込む日以降の日付とし、"
                "施行日までの周知期間を確保してください"), line))
    return problems
