"""Legal edits through pull requests, on real temporary git repositories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema

from conftest import commit, load_schema, new_version, policy, replace_once

TODAY = "2026-11-25"
V = "policy_versions/2026-11-24"


def check(root: Path, *args: str, **env: str):
    return policy(root, "check", *args, **{"POLICY_TODAY": TODAY, **env})


def test_a_clean_repository_passes(repo):
    result = check(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout
    assert "note:" not in result.stderr  # compared with main


def test_editing_a_published_version_fails_naming_the_file(repo):
    path = repo / V / "en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("deceit", "deception"), encoding="utf-8")
    commit(repo, "Edit the published text")
    result = check(repo, "--base", "main")
    assert result.returncode == 1
    assert f"{V}/en.md: error: published version changed: versions on main (" in result.stdout


def test_uncommitted_edits_count_too(repo):
    (repo / V / "version.yml").write_text("summary: {ja: 初版, en: First}\n", encoding="utf-8")
    result = check(repo)
    assert result.returncode == 1
    assert f"{V}/version.yml: error: file added to a published version" in result.stdout


def test_deleting_a_published_version_fails_naming_the_file(repo):
    (repo / "policy_versions" / "2026-12-30").mkdir()
    for name in ("ja.md", "en.md"):
        shutil.move(repo / V / name, repo / "policy_versions" / "2026-12-30" / name)
    commit(repo, "Move the version")
    result = check(repo)
    assert result.returncode == 1
    assert f"{V}/ja.md: error: published version deleted" in result.stdout
    assert f"{V}/en.md: error: published version deleted" in result.stdout


def test_policy_new_makes_a_version_that_passes(repo):
    created = policy(repo, "new", "--effective", "2027-01-15", cwd=repo / "policy_versions", POLICY_TODAY=TODAY)
    assert created.returncode == 0, created.stderr
    assert "Created policy_versions/2027-01-15/ (ja.md, en.md, version.yml)" in created.stdout
    # announced is preset to the last day that keeps the 30-day notice period, and it says so
    assert ("`announced: 2026-12-16` keeps the 30-day notice period before 2027-01-15: merge the pull "
            "request on or before that day") in created.stdout
    folder = repo / "policy_versions" / "2027-01-15"
    assert (folder / "ja.md").read_bytes() == (repo / V / "ja.md").read_bytes()
    skeleton = (folder / "version.yml").read_text(encoding="utf-8")
    assert "announced: 2026-12-16" in skeleton and "on or before 2026-12-16" in skeleton
    assert "（2026-12-16以前）" in skeleton and "summary（改定の概要）" in skeleton
    result = check(repo)
    assert result.returncode == 0, result.stdout
    assert ("policy_versions/2027-01-15/version.yml:17: warning: summary (ja) is still the skeleton's TODO: "
            "describe the revision (it is public from 2026-12-16)") in result.stdout
    statuses = {v["id"]: v["status"] for v in json.loads(policy(repo, "manifest", POLICY_TODAY=TODAY).stdout)["versions"]}
    assert statuses == {"2026-11-24": "current"}  # not public before its announcement
    on_the_day = check(repo, POLICY_TODAY="2026-12-16")
    assert on_the_day.returncode == 1  # the TODO would reach the public pages that day
    assert "version.yml:17: error: summary (ja) is still the skeleton's TODO" in on_the_day.stdout
    again = policy(repo, "new", "--effective", "2026-11-01", POLICY_TODAY=TODAY)
    assert again.returncode == 1 and "must take effect after the latest one (2027-01-15)" in again.stderr
    soon = policy(repo, "new", "--effective", "2027-01-20", POLICY_TODAY="2027-01-10", POLICY_LANG="ja")
    assert soon.returncode == 0
    assert "announced: 2027-01-10（公表日）から施行日 2027-01-20 までが30日に満たないため" in soon.stdout
    default = policy(repo, "new", POLICY_TODAY="2027-02-01")
    assert "Created policy_versions/2027-03-17/" in default.stdout  # 14 days of review + 30 of notice
    assert "`announced: 2027-02-15` keeps the 30-day notice period" in default.stdout


def test_a_list_item_in_one_language_only(repo):
    new_version(repo, en_edit=lambda t: replace_once(t, "- to bill for service usage fees;\n",
                                                      "- to bill for service usage fees;\n- to run surveys;\n"),
                 version_yml="announced: 2026-11-25\n")
    result = check(repo)
    assert result.returncode == 1
    assert ("policy_versions/2027-01-15/en.md:13: error: section 'purposes-of-use' has 7 list items here "
            "but 6 in ja.md (line 13)") in result.stdout
    assert "the purposes of use change in en.md but not in ja.md" in result.stdout


def test_a_term_without_its_statutory_japanese(repo):
    new_version(repo, ja_edit=lambda t: replace_once(t, "学術研究機関等から", "研究機関から"))
    result = check(repo)
    assert result.returncode == 1
    assert ("error: section 'restrictions-on-use': the English uses 'academic research institutions', "
            "but the Japanese does not use its statutory term 学術研究機関等") in result.stdout


def test_dates_and_notice_period(repo):
    new_version(repo,
                 ja_edit=lambda t: replace_once(t, "- サービスの利用料金を請求するため\n", "- 調査を行うため\n"),
                 en_edit=lambda t: replace_once(t, "- to bill for service usage fees;\n", "- to run surveys;\n"),
                 version_yml="summary: {ja: 改定, en: Revised}\nannounced: 2026-12-31\n")
    result = check(repo)
    assert result.returncode == 1
    assert ("policy_versions/2027-01-15/version.yml:2: error: the purposes of use change, so this version must "
            "be announced at least 30 days before it takes effect on 2027-01-15: announced 15 days before, "
            "15 days short") in result.stdout
    (repo / "policy_versions" / "2027-01-15" / "version.yml").write_text("announced: 2027-02-01\n", encoding="utf-8")
    late = check(repo)
    assert "version.yml:1: error: announced (2027-02-01) is after the effective date (2027-01-15)" in late.stdout


def test_art_32_matters_are_warnings_with_the_article(repo):
    result = check(repo)
    # issue 19: the matters are records of retained-data.yml, named at their lines there
    assert "retained-data.yml:9: warning: the name of the representative (APPI Art. 32(1)(i)) is not given" in result.stdout
    assert ("retained-data.yml:18: warning: the security control measures taken for retained personal data"
            in result.stdout)
    assert "retained-data.yml:20: warning: where to file complaints" in result.stdout


def test_pull_request_summary(repo):
    new_version(repo,
                 ja_edit=lambda t: replace_once(t, "- サービスの利用料金を請求するため\n", "- サービスの利用料金を請求し、支払を確認するため\n"),
                 en_edit=lambda t: replace_once(t, "- to bill for service usage fees;\n", "- to bill for service usage fees and confirm payment;\n"),
                 version_yml="summary: {ja: 料金の目的を改めました, en: Reworded billing}\nannounced: 2026-12-01\n"
                             "purposes_basis: related\n")
    commit(repo, "Revise the purposes")
    summary = policy(repo, "diff", "--base", "main", POLICY_TODAY=TODAY)
    assert summary.returncode == 0, summary.stderr
    text = summary.stdout
    assert text.startswith("<!-- policy-pull-request-summary -->\n")
    assert "### 2027-01-15: 新しい版 / new version" in text
    assert "公表日：2026年12月1日　施行日：2027年1月15日 / Public from December 1, 2026; effective January 15, 2027." in text
    assert "この改定は個人情報の利用目的を変更します。 / this revision changes the purposes of use." in text
    assert ("「【重要】プライバシーポリシーの改定（個人情報の利用目的の変更）に関するお知らせ」 / “[Important] Notice of "
            "revision of the Privacy Policy (change to the purposes of use of personal information)”") in text
    assert ("利用目的の変更の根拠：変更前の利用目的と関連性を有すると合理的に認められる範囲内の変更（個人情報保護法第17条第2項）"
            "（`purposes_basis: related`） / Basis for the change of purposes: a change within the scope reasonably "
            "considered relevant to the purposes of use before the change (APPI Art. 17(2)) (`purposes_basis: related`)") in text
    assert "<summary>日本語: 2026-11-24 → 2027-01-15</summary>" in text
    assert "<ins><span class=\"visually-hidden\">［追加］</span>" in text and "支払を確認" in text
    assert "{#" not in text and "{{ contact }}" not in text  # Markdown GitHub renders, placeholders filled
    # problems found by policy check are part of the comment, in both languages
    assert "### 検査結果 / Check" in text
    assert "⚠️ `retained-data.yml:9`: " in text  # the Art. 32 matters (issue 19)
    # links are absolute where the site's address is known
    linked = policy(repo, "diff", "--base", "main", "--site-url", "https://example.org/policy/", POLICY_TODAY=TODAY)
    assert "(https://example.org/policy/versions/2027-01-15/)" in linked.stdout
    assert "(https://example.org/policy/en/versions/2027-01-15/)" in linked.stdout
    assert "](/" not in linked.stdout
    clean = policy(repo, "diff", "--base", "HEAD", POLICY_TODAY=TODAY)
    assert "追加または変更された版はありません。 / No policy version is added or changed." in clean.stdout


def test_unknown_base_is_a_clear_error(repo):
    result = check(repo, "--base", "origin/nowhere")
    assert result.returncode == 1
    assert "base 'origin/nowhere' is not a known commit or branch (in CI, check out with fetch-depth: 0)" in result.stdout


def test_webhook_posts_each_announcement_of_its_day_once(repo, tmp_path, webhook):
    new_version(repo, version_yml="summary: {ja: 改定, en: Revised}\nannounced: 2026-12-01\n")
    sent = tmp_path / "sent.txt"
    before = policy(repo, "notify", "--sent", str(sent), POLICY_TODAY="2026-11-30", POLICY_WEBHOOK_URL=webhook.url, POLICY_WEBHOOK_SECRET=webhook.secret)
    assert before.stdout.strip() == "posted 0 announcement(s)"
    first = policy(repo, "notify", "--sent", str(sent), POLICY_TODAY="2026-12-01", POLICY_WEBHOOK_URL=webhook.url, POLICY_WEBHOOK_SECRET=webhook.secret)
    assert first.stdout.strip() == "posted 1 announcement(s): 2027-01-15", first.stderr
    rerun = policy(repo, "notify", "--sent", str(sent), POLICY_TODAY="2026-12-01", POLICY_WEBHOOK_URL=webhook.url, POLICY_WEBHOOK_SECRET=webhook.secret)
    assert rerun.stdout.strip() == "posted 0 announcement(s)"
    (payload,) = webhook.received
    jsonschema.validate(payload, load_schema("announce.schema.json"))
    assert (payload["version"], payload["announced"], payload["purposes_changed"]) == ("2027-01-15", "2026-12-01", False)
    quiet = policy(repo, "notify", POLICY_TODAY="2026-12-01", POLICY_WEBHOOK_URL="")
    assert quiet.returncode == 0 and "no webhook configured" in quiet.stderr
