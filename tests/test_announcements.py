"""Announcements of revisions: detection of changed purposes, the notices, the day they appear."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import jsonschema
import pytest

from conftest import (build, build_ok, copy_project, heading, load_schema, policy, real_text,
                      replace_once, text_of, write_version)
from policy_engine.document import parse_document
from policy_engine.purposes import detect, read_purposes

INTRO = "The Company shall use Personal Information pertaining to a client for the following purposes:\n\n"


def purposes_doc(items: str, intro: str = INTRO):
    text = f"---\ntitle: T\n---\n## 2. H {{#handling}}\n\n### (1) Purposes {{#purposes-of-use}}\n\n{intro}{items}\n## 4. I {{#inquiries}}\n"
    return parse_document(text, Path("en.md"), "en")


BASE = "- to provide the Company's services;\n- to bill for service usage fees;\n- to help improve the Company's services, develop new services, etc.\n"


def test_purposes_are_plain_text():
    _, items = read_purposes(purposes_doc("- to **provide** the [Company's](https://example.com) services; and\n"
                                          "- to help improve the Company's services,\n  develop new services, etc.\n"))
    assert items == ["to provide the Company's services", "to help improve the Company's services, develop new services, etc."]


@pytest.mark.parametrize("new", [
    "* to provide the Company's services;\n* to bill for service usage fees;\n* to help improve the Company's services, develop new services, etc.\n",
    "1. to provide the Company's services;\n2. to bill for service\n   usage fees; and\n3. to help improve the Company's services, develop new services, etc.\n",
])
def test_marker_style_and_wrapping_are_no_change(new):
    changes = detect(purposes_doc(BASE), purposes_doc(new))
    assert not changes.purposes_changed and not changes.reordered


def test_added_removed_reworded_and_reordered():
    new = ("- to help improve the Company's services, develop new services, etc.;\n"
           "- to bill for service usage fees and confirm payment;\n"
           "- to send newsletters.\n")
    changes = detect(purposes_doc(BASE), purposes_doc(new))
    assert changes.added == ["to send newsletters"]
    assert changes.removed == ["to provide the Company's services"]
    assert changes.changed == [("to bill for service usage fees", "to bill for service usage fees and confirm payment")]
    assert changes.reordered and changes.purposes_changed


def test_reordering_alone_is_not_a_change_of_purposes():
    reordered = "".join(reversed(BASE.splitlines(keepends=True)))
    changes = detect(purposes_doc(BASE), purposes_doc(reordered))
    assert changes.reordered and not changes.purposes_changed


def test_changing_whose_information_is_used_is_a_change():
    changes = detect(purposes_doc(BASE), purposes_doc(BASE, INTRO.replace("a client", "a client or a patient")))
    assert changes.changed[0][1].endswith("pertaining to a client or a patient for the following purposes:")


def _project_with(tmp_path, ja: str, en: str, version_yml: str | None) -> Path:
    root = copy_project(tmp_path / "repo")
    write_version(root / "policy_versions", "2027-01-10", ja, en, version_yml)
    return root


def test_languages_out_of_step_is_an_error_naming_both_files(tmp_path):
    en = replace_once(real_text("en"), "- to bill for service usage fees;\n", "- to bill for service usage fees;\n- to send newsletters;\n")
    root = _project_with(tmp_path, real_text("ja"), en, "announced: 2026-11-25\n")
    built = build(root, today="2026-11-25")
    assert built.result.returncode != 0
    assert ("policy_versions/2027-01-10/en.md:13: error: the purposes of use change in en.md but not in "
            "ja.md (line 13): the languages must agree") in built.output


def test_notice_too_short_says_by_how_much(tmp_path):
    ja = replace_once(real_text("ja"), "- サービスの利用料金を請求するため\n", "- サービスの利用料金を請求するため\n- ニュースレターを送付するため\n")
    en = replace_once(real_text("en"), "- to bill for service usage fees;\n", "- to bill for service usage fees;\n- to send newsletters;\n")
    root = _project_with(tmp_path, ja, en, "summary: {ja: 追加, en: Added}\nannounced: 2026-12-20\n")
    built = build(root, today="2026-11-25")
    assert built.result.returncode != 0
    assert ("policy_versions/2027-01-10/version.yml:2: error: the purposes of use change, so this version must be "
            "announced at least 30 days before it takes effect on 2027-01-10: announced 21 days before, 9 days short "
            "(announce on or before 2026-12-11") in built.output
    (root / "policy.yml").write_text("versions_dir: policy_versions\nnotice_period_days: 21\n", encoding="utf-8")
    assert policy(root, "check", POLICY_TODAY="2026-11-25").returncode == 0


def test_a_wording_change_needs_no_notice_period(tmp_path):
    en = replace_once(real_text("en"), "said information through deceit", "said information through deception")
    root = _project_with(tmp_path, real_text("ja"), en, None)
    assert policy(root, "check", POLICY_TODAY="2026-11-25").returncode == 0


def entries(built, lang: str):
    feed = feedparser.parse((built.site / "feeds" / f"{lang}.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_on_2026_02_19_the_coming_version_appears_nowhere(sample_project):
    built = build_ok(sample_project, today="2026-02-19")
    assert [v["id"] for v in built.manifest()["versions"]] == ["2025-04-01", "2025-10-01"]
    assert not (built.site / "announcements" / "2026-04-01").exists()
    for path in built.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json"}:
            text = path.read_text(encoding="utf-8")
            assert "2026-04-01" not in text and "統計データを作成" not in text, path
    assert [e.title for e in entries(built, "ja").entries] == ["【サンプル】プライバシーポリシー改定のお知らせ"]
    assert built.html("/").select_one(".admonition.warning") is None


def test_on_its_announcement_day_the_notice_is_everywhere(sample_project):
    built = build_ok(sample_project, today="2026-02-20")
    manifest = built.manifest()
    jsonschema.validate(manifest, load_schema("versions.schema.json"), format_checker=jsonschema.FormatChecker())
    entry = manifest["versions"][-1]
    assert (entry["id"], entry["status"], entry["purposes_changed"]) == ("2026-04-01", "upcoming", True)
    assert entry["announcement"] == {"ja": "/announcements/2026-04-01/", "en": "/en/announcements/2026-04-01/"}
    assert manifest["feeds"] == {"ja": "/feeds/ja.xml", "en": "/feeds/en.xml"}
    assert [v["purposes_changed"] for v in manifest["versions"]] == [None, False, True]

    notice = built.html("/").select_one(".admonition.warning")
    assert text_of(notice.select_one(".admonition-title")) == "【サンプル】個人情報の利用目的の変更に関するお知らせ"
    assert "2026年4月1日にプライバシーポリシーを改定し、個人情報の利用目的を変更します" in text_of(notice)
    assert notice.find("a", href="announcements/2026-04-01/")
    en_notice = built.html("/en/").select_one(".admonition.warning")
    assert "will be revised on April 1, 2026, changing the purposes of use" in text_of(en_notice)

    page = built.html("/announcements/2026-04-01/")
    assert heading(page.h1) == "【サンプル】個人情報の利用目的の変更に関するお知らせ"
    body = text_of(page.select_one("article"))
    assert "公表日：2026年2月20日／施行日：2026年4月1日" in body
    assert ("このたび、当社は、プライバシーポリシーを下記のとおり改定いたしますので、お知らせいたします。"
            "改定後のプライバシーポリシーは、2026年4月1日から施行いたします。"
            "本改定により個人情報の利用目的を変更いたしますので、変更後の利用目的を下記のとおり公表いたします。") in body
    assert "【サンプル】利用目的に利用状況の分析" in body
    added = page.find(id="追加された利用目的") or page.find(string="追加された利用目的").find_parent()
    assert "当社のサービスの利用状況を分析し、統計データを作成するため" in text_of(added.find_next("ul"))
    assert [text_of(td) for td in page.select("article table:not(.policy-comparison) td")] == [
        "サービスの利用料金を請求するため", "サービスの利用料金を請求し、お支払いの状況を確認するため"]
    assert page.select_one("table.policy-comparison")
    assert "〒810-0042" in text_of(page.select_one("article address"))
    links = {a["href"] for a in page.select("article a")}
    assert "../../versions/2026-04-01/" in links and "../../compare/2025-10-01/2026-04-01/" in links

    en = built.html("/en/announcements/2026-04-01/")
    assert heading(en.h1) == "[Sample] Notice of changes to the purposes of use of personal information"
    assert "Announced: February 20, 2026 / Effective: April 1, 2026" in text_of(en.select_one("article"))
    listing = [text_of(li) for li in built.html("/en/announcements/").select("article li")]
    assert listing[0].startswith("February 20, 2026: [Sample] Notice of changes to the purposes of use of personal information")
    assert listing[1].startswith("October 1, 2025: [Sample] Notice of revision of the privacy policy")


def test_feeds_parse_newest_first_with_stable_ids_and_japan_time(sample_project, tmp_path):
    first = build_ok(sample_project, today="2026-12-01")
    second = build_ok(copy_project(tmp_path / "again", sample_project / "policy_versions"), today="2027-06-01")
    for lang in ("ja", "en"):
        now, later = entries(first, lang), entries(second, lang)
        assert [e.link.rsplit("/", 2)[-2] for e in now.entries] == ["2027-01-10", "2026-04-01", "2025-10-01"]
        assert [e.published for e in now.entries][0] == "2026-11-20T00:00:00+09:00"
        assert {e.link.rsplit("/", 2)[-2]: e.id for e in now.entries}.items() <= \
            {e.link.rsplit("/", 2)[-2]: e.id for e in later.entries}.items()
        assert "info@medmain.com" in now.entries[0].content[0].value
        assert now.feed.language == lang  # xml:lang on the feed
    alternate = first.html("/en/history/").find("link", rel="alternate", type="application/atom+xml")
    assert alternate["href"] == "/feeds/en.xml"
    assert first.html("/").find("link", rel="alternate", type="application/atom+xml")["href"] == "/feeds/ja.xml"


def test_policy_in_effect_has_no_notice_once_the_version_applies(sample_project):
    built = build_ok(sample_project, today="2026-04-01")
    assert built.html("/").select_one(".admonition.warning") is None
    assert "2026年4月1日施行" in text_of(built.html("/").select_one(".policy-meta"))


def test_policy_announce_formats(sample_project):
    result = policy(sample_project, "announce", "2027-01-10", "--format", "json")
    data = json.loads(result.stdout)
    jsonschema.validate(data, load_schema("announce.schema.json"), format_checker=jsonschema.FormatChecker())
    assert data["purposes"]["en"]["removed"] == ["to notify clients of changes to the Terms relating to the Company's services"]
    markdown = policy(sample_project, "announce", "2027-01-10", SITE_URL="https://policy.example/").stdout
    assert markdown.startswith("# 【サンプル】個人情報の利用目的の変更に関するお知らせ")
    assert "# [Sample] Notice of changes to the purposes of use of personal information" in markdown
    assert "(https://policy.example/en/versions/2027-01-10/)" in markdown
    text = policy(sample_project, "announce", "2025-10-01", "--format", "text", "--lang", "en").stdout
    assert text.startswith("[Sample] Notice of revision of the privacy policy\n")
    assert "This revision does not change the purposes of use of personal information." in text
    first = policy(sample_project, "announce", "2025-04-01")
    assert first.returncode == 1 and "the first version has no announcement" in first.stderr
