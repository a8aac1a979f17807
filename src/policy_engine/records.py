"""Published versions are records: what a change does to those that exist on the base.

Git is optional: in a plain copy (a downloaded archive) there is nothing to compare with, and the
caller is told so instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import PolicyError, Problem

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


def _repo(root: Path):
    try:
        import git
    except ImportError as exc:  # pragma: no cover - GitPython is a dependency
        raise NoHistory(f"GitPython is not installed ({exc})") from None
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise NoHistory(f"{root} is not in a git repository") from None


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
            raise PolicyError([Problem(Path(repo.working_tree_dir), f"'{name}' shares no history with "
                                       "this branch: fetch the whole history (fetch-depth: 0)")])
        return bases[0], name
    if ref:
        raise PolicyError([Problem(Path(repo.working_tree_dir), f"base '{ref}' is not a known commit or "
                                   "branch (in CI, check out with fetch-depth: 0)")])
    raise NoHistory("no main branch to compare with")


def compare_with_base(root: Path, versions_dir: Path, ref: str | None) -> BaseDiff:
    """The working tree (uncommitted edits included) against the merge base with `ref`."""
    repo = _repo(root)
    if not repo.head.is_valid():
        raise NoHistory("the repository has no commits yet")
    base, name = merge_base(repo, ref)
    top = Path(repo.working_tree_dir).resolve()
    prefix = versions_dir.resolve().relative_to(top).as_posix()
    on_base: dict[str, bytes] = {}
    for item in base.tree.traverse():
        if item.type == "blob":
            on_base[item.path] = item.data_stream.read()
    changed, deleted, other = [], [], []
    for path, data in sorted(on_base.items()):
        file = top / path
        inside = path.startswith(prefix + "/")
        if not file.is_file():
            (deleted if inside else other).append(file)
        elif file.read_bytes() != data:
            (changed if inside else other).append(file)
    added = sorted(p for p in versions_dir.rglob("*")
                   if p.is_file() and p.resolve().relative_to(top).as_posix() not in on_base)
    published = frozenset((top / path).parent for path in on_base if path.startswith(prefix + "/"))
    return BaseDiff(f"{name} ({base.hexsha[:10]})", changed, deleted, added, other, published)


def record_problems(diff: BaseDiff) -> list[Problem]:
    problems = [Problem(path, f"published version changed: versions on {diff.base} are records; "
                              "undo this edit and publish a new version instead")
                for path in diff.changed]
    problems += [Problem(path, f"published version deleted: versions on {diff.base} are records; "
                               "restore this file") for path in diff.deleted]
    problems += [Problem(path, f"file added to a published version: versions on {diff.base} are "
                               "records; publish a new version instead")
                 for path in diff.added if path.resolve().parent in diff.published]
    return problems
