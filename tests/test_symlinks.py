"""A symbolic link in a version folder that leads out of the repository: every command and the build
refuse it with a message naming the link, and none ends in a traceback (issue 20, item 7)."""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest

from conftest import FIRST_VERSIONS, WEBHOOK_SECRET, build, copy_project, new_version, policy

V = "policy_versions/2026-11-24"
TODAY = "2026-11-25"

# Every `policy` command, with arguments that would succeed on the clean repository.
COMMANDS = [
    ("check",),
    ("check", "--format", "github"),
    ("diff", "2026-11-24", "2027-01-15"),
    ("diff", "2026-11-24", "2027-01-15", "--format", "html"),
    ("diff", "--base", "main"),
    ("announce", "2027-01-15"),
    ("versions",),
    ("manifest",),
    ("new", "--effective", "2027-09-01"),
    ("contact-change", "--since", "2027-09-01"),
    ("preview-days", "--base", "main"),
    ("notify", "--sent", "sent.txt"),
]


def _published_repo(tmp_path: Path) -> Path:
    """main holds the first version; the branch adds a second, as a pull request does."""
    root = copy_project(tmp_path / "repo")
    repository = git.Repo.init(root, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Publish the first version")
    repository.git.checkout("-b", "revision")
    new_version(root, "2027-01-15")
    return root


def _link_out(root: Path, inside: str, source: Path) -> None:
    """Replace (or add) `inside` by a link to a copy of `source` outside the repository."""
    outside = root.parent / ("outside-" + Path(inside).name)
    shutil.copyfile(source, outside)
    (root / inside).unlink(missing_ok=True)
    (root / inside).symlink_to(outside)


LINKS = {
    "published en.md": (f"{V}/en.md", FIRST_VERSIONS / "2026-11-24" / "en.md"),
    "new version's ja.md": ("policy_versions/2027-01-15/ja.md", FIRST_VERSIONS / "2026-11-24" / "ja.md"),
    "new version's version.yml": ("policy_versions/2027-01-15/version.yml", None),
}


@pytest.mark.parametrize("case", LINKS)
def test_every_command_refuses_a_link_out_of_the_repository(case, tmp_path):
    root = _published_repo(tmp_path)
    inside, source = LINKS[case]
    if source is None:
        source = tmp_path / "version.yml"
        source.write_text("summary: {ja: 改定, en: Revised}\n", encoding="utf-8")
    _link_out(root, inside, source)
    env = {"POLICY_TODAY": TODAY, "POLICY_WEBHOOK_URL": "https://127.0.0.1:9/hook",
           "POLICY_WEBHOOK_SECRET": WEBHOOK_SECRET}  # notify then reaches the versions
    for command in COMMANDS:
        ran = policy(root, *command, **env)
        shown = ran.stdout + ran.stderr
        assert "Traceback" not in shown, (command, shown)
        assert ran.returncode != 0, (command, shown)
        named = f"file={inside}," if "github" in command else f"{inside}: error: is a symbolic link"
        assert named in shown and "symbolic link" in shown, (command, shown)
    japanese = policy(root, "check", POLICY_LANG="ja", **env)
    assert f"{inside}: エラー: シンボリックリンクです" in japanese.stdout, japanese.stdout
    built = build(root, TODAY)
    assert "Traceback" not in built.output, built.output
    assert built.result.returncode != 0
    assert f"{inside}: error: is a symbolic link" in built.output, built.output
    assert not (root / "site").exists()  # no half-finished site


def test_a_link_committed_on_main_is_refused_not_called_an_edit(tmp_path):
    """git keeps a link as the path it holds: the same link on main and here is no change to a
    published version, only the link itself is wrong."""
    root = copy_project(tmp_path / "repo")
    _link_out(root, f"{V}/version.yml", root / "contact.yml")
    repository = git.Repo.init(root, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("A link slipped in")
    checked = policy(root, "check", POLICY_TODAY=TODAY)
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[0].startswith(f"{V}/version.yml: error: is a symbolic link"), checked.stdout
    assert "published version changed" not in checked.stdout
