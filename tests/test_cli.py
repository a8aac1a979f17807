"""The `policy` command works on the repository it is run in, found as git finds its own."""

from __future__ import annotations

import json

from conftest import copy_project, policy


def test_found_from_a_subfolder_of_the_repository_it_runs_in(project):
    (project / "policy_versions" / "2026-11-24" / "version.yml").write_text(
        "summary:\n  ja: テスト用の概要\n  en: A summary only this copy has\n", encoding="utf-8")
    result = policy(project, "versions", cwd=project / "policy_versions" / "2026-11-24",
                    POLICY_TODAY="2026-11-25")
    assert result.returncode == 0, result.stderr
    assert "2026-11-24  current" in result.stdout
    assert "A summary only this copy has" in result.stdout


def test_two_repositories_are_never_mixed(tmp_path):
    first = copy_project(tmp_path / "a")
    second = copy_project(tmp_path / "b", versions=first / "policy_versions")
    (second / "policy_versions" / "2026-11-24" / "en.md").unlink()
    assert policy(first, "check").returncode == 0
    failed = policy(second, "check")
    assert failed.returncode == 1
    assert "policy_versions/2026-11-24/en.md: error: missing en.md" in failed.stdout + failed.stderr


def test_outside_any_repository(tmp_path):
    result = policy(tmp_path, "check")
    assert result.returncode == 1
    assert "not inside a policy repository: no policy.yml here or in any parent folder" in result.stdout + result.stderr


def test_check_and_manifest(project):
    result = policy(project, "check", POLICY_TODAY="2026-11-25")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == ("ok: 1 public versions in policy_versions; in effect on "
                                              "2026-11-25: 2026-11-24; 11 warnings")  # the Art. 32 matters
    # a plain copy has no history: the records check steps aside with a note
    assert "note: published versions were not compared with a base:" in result.stderr
    manifest = json.loads(policy(project, "manifest", "--base", "/policy/", POLICY_TODAY="2026-11-25").stdout)
    assert manifest["versions"][0]["url"]["en"] == "/policy/en/versions/2026-11-24/"


def test_versions_folder_is_a_setting(project):
    (project / "policy.yml").write_text("versions_dir: history\ncontact: contact.yml\n", encoding="utf-8")
    (project / "policy_versions").rename(project / "history")
    assert policy(project, "check").returncode == 0
    unknown = policy(project, "check", POLICY_VERSIONS_DIR="nowhere")
    assert "nowhere: error: the versions folder does not exist" in unknown.stdout + unknown.stderr
