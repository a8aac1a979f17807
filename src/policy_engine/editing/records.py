"""Published versions are records: what a change does to those that exist on the base.

Git is optional: in a plain copy (a downloaded archive) there is nothing to compare with, and the
caller is told so instead of failing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.dates import parse_iso_date
from ..core.errors import PolicyError, Problem, own_path
from ..core.messages import Text
from ..reading.settings import GO_LIVE_KEY, SETTINGS_FILE, Settings
from ..reading.versions import Version
from ..reading.yamldata import load_mapping, read_date

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
    settings_before: bytes | None = None  # policy.yml as on the base: its go_live says what is frozen
    base_files: frozenset[Path] = frozenset()  # every file on the base (where this branch's new records are not)

    @property
    def go_live(self) -> date | None:
        """The go-live day the base records (None: not recorded, or unreadable)."""
        if self.settings_before is None:
            return None
        path = Path(SETTINGS_FILE)
        try:
            return read_date(load_mapping(self.settings_before.decode("utf-8", errors="replace"), path, 1,
                                          what=SETTINGS_FILE), GO_LIVE_KEY, path)
        except PolicyError:
            return None

    def live_on(self, today: date) -> bool:
        """Whether the site was public by `today` as the base records it: only then are the
        published versions and dated records frozen. A branch cannot unfreeze them by editing its
        own policy.yml: the base's is what counts."""
        go_live = self.go_live
        return go_live is not None and go_live <= today

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
    try:
        settings_path = (root.resolve() / SETTINGS_FILE).relative_to(top).as_posix()
    except ValueError:
        settings_path = SETTINGS_FILE
    return BaseDiff(f"{name} ({base.hexsha[:10]})", changed, deleted, added, other, published, before,
                    on_base.get(settings_path), frozenset(top / path for path in on_base))


def _tree(folder: Path) -> list[Path]:
    """The files under `folder` and the symbolic links, named where they lie: a link is listed,
    never followed (where it leads is outside the repository, or nothing to compare)."""
    found = []
    for parent, folders, files in os.walk(folder, followlinks=False):
        found += [Path(parent) / name for name in files]
        found += [Path(parent) / name for name in folders if (Path(parent) / name).is_symlink()]
    return found


def record_problems(diff: BaseDiff, frozen: bool = True) -> list[Problem]:
    """Published versions are records. Before the site's go-live (`frozen` False) nothing has been
    published on this site yet: a version's files may be corrected in place (a warning says so,
    for the pull request's reviewers), never deleted."""
    deleted = [Problem(path, Text(
        f"published version deleted: versions on {diff.base} are records; restore this file",
        f"公開済みの版が削除されています。{diff.base} にある版は記録です。このファイルを元に戻してください"))
        for path in diff.deleted]
    added = [path for path in diff.added if own_path(path).parent in diff.published]
    if not frozen:
        return [Problem(path, Text(
            f"corrected in place: allowed only because the site has not gone live ({GO_LIVE_KEY} is not "
            f"reached on {diff.base}); record the correction in LEGAL-REVIEW.md. Once the site is live, "
            "a published version is a record and never changes",
            f"公開済みの版をその場で訂正しています。本サイトがまだ公開されていないため（{diff.base} の "
            f"{GO_LIVE_KEY} に達していません）認められます。訂正の内容を LEGAL-REVIEW.md に記録してください。"
            "本サイトの公開後は、公開済みの版は記録であり、変更できません"), severity="warning")
            for path in diff.changed + added] + deleted
    problems = [Problem(path, Text(
        f"published version changed: versions on {diff.base} are records; undo this edit and "
        "publish a new version instead",
        f"公開済みの版が変更されています。{diff.base} にある版は記録であり、変更できません。"
        "この変更を取り消し、新しい版として公開してください")) for path in diff.changed]
    problems += deleted
    problems += [Problem(path, Text(
        f"file added to a published version: versions on {diff.base} are records; publish a new "
        "version instead",
        f"公開済みの版にファイルが追加されています。{diff.base} にある版は記録です。新しい版として公開してください"))
        for path in added]
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


def go_live_record_problems(diff: BaseDiff, settings: Settings, today: date) -> list[Problem]:
    """Once the base records a go-live day that has come, it is a record: it may not be removed or
    moved (it dates the first publication of every version on this site)."""
    recorded = diff.go_live
    if recorded is None or recorded > today or settings.go_live == recorded:
        return []
    return [Problem(settings.source, Text(
        f"{GO_LIVE_KEY} was {recorded.isoformat()} on {diff.base}, and the site has been public since: it is "
        "a record; restore it",
        f"{GO_LIVE_KEY} は {diff.base} では {recorded.isoformat()} であり、本サイトはその日から公開されています。"
        "これは記録です。元に戻してください"))]
