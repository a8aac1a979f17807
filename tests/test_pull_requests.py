"""What a legal editor's pull request meets, on real temporary git repositories: a correct change is
green, a careless one is red with the file, the line and the fix, in Japanese for the legal team."""

from __future__ import annotations

import subprocess
from pathlib import Path

import git

from conftest import (FIXTURE, ROOT, assert_check_refuses, build, commit, dated_contact, new_terms_version, new_version,
                      policy, replace_once)

TODAY = "2026-11-25"
FIRST = "policy_versions/2026-11-24"
PURPOSE_JA, PURPOSE_EN = "- サービスの利用料金を請求するため\n", "- to bill for service usage fees;\n"


def check(root: Path, *args: str, today: str = TODAY, **env: str) -> subprocess.CompletedProcess:
    return policy(root, "check", *args, POLICY_TODAY=today, **env)


SUMMARY = "summary:\n  ja: 改定しました。\n  en: Revised.\n"


# ---------------------------------------------------------------------------------------------
# Correct pull requests are green


def test_a_new_purpose_announced_in_time_is_green(repo):
    new_version(repo, "2027-01-15",
                ja_edit=lambda t: replace_once(t, PURPOSE_JA, PURPOSE_JA + "- 統計データを作成するため\n"),
                en_edit=lambda t: replace_once(t, PURPOSE_EN, PURPOSE_EN + "- to compile statistics;\n"),
                version_yml="announced: 2026-12-01\npurposes_basis: related\n" + SUMMARY)
    commit(repo, "Add a purpose")
    result = check(repo, "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


def test_a_wording_only_version_is_green(repo):
    new_version(repo, "2027-01-15", ja_edit=lambda t: replace_once(t, "適正に取得し", "適正な手段により取得し"),
                version_yml=SUMMARY)
    commit(repo, "Reword")
    result = check(repo, "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_contact_change_is_green(repo):
    """Dated, with the former details kept (tests/test_contact_changes.py has the rest)."""
    (repo / "contact.yml").write_text(dated_contact(TODAY), encoding="utf-8")
    commit(repo, "New inquiry address")
    result = check(repo, "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = policy(repo, "diff", "--base", "main", "--format", "markdown", POLICY_TODAY=TODAY)
    assert "その他の変更：`contact.yml`（すべてのページに表示されるお問い合わせ窓口） / Also changed: `contact.yml`" in summary.stdout


# ---------------------------------------------------------------------------------------------
# Careless pull requests are red, with the file and line, in Japanese for the legal team


def test_a_backdated_announcement_is_red_in_japanese(repo):
    new_version(repo, "2027-01-15", version_yml="announced: 2026-11-20\n" + SUMMARY)
    commit(repo, "Backdated")
    result = check(repo, "--base", "main", POLICY_LANG="ja")
    assert result.returncode == 1
    assert ("policy_versions/2027-01-15/version.yml:1: エラー: 公表日（announced: 2026-11-20）が過去の日付です。"
            "新しい版が公開されるのは、早くても main に取り込まれた日（2026-11-25以降）です。") in result.stdout
    english = check(repo, "--base", "main")
    assert ("policy_versions/2027-01-15/version.yml:1: error: announced: 2026-11-20 is in the past: a new version is "
            "public from the day it is merged at the earliest (2026-11-25 or later)") in english.stdout


def test_the_same_version_merged_late_is_refused_on_main(repo):
    """Announced for the day the pull request was opened, merged three days later: the publish
    workflow's check (against the commit before the push) refuses it."""
    new_version(repo, "2027-01-15", version_yml="announced: 2026-11-25\n" + SUMMARY)
    commit(repo, "Announce today")
    assert check(repo, "--base", "main").returncode == 0
    repository = git.Repo(repo)
    before = repository.commit("main").hexsha
    repository.git.checkout("main")
    repository.git.merge("revision")
    late = check(repo, "--base", before, today="2026-11-28")
    assert late.returncode == 1
    assert "version.yml:1: error: announced: 2026-11-25 is in the past" in late.stdout
    # the daily run of the same commit, later, does not complain: the version is published now
    assert check(repo, today="2026-11-29").returncode == 0


def test_an_effective_date_without_announcement_in_the_past_is_red(repo):
    new_version(repo, "2027-01-15", version_yml=SUMMARY)
    commit(repo, "Version")
    result = check(repo, "--base", "main", today="2027-01-20")
    assert result.returncode == 1
    assert ("policy_versions/2027-01-15: error: it takes effect on 2027-01-15 without `announced:` is in the past"
            in result.stdout)


def test_a_version_dated_before_the_published_one_is_red(repo):
    new_version(repo, "2026-11-10", version_yml=SUMMARY)
    commit(repo, "Older version")
    assert_check_refuses(
        repo, "--base", "main", POLICY_TODAY="2026-11-09",
        en=("policy_versions/2026-11-10: error: a new version must take effect after the latest published one "
            "(2026-11-24): rename the folder to a later date"),
        ja=("policy_versions/2026-11-10: エラー: 新しい版の施行日は、公開済みの最新の版（2026-11-24）より後でなければ"
            "なりません。フォルダ名を後の日付に変更してください"))


def test_an_edit_of_a_published_version_pushed_to_main_is_refused(repo):
    repository = git.Repo(repo)
    repository.git.checkout("main")
    before = repository.head.commit.hexsha
    path = repo / FIRST / "ja.md"
    path.write_text(path.read_text(encoding="utf-8").replace("適正に取得し", "取得し"), encoding="utf-8")
    commit(repo, "Quietly edit the record on main")
    result = check(repo, "--base", before, "--format", "github", POLICY_LANG="ja")
    assert result.returncode == 1
    assert (f"::error file={FIRST}/ja.md,title=プライバシーポリシー：エラー / Privacy policy%3A error::"
            "公開済みの版が変更されています。") in result.stdout
    assert "%0Apublished version changed: versions on " in result.stdout  # English follows the Japanese


def test_a_todo_summary_is_red_once_public(repo):
    new_version(repo, "2027-01-15", version_yml="announced: 2026-11-25\nsummary:\n  ja: TODO\n  en: TODO\n")
    result = check(repo, POLICY_LANG="ja")
    assert result.returncode == 1
    assert ("policy_versions/2027-01-15/version.yml:2: エラー: 改定の概要（summary の ja）がひな形の TODO のままです。"
            "改定の内容を記載してください（この版は 2026-11-25 から公開されます）") in result.stdout
    # the build refuses it too: 「改定の概要 TODO」 never reaches the public pages
    built = build(repo, TODAY, site=repo / "out")
    assert built.result.returncode == 1
    assert "version.yml:2: error: summary (ja) is still the skeleton's TODO" in built.result.stderr
    assert not built.site.exists()  # nothing half-built is left behind
    # not yet public: a warning only
    later = new_version(repo, "2027-03-01", version_yml="announced: 2027-01-20\nsummary: {ja: TODO, en: TODO}\n")
    (repo / "policy_versions" / "2027-01-15" / "version.yml").write_text("announced: 2026-11-25\n" + SUMMARY)
    result = check(repo)
    assert result.returncode == 0, result.stdout
    assert f"{later.relative_to(repo).as_posix()}/version.yml:2: warning: summary (ja) is still" in result.stdout


def test_github_annotations_carry_file_line_and_both_languages(repo):
    new_version(repo, "2027-01-15", version_yml="announced: 2026-11-20\n" + SUMMARY)
    result = check(repo, "--format", "github")
    assert result.returncode == 1
    line = next(l for l in result.stdout.splitlines() if "version.yml" in l)
    assert line.startswith("::error file=policy_versions/2027-01-15/version.yml,line=1,title=")
    assert "::公表日（announced: 2026-11-20）が過去の日付です。" in line
    assert "%0Aannounced: 2026-11-20 is in the past" in line
    assert result.stdout.splitlines()[-1].startswith("エラー 1 件、警告 ")


# ---------------------------------------------------------------------------------------------
# Preview days, webhook catch-up


def test_preview_days_are_today_and_each_new_day(repo):
    new_version(repo, "2027-01-15", version_yml="announced: 2026-12-01\n" + SUMMARY)
    days = policy(repo, "preview-days", "--base", "main", POLICY_TODAY=TODAY)
    assert days.stdout.split() == ["2026-11-25", "2026-12-01", "2027-01-15"]


def test_notify_catches_up_on_a_missed_day_once(repo, tmp_path, webhook):
    new_version(repo, "2027-01-15", version_yml="announced: 2026-12-01\n" + SUMMARY)
    new_version(repo, "2027-02-20", version_yml="announced: 2026-12-03\n" + SUMMARY)
    sent = tmp_path / "sent.txt"
    # the runs of 2026-12-01 and 2026-12-02 failed: the run of 2026-12-04 posts both, oldest first
    first = policy(repo, "notify", "--sent", str(sent), POLICY_TODAY="2026-12-04", POLICY_WEBHOOK_URL=webhook.url, POLICY_WEBHOOK_SECRET=webhook.secret)
    assert first.stdout.strip() == "posted 2 announcement(s): 2027-01-15, 2027-02-20", first.stderr
    again = policy(repo, "notify", "--sent", str(sent), POLICY_TODAY="2026-12-04", POLICY_WEBHOOK_URL=webhook.url, POLICY_WEBHOOK_SECRET=webhook.secret,
                   POLICY_LANG="ja")
    assert again.stdout.strip() == "お知らせを 0 件送信しました"
    assert [p["version"] for p in webhook.received] == ["2027-01-15", "2027-02-20"]
    assert sent.read_text(encoding="utf-8").split() == ["2027-01-15", "2027-02-20"]


def test_notify_refuses_a_webhook_that_is_not_https(repo):
    result = policy(repo, "notify", POLICY_WEBHOOK_URL="ftp://example.org/x", POLICY_LANG="ja")
    assert result.returncode == 1
    assert "POLICY_WEBHOOK_URL が https の URL ではありません：'ftp://example.org/x'" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------------------------------------
# The project is self-contained, and its tests do not depend on the live content


def test_nothing_reads_outside_the_repository():
    tracked = subprocess.run(["git", "grep", "-n", "-E", r"\.\./shared|parent / \"shared\"|parents\[2\]", "--",
                              ".", ":!*.md"], cwd=ROOT, capture_output=True, text=True)
    assert tracked.stdout == ""


def test_the_fixture_is_a_frozen_copy_not_the_live_content():
    assert (FIXTURE / "policy_versions" / "2026-11-24" / "ja.md").is_file()
    uses_live = subprocess.run(["git", "grep", "-n", "-E", r'ROOT / "(policy_versions|contact\.yml|glossary\.yml)"',
                                "--", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert uses_live.stdout == ""


# ---------------------------------------------------------------------------------------------
# The second versioned document (policy.yml `documents:`) in the comment


def test_a_new_version_of_the_second_document_is_in_the_comment_in_both_languages(terms_repo):
    new_terms_version(terms_repo)
    commit(terms_repo, "Revise the terms")
    assert check(terms_repo, "--base", "main").returncode == 0
    summary = policy(terms_repo, "diff", "--base", "main", "--format", "markdown", POLICY_TODAY=TODAY)
    assert summary.returncode == 0, summary.stderr
    text = summary.stdout
    # the privacy policy's part says it has no new version; the terms' part follows, under its name
    assert "追加または変更された版はありません。 / No policy version is added or changed." in text
    terms = text.split("## 利用規約：このプルリクエストで公開される内容 / Terms of Use: what this pull request publishes\n")[1]
    assert "### 2027-01-15: 新しい版 / new version" in terms
    assert "公表日：2026年12月1日　施行日：2027年1月15日 / Public from December 1, 2026; effective January 15, 2027." in terms
    assert "「【サンプル】利用規約改定のお知らせ」 / “[Sample] Notice of revision of the Terms of Use”" in terms
    assert "purposes of use" not in terms and "利用目的" not in terms
    # its notice, as the site will publish it, in both languages, linking to the terms' own pages
    assert "このたび、当社は、利用規約を下記のとおり改定いたしますので、お知らせいたします。" in terms
    assert "We hereby give notice that we will revise our Terms of Use as set out below." in terms
    assert "禁止事項を追加しました" in terms and "Added a prohibited act" in terms
    assert "(/terms/versions/2027-01-15/)" in terms and "(/en/terms/compare/2026-06-01/2027-01-15/)" in terms
    # its comparison with the version before it, per language
    assert "<summary>日本語: 2026-06-01 → 2027-01-15</summary>" in terms
    assert "<summary>English: 2026-06-01 → 2027-01-15</summary>" in terms
    assert "運営を妨げる行為" in terms and "interfere with the operation" in terms
    assert "### 2026-06-01" not in terms  # the published versions it does not touch are not listed


def test_an_edit_of_a_published_version_of_the_second_document_is_shown_as_one(terms_repo):
    page = terms_repo / "terms_versions/2026-06-01/ja.md"
    page.write_text(page.read_text(encoding="utf-8").replace("一切の関係", "すべての関係"), encoding="utf-8")
    commit(terms_repo, "Edit the published terms")
    text = policy(terms_repo, "diff", "--base", "main", POLICY_TODAY=TODAY).stdout
    terms = text.split("## 利用規約：このプルリクエストで公開される内容 / Terms of Use: what this pull request publishes\n")[1]
    assert "### 2026-06-01: **公開済みの版の変更（エラー） / changed published version (an error)**" in terms
    clean = policy(terms_repo, "diff", "--base", "HEAD", POLICY_TODAY=TODAY).stdout
    assert "利用規約：" not in clean  # a document the pull request does not touch has no part


def test_preview_days_include_the_second_documents_new_days(terms_repo):
    new_terms_version(terms_repo, "2027-02-01", announced="2026-12-10")
    days = policy(terms_repo, "preview-days", "--base", "main", POLICY_TODAY=TODAY)
    assert days.returncode == 0, days.stderr
    assert days.stdout.split() == ["2026-11-25", "2026-12-10", "2027-02-01"]
